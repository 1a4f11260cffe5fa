"""Trainer authoring: courses, modules and lessons. Edits keep everyone's progress. Flush, never commit."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from courses.markdown import render_markdown
from courses.models import Course, CourseStatus, Framework, Lesson, Module
from courses.services import recompute_course_progress
from lms.errors import ValidationFailed
from lms.models import now_utc
from lms.text import fold, slugify

MAX_TITLE = 200


def _title(value: str, field: str = "title") -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationFailed("Tiêu đề là bắt buộc.", fields={field: "Tiêu đề là bắt buộc."})
    if len(value) > MAX_TITLE:
        message = f"Tiêu đề dài quá {MAX_TITLE} ký tự."
        raise ValidationFailed(message, fields={field: message})
    return value


def unique_slug(session: Session, model: type, base: str, **scope: object) -> str:
    """Make a slug from a title that is unique within `scope` (e.g. module_id=3)."""
    base = slugify(base)[:70] or "muc"
    slug, n = base, 1
    while session.scalar(select(model.id).filter_by(slug=slug, **scope)) is not None:  # type: ignore[attr-defined]
        n += 1
        slug = f"{base}-{n}"
    return slug


def set_lesson_body(lesson: Lesson, markdown: str) -> None:
    """Store the Markdown with its sanitised HTML and search text."""
    lesson.body_markdown = (markdown or "").replace("\r\n", "\n")
    lesson.body_html = render_markdown(lesson.body_markdown)
    lesson.search_text = fold(f"{lesson.title} {lesson.body_markdown}")


def area_codes(course: Course) -> set[str]:
    return {a.code for a in course.framework.areas} if course.framework else set()


def check_area(course: Course, code: str | None) -> str | None:
    """Accept only an area code of the course's framework (or none).

    :raises ValidationFailed: the code is not in the framework.
    """
    if not code:
        return None
    if code not in area_codes(course):
        message = f"Lĩnh vực “{code}” không có trong khung năng lực của khóa học."
        raise ValidationFailed(message, fields={"area_code": message})
    return code


def create_course(
    session: Session, title: str, summary: str = "", *, is_open: bool = False, deadline: date | None = None
) -> Course:
    title = _title(title)
    course = Course(
        framework=session.scalar(select(Framework).order_by(Framework.id.desc()).limit(1)),
        slug=unique_slug(session, Course, title),
        title=title,
        summary=summary,
        is_open=is_open,
        deadline=deadline,
        status=CourseStatus.DRAFT,
        search_text=fold(f"{title} {summary}"),
    )
    session.add(course)
    session.flush()
    return course


def update_course(
    session: Session, course: Course, title: str, summary: str, is_open: bool, deadline: date | None
) -> None:
    course.title = _title(title)
    course.summary = summary
    course.is_open = is_open
    course.deadline = deadline
    course.search_text = fold(f"{course.title} {summary}")
    session.flush()


def set_published(session: Session, course: Course, published: bool) -> None:
    """Publish or unpublish; a course with no lesson cannot be published."""
    live_lessons = [
        lesson for m in course.modules if m.retired_at is None for lesson in m.lessons if lesson.retired_at is None
    ]
    if published and not live_lessons:
        raise ValidationFailed("Khóa học cần ít nhất một bài học trước khi xuất bản.")
    course.status = CourseStatus.PUBLISHED if published else CourseStatus.DRAFT
    session.flush()


def add_module(
    session: Session, course: Course, title: str, area_code: str | None, summary: str = "", required: bool = True
) -> Module:
    title = _title(title)
    module = Module(
        course=course,
        slug=unique_slug(session, Module, title, course_id=course.id),
        title=title,
        summary=summary,
        area_code=check_area(course, area_code),
        required=required,
        position=max((m.position for m in course.modules), default=0) + 1,
    )
    session.add(module)
    session.flush()
    recompute_course_progress(session, course)
    return module


def update_module(
    session: Session, module: Module, title: str, area_code: str | None, summary: str, required: bool
) -> None:
    module.title = _title(title)
    module.area_code = check_area(module.course, area_code)
    module.summary = summary
    changed = module.required != required
    module.required = required
    session.flush()
    if changed:
        recompute_course_progress(session, module.course)


def add_lesson(
    session: Session, module: Module, title: str, body_markdown: str, minutes: int, required: bool = True
) -> Lesson:
    title = _title(title)
    lesson = Lesson(
        module=module,
        slug=unique_slug(session, Lesson, title, module_id=module.id),
        title=title,
        minutes=max(0, minutes),
        required=required,
        position=max((lesson.position for lesson in module.lessons), default=0) + 1,
    )
    set_lesson_body(lesson, body_markdown)
    session.add(lesson)
    session.flush()
    recompute_course_progress(session, module.course)
    return lesson


def update_lesson(
    session: Session, lesson: Lesson, title: str, body_markdown: str, minutes: int, required: bool
) -> None:
    """Edit a lesson in place: completions stay, so nobody loses progress."""
    lesson.title = _title(title)
    lesson.minutes = max(0, minutes)
    set_lesson_body(lesson, body_markdown)
    changed = lesson.required != required
    lesson.required = required
    session.flush()
    if changed:
        recompute_course_progress(session, lesson.module.course)


def move(session: Session, item: Module | Lesson, direction: int) -> None:
    """Swap an item with its neighbour (direction -1 up, +1 down) and renumber positions 1..n."""
    siblings = item.course.modules if isinstance(item, Module) else item.module.lessons
    # Retired items are invisible to authors, so they must not absorb a move.
    ordered = sorted((x for x in siblings if x.retired_at is None), key=lambda x: x.position)
    index = ordered.index(item)
    target = index + direction
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        sibling.position = position
    session.flush()


def retire(session: Session, item: Module | Lesson) -> None:
    """Withdraw a module or lesson without deleting anyone's history; progress is recounted."""
    item.retired_at = now_utc()
    session.flush()
    course = item.course if isinstance(item, Module) else item.module.course
    recompute_course_progress(session, course)
