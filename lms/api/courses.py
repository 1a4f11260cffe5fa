"""API: courses, lessons, progress, course creation and enrolment."""

from typing import Any

from flask.typing import ResponseReturnValue

from courses import authoring, queries, services
from courses.models import Course, Enrolment, Lesson
from courses.permissions import NOT_ENROLLED, can_study
from lms.api.core import api_user, bp, respond
from lms.api.openapi import operation
from lms.api.schemas.common import Created, PageQuery
from lms.api.schemas.courses import (
    CourseDetail,
    CourseItem,
    CoursePage,
    Enrolments,
    EnrolmentsOut,
    LessonItem,
    LessonOut,
    ModuleDetail,
    NewCourse,
    ProgressOut,
    QuizItem,
)
from lms.errors import NotFound, ValidationFailed
from lms.extensions import db
from lms.pagination import page_list
from lms.permissions import can_author, require
from lms.validation import read_json, read_query


def _course_or_404(course_id: int) -> Course:
    return queries.get_visible_course(db.session, api_user(), course_id)


def progress(enrolment: Enrolment | None) -> dict[str, Any]:
    return {
        "progress_percent": enrolment.progress_percent if enrolment else 0,
        "completed": bool(enrolment and enrolment.completed_at),
    }


@bp.get("/v1/courses")
@operation(
    "Khóa học của tôi và khóa học mở",
    tag="courses",
    query=PageQuery,
    ok=(200, CoursePage, "Danh sách khóa học"),
    errors=(400, 401, 403),
)
def list_courses() -> ResponseReturnValue:
    """Courses I am enrolled in, then open courses I may join."""
    user = api_user()
    items = [
        CourseItem(
            id=e.course.id,
            slug=e.course.slug,
            title=e.course.title,
            deadline=e.deadline,
            enrolled=True,
            **progress(e),
        )
        for e in queries.list_my_enrolments(db.session, user)
    ]
    items += [
        CourseItem(id=c.id, slug=c.slug, title=c.title, deadline=None, enrolled=False, **progress(None))
        for c in queries.list_open_courses(db.session, user)
    ]
    query = read_query(PageQuery)
    page = page_list(items, query.page, query.per_page)
    return respond(CoursePage(items=page.items, page=page.page, per_page=page.per_page, total=page.total))


@bp.get("/v1/courses/<int:course_id>")
@operation(
    "Một khóa học với tiến độ của tôi", tag="courses", ok=(200, CourseDetail, "Khóa học"), errors=(401, 403, 404)
)
def get_course(course_id: int) -> ResponseReturnValue:
    """A course's modules and lessons with my progress."""
    user = api_user()
    course = _course_or_404(course_id)
    enrolment = services.get_enrolment(db.session, user, course)
    require(can_study(user, course, enrolment), NOT_ENROLLED)
    outline = queries.course_outline(db.session, course, user)
    return respond(
        CourseDetail(
            id=course.id,
            title=course.title,
            **progress(enrolment),
            next_lesson_id=outline.next_lesson.id if outline.next_lesson else None,
            modules=[
                ModuleDetail(
                    id=m.module.id,
                    title=m.module.title,
                    area=m.module.area_code,
                    required=m.module.required,
                    lessons=[
                        LessonItem(
                            id=i.lesson.id, title=i.lesson.title, completed=i.completed, required=i.lesson.required
                        )
                        for i in m.lessons
                    ],
                    quizzes=[quiz_item(q) for q in outline.quizzes.get(m.module.id, [])],
                )
                for m in outline.modules
            ],
            quizzes=[quiz_item(q) for q in outline.quizzes.get(None, [])],
        )
    )


def quiz_item(item: Any) -> QuizItem:
    best = float(item.best_percent) if item.best_percent is not None else None
    return QuizItem(id=item.id, title=item.title, kind=item.kind, best_percent=best, passed=item.passed)


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
@operation("Một bài học", tag="courses", ok=(200, LessonOut, "Bài học"), errors=(401, 403, 404))
def get_lesson(lesson_id: int) -> ResponseReturnValue:
    """One lesson's sanitised HTML."""
    lesson, course, _ = _lesson_for_study(lesson_id)
    done = lesson.id in services.completed_lesson_ids(db.session, api_user(), course)
    return respond(
        LessonOut(
            id=lesson.id,
            title=lesson.title,
            module_id=lesson.module_id,
            minutes=lesson.minutes,
            body_html=lesson.body_html,
            completed=done,
        )
    )


@bp.post("/v1/lessons/<int:lesson_id>/complete")
@operation(
    "Đánh dấu đã học xong (lặp lại không sao)",
    tag="courses",
    ok=(200, ProgressOut, "Tiến độ khóa học"),
    errors=(401, 403, 404),
)
def complete_lesson(lesson_id: int) -> ResponseReturnValue:
    """Mark a lesson complete (idempotent); return the course progress."""
    lesson, course, enrolment = _lesson_for_study(lesson_id)
    require(enrolment is not None and course.is_published, NOT_ENROLLED)
    assert enrolment is not None  # noqa: S101 — checked just above
    services.complete_lesson(db.session, api_user(), lesson, enrolment)
    db.session.commit()
    return respond(
        ProgressOut(
            course_id=course.id,
            items_done=enrolment.items_done,
            items_total=enrolment.items_total,
            **progress(enrolment),
        )
    )


@bp.post("/v1/courses")
@operation(
    "Tạo khóa học cùng học phần và bài học (giảng viên, quản trị)",
    tag="courses",
    json=NewCourse,
    ok=(201, Created, "Đã tạo"),
    errors=(400, 401, 403, 422),
)
def create_course() -> ResponseReturnValue:
    """Create a course with its modules and lessons in one call (all or nothing)."""
    require(can_author(api_user()), "Chỉ giảng viên và quản trị viên được tạo khóa học.")
    body = read_json(NewCourse)
    course = authoring.create_course(db.session, body.title)
    for m_index, module_data in enumerate(body.modules):
        module = authoring.add_module(db.session, course, module_data.title, _area(course, module_data.area, m_index))
        for lesson in module_data.lessons:
            authoring.add_lesson(db.session, module, lesson.title, lesson.body_markdown, lesson.minutes)
    if body.published:
        authoring.set_published(db.session, course, True)
    db.session.commit()
    return respond(Created(id=course.id), 201)


def _area(course: Course, code: str | None, index: int) -> str | None:
    try:
        return authoring.check_area(course, code)
    except ValidationFailed as error:
        raise ValidationFailed(error.message, fields={f"modules[{index}].area": error.message}) from error


@bp.post("/v1/courses/<int:course_id>/enrolments")
@operation(
    "Giao khóa học cho đơn vị, đối tượng hoặc từng người",
    tag="courses",
    json=Enrolments,
    ok=(200, EnrolmentsOut, "Số người được ghi danh thêm"),
    errors=(400, 401, 403, 404, 422),
)
def enrol_people(course_id: int) -> ResponseReturnValue:
    """Assign a course to units, staff categories and/or named people."""
    require(can_author(api_user()), "Chỉ giảng viên và quản trị viên được ghi danh.")
    course = _course_or_404(course_id)
    body = read_json(Enrolments)
    result = services.assign_course(
        db.session, course, body.unit_codes, list(body.staff_categories), body.usernames, body.deadline
    )
    db.session.commit()
    return respond(EnrolmentsOut(enrolled=result.enrolled))
