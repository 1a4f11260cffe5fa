"""How quizzes answer and react to other packages' events (lms.events); imported once by create_app."""

from typing import Any

from sqlalchemy.orm import Session

from courses.models import Enrolment
from lms import events
from quizzes.progress import quiz_progress
from quizzes.queries import list_course_quizzes
from quizzes.services import confirm_on_completion, count_passed_finals


@events.required_items.connect
def finals_are_required(course_id: int, *, session: Session, user_id: int | None) -> tuple[dict[int, int], int]:
    """Each final assessment of a course is one required item, done when passed."""
    return count_passed_finals(session, course_id, user_id)


@events.course_quizzes.connect
def quizzes_of_course(course_id: int, *, session: Session, user_id: int) -> dict[int | None, list[Any]]:
    return list_course_quizzes(session, course_id, user_id)


@events.enrolment_completed.connect
def confirm_when_complete(enrolment: Enrolment, *, session: Session) -> None:
    """A person who passed the final before finishing the lessons is confirmed now."""
    confirm_on_completion(session, enrolment)


@events.quiz_progress.connect
def quizzes_passed(course_ids: tuple[int, ...], *, session: Session, user_id: int) -> dict[int, tuple[int, int]]:
    return quiz_progress(session, course_ids, user_id)
