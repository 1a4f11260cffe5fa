"""The retrieval index: passages cut from lessons into a table, and each process's in-memory copy.

`content sync` (and `flask assistant reindex`) cut every live lesson into passages and store them. A
trainer's edit to a lesson makes the stored passages stale (the lessons' count and latest update no
longer match `AssistantIndex.lessons_stamp`); the next question then re-cuts them. Every app process
keeps the index it built in memory and builds it again only when `AssistantIndex.version` changes, so
several gunicorn processes stay consistent without sharing anything but the database.
"""

import hashlib
import threading
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from courses.models import Course, Lesson, Module
from lms.assistant.models import AssistantIndex, AssistantPassage
from lms.assistant.retrieval import Passage, SearchIndex, split_lesson
from lms.assistant.tokens import syllables
from lms.models import now_utc

INDEX_ROW_ID = 1

_lock = threading.Lock()
_cached: tuple[str, SearchIndex] | None = None


@dataclass
class IndexReport:
    lessons: int = 0
    passages: int = 0
    changed_lessons: int = 0


def lessons_stamp(session: Session) -> str:
    """A short fingerprint of all lessons that changes whenever one is added, edited or retired."""
    count, latest = session.execute(select(func.count(Lesson.id), func.max(Lesson.updated_at))).one()
    return f"{count}:{latest.isoformat() if latest else '-'}"


def rebuild_index(session: Session) -> IndexReport:
    """Cut every live lesson into passages, rewriting only the lessons whose passages changed. Flushes."""
    report = IndexReport()
    stamp = lessons_stamp(session)
    row = session.get(AssistantIndex, INDEX_ROW_ID, with_for_update=True)
    rows = session.execute(
        select(Lesson.id, Lesson.title, Lesson.body_markdown, Module.course_id)
        .join(Module, Lesson.module_id == Module.id)
        .where(Lesson.retired_at.is_(None), Module.retired_at.is_(None))
        .order_by(Lesson.id)
    ).all()
    existing: dict[int, list[tuple[str, str]]] = {}
    for passage in session.scalars(select(AssistantPassage).order_by(AssistantPassage.position)):
        existing.setdefault(passage.lesson_id, []).append((passage.heading, passage.text))
    live = set()
    for lesson_id, title, markdown, course_id in rows:
        live.add(lesson_id)
        drafts = split_lesson(title, markdown)
        report.lessons += 1
        report.passages += len(drafts)
        if existing.get(lesson_id) == [(d.heading[:300], d.text) for d in drafts]:
            continue
        report.changed_lessons += 1
        session.execute(delete(AssistantPassage).where(AssistantPassage.lesson_id == lesson_id))
        session.add_all(
            AssistantPassage(
                lesson_id=lesson_id,
                course_id=course_id,
                position=d.position,
                heading=d.heading[:300],
                text=d.text,
                folded=" ".join(syllables(f"{d.heading}. {d.text}")),
            )
            for d in drafts
        )
    gone = set(existing) - live
    if gone:
        report.changed_lessons += len(gone)
        session.execute(delete(AssistantPassage).where(AssistantPassage.lesson_id.in_(gone)))
    session.flush()
    version = _version(session)
    if row is None:
        row = AssistantIndex(id=INDEX_ROW_ID, version=version, lessons_stamp=stamp)
        session.add(row)
    row.version, row.lessons_stamp, row.passages, row.built_at = version, stamp, report.passages, now_utc()
    session.flush()
    return report


def refresh_if_stale(session: Session) -> None:
    """Re-cut the passages when lessons changed since they were cut (a trainer's edit). Flushes."""
    stamp = lessons_stamp(session)
    current = session.scalar(select(AssistantIndex.lessons_stamp).where(AssistantIndex.id == INDEX_ROW_ID))
    if current == stamp:
        return
    try:
        with session.begin_nested():
            rebuild_index(session)
    except IntegrityError:
        # Another process re-cut them at the same moment; its passages are as good as ours.
        pass


def _version(session: Session) -> str:
    digest = hashlib.sha256()
    for row in session.execute(_passages_query()):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _passages_query():  # type: ignore[no-untyped-def]
    return (
        select(
            AssistantPassage.id,
            AssistantPassage.lesson_id,
            AssistantPassage.course_id,
            Lesson.title,
            AssistantPassage.heading,
            AssistantPassage.text,
        )
        .join(Lesson, AssistantPassage.lesson_id == Lesson.id)
        .order_by(AssistantPassage.id)
    )


def current_index(session: Session) -> SearchIndex:
    """This process's index for the stored passages, built again only when their version changed."""
    global _cached
    version = session.scalar(select(AssistantIndex.version).where(AssistantIndex.id == INDEX_ROW_ID)) or ""
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
        passages = [Passage(*row) for row in session.execute(_passages_query())]
        index = SearchIndex(passages)
        _cached = (version, index)
        return index


def course_titles(session: Session, course_ids: set[int]) -> dict[int, str]:
    """Titles of these courses (for the answer page)."""
    if not course_ids:
        return {}
    return dict(session.execute(select(Course.id, Course.title).where(Course.id.in_(course_ids))).all())
