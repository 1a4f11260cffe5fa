"""The trainer's quiz blueprint and what its pages share: authors only, display helpers, loading by id."""

from typing import Any

from flask import Blueprint
from sqlalchemy.orm import selectinload

from courses.models import Course
from lms.errors import NotFound
from lms.extensions import db
from lms.permissions import can_author
from lms.web import guard_blueprint
from quizzes import types as question_types
from quizzes.display import (
    DIFFICULTY_LABELS,
    QUESTION_KIND_LABELS,
    QUIZ_KIND_LABELS,
    index_text,
    percent_text,
    plain_text,
)
from quizzes.models import QuestionBank, Quiz
from quizzes.taxonomy import LEVEL_LABELS, POOL_LABELS

bp = Blueprint("quiz_admin", __name__, url_prefix="/manage/quizzes")
guard_blueprint(bp, can_author)
# App-wide, not only on these pages: attempts, reviews and the placement check render their questions with
# templates/quizzes/_question.html too, whose macros ask the registry for each question's type.
bp.add_app_template_global(question_types.get, "question_type")

PER_PAGE = 50


@bp.context_processor
def _display_helpers() -> dict[str, Any]:
    return {
        "percent_text": percent_text,
        "index_text": index_text,
        "plain_text": plain_text,
        "question_kind_labels": QUESTION_KIND_LABELS,
        "quiz_kind_labels": QUIZ_KIND_LABELS,
        "difficulty_labels": DIFFICULTY_LABELS,
        "level_labels": LEVEL_LABELS,
        "pool_labels": POOL_LABELS,
    }


def load_bank(bank_id: int) -> QuestionBank:
    bank = db.session.get(QuestionBank, bank_id)
    if bank is None:
        raise NotFound("Không tìm thấy ngân hàng câu hỏi.")
    return bank


def load_course(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None:
        raise NotFound("Không tìm thấy khóa học.")
    return course


def load_quiz(quiz_id: int) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id, options=[selectinload(Quiz.draws)])
    if quiz is None:
        raise NotFound("Không tìm thấy bài kiểm tra.")
    return quiz
