"""How far a person is with the quizzes of their courses (for progress lines on home and course pages)."""

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizzes.models import Attempt, Quiz


def quiz_progress(session: Session, course_ids: Sequence[int], user_id: int) -> dict[int, tuple[int, int]]:
    """Per course: (quizzes the person passed, quizzes in the course) — two queries whatever the number of courses."""
    if not course_ids:
        return {}
    totals = dict(
        session.execute(
            select(Quiz.course_id, func.count(Quiz.id)).where(Quiz.course_id.in_(course_ids)).group_by(Quiz.course_id)
        ).all()
    )
    passed = dict(
        session.execute(
            select(Quiz.course_id, func.count(func.distinct(Attempt.quiz_id)))
            .join(Attempt, Attempt.quiz_id == Quiz.id)
            .where(Quiz.course_id.in_(course_ids), Attempt.user_id == user_id, Attempt.passed.is_(True))
            .group_by(Quiz.course_id)
        ).all()
    )
    return {course_id: (passed.get(course_id, 0), total) for course_id, total in totals.items()}
