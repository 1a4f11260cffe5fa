"""What a learner's result page shows beyond the score: each question's mark, the areas by name, and the next step
(lessons to revisit for the areas missed, or the lessons still standing between a passed final and the certificate).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from courses.models import Area, Lesson, Module
from courses.queries import missing_lessons
from quizzes.models import Attempt, AttemptAnswer, Quiz, QuizKind

#: Below this share of an area's questions answered right, its lessons are offered again.
REVISIT_BELOW = 70.0


@dataclass
class ResultDetails:
    #: Question id → share of its credit earned (0–1); a question left blank has none.
    marks: dict[int, Decimal] = field(default_factory=dict)
    area_names: dict[str, str] = field(default_factory=dict)
    #: (area name, its lessons in course order) for each area answered below REVISIT_BELOW.
    revisit: list[tuple[str, list[Lesson]]] = field(default_factory=list)
    #: The required lessons not done yet, when the final was passed before them.
    missing: list[Lesson] = field(default_factory=list)


def mark(credit: Decimal | None) -> str:
    """ "right", "partial", "wrong" or "blank" for a question's earned share."""
    if credit is None:
        return "blank"
    if credit >= 1:
        return "right"
    return "partial" if credit > 0 else "wrong"


def result_details(session: Session, attempt: Attempt, quiz: Quiz) -> ResultDetails:
    """Everything the page needs, in at most four queries."""
    details = ResultDetails(
        marks=dict(
            session.execute(
                select(AttemptAnswer.question_id, AttemptAnswer.score).where(AttemptAnswer.attempt_id == attempt.id)
            ).all()
        ),
        area_names=dict(session.execute(select(Area.code, Area.name).order_by(Area.framework_id)).all()),
    )
    weak = [code for code, value in (attempt.area_scores or {}).items() if value < REVISIT_BELOW]
    if weak and not attempt.passed:
        lessons = session.execute(
            select(Module.area_code, Lesson)
            .join(Lesson, Lesson.module_id == Module.id)
            .where(
                Module.course_id == quiz.course_id,
                Module.area_code.in_(weak),
                Module.retired_at.is_(None),
                Lesson.retired_at.is_(None),
            )
            .order_by(Module.position, Lesson.position)
        ).all()
        by_area: dict[str, list[Lesson]] = {}
        for code, lesson in lessons:
            by_area.setdefault(code, []).append(lesson)
        details.revisit = [(details.area_names.get(code, code), found) for code, found in by_area.items()]
    if quiz.kind == QuizKind.FINAL and attempt.passed:
        details.missing = missing_lessons(session, attempt.user_id, [quiz.course_id])[quiz.course_id]
    return details
