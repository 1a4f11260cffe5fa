"""Read-only queries for the learner and authoring pages (a constant number of queries whatever the size)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from courses.models import Course, CourseAssignment, CourseStatus, Enrolment, Lesson, LessonCompletion, Module
from courses.permissions import can_see_course
from courses.services import completed_lesson_ids
from lms import events
from lms.auth.models import User
from lms.errors import NotFound
from lms.text import like_pattern


@dataclass(frozen=True)
class StudyCounts:
    """What a progress line says in plain words: "3/32 bài học · 1/9 bài kiểm tra"."""

    lessons_done: int
    lessons_total: int
    quizzes_passed: int = 0
    quizzes_total: int = 0


def study_counts(session: Session, user_id: int, course_ids: list[int]) -> dict[int, StudyCounts]:
    """Required lessons done and quizzes passed per course for one person (a fixed number of queries)."""
    if not course_ids:
        return {}
    live_required = (
        select(Module.course_id, Lesson.id.label("lesson_id"))
        .join(Lesson, Lesson.module_id == Module.id)
        .where(
            Module.course_id.in_(course_ids),
            Module.required.is_(True),
            Module.retired_at.is_(None),
            Lesson.required.is_(True),
            Lesson.retired_at.is_(None),
        )
        .subquery()
    )
    totals = dict(
        session.execute(
            select(live_required.c.course_id, func.count()).group_by(live_required.c.course_id)
        ).all()
    )
    done = dict(
        session.execute(
            select(live_required.c.course_id, func.count(LessonCompletion.id))
            .join(LessonCompletion, LessonCompletion.lesson_id == live_required.c.lesson_id)
            .where(LessonCompletion.user_id == user_id)
            .group_by(live_required.c.course_id)
        ).all()
    )
    quizzes: dict[int, tuple[int, int]] = {}
    for answer in events.ask(events.quiz_progress, tuple(course_ids), session=session, user_id=user_id):
        quizzes.update(answer)
    return {
        course_id: StudyCounts(done.get(course_id, 0), totals.get(course_id, 0), *quizzes.get(course_id, (0, 0)))
        for course_id in course_ids
    }


def missing_lessons(session: Session, user_id: int, course_ids: list[int]) -> dict[int, list[Lesson]]:
    """Per course, the live required lessons the person has not completed, in course order (one query)."""
    if not course_ids:
        return {}
    done = select(LessonCompletion.lesson_id).where(LessonCompletion.user_id == user_id)
    rows = session.execute(
        select(Module.course_id, Lesson)
        .join(Lesson, Lesson.module_id == Module.id)
        .where(
            Module.course_id.in_(course_ids),
            Module.required.is_(True),
            Module.retired_at.is_(None),
            Lesson.required.is_(True),
            Lesson.retired_at.is_(None),
            Lesson.id.not_in(done),
        )
        .order_by(Module.position, Lesson.position)
    ).all()
    missing: dict[int, list[Lesson]] = {course_id: [] for course_id in course_ids}
    for course_id, lesson in rows:
        missing[course_id].append(lesson)
    return missing


def list_my_enrolments(session: Session, user: User) -> list[Enrolment]:
    """My enrolments in published courses, nearest deadline first."""
    stmt = (
        select(Enrolment)
        .join(Course, Enrolment.course_id == Course.id)
        .options(contains_eager(Enrolment.course))
        .where(Enrolment.user_id == user.id, Course.status == CourseStatus.PUBLISHED)
        .order_by(Enrolment.completed_at.is_not(None), Enrolment.deadline, Course.title)
    )
    return list(session.scalars(stmt))


def list_open_courses(session: Session, user: User) -> list[Course]:
    """Published open courses I am not enrolled in."""
    mine = select(Enrolment.course_id).where(Enrolment.user_id == user.id)
    stmt = (
        select(Course)
        .where(Course.status == CourseStatus.PUBLISHED, Course.is_open.is_(True), Course.id.not_in(mine))
        .order_by(Course.title)
    )
    return list(session.scalars(stmt))


def get_visible_course(session: Session, user: User, course_id: int) -> Course:
    """A course with its outline loaded; 404 when unknown or a draft this person must not know about."""
    course = load_course(session, course_id)
    if course is None or not can_see_course(user, course):
        raise NotFound("Không tìm thấy khóa học.")
    return course


def load_course(session: Session, course_id: int) -> Course | None:
    """A course with its modules and lessons loaded (3 queries)."""
    return session.scalar(
        select(Course).options(selectinload(Course.modules).selectinload(Module.lessons)).where(Course.id == course_id)
    )


@dataclass
class LessonItem:
    lesson: Lesson
    completed: bool


@dataclass
class ModuleItem:
    module: Module
    lessons: list[LessonItem]

    @property
    def done(self) -> int:
        return sum(1 for item in self.lessons if item.completed)


@dataclass
class Outline:
    course: Course
    modules: list[ModuleItem]
    next_lesson: Lesson | None
    quizzes: dict[int | None, list[Any]] = field(default_factory=dict)

    @property
    def lessons(self) -> list[Lesson]:
        return [item.lesson for module in self.modules for item in module.lessons]

    def study_counts(self) -> StudyCounts:
        """The progress line's counts, from what the outline already holds (no query)."""
        required = [i for m in self.modules if m.module.required for i in m.lessons if i.lesson.required]
        quizzes = [q for items in self.quizzes.values() for q in items]
        return StudyCounts(
            sum(1 for i in required if i.completed),
            len(required),
            sum(1 for q in quizzes if getattr(q, "passed", False)),
            len(quizzes),
        )

    def module_quiz(self, module_id: int) -> Any | None:
        """The practice quiz of a module, if it has one."""
        return next(iter(self.quizzes.get(module_id) or []), None)

    def next_step(self, next_lesson: Lesson | None) -> tuple[str, Any] | None:
        """Where "Tiếp tục học" goes, in course order: the practice quiz of a module whose lessons are all done and
        that was never tried; else the next lesson; else the final assessment not yet passed; else nothing."""
        for item in self.modules:
            quiz = self.module_quiz(item.module.id)
            if quiz is not None and quiz.best_percent is None and item.lessons and item.done == len(item.lessons):
                return "quiz", quiz
        if next_lesson is not None:
            return "lesson", next_lesson
        final = next((q for q in self.quizzes.get(None) or [] if not q.passed), None)
        return ("quiz", final) if final is not None else None

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        ordered = self.lessons
        index = ordered.index(lesson)
        return (ordered[index - 1] if index else None, ordered[index + 1] if index + 1 < len(ordered) else None)


