"""Authoring pages for whole courses: list, create, edit, publish or withdraw them, and assign them to people."""

import re
from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from courses import authoring, queries, services
from courses.authoring_views.blueprint import back_to_course, bp, load_course
from courses.forms import AssignForm, CourseForm
from courses.models import Course, Lesson, Module
from lms.errors import ValidationFailed
from lms.extensions import db
from lms.web import check_confirm, form_status, show_errors

#: What separates codes and usernames typed into a box: commas, semicolons, spaces, new lines.
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class ModuleOutline:
    module: Module
    lessons: list[Lesson]


def _split(value: str | None) -> list[str]:
    return [part for part in _SEPARATORS.split(value or "") if part]


def _outline(course: Course) -> list[ModuleOutline]:
    """List live modules in order, each with its live lessons; retired items stay only for history."""
    return [
        ModuleOutline(module, [lesson for lesson in module.lessons if lesson.retired_at is None])
        for module in course.modules
        if module.retired_at is None
    ]


def _render_edit(course: Course, form: CourseForm, status: int = 200) -> ResponseReturnValue:
    area_names = {area.code: area.name for area in course.framework.areas} if course.framework else {}
    return (
        render_template(
            "authoring/course_edit.html",
            course=course,
            form=form,
            outline=_outline(course),
            area_names=area_names,
        ),
        status,
    )


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """List every course with its status, modules and live lessons."""
    return render_template("authoring/index.html", rows=queries.list_courses_with_counts(db.session))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_course() -> ResponseReturnValue:
    """Create a draft course, then go on to its modules and lessons."""
    form = CourseForm()
    if form.validate_on_submit():
        try:
            course = authoring.create_course(
                db.session, form.title.data, form.summary.data, is_open=form.is_open.data, deadline=form.deadline.data
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã tạo khóa học “%(title)s” (bản nháp).", title=course.title), "success")
            return back_to_course(course.id)
    return render_template("authoring/course_form.html", form=form), form_status()


@bp.route("/<int:course_id>", methods=["GET", "POST"])
@login_required
def edit_course(course_id: int) -> ResponseReturnValue:
    """Edit a course's details and show its outline with the buttons to arrange it."""
    course = load_course(course_id, outline=True)
    form = CourseForm(obj=course)
    if form.validate_on_submit():
        try:
            authoring.update_course(
                db.session, course, form.title.data, form.summary.data, form.is_open.data, form.deadline.data
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã lưu khóa học."), "success")
            return back_to_course(course.id)
    return _render_edit(course, form, form_status())


def _set_published(course_id: int, published: bool) -> ResponseReturnValue:
    course = load_course(course_id, outline=True)
    check_confirm()
    try:
        authoring.set_published(db.session, course, published)
    except ValidationFailed as error:
        db.session.rollback()
        flash(error.message, "error")
        return _render_edit(course, CourseForm(obj=course), 422)
    db.session.commit()
    if published:
        flash(_("Đã xuất bản: học viên được ghi danh đã thấy khóa học."), "success")
    else:
        flash(_("Đã ngừng xuất bản: khóa học trở về bản nháp."), "success")
    return back_to_course(course.id)


@bp.post("/<int:course_id>/publish")
@login_required
def publish(course_id: int) -> ResponseReturnValue:
    """Publish a course (it needs at least one lesson)."""
    return _set_published(course_id, True)


@bp.post("/<int:course_id>/unpublish")
@login_required
def unpublish(course_id: int) -> ResponseReturnValue:
    """Take a course back to draft."""
    return _set_published(course_id, False)


@bp.route("/<int:course_id>/assign", methods=["GET", "POST"])
@login_required
def assign(course_id: int) -> ResponseReturnValue:
    """Assign a course to unit subtrees, staff categories and named people, enrolling them now."""
    course = load_course(course_id)
    form = AssignForm()
    if form.validate_on_submit():
        try:
            result = services.assign_course(
                db.session,
                course,
                _split(form.unit_codes.data),
                form.staff_categories.data or [],
                _split(form.usernames.data),
                form.deadline.data,
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã ghi danh thêm %(n)s người.", n=result.enrolled), "success")
            return redirect(url_for("authoring.assign", course_id=course.id))
    rules = queries.list_assignments(db.session, course)
    return render_template("authoring/assign.html", course=course, form=form, rules=rules), form_status()
