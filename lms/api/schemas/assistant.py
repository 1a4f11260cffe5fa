"""Shapes of the learning assistant."""

from pydantic import Field

from lms.api.schemas.common import Body, Out
from lms.assistant.services import MAX_QUESTION, ModelStatus, Reason


class Ask(Body):
    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION,
        pattern=r"\S",
        description="Câu hỏi tiếng Việt, có dấu hoặc không dấu.",
    )


class Passage(Out):
    lesson_id: int
    lesson_title: str
    course_id: int
    course_title: str
    heading: str = Field(description="Mục (tiêu đề “##”) của bài chứa đoạn trích.")
    excerpt: str
    url: str = Field(description="Đường dẫn tới trang bài học.")
    score: float = Field(description="Điểm liên quan BM25 (càng lớn càng sát).")


class Reply(Out):
    question: str
    answer: str | None = Field(
        description="Câu trả lời ngắn do mô hình ngôn ngữ soạn (khi được cấu hình), trích nguồn dạng [1], [2] "
        "— [n] là phần tử thứ n của passages. null khi không có mô hình hoặc mô hình lỗi."
    )
    refused: bool = Field(description="true khi trợ lý từ chối vì người hỏi đang làm bài kiểm tra.")
    reason: Reason | None = Field(
        description="final_in_progress: đang làm bài kiểm tra cuối khóa; quiz_question: câu hỏi trùng bài "
        "luyện tập đang làm; no_answer: nội dung khóa học chưa có câu trả lời."
    )
    message: str | None = Field(description="Lời giải thích tiếng Việt cho người học.")
    model: ModelStatus
    cited: list[int] = Field(description="Các số [n] câu trả lời trích.")
    passages: list[Passage]
