"""Placement check and personal learning path."""

from flask import Flask


def register(app: Flask) -> None:
    """Plug the learning path into quizzes (recalculated after every graded attempt) and the course page."""
    from courses.views import COURSE_PAGE_EXTRAS
    from lms.learning_path.permissions import can_view_levels
    from lms.learning_path.services import apply_attempt
    from lms.learning_path.views import course_page_path
    from quizzes.services import ON_SUBMITTED

    if apply_attempt not in ON_SUBMITTED:
        ON_SUBMITTED.append(apply_attempt)
    if course_page_path not in COURSE_PAGE_EXTRAS:
        COURSE_PAGE_EXTRAS.append(course_page_path)
    app.jinja_env.globals.update(can_view_levels=can_view_levels)
