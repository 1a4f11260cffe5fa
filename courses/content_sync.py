"""Load the shipped curriculum into the database, updating in place (never deleting learner progress)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from courses.authoring import set_lesson_body
from courses.content_files import (
    CONTENT_ROOT,
    ContentError,
    CourseFile,
    FrameworkFile,
    ModuleFile,
    read_content,
    read_framework,
)
from courses.models import Area, Competency, Course, CourseStatus, Framework, Lesson, Module
from courses.services import recompute_course_progress
from lms.models import now_utc
from lms.text import fold


@dataclass
class SyncReport:
    created: dict[str, int] = field(default_factory=lambda: {"course": 0, "module": 0, "lesson": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"course": 0, "module": 0, "lesson": 0})
    retired: int = 0
    courses: list[Course] = field(default_factory=list)
    framework: Framework | None = None

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values()) or self.retired > 0


def assign(obj: Any, **values: Any) -> bool:
    """Set only the attributes whose value differs; tell whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def sync_content(session: Session, root: Path = CONTENT_ROOT) -> SyncReport:
    """Check every file first (ContentError names file and line, nothing written), then upsert."""
    framework_file, course_files = read_content(root)
    framework = _sync_framework(session, framework_file)
    report = SyncReport(framework=framework)
    for course_file in course_files:
        report.courses.append(_sync_course(session, course_file, framework, report))
    session.flush()
    for course in report.courses:
        recompute_course_progress(session, course)
    return report


def sync_framework(session: Session, root: Path = CONTENT_ROOT) -> Framework:
    """Load only the competency framework (the areas courses are tagged with)."""
    problems: list[str] = []
    data = read_framework(root, problems)
    if data is None:
        raise ContentError(problems)
    return _sync_framework(session, data)


def _sync_framework(session: Session, data: FrameworkFile) -> Framework:
    framework = session.scalar(select(Framework).where(Framework.code == data.code, Framework.version == data.version))
    if framework is None:
        framework = Framework(code=data.code, version=data.version, name=data.name)
        session.add(framework)
    assign(framework, name=data.name)
    areas = {a.code: a for a in framework.areas}
    for position, item in enumerate(data.areas, start=1):
        area = areas.get(item["code"])
        if area is None:
            area = Area(code=item["code"], name=item["name"], position=position)
            framework.areas.append(area)
        assign(area, name=item["name"], position=position)
        competencies = {c.code: c for c in area.competencies}
        for comp in item.get("competencies") or []:
            if comp["code"] in competencies:
                assign(competencies[comp["code"]], name=comp["name"])
            else:
                area.competencies.append(Competency(code=comp["code"], name=comp["name"]))
    session.flush()
    return framework


def _sync_course(session: Session, data: CourseFile, framework: Framework, report: SyncReport) -> Course:
    course = session.scalar(select(Course).where(Course.slug == data.slug))
    if course is None:
        course = Course(slug=data.slug, title=data.title)
        session.add(course)
        report.created["course"] += 1
    elif _course_differs(course, data, framework):
        report.updated["course"] += 1
    assign(
        course,
        title=data.title,
        summary=data.summary,
        is_open=data.is_open,
        status=CourseStatus.PUBLISHED if data.published else CourseStatus.DRAFT,
        framework=framework,
        search_text=fold(f"{data.title} {data.summary}"),
    )
    modules = {m.slug: m for m in course.modules}
    seen = set()
    for position, module_file in enumerate(data.modules, start=1):
        seen.add(module_file.slug)
        module = modules.get(module_file.slug)
        if module is None:
            module = Module(slug=module_file.slug, title=module_file.title)
            course.modules.append(module)
            report.created["module"] += 1
        elif _changed_module(module, module_file, position):
            report.updated["module"] += 1
        assign(
            module,
            title=module_file.title,
            summary=module_file.summary,
            area_code=module_file.area,
            required=module_file.required,
            position=position,
            retired_at=None,
        )
        _sync_lessons(session, module, module_file, report)
    for slug, module in modules.items():
        if slug not in seen and module.retired_at is None:
            module.retired_at = now_utc()
            report.retired += 1
    return course


def _course_differs(course: Course, data: CourseFile, framework: Framework) -> bool:
    status = CourseStatus.PUBLISHED if data.published else CourseStatus.DRAFT
    return (course.title, course.summary, course.is_open, course.status, course.framework_id) != (
        data.title,
        data.summary,
        data.is_open,
        status,
        framework.id,
    )


def _changed_module(module: Module, data: ModuleFile, position: int) -> bool:
    return (module.title, module.summary, module.area_code, module.required, module.position, module.retired_at) != (
        data.title,
        data.summary,
        data.area,
        data.required,
        position,
        None,
    )


def _sync_lessons(session: Session, module: Module, data: ModuleFile, report: SyncReport) -> None:
    lessons = {lesson.slug: lesson for lesson in module.lessons}
    seen = set()
    for position, item in enumerate(data.lessons, start=1):
        seen.add(item.slug)
        lesson = lessons.get(item.slug)
        if lesson is None:
            lesson = Lesson(slug=item.slug, title=item.title)
            module.lessons.append(lesson)
            report.created["lesson"] += 1
        elif (
            lesson.title,
            lesson.minutes,
            lesson.required,
            lesson.position,
            lesson.body_markdown,
            lesson.retired_at,
        ) != (
            item.title,
            item.minutes,
            item.required,
            position,
            item.body,
            None,
        ):
            report.updated["lesson"] += 1
        assign(
            lesson, title=item.title, minutes=item.minutes, required=item.required, position=position, retired_at=None
        )
        if lesson.body_markdown != item.body:
            set_lesson_body(lesson, item.body)
        assign(lesson, search_text=fold(f"{item.title} {item.body}"))
    for slug, lesson in lessons.items():
        if slug not in seen and lesson.retired_at is None:
            lesson.retired_at = now_utc()
            report.retired += 1
