"""Learner pages: my courses, a course, a lesson, search."""

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from courses import queries, services
from courses.models import Course, Lesson
from courses.permissions import NOT_ENROLLED, can_study
from lms import events
from lms.auth.forms import ConfirmForm
from lms.auth.models import User
from lms.errors import NotFound, ValidationFailed, wants_json
from lms.extensions import db
from lms.formatting import percent
from lms.permissions import can_author, current_account, require
from lms.web import today

bp = Blueprint("courses", __name__, url_prefix="/courses")

def _page_extras(user: User, course: Course, outline: queries.Outline) -> dict[str, Any]:
    """The next lesson, and what other packages add to the course page (`events.course_page_extras`: the learning
    path gives "path" and the "next_lesson" along it). Each adds a constant number of queries."""
    extras: dict[str, Any] = {"next_lesson": outline.next_lesson}
    for extra in events.ask(events.course_page_extras, course, user=user, outline=outline):
        extras.update(extra)
    return extras


def _load_course(course_id: int) -> Course:
    return queries.get_visible_course(db.session, current_account(), course_id)


@bp.get("/")
@login_required
def my_courses():  # type: ignore[no-untyped-def]
    """List the courses assigned to me with progress, deadline and days left."""
    user = current_account()
    enrolments = queries.list_my_enrolments(db.session, user)
    return render_template(
        "courses/my_courses.html",
        enrolments=enrolments,
        counts=queries.study_counts(db.session, user.id, [e.course_id for e in enrolments]),
        open_courses=queries.list_open_courses(db.session, user),
        today=today(),
        days_left=queries.days_left,
    )


@bp.get("/<int:course_id>")
@login_required
def detail(course_id: int):  # type: ignore[no-untyped-def]
    """Show a course's modules and lessons with my progress and a "continue" button."""
    user = current_account()
    course = _load_course(course_id)
    enrolment = services.get_enrolment(db.session, user, course)
    if not can_study(user, course, enrolment) and not course.is_open:
        require(False, NOT_ENROLLED)
    outline = queries.course_outline(db.session, course, user)
    return render_template(
        "courses/detail.html",
        course=course,
        outline=outline,
        enrolment=enrolment,
        counts={course.id: outline.study_counts()},
        can_study=can_study(user, course, enrolment),
        today=today(),
        days_left=queries.days_left,
        **_page_extras(user, course, outline),
    )


@bp.post("/<int:course_id>/enrol")
@login_required
def enrol(course_id: int):  # type: ignore[no-untyped-def]
    """Enrol myself in an open course."""
    course = _load_course(course_id)
    if ConfirmForm().validate_on_submit():
        services.self_enrol(db.session, current_account(), course)
        db.session.commit()
        flash(_("Bạn đã đăng ký khóa học."), "success")
    return redirect(url_for("courses.detail", course_id=course.id))


@bp.get("/<int:course_id>/continue")
@login_required
def continue_course(course_id: int):  # type: ignore[no-untyped-def]
    """Go to the next unfinished lesson along my path (or the course page when everything is done)."""
    user = current_account()
    course = _load_course(course_id)
    require(can_study(user, course, services.get_enrolment(db.session, user, course)), NOT_ENROLLED)
    outline = queries.course_outline(db.session, course, user)
    step = outline.next_step(_page_extras(user, course, outline)["next_lesson"])
    if step is None:
        return redirect(url_for("courses.detail", course_id=course.id))
    kind, target = step
    if kind == "quiz":
        return redirect(url_for("quizzes.detail", quiz_id=target.id))
    return redirect(url_for("courses.lesson", course_id=course.id, lesson_id=target.id))


def _load_lesson(course_id: int, lesson_id: int) -> tuple[Course, Lesson]:
    course = _load_course(course_id)
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.module.course_id != course.id or lesson.retired_at is not None:
        raise NotFound("Không tìm thấy bài học.")
    return course, lesson


@bp.get("/<int:course_id>/lessons/<int:lesson_id>")
@login_required
def lesson(course_id: int, lesson_id: int):  # type: ignore[no-untyped-def]
    """Read a lesson, with previous/next and "mark complete"."""
    user = current_account()
    course, lesson = _load_lesson(course_id, lesson_id)
    enrolment = services.get_enrolment(db.session, user, course)
    require(can_study(user, course, enrolment), NOT_ENROLLED)
    outline = queries.course_outline(db.session, course, user)
    previous, following = outline.neighbours(lesson)
    # The last lesson of a module leads on to the module's practice quiz, not past it.
    last_of_module = following is None or following.module_id != lesson.module_id
    quiz_after = outline.module_quiz(lesson.module_id) if last_of_module else None
    completed = any(item.completed for m in outline.modules for item in m.lessons if item.lesson.id == lesson.id)
    return render_template(
        "courses/lesson.html",
        course=course,
        lesson=lesson,
        outline=outline,
        enrolment=enrolment,
        counts={course.id: outline.study_counts()},
        previous=previous,
        following=following,
        quiz_after=quiz_after,
        completed=completed,
    )


@bp.post("/<int:course_id>/lessons/<int:lesson_id>/complete")
@login_required
def complete(course_id: int, lesson_id: int):  # type: ignore[no-untyped-def]
    """Mark a lesson complete (idempotent) and go on to the next one. A completion queued on a phone while offline
    is sent later by the page script, asking for JSON: it gets the new progress instead of a redirect."""
    user = current_account()
    course, lesson = _load_lesson(course_id, lesson_id)
    enrolment = services.get_enrolment(db.session, user, course)
    require(enrolment is not None and course.is_published, NOT_ENROLLED)
    if not ConfirmForm().validate_on_submit():
        if wants_json():
            raise ValidationFailed("Thiếu mã xác nhận của biểu mẫu; hãy tải lại trang.")
        return redirect(url_for("courses.continue_course", course_id=course.id))
    services.complete_lesson(db.session, user, lesson, enrolment)
    db.session.commit()
    if wants_json():
        return jsonify(lesson_id=lesson.id, progress_percent=enrolment.progress_percent)
    flash(
        _("Đã hoàn thành bài “%(title)s”. Tiến độ: %(p)s.", title=lesson.title, p=percent(enrolment.progress_percent)),
        "success",
    )
    return redirect(url_for("courses.continue_course", course_id=course.id))


@bp.get("/search")
@login_required
def search():  # type: ignore[no-untyped-def]
    """Search courses and lessons without needing diacritics."""
    user = current_account()
    q = request.args.get("q", "")[:100]
    hits = queries.search(db.session, q, user, include_drafts=can_author(user))
    return render_template("courses/search.html", q=q, hits=hits)
