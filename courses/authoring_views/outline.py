"""Authoring pages for a course's outline: add and edit modules and lessons, move them, retire them."""

from flask import flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from courses import authoring
from courses.authoring_views.blueprint import back_to_course, bp, load_course, load_lesson, load_module
from courses.forms import LessonForm, ModuleForm
from courses.markdown import render_markdown
from courses.models import Course, Lesson, Module
from lms.errors import ValidationFailed
from lms.extensions import db
from lms.web import check_confirm, form_status, show_errors

_STEP = {"up": -1, "down": 1}


def _area_choices(course: Course, current: str | None = None) -> list[tuple[str, str]]:
    areas = [(area.code, area.name) for area in course.framework.areas] if course.framework else []
    # Show a code the framework no longer lists instead of silently clearing it on save; the service names it.
    if current and current not in {code for code, _name in areas}:
        areas.append((current, current))
    return areas


def _move(item: Module | Lesson, direction: str, course_id: int, anchor: str) -> ResponseReturnValue:
    """Move a module or lesson one place up or down, back to the outline at it."""
    check_confirm()
    authoring.move(db.session, item, _STEP[direction])
    db.session.commit()
    return back_to_course(course_id, anchor)


def _retire(item: Module | Lesson, message: str, course_id: int, anchor: str | None) -> ResponseReturnValue:
    """Withdraw a module or lesson (completions are kept, progress is recounted), back to the outline."""
    check_confirm()
    authoring.retire(db.session, item)
    db.session.commit()
    flash(message, "success")
    return back_to_course(course_id, anchor)


# --- modules -------------------------------------------------------------------------


@bp.route("/<int:course_id>/modules/new", methods=["GET", "POST"])
@login_required
def new_module(course_id: int) -> ResponseReturnValue:
    """Add a module at the end of a course."""
    course = load_course(course_id)
    form = ModuleForm()
    form.set_areas(_area_choices(course))
    if form.validate_on_submit():
        try:
            module = authoring.add_module(
                db.session, course, form.title.data, form.area_code.data, form.summary.data, form.required.data
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã thêm học phần “%(title)s”.", title=module.title), "success")
            return back_to_course(course.id, f"module-{module.id}")
    return render_template("authoring/module_form.html", course=course, module=None, form=form), form_status()


@bp.route("/<int:course_id>/modules/<int:module_id>", methods=["GET", "POST"])
@login_required
def edit_module(course_id: int, module_id: int) -> ResponseReturnValue:
    """Edit a module's title, area, summary and whether it is required."""
    module = load_module(course_id, module_id)
    form = ModuleForm(obj=module)
    form.set_areas(_area_choices(module.course, module.area_code))
    if form.validate_on_submit():
        try:
            authoring.update_module(
                db.session, module, form.title.data, form.area_code.data, form.summary.data, form.required.data
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã lưu học phần."), "success")
            return back_to_course(course_id, f"module-{module.id}")
    return (
        render_template("authoring/module_form.html", course=module.course, module=module, form=form),
        form_status(),
    )


@bp.post("/<int:course_id>/modules/<int:module_id>/move/<any(up,down):direction>")
@login_required
def move_module(course_id: int, module_id: int, direction: str) -> ResponseReturnValue:
    """Move a module one place up or down."""
    module = load_module(course_id, module_id)
    return _move(module, direction, course_id, f"module-{module.id}")


@bp.post("/<int:course_id>/modules/<int:module_id>/retire")
@login_required
def retire_module(course_id: int, module_id: int) -> ResponseReturnValue:
    """Withdraw a module; learners' completions are kept and progress is recounted."""
    module = load_module(course_id, module_id)
    return _retire(module, _("Đã ngừng dùng học phần “%(title)s”.", title=module.title), course_id, None)


# --- lessons -------------------------------------------------------------------------


def _render_lesson(module: Module, lesson: Lesson | None, form: LessonForm) -> ResponseReturnValue:
    """Show the lesson form; a clean preview ("Xem trước") answers 200, otherwise as any other form page."""
    preview = None
    if request.method == "POST" and form.preview.data:
        # The typed Markdown, sanitised exactly as it would be saved.
        preview = render_markdown(form.body_markdown.data)
    status = 200 if form.preview.data and not form.errors else form_status()
    return (
        render_template(
            "authoring/lesson_form.html",
            course=module.course,
            module=module,
            lesson=lesson,
            form=form,
            preview=preview,
        ),
        status,
    )


@bp.route("/<int:course_id>/modules/<int:module_id>/lessons/new", methods=["GET", "POST"])
@login_required
def new_lesson(course_id: int, module_id: int) -> ResponseReturnValue:
    """Write a new lesson at the end of a module, with a preview before saving."""
    module = load_module(course_id, module_id)
    form = LessonForm()
    if form.validate_on_submit() and not form.preview.data:
        try:
            lesson = authoring.add_lesson(
                db.session, module, form.title.data, form.body_markdown.data, form.minutes.data, form.required.data
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã thêm bài học “%(title)s”.", title=lesson.title), "success")
            return back_to_course(course_id, f"lesson-{lesson.id}")
    return _render_lesson(module, None, form)


@bp.route("/<int:course_id>/lessons/<int:lesson_id>", methods=["GET", "POST"])
@login_required
def edit_lesson(course_id: int, lesson_id: int) -> ResponseReturnValue:
    """Edit a lesson in place (completions and progress are kept), with a preview before saving."""
    lesson = load_lesson(course_id, lesson_id)
    form = LessonForm(obj=lesson)
    if form.validate_on_submit() and not form.preview.data:
        try:
            authoring.update_lesson(
                db.session, lesson, form.title.data, form.body_markdown.data, form.minutes.data, form.required.data
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã lưu bài học."), "success")
            return back_to_course(course_id, f"lesson-{lesson.id}")
    return _render_lesson(lesson.module, lesson, form)


@bp.post("/<int:course_id>/lessons/<int:lesson_id>/move/<any(up,down):direction>")
@login_required
def move_lesson(course_id: int, lesson_id: int, direction: str) -> ResponseReturnValue:
    """Move a lesson one place up or down within its module."""
    lesson = load_lesson(course_id, lesson_id)
    return _move(lesson, direction, course_id, f"lesson-{lesson.id}")


@bp.post("/<int:course_id>/lessons/<int:lesson_id>/retire")
@login_required
def retire_lesson(course_id: int, lesson_id: int) -> ResponseReturnValue:
    """Withdraw a lesson; learners' completions are kept and progress is recounted."""
    lesson = load_lesson(course_id, lesson_id)
    message = _("Đã ngừng dùng bài học “%(title)s”.", title=lesson.title)
    return _retire(lesson, message, course_id, f"module-{lesson.module_id}")
