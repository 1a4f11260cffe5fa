"""Rules of the learner journey: enrolment, assignments, progress, completion. Flush, never commit."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from courses.models import (
    Course,
    CourseAssignment,
    Enrolment,
    EnrolmentSource,
    Lesson,
    LessonCompletion,
    Module,
)
from lms import events
from lms.auth.models import StaffCategory, User
from lms.errors import NotFound, ValidationFailed
from lms.models import now_utc
from lms.org.models import Unit

#: Default deadline of Chỉ thị 14/CT-TTg: every official done by 31/12/2026.
DEFAULT_DEADLINE = date(2026, 12, 31)


def required_lessons(course_id: int):  # type: ignore[no-untyped-def]
    """SELECT the ids of a course's live required lessons (in live required modules)."""
    return (
        select(Lesson.id)
        .join(Module, Lesson.module_id == Module.id)
        .where(
            Module.course_id == course_id,
            Module.required.is_(True),
            Module.retired_at.is_(None),
            Lesson.required.is_(True),
            Lesson.retired_at.is_(None),
        )
    )


def other_required_items(session: Session, course_id: int, user_id: int | None) -> list[tuple[dict[int, int], int]]:
    """Required items beyond lessons (quizzes answer `events.required_items`): ({user_id: done}, items) each."""
    return list(events.ask(events.required_items, course_id, session=session, user_id=user_id))


def _completed(session: Session, enrolment: Enrolment) -> None:
    """The enrolment just became complete: a confirmation, then a certificate, may follow (events)."""
    events.send(events.enrolment_completed, enrolment, session=session)


def count_required_lessons(session: Session, course_id: int) -> int:
    return session.scalar(select(func.count()).select_from(required_lessons(course_id).subquery())) or 0


def count_required_items(session: Session, course_id: int) -> int:
    others = other_required_items(session, course_id, None)
    return count_required_lessons(session, course_id) + sum(items for _done, items in others)


def percent(done: int, total: int) -> int:
    """Whole-number progress; 100 only when everything is done."""
    if total <= 0:
        return 0
    return 100 if done >= total else min(99, done * 100 // total)


def recompute_progress(session: Session, enrolment: Enrolment) -> Enrolment:
    """Recount one enrolment's completed required items and store the result."""
    total = count_required_lessons(session, enrolment.course_id)
    done = (
        session.scalar(
            select(func.count(LessonCompletion.id)).where(
                LessonCompletion.user_id == enrolment.user_id,
                LessonCompletion.lesson_id.in_(required_lessons(enrolment.course_id)),
            )
        )
        or 0
    )
    _store_lessons(enrolment, done, total)
    for extra_done, extra_total in other_required_items(session, enrolment.course_id, enrolment.user_id):
        done, total = done + extra_done.get(enrolment.user_id, 0), total + extra_total
    was_complete = enrolment.completed_at is not None
    _store_progress(enrolment, done, total)
    if enrolment.completed_at is not None and not was_complete:
        _completed(session, enrolment)
    return enrolment


def _store_lessons(enrolment: Enrolment, done: int, total: int) -> None:
    """Remember when the required lessons were all done ("hoàn thành khóa học" in the report)."""
    if total and done >= total:
        enrolment.lessons_completed_at = enrolment.lessons_completed_at or now_utc()
    else:
        enrolment.lessons_completed_at = None


def _store_progress(enrolment: Enrolment, done: int, total: int) -> None:
    enrolment.items_total, enrolment.items_done = total, min(done, total)
    enrolment.progress_percent = percent(done, total)
    if total and done >= total:
        enrolment.completed_at = enrolment.completed_at or now_utc()
    else:
        enrolment.completed_at = None


def recompute_course_progress(session: Session, course: Course) -> int:
    """Recount every enrolment of a course (after its required items change); return how many changed."""
    total = lessons_total = count_required_lessons(session, course.id)
    done_by_user = dict(
        session.execute(
            select(LessonCompletion.user_id, func.count(LessonCompletion.id))
            .where(LessonCompletion.lesson_id.in_(required_lessons(course.id)))
            .group_by(LessonCompletion.user_id)
        ).all()
    )
    lessons_by_user = dict(done_by_user)
    for extra_done, extra_total in other_required_items(session, course.id, None):
        total += extra_total
        for user_id, count in extra_done.items():
            done_by_user[user_id] = done_by_user.get(user_id, 0) + count
    changed = 0
    for enrolment in session.scalars(select(Enrolment).where(Enrolment.course_id == course.id)):
        before = (enrolment.items_done, enrolment.items_total, enrolment.completed_at is not None)
        _store_lessons(enrolment, lessons_by_user.get(enrolment.user_id, 0), lessons_total)
        _store_progress(enrolment, done_by_user.get(enrolment.user_id, 0), total)
        if before != (enrolment.items_done, enrolment.items_total, enrolment.completed_at is not None):
            changed += 1
            if enrolment.completed_at is not None and not before[2]:
                _completed(session, enrolment)
    session.flush()
    return changed


# --- enrolment -----------------------------------------------------------------


def get_enrolment(session: Session, user: User, course: Course) -> Enrolment | None:
    return session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id))


