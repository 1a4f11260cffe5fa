"""API: courses, lessons, progress, course creation and enrolment."""

from datetime import date
from typing import Any

from flask import jsonify

from courses import authoring, queries, services
from courses.models import Course, Enrolment, Lesson
from courses.permissions import NOT_ENROLLED, can_study
from lms.api.core import BadRequest, api_user, bp, json_body, token_required, typed_field
from lms.errors import NotFound, ValidationFailed
from lms.extensions import db
from lms.permissions import can_author, require


def _course_or_404(course_id: int) -> Course:
    return queries.get_visible_course(db.session, api_user(), course_id)


def progress_json(enrolment: Enrolment | None) -> dict[str, Any]:
    return {
        "progress_percent": enrolment.progress_percent if enrolment else 0,
        "completed": bool(enrolment and enrolment.completed_at),
    }


@bp.get("/v1/courses")
@token_required
def list_courses():  # type: ignore[no-untyped-def]
    """Courses I am enrolled in, then open courses I may join."""
    user = api_user()
    items = [
        {
            "id": e.course.id,
            "slug": e.course.slug,
            "title": e.course.title,
            "deadline": e.deadline.isoformat() if e.deadline else None,
            "enrolled": True,
            **progress_json(e),
        }
        for e in queries.list_my_enrolments(db.session, user)
    ]
    items += [
        {"id": c.id, "slug": c.slug, "title": c.title, "deadline": None, "enrolled": False, **progress_json(None)}
        for c in queries.list_open_courses(db.session, user)
    ]
    return jsonify(items=items, page=1, per_page=max(len(items), 1), total=len(items))


@bp.get("/v1/courses/<int:course_id>")
@token_required
def get_course(course_id: int):  # type: ignore[no-untyped-def]
    """A course's modules and lessons with my progress."""
    user = api_user()
    course = _course_or_404(course_id)
    enrolment = services.get_enrolment(db.session, user, course)
    require(can_study(user, course, enrolment), NOT_ENROLLED)
    outline = queries.course_outline(db.session, course, user)
    return jsonify(
        id=course.id,
        title=course.title,
        **progress_json(enrolment),
        next_lesson_id=outline.next_lesson.id if outline.next_lesson else None,
        modules=[
            {
                "id": m.module.id,
                "title": m.module.title,
                "area": m.module.area_code,
                "required": m.module.required,
                "lessons": [
                    {
                        "id": i.lesson.id,
                        "title": i.lesson.title,
                        "completed": i.completed,
                        "required": i.lesson.required,
                    }
                    for i in m.lessons
                ],
                "quizzes": [quiz_json(q) for q in outline.quizzes.get(m.module.id, [])],
            }
            for m in outline.modules
        ],
        quizzes=[quiz_json(q) for q in outline.quizzes.get(None, [])],
    )


def quiz_json(item: Any) -> dict[str, Any]:
    best = float(item.best_percent) if item.best_percent is not None else None
    return {"id": item.id, "title": item.title, "kind": item.kind, "best_percent": best, "passed": item.passed}


def _lesson_for_study(lesson_id: int) -> tuple[Lesson, Course, Enrolment | None]:
    user = api_user()
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.retired_at is not None:
        raise NotFound("Không tìm thấy bài học.")
    course = _course_or_404(lesson.module.course_id)
    enrolment = services.get_enrolment(db.session, user, course)
    require(can_study(user, course, enrolment), NOT_ENROLLED)
    return lesson, course, enrolment


@bp.get("/v1/lessons/<int:lesson_id>")
@token_required
def get_lesson(lesson_id: int):  # type: ignore[no-untyped-def]
    """One lesson's sanitised HTML."""
    lesson, course, _ = _lesson_for_study(lesson_id)
    done = lesson.id in services.completed_lesson_ids(db.session, api_user(), course)
    return jsonify(
        id=lesson.id,
        title=lesson.title,
        module_id=lesson.module_id,
        minutes=lesson.minutes,
        body_html=lesson.body_html,
        completed=done,
    )


