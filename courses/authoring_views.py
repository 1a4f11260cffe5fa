"""Trainer pages: write courses, modules and lessons, publish them, and assign them to people."""

import re
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from courses import authoring, services
from courses.forms import AssignForm, CourseForm, LessonForm, ModuleForm
from courses.markdown import render_markdown
from courses.models import Course, CourseAssignment, Lesson, Module
from lms.auth.forms import ConfirmForm
from lms.errors import NotFound, ValidationFailed
from lms.extensions import db
from lms.permissions import can_author, current_account, require

bp = Blueprint("authoring", __name__, url_prefix="/manage/courses")

#: What separates codes and usernames typed into a box: commas, semicolons, spaces, new lines.
_SEPARATORS = re.compile(r"[\s,;]+")
_STEP = {"up": -1, "down": 1}

#: What the outline shows of each lesson; the bodies stay in the database.
_OUTLINE_COLUMNS = (
    Lesson.id,
    Lesson.module_id,
    Lesson.title,
    Lesson.minutes,
    Lesson.required,
    Lesson.position,
    Lesson.retired_at,
)


@dataclass(frozen=True)
class CourseRow:
    course: Course
    modules: int
    lessons: int


@dataclass(frozen=True)
class ModuleOutline:
    module: Module
    lessons: list[Lesson]


# --- loading -----------------------------------------------------------------------


def _require_author() -> None:
    require(can_author(current_account()))


def _load_course(course_id: int, *, outline: bool = False) -> Course:
    """404 for an unknown course; with `outline`, modules and lessons come in two more queries."""
    options = []
    if outline:
        lessons = selectinload(Course.modules).selectinload(Module.lessons)
        options.append(lessons.load_only(*_OUTLINE_COLUMNS))
    course = db.session.get(Course, course_id, options=options)
    if course is None:
        raise NotFound("Không tìm thấy khóa học.")
    return course


def _load_module(course_id: int, module_id: int) -> Module:
    """404 for an unknown or retired module, and for one that belongs to another course (a forged id)."""
    module = db.session.get(Module, module_id)
    if module is None or module.course_id != course_id or module.retired_at is not None:
        raise NotFound("Không tìm thấy học phần trong khóa học này.")
    return module


def _load_lesson(course_id: int, lesson_id: int) -> Lesson:
    """404 for an unknown or retired lesson (or module), and for one of another course (a forged id)."""
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.module.course_id != course_id or lesson.retired_at or lesson.module.retired_at:
        raise NotFound("Không tìm thấy bài học trong khóa học này.")
    return lesson


def _confirm() -> None:
    """Check the button's ConfirmForm token, so the view stays safe even if CSRFProtect ever exempts it."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


# --- helpers -------------------------------------------------------------------------


def _show_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Undo the failed change and put the service's messages beside the fields they name."""
    db.session.rollback()
    placed = False
    for name, message in error.fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
            placed = True
    if not placed:
        flash(error.message, "error")


def _status() -> int:
    """Answer 422 when a submitted form is shown again: a successful POST always redirects."""
    return 422 if request.method == "POST" else 200


def _lesson_status(form: LessonForm) -> int:
    """Answer 200 for a clean preview, otherwise as any other form page."""
    return 200 if form.preview.data and not form.errors else _status()


def _split(value: str | None) -> list[str]:
    return [part for part in _SEPARATORS.split(value or "") if part]


def _list_courses() -> list[CourseRow]:
    """Read every course with its live module and lesson counts in a fixed number of queries."""
    courses = db.session.scalars(
        select(Course)
        .options(
            selectinload(Course.modules)
            .selectinload(Module.lessons)
            .load_only(Lesson.id, Lesson.module_id, Lesson.position, Lesson.retired_at)
        )
        .order_by(Course.created_at.desc(), Course.id.desc())
    ).all()
    rows = []
    for course in courses:
        live = [m for m in course.modules if m.retired_at is None]
        lessons = sum(1 for m in live for lesson in m.lessons if lesson.retired_at is None)
        rows.append(CourseRow(course, len(live), lessons))
    return rows


def _outline(course: Course) -> list[ModuleOutline]:
    """List live modules in order, each with its live lessons; retired items stay only for history."""
    return [
        ModuleOutline(module, [lesson for lesson in module.lessons if lesson.retired_at is None])
        for module in course.modules
        if module.retired_at is None
    ]


