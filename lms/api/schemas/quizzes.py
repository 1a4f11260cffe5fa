"""Shapes of quiz creation, question import and attempts (start or resume, save an answer, submit).

`Answer` is the body of an answer save on both doors: the API (`PUT /api/v1/attempts/…/answers/…`) and the
quiz page's autosave (`POST /quizzes/attempts/…/answers/…`), so the same bad body gets the same answer from
each: 400 when it is not a JSON object of the documented shape (option_ids not a list of integers, text not a
string, neither field given), 413 when the text is too long.
"""

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from lms.api.schemas.common import (
    MAX_AREA_CODE,
    MAX_COMPETENCY_CODE,
    WHOLE,
    Body,
    Error,
    Form,
    Id,
    Out,
    Query,
    Timestamp,
    Upload,
)
from quizzes.bank import FORMATS
from quizzes.building import (
    MAX_ATTEMPTS,
    MAX_DRAW,
    MAX_PASS_PERCENT,
    MAX_QUIZ_TITLE,
    MAX_TIME_LIMIT_S,
    MIN_TIME_LIMIT_S,
)
from quizzes.forms import MAX_BANK_NAME
from quizzes.lint import ERROR, WARNING
from quizzes.models import QuestionKind, QuizKind, ReviewPolicy
from quizzes.services import MAX_TEXT_ANSWER
from quizzes.taxonomy import Pool

# --- creating a quiz ------------------------------------------------------------------------------


class DrawRule(Body):
    area: str = Field(min_length=1, max_length=MAX_AREA_CODE, description="Mã lĩnh vực, ví dụ AT")
    competency: str | None = Field(
        None, max_length=MAX_COMPETENCY_CODE, description="Chỉ rút câu của năng lực này (ví dụ AT.2)"
    )
    count: Annotated[int, Field(ge=1, le=MAX_DRAW), WHOLE] = Field(
        description="Số câu rút (phải có đủ câu trong nhóm câu hỏi của bài)"
    )


class NewQuiz(Body):
    """Fixed `questions` or a random `draw` per area: exactly one of the two."""

    title: str = Field(min_length=1, max_length=MAX_QUIZ_TITLE)
    course_id: Id
    module_id: Id | None = Field(None, description="Học phần chứa bài (bỏ trống: bài của cả khóa)")
    kind: QuizKind = QuizKind.MODULE
    pass_percent: Annotated[int, Field(ge=0, le=MAX_PASS_PERCENT), WHOLE] = Field(70, description="Điểm đạt (%)")
    time_limit_s: Annotated[int, Field(ge=MIN_TIME_LIMIT_S, le=MAX_TIME_LIMIT_S), WHOLE] | None = Field(
        None, description="Thời gian làm bài (giây); null: không giới hạn"
    )
    max_attempts: Annotated[int, Field(ge=1, le=MAX_ATTEMPTS), WHOLE] | None = Field(
        None, description="Số lần được làm; null: không giới hạn"
    )
    shuffle: bool = Field(True, description="Xáo trộn thứ tự câu hỏi và phương án")
    opens_at: AwareDatetime | None = Field(None, description="Mở từ (có múi giờ, ví dụ +07:00)")
    closes_at: AwareDatetime | None = Field(None, description="Đóng lúc (sau opens_at)")
    review_policy: ReviewPolicy = ReviewPolicy.FULL
    questions: list[Id] | None = Field(None, description="Mã các câu hỏi cố định")
    draw: list[DrawRule] | None = Field(None, description="Rút ngẫu nhiên theo lĩnh vực")


# --- importing questions --------------------------------------------------------------------------

#: A question file's format, or "" to detect it from the file's name and content.
ImportFormat = StrEnum("ImportFormat", [("AUTO", ""), *((name.upper(), name) for name in FORMATS)])  # type: ignore[misc]  # from FORMATS


