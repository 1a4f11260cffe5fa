"""The learning path reacts to graded attempts and adds the personal path to course pages (lms.events)."""

from typing import Any

from sqlalchemy.orm import Session

from courses.models import Course
from courses.queries import Outline
from lms import events
from lms.auth.models import User
from lms.learning_path.services import apply_attempt
from lms.learning_path.views import course_page_path
from quizzes.models import Attempt


@events.attempt_graded.connect
def recalculate_levels(attempt: Attempt, *, session: Session) -> None:
    apply_attempt(session, attempt)


@events.course_page_extras.connect
def personal_path(course: Course, *, user: User, outline: Outline) -> dict[str, Any]:
    return course_page_path(user, course, outline)