def _area_choices(course: Course, current: str | None = None) -> list[tuple[str, str]]:
    areas = [(area.code, area.name) for area in course.framework.areas] if course.framework else []
    # Show a code the framework no longer lists instead of silently clearing it on save; the service names it.
    if current and current not in {code for code, _name in areas}:
        areas.append((current, current))
    return areas


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


def _back_to_course(course_id: int, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("authoring.edit_course", course_id=course_id, _anchor=anchor))


# --- courses -------------------------------------------------------------------------


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """List every course with its status, modules and live lessons."""
    _require_author()
    return render_template("authoring/index.html", rows=_list_courses())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_course() -> ResponseReturnValue:
    """Create a draft course, then go on to its modules and lessons."""
    _require_author()
    form = CourseForm()
    if form.validate_on_submit():
        try:
            course = authoring.create_course(
                db.session, form.title.data, form.summary.data, is_open=form.is_open.data, deadline=form.deadline.data
            )
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã tạo khóa học “%(title)s” (bản nháp).", title=course.title), "success")
            return _back_to_course(course.id)
    return render_template("authoring/course_form.html", form=form), _status()


@bp.route("/<int:course_id>", methods=["GET", "POST"])
@login_required
def edit_course(course_id: int) -> ResponseReturnValue:
    """Edit a course's details and show its outline with the buttons to arrange it."""
    _require_author()
    course = _load_course(course_id, outline=True)
    form = CourseForm(obj=course)
    if form.validate_on_submit():
        try:
            authoring.update_course(
                db.session, course, form.title.data, form.summary.data, form.is_open.data, form.deadline.data
            )
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã lưu khóa học."), "success")
            return _back_to_course(course.id)
    return _render_edit(course, form, _status())


def _set_published(course_id: int, published: bool) -> ResponseReturnValue:
    _require_author()
    course = _load_course(course_id, outline=True)
    _confirm()
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
    return _back_to_course(course.id)


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


# --- modules -------------------------------------------------------------------------


@bp.route("/<int:course_id>/modules/new", methods=["GET", "POST"])
@login_required
def new_module(course_id: int) -> ResponseReturnValue:
    """Add a module at the end of a course."""
    _require_author()
    course = _load_course(course_id)
    form = ModuleForm()
    form.set_areas(_area_choices(course))
    if form.validate_on_submit():
        try:
            module = authoring.add_module(
                db.session, course, form.title.data, form.area_code.data, form.summary.data, form.required.data
            )
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã thêm học phần “%(title)s”.", title=module.title), "success")
            return _back_to_course(course.id, f"module-{module.id}")
    return render_template("authoring/module_form.html", course=course, module=None, form=form), _status()


@bp.route("/<int:course_id>/modules/<int:module_id>", methods=["GET", "POST"])
@login_required
def edit_module(course_id: int, module_id: int) -> ResponseReturnValue:
    """Edit a module's title, area, summary and whether it is required."""
    _require_author()
    module = _load_module(course_id, module_id)
    form = ModuleForm(obj=module)
    form.set_areas(_area_choices(module.course, module.area_code))
    if form.validate_on_submit():
        try:
            authoring.update_module(
                db.session, module, form.title.data, form.area_code.data, form.summary.data, form.required.data
            )
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã lưu học phần."), "success")
            return _back_to_course(course_id, f"module-{module.id}")
    return (
        render_template("authoring/module_form.html", course=module.course, module=module, form=form),
        _status(),
    )


@bp.post("/<int:course_id>/modules/<int:module_id>/move/<any(up,down):direction>")
@login_required
def move_module(course_id: int, module_id: int, direction: str) -> ResponseReturnValue:
    """Move a module one place up or down."""
    _require_author()
    module = _load_module(course_id, module_id)
    _confirm()
    authoring.move(db.session, module, _STEP[direction])
    db.session.commit()
    return _back_to_course(course_id, f"module-{module.id}")


@bp.post("/<int:course_id>/modules/<int:module_id>/retire")
@login_required
def retire_module(course_id: int, module_id: int) -> ResponseReturnValue:
    """Withdraw a module; learners' completions are kept and progress is recounted."""
    _require_author()
    module = _load_module(course_id, module_id)
    _confirm()
    authoring.retire(db.session, module)
    db.session.commit()
    flash(_("Đã ngừng dùng học phần “%(title)s”.", title=module.title), "success")
    return _back_to_course(course_id)