@bp.post("/v1/lessons/<int:lesson_id>/complete")
@token_required
def complete_lesson(lesson_id: int):  # type: ignore[no-untyped-def]
    """Mark a lesson complete (idempotent); return the course progress."""
    lesson, course, enrolment = _lesson_for_study(lesson_id)
    require(enrolment is not None and course.is_published, NOT_ENROLLED)
    assert enrolment is not None  # noqa: S101 — checked just above
    services.complete_lesson(db.session, api_user(), lesson, enrolment)
    db.session.commit()
    return jsonify(
        course_id=course.id,
        items_done=enrolment.items_done,
        items_total=enrolment.items_total,
        **progress_json(enrolment),
    )


@bp.post("/v1/courses")
@token_required
def create_course():  # type: ignore[no-untyped-def]
    """Create a course with its modules and lessons in one call (all or nothing)."""
    require(can_author(api_user()), "Chỉ giảng viên và quản trị viên được tạo khóa học.")
    data = json_body()
    title = typed_field(data, "title", str, required=True, max_length=200)
    published = typed_field(data, "published", bool) or False
    modules = typed_field(data, "modules", list) or []
    course = authoring.create_course(db.session, title)
    for m_index, module_data in enumerate(modules):
        if not isinstance(module_data, dict):
            raise BadRequest("Mỗi học phần phải là một đối tượng.", fields={f"modules[{m_index}]": "Sai kiểu."})
        module = authoring.add_module(
            db.session,
            course,
            typed_field(module_data, "title", str, required=True, max_length=200),
            _area(course, typed_field(module_data, "area", str, max_length=10), m_index),
        )
        for l_index, lesson_data in enumerate(typed_field(module_data, "lessons", list) or []):
            where = f"modules[{m_index}].lessons[{l_index}]"
            if not isinstance(lesson_data, dict):
                raise BadRequest("Mỗi bài học phải là một đối tượng.", fields={where: "Sai kiểu."})
            minutes = typed_field(lesson_data, "minutes", int)
            authoring.add_lesson(
                db.session,
                module,
                typed_field(lesson_data, "title", str, required=True, max_length=200),
                typed_field(lesson_data, "body_markdown", str, max_length=200_000) or "",
                5 if minutes is None else minutes,
            )
    if published:
        authoring.set_published(db.session, course, True)
    db.session.commit()
    return jsonify(id=course.id), 201


def _area(course: Course, code: str | None, index: int) -> str | None:
    try:
        return authoring.check_area(course, code)
    except ValidationFailed as error:
        raise ValidationFailed(error.message, fields={f"modules[{index}].area": error.message}) from error


@bp.post("/v1/courses/<int:course_id>/enrolments")
@token_required
def enrol_people(course_id: int):  # type: ignore[no-untyped-def]
    """Assign a course to units, staff categories and/or named people."""
    require(can_author(api_user()), "Chỉ giảng viên và quản trị viên được ghi danh.")
    course = _course_or_404(course_id)
    data = json_body()
    lists = {}
    for name in ("unit_codes", "staff_categories", "usernames"):
        value = typed_field(data, name, list) or []
        if not all(isinstance(v, str) and len(v) <= 64 for v in value):
            raise BadRequest(f"“{name}” phải là danh sách chuỗi.", fields={name: "Phải là danh sách chuỗi."})
        lists[name] = value
    deadline = _parse_date(typed_field(data, "deadline", str, max_length=10))
    result = services.assign_course(
        db.session, course, lists["unit_codes"], lists["staff_categories"], lists["usernames"], deadline
    )
    db.session.commit()
    return jsonify(enrolled=result.enrolled)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise BadRequest("Ngày không hợp lệ (dạng YYYY-MM-DD).", fields={"deadline": "Dạng YYYY-MM-DD."}) from error