class QuestionImportForm(Form):
    file: Upload = Field(description="Tệp GIFT, Aiken, CSV hoặc XLSX")
    bank: str = Field(min_length=1, max_length=MAX_BANK_NAME, description="Ngân hàng (tạo mới nếu chưa có)")
    format: ImportFormat = Field(ImportFormat(""), description="Bỏ trống: nhận biết theo tên và nội dung tệp")
    area: str = Field("", max_length=MAX_AREA_CODE, description="Gắn mọi câu vào lĩnh vực này")
    pool: Pool = Field(Pool.PRACTICE, description="Nhóm câu hỏi: luyện tập hoặc đánh giá cuối khóa")


class DryRunQuery(Query):
    dry_run: bool = Field(False, description="true: chỉ kiểm tra tệp, không ghi gì")


class LineError(Out):
    line: int
    message: str


class QuestionWarning(Out):
    question: str
    severity: Literal[ERROR, WARNING]  # type: ignore[valid-type]  # the linter's two severities
    code: str
    message: str


class QuestionImportOut(Out):
    imported: int
    skipped: int
    errors: list[LineError]
    question_ids: list[int]
    warnings: list[QuestionWarning] = Field(
        description="Nhận xét của bộ kiểm tra chất lượng câu hỏi (không chặn việc nhập)"
    )


class QuestionImportRefused(RootModel[QuestionImportOut | Error]):
    """422: the file's report (nothing was imported), or an error about the request (format, pool, bank)."""


# --- answers --------------------------------------------------------------------------------------


def _fits(text: str) -> str:
    if len(text) > MAX_TEXT_ANSWER:
        raise PydanticCustomError("payload_too_large", "Câu trả lời dài quá {max} ký tự.", {"max": MAX_TEXT_ANSWER})
    return text


#: A short-text answer. Too long is 413, as the quiz page has always answered.
AnswerText = Annotated[str, AfterValidator(_fits), WithJsonSchema({"type": "string", "maxLength": MAX_TEXT_ANSWER})]


class AnswerFields(BaseModel):
    # Fields the server owns (started_at, deadline, …) sent beside an answer are ignored, never stored.
    model_config = ConfigDict(strict=True, extra="ignore")

    option_ids: list[Id] | None = Field(None, description="Phương án chọn (câu một, nhiều lựa chọn, đúng/sai)")
    text: AnswerText | None = Field(None, description="Câu trả lời ngắn")

    def given(self) -> dict[str, Any]:
        """The fields sent, as the quiz services read an answer."""
        return self.model_dump(exclude_none=True)


class Answer(AnswerFields):
    """One answer: `option_ids` for a choice question or `text` for a short-text one."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["option_ids"]}, {"required": ["text"]}]})

    @model_validator(mode="after")
    def _one_given(self) -> "Answer":
        if self.option_ids is None and self.text is None:
            raise PydanticCustomError("answer_missing", "Cần trường “option_ids” (danh sách mã phương án) hoặc “text”.")
        return self


class SavedOut(Out):
    saved: bool
    question_id: int
    saved_at: Timestamp


class OptionAnswer(Out):
    option_ids: list[int]


class TextAnswer(Out):
    text: str


class PublicOption(Out):
    model_config = ConfigDict(extra="forbid")

    id: int
    text: str


class PublicQuestion(Out):
    """A question as a learner sees it before grading: never the key, weights or feedback."""

    model_config = ConfigDict(extra="forbid")

    id: int
    type: QuestionKind
    text: str = Field(description="Nội dung câu hỏi (HTML đã làm sạch)")
    options: list[PublicOption]


class AttemptOut(Out):
    attempt_id: int
    started_at: Timestamp
    deadline: Timestamp | None
    questions: list[PublicQuestion]
    answers: dict[str, OptionAnswer | TextAnswer] = Field(description="Mã câu hỏi → câu trả lời đã lưu")


class CertificateRef(Out):
    serial: str
    verify_url: str


class ResultOut(Out):
    score: float
    max_score: float
    percent: float
    passed: bool
    certificate: CertificateRef | None = Field(description="Giấy chứng nhận cấp nhờ lượt này, nếu có")