# --- lessons -------------------------------------------------------------------------


def _render_lesson(
    course: Course, module: Module, lesson: Lesson | None, form: LessonForm, preview: str | None, status: int
) -> ResponseReturnValue:
    return (
        render_template(
            "authoring/lesson_form.html", course=course, module=module, lesson=lesson, form=form, preview=preview
        ),
        status,
    )


def _preview(form: LessonForm) -> str | None:
    """Render the typed Markdown, sanitised exactly as it would be saved, when "Xem trước" was pressed."""
    if request.method == "POST" and form.preview.data:
        return render_markdown(form.body_markdown.data)
    return None


@bp.route("/<int:course_id>/modules/<int:module_id>/lessons/new", methods=["GET", "POST"])
@login_required
def new_lesson(course_id: int, module_id: int) -> ResponseReturnValue:
    """Write a new lesson at the end of a module, with a preview before saving."""
    _require_author()
    module = _load_module(course_id, module_id)
    form = LessonForm()
    if form.validate_on_submit() and not form.preview.data:
        try:
            lesson = authoring.add_lesson(
                db.session, module, form.title.data, form.body_markdown.data, form.minutes.data, form.required.data
            )
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã thêm bài học “%(title)s”.", title=lesson.title), "success")
            return _back_to_course(course_id, f"lesson-{lesson.id}")
    return _render_lesson(module.course, module, None, form, _preview(form), _lesson_status(form))


@bp.route("/<int:course_id>/lessons/<int:lesson_id>", methods=["GET", "POST"])
@login_required
def edit_lesson(course_id: int, lesson_id: int) -> ResponseReturnValue:
    """Edit a lesson in place (completions and progress are kept), with a preview before saving."""
    _require_author()
    lesson = _load_lesson(course_id, lesson_id)
    form = LessonForm(obj=lesson)
    if form.validate_on_submit() and not form.preview.data:
        try:
            authoring.update_lesson(
                db.session, lesson, form.title.data, form.body_markdown.data, form.minutes.data, form.required.data
            )
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã lưu bài học."), "success")
            return _back_to_course(course_id, f"lesson-{lesson.id}")
    return _render_lesson(lesson.module.course, lesson.module, lesson, form, _preview(form), _lesson_status(form))


@bp.post("/<int:course_id>/lessons/<int:lesson_id>/move/<any(up,down):direction>")
@login_required
def move_lesson(course_id: int, lesson_id: int, direction: str) -> ResponseReturnValue:
    """Move a lesson one place up or down within its module."""
    _require_author()
    lesson = _load_lesson(course_id, lesson_id)
    _confirm()
    authoring.move(db.session, lesson, _STEP[direction])
    db.session.commit()
    return _back_to_course(course_id, f"lesson-{lesson.id}")


@bp.post("/<int:course_id>/lessons/<int:lesson_id>/retire")
@login_required
def retire_lesson(course_id: int, lesson_id: int) -> ResponseReturnValue:
    """Withdraw a lesson; learners' completions are kept and progress is recounted."""
    _require_author()
    lesson = _load_lesson(course_id, lesson_id)
    _confirm()
    authoring.retire(db.session, lesson)
    db.session.commit()
    flash(_("Đã ngừng dùng bài học “%(title)s”.", title=lesson.title), "success")
    return _back_to_course(course_id, f"module-{lesson.module_id}")


# --- assignment ----------------------------------------------------------------------


@bp.route("/<int:course_id>/assign", methods=["GET", "POST"])
@login_required
def assign(course_id: int) -> ResponseReturnValue:
    """Assign a course to unit subtrees, staff categories and named people, enrolling them now."""
    _require_author()
    course = _load_course(course_id)
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
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã ghi danh thêm %(n)s người.", n=result.enrolled), "success")
            return redirect(url_for("authoring.assign", course_id=course.id))
    rules = db.session.scalars(
        select(CourseAssignment)
        .where(CourseAssignment.course_id == course.id)
        .options(selectinload(CourseAssignment.unit))
        .order_by(CourseAssignment.created_at.desc(), CourseAssignment.id.desc())
    ).all()
    return render_template("authoring/assign.html", course=course, form=form, rules=rules), _status()