def course_outline(session: Session, course: Course, user: User) -> Outline:
    """Live modules and lessons in order, what I completed, and the next thing to study."""
    done = completed_lesson_ids(session, user, course)
    modules = [
        ModuleItem(m, [LessonItem(lesson, lesson.id in done) for lesson in m.lessons if lesson.retired_at is None])
        for m in course.modules
        if m.retired_at is None
    ]
    lessons = [(module.module, item) for module in modules for item in module.lessons]
    next_required = next((i.lesson for m, i in lessons if not i.completed and i.lesson.required and m.required), None)
    next_any = next((i.lesson for _, i in lessons if not i.completed), None)
    quizzes: dict[int | None, list[Any]] = {}
    for listed in events.ask(events.course_quizzes, course.id, session=session, user_id=user.id):
        for key, items in listed.items():
            quizzes.setdefault(key, []).extend(items)
    return Outline(course, modules, next_required or next_any, quizzes)


def days_left(deadline: date | None, today: date) -> int | None:
    return None if deadline is None else (deadline - today).days


@dataclass
class SearchHit:
    course: Course
    lesson: Lesson | None


def search(session: Session, query: str, user: User, include_drafts: bool, limit: int = 30) -> list[SearchHit]:
    """Find courses and lessons by title or text, ignoring diacritics and case ("bao mat" → "bảo mật")."""
    if not query.strip():
        return []
    pattern = like_pattern(query)
    visible = Course.status == CourseStatus.PUBLISHED if not include_drafts else Course.id.is_not(None)
    if not include_drafts:
        mine = select(Enrolment.course_id).where(Enrolment.user_id == user.id)
        visible = visible & or_(Course.id.in_(mine), Course.is_open.is_(True))
    courses = session.scalars(
        select(Course).where(visible, Course.search_text.like(pattern, escape="\\")).order_by(Course.title).limit(limit)
    ).all()
    lessons = session.execute(
        select(Lesson, Course)
        .join(Module, Lesson.module_id == Module.id)
        .join(Course, Module.course_id == Course.id)
        .where(
            visible,
            Lesson.retired_at.is_(None),
            Module.retired_at.is_(None),
            Lesson.search_text.like(pattern, escape="\\"),
        )
        .order_by(Course.title, Module.position, Lesson.position)
        .limit(limit)
    ).all()
    return [SearchHit(c, None) for c in courses] + [SearchHit(c, lesson) for lesson, c in lessons]


# --- authoring pages ------------------------------------------------------------------------------------------

#: What the authoring outline shows of each lesson; the bodies stay in the database.
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


def get_course(session: Session, course_id: int, *, outline: bool = False) -> Course | None:
    """A course; with `outline`, its modules and lessons (without their bodies) come in two more queries."""
    options = []
    if outline:
        lessons = selectinload(Course.modules).selectinload(Module.lessons)
        options.append(lessons.load_only(*_OUTLINE_COLUMNS))
    return session.get(Course, course_id, options=options)


def list_courses_with_counts(session: Session) -> list[CourseRow]:
    """Read every course, newest first, with its live module and lesson counts in a fixed number of queries."""
    courses = session.scalars(
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


def list_assignments(session: Session, course: Course) -> list[CourseAssignment]:
    """A course's assignment rules, newest first, with their units."""
    return list(
        session.scalars(
            select(CourseAssignment)
            .where(CourseAssignment.course_id == course.id)
            .options(selectinload(CourseAssignment.unit))
            .order_by(CourseAssignment.created_at.desc(), CourseAssignment.id.desc())
        )
    )