def enrol(
    session: Session, user: User, course: Course, source: EnrolmentSource, deadline: date | None = None
) -> Enrolment:
    """Enrol a person (idempotent: an existing enrolment is returned unchanged)."""
    existing = get_enrolment(session, user, course)
    if existing is not None:
        return existing
    enrolment = Enrolment(user_id=user.id, course_id=course.id, source=source, deadline=deadline or course.deadline)
    session.add(enrolment)
    recompute_progress(session, enrolment)
    session.flush()
    return enrolment


def self_enrol(session: Session, user: User, course: Course) -> Enrolment:
    """Enrol oneself in an open, published course."""
    if not (course.is_published and course.is_open):
        raise NotFound("Khóa học này không mở để tự đăng ký.")
    return enrol(session, user, course, EnrolmentSource.SELF)


def _matching_people(assignment: CourseAssignment, unit_path: str | None):  # type: ignore[no-untyped-def]
    stmt = select(User.id).where(User.active.is_(True))
    if unit_path is not None:
        stmt = stmt.join(Unit, User.unit_id == Unit.id).where(Unit.path.like(unit_path + "%"))
    if assignment.staff_category:
        stmt = stmt.where(User.staff_category == assignment.staff_category)
    return stmt


def _bulk_enrol(session: Session, course: Course, user_ids: Iterable[int], deadline: date | None, source: str) -> int:
    """Insert enrolments for those of `user_ids` not yet enrolled; one query to filter, one to insert."""
    ids = set(user_ids)
    if not ids:
        return 0
    already = set(
        session.scalars(select(Enrolment.user_id).where(Enrolment.course_id == course.id, Enrolment.user_id.in_(ids)))
    )
    new_ids = sorted(ids - already)
    if not new_ids:
        return 0
    total = count_required_items(session, course.id)
    session.execute(
        insert(Enrolment),
        [
            {
                "user_id": uid,
                "course_id": course.id,
                "source": source,
                "deadline": deadline or course.deadline,
                "items_done": 0,
                "items_total": total,
                "progress_percent": 0,
                "enrolled_at": now_utc(),
            }
            for uid in new_ids
        ],
    )
    return len(new_ids)


@dataclass(frozen=True)
class AssignmentResult:
    enrolled: int
    rules: int


