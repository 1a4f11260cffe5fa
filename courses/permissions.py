"""Who may see which course and lesson. Pure predicates."""

from courses.models import Course, Enrolment
from lms.auth.models import User
from lms.permissions import can_author

NOT_ENROLLED = "Bạn chưa được ghi danh vào khóa học này."


def can_see_course(user: User, course: Course) -> bool:
    """Drafts exist only for authors; published courses are visible to every signed-in person."""
    return course.is_published or can_author(user)


def can_study(user: User, course: Course, enrolment: Enrolment | None) -> bool:
    """Lessons are open to enrolled people (of a published course) and to authors."""
    return can_author(user) or (course.is_published and enrolment is not None)
