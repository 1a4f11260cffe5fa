"""Shapes of my levels, the placement check and my path through a course."""

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

from lms.api.schemas.common import Body, Out, Timestamp
from lms.api.schemas.quizzes import AnswerFields, PublicQuestion
from lms.learning_path.models import EvidenceSource, Level, PlacementState
from lms.learning_path.services import RATINGS, check_rating


def _rating(value: Any) -> int:
    # The service's own check and message ("mức tự đánh giá", 422); JSON sends a number, never text.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return check_rating(value if isinstance(value, int) else None)


#: A self-rating: 1 Chưa biết, 2 Biết một chút, 3 Làm được, 4 Thành thạo.
Rating = Annotated[
    int,
    BeforeValidator(_rating),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": min(RATINGS),
            "maximum": max(RATINGS),
            "description": "1 Chưa biết, 2 Biết một chút, 3 Làm được, 4 Thành thạo",
        }
    ),
]


class AreaAnswer(AnswerFields):
    """An answer in the placement check; {} (or no entry) means "I don't know"."""


class AreaAnswers(Body):
    rating: Rating
    answers: dict[str, AreaAnswer] = Field(
        {}, description="Mã câu hỏi → câu trả lời; câu bỏ trống được hiểu là “chưa biết”"
    )


class Evidence(Out):
    level: Level | None
    level_label: str = Field(description="Cần học, Đang tiến bộ, Thành thạo hoặc Chưa đánh giá")
    source: EvidenceSource | None
    correct: float | None
    total: int | None
    percent: float | None
    rating: int | None = Field(ge=min(RATINGS), le=max(RATINGS))
    updated_at: Timestamp | None
    reason: str = Field(description="Lý do bằng tiếng Việt, ví dụ “Bạn trả lời đúng 2/2 câu …”")


class AreaLevel(Evidence):
    code: str
    name: str


class PlacementRef(Out):
    placement_id: int
    state: PlacementState


class LevelsOut(Out):
    areas: list[AreaLevel]
    placement: PlacementRef | None


class PlacementArea(Out):
    code: str
    name: str
    rating: int | None = Field(ge=min(RATINGS), le=max(RATINGS))
    done: bool
    questions: list[PublicQuestion] = Field(description="Các câu còn phải trả lời của lĩnh vực (không có đáp án)")


class AreaResult(Out):
    correct: int
    total: int
    rating: int
    level: Level


class PlacementOut(Out):
    placement_id: int
    state: PlacementState
    started_at: Timestamp
    finished_at: Timestamp | None
    current_area: str | None = Field(description="Lĩnh vực cần làm tiếp (null khi đã xong)")
    areas: list[PlacementArea]
    results: dict[str, AreaResult] | None


class PathModule(Evidence):
    id: int
    title: str
    area: str | None
    skim: bool = Field(description="Có thể đọc lướt")
    advice: str


class PathOut(Out):
    course_id: int
    has_levels: bool
    placement_state: PlacementState | None
    next_lesson_id: int | None
    modules: list[PathModule] = Field(description="Theo thứ tự của lộ trình")