def assign_course(
    session: Session,
    course: Course,
    unit_codes: list[str],
    categories: list[str],
    usernames: list[str],
    deadline: date | None,
) -> AssignmentResult:
    """Assign a course to unit subtrees and/or staff categories (a lasting rule) and to named people.

    Everyone matching is enrolled now; people who join a matching unit later are enrolled by
    `enrol_new_people`. Already enrolled people are left as they are.

    :raises ValidationFailed: an unknown unit code, category or username (nothing is written).
    """
    deadline = deadline or course.deadline or DEFAULT_DEADLINE
    units = _units_by_code(session, unit_codes)
    bad_categories = [c for c in categories if c not in set(StaffCategory)]
    if bad_categories:
        message = "Đối tượng không hợp lệ: " + ", ".join(bad_categories)
        raise ValidationFailed(message, fields={"staff_categories": message})
    people = _people_by_username(session, usernames)
    if not (units or categories or people):
        message = "Cần chọn ít nhất một đơn vị, một đối tượng hoặc một người."
        raise ValidationFailed(message, fields={"unit_codes": message})
    rules = [
        CourseAssignment(course=course, unit=unit, staff_category=category, deadline=deadline)
        for unit in (units or [None])
        for category in (categories or [None])
        if unit is not None or category is not None
    ]
    session.add_all(rules)
    session.flush()
    enrolled = 0
    for rule in rules:
        ids = session.scalars(_matching_people(rule, rule.unit.path if rule.unit else None)).all()
        enrolled += _bulk_enrol(session, course, ids, deadline, EnrolmentSource.ASSIGNED)
    enrolled += _bulk_enrol(session, course, [p.id for p in people], deadline, EnrolmentSource.DIRECT)
    session.flush()
    return AssignmentResult(enrolled, len(rules))


def _units_by_code(session: Session, codes: list[str]) -> list[Unit]:
    codes = [c.strip().lower() for c in codes if c and c.strip()]
    units = list(session.scalars(select(Unit).where(Unit.code.in_(codes)))) if codes else []
    unknown = sorted(set(codes) - {u.code for u in units})
    if unknown:
        message = "Không có đơn vị mã: " + ", ".join(unknown)
        raise ValidationFailed(message, fields={"unit_codes": message})
    return units


def _people_by_username(session: Session, usernames: list[str]) -> list[User]:
    names = [n.strip().lower() for n in usernames if n and n.strip()]
    people = list(session.scalars(select(User).where(User.username.in_(names)))) if names else []
    unknown = sorted(set(names) - {p.username for p in people})
    if unknown:
        message = "Không có tên đăng nhập: " + ", ".join(unknown)
        raise ValidationFailed(message, fields={"usernames": message})
    return people


def enrol_new_people(session: Session, user_ids: Iterable[int]) -> int:
    """Apply every assignment rule to these people (new staff, or staff who moved unit)."""
    ids = list(user_ids)
    if not ids:
        return 0
    enrolled = 0
    rules = session.scalars(select(CourseAssignment).join(Course).where(Course.status == "published")).all()
    for rule in rules:
        stmt = _matching_people(rule, rule.unit.path if rule.unit else None).where(User.id.in_(ids))
        enrolled += _bulk_enrol(session, rule.course, session.scalars(stmt).all(), rule.deadline, "assigned")
    session.flush()
    return enrolled


# --- completion ------------------------------------------------------------------


def complete_lesson(session: Session, user: User, lesson: Lesson, enrolment: Enrolment) -> Enrolment:
    """Mark a lesson done (idempotent, safe when two requests race) and update the course progress."""
    exists = session.scalar(
        select(LessonCompletion.id).where(LessonCompletion.user_id == user.id, LessonCompletion.lesson_id == lesson.id)
    )
    if exists is None:
        try:
            with session.begin_nested():
                session.add(LessonCompletion(user_id=user.id, lesson_id=lesson.id))
        except IntegrityError:
            pass  # the same person completed it in another request a moment ago
    now = now_utc()
    enrolment.started_at = enrolment.started_at or now
    enrolment.last_activity_at = now
    recompute_progress(session, enrolment)
    session.flush()
    return enrolment


def completed_lesson_ids(session: Session, user: User, course: Course) -> set[int]:
    """The ids of this course's lessons the person has completed (one query)."""
    stmt = (
        select(LessonCompletion.lesson_id)
        .join(Lesson, LessonCompletion.lesson_id == Lesson.id)
        .join(Module, Lesson.module_id == Module.id)
        .where(LessonCompletion.user_id == user.id, Module.course_id == course.id)
    )
    return set(session.scalars(stmt))
