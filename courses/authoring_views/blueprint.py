"""The authoring blueprint and what its pages share: authors only, loading by id, the way back to a course."""

from flask import Blueprint, redirect, url_for
from flask.typing import ResponseReturnValue

from courses import queries
from courses.models import Course, Lesson, Module
from lms.errors import NotFound
from lms.extensions import db
from lms.permissions import can_author
from lms.web import guard_blueprint

bp = Blueprint("authoring", __name__, url_prefix="/manage/courses")
guard_blueprint(bp, can_author)


def load_course(course_id: int, *, outline: bool = False) -> Course:
    """404 for an unknown course; with `outline`, modules and lessons come in two more queries."""
    course = queries.get_course(db.session, course_id, outline=outline)
    if course is None:
        raise NotFound("Không tìm thấy khóa học.")
    return course


def load_module(course_id: int, module_id: int) -> Module:
    """404 for an unknown or retired module, and for one that belongs to another course (a forged id)."""
    module = db.session.get(Module, module_id)
    if module is None or module.course_id != course_id or module.retired_at is not None:
        raise NotFound("Không tìm thấy học phần trong khóa học này.")
    return module


def load_lesson(course_id: int, lesson_id: int) -> Lesson:
    """404 for an unknown or retired lesson (or module), and for one of another course (a forged id)."""
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.module.course_id != course_id or lesson.retired_at or lesson.module.retired_at:
        raise NotFound("Không tìm thấy bài học trong khóa học này.")
    return lesson


def back_to_course(course_id: int, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("authoring.edit_course", course_id=course_id, _anchor=anchor))
