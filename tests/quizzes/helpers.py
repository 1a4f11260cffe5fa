"""Build banks and quizzes for tests."""

from sqlalchemy.orm import Session

from courses.models import Course
from quizzes.bank import add_question, get_or_create_bank
from quizzes.building import QuizSettings, create_quiz
from quizzes.gift import parse_gift
from quizzes.models import Question, Quiz

GIFT = """
::Q-single:: Mật khẩu nào mạnh nhất? {
=Lai-Chau-xanh-2026 #Dài và trộn ký tự
~123456 #Quá dễ đoán
~matkhau #Quá phổ biến
}

::Q-multiple:: Chọn các việc nên làm {
~%50%Bật xác thực hai lớp #Đúng
~%50%Cập nhật phần mềm #Đúng
~%-100%Chia sẻ mật khẩu #Sai
}

::Q-tf:: Có thể đọc mã OTP cho người gọi tự xưng công an. {FALSE#Không bao giờ.#Chính xác.####OTP là bí mật.}

::Q-short:: Mã dùng một lần gửi qua tin nhắn gọi là gì? {=OTP =mật khẩu dùng một lần####Viết tắt của One-Time Password.}
"""


def make_questions(session: Session, area: str = "AT") -> list[Question]:
    bank = get_or_create_bank(session, "Ngân hàng thử", None)
    return [add_question(session, bank, parsed, area) for parsed in parse_gift(GIFT).questions]


def make_quiz(session: Session, course: Course, questions: list[Question], **settings: object) -> Quiz:
    defaults: dict[str, object] = {"title": "Bài kiểm tra thử", "pass_percent": 50, "shuffle_questions": False}
    return create_quiz(
        session, course, QuizSettings(**{**defaults, **settings}), question_ids=[q.id for q in questions]
    )


def option_id(question: dict, text: str) -> int:  # type: ignore[type-arg]
    return next(o["id"] for o in question["options"] if o["text"] == text)


def by_title(attempt) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    return {q["title"]: q for q in attempt.snapshot}
