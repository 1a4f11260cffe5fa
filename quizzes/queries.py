"""Read-only queries for the learner's quiz pages."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizzes.models import Attempt, AttemptState, Quiz


@dataclass(frozen=True)
class QuizItem:
    id: int
    title: str
    kind: str
    module_id: int | None
    best_percent: Decimal | None
    passed: bool


def list_course_quizzes(session: Session, course_id: int, user_id: int) -> dict[int | None, list[QuizItem]]:
    """A course's quizzes by module (None: course level) with my best result — two queries."""
    quizzes = session.scalars(select(Quiz).where(Quiz.course_id == course_id).order_by(Quiz.kind.desc(), Quiz.id)).all()
    best = {
        quiz_id: (percent, bool(passed))
        for quiz_id, percent, passed in session.execute(
            select(Attempt.quiz_id, func.max(Attempt.percent), func.count(Attempt.id).filter(Attempt.passed.is_(True)))
            .where(
                Attempt.user_id == user_id,
                Attempt.state == AttemptState.SUBMITTED,
                Attempt.quiz_id.in_([q.id for q in quizzes]),
            )
            .group_by(Attempt.quiz_id)
        )
    }
    grouped: dict[int | None, list[QuizItem]] = {}
    for quiz in quizzes:
        percent, passed = best.get(quiz.id, (None, False))
        grouped.setdefault(quiz.module_id, []).append(
            QuizItem(quiz.id, quiz.title, quiz.kind, quiz.module_id, percent, passed)
        )
    return grouped


def list_my_attempts(session: Session, quiz_id: int, user_id: int) -> list[Attempt]:
    return list(
        session.scalars(
            select(Attempt).where(Attempt.quiz_id == quiz_id, Attempt.user_id == user_id).order_by(Attempt.number)
        )
    )
