"""Load everything shipped: the framework, courses and lessons, question banks and quizzes."""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from courses.content_files import CONTENT_ROOT, ContentError, read_content
from courses.content_sync import SyncReport, sync_content
from courses.currency import SUPERSEDED_FILE, lesson_warnings, load_superseded, stale_citations
from courses.services import recompute_course_progress
from lms.assistant.index import IndexReport, rebuild_index
from quizzes.blueprint import Blueprint, BlueprintError, load_blueprint
from quizzes.shipped import BANKS_ROOT, BankReport, read_pool_files, sync_banks, sync_course_quizzes


@dataclass
class CurriculumReport:
    content: SyncReport
    banks: BankReport
    assistant: IndexReport
    #: "file:line: …" notes that change nothing: superseded law cited as current, a lesson's missing legal basis.
    warnings: list[str] = field(default_factory=list)


def sync_curriculum(session: Session, root: Path = CONTENT_ROOT) -> CurriculumReport:
    """Sync courses, banks and quizzes in one transaction (ContentError leaves everything as it was)."""
    content = sync_content(session, root)
    framework = content.framework
    blueprint = _blueprint(root, {c.code for a in framework.areas for c in a.competencies} if framework else set())
    banks = BankReport()
    sync_banks(session, banks)
    for course in content.courses:
        sync_course_quizzes(session, course, banks, blueprint)
        recompute_course_progress(session, course)
    # The assistant answers from the lessons just synced.
    return CurriculumReport(content, banks, rebuild_index(session), content_warnings(root))


def content_warnings(root: Path = CONTENT_ROOT, banks_root: Path = BANKS_ROOT) -> list[str]:
    """Currency of the lessons and the shipped questions (read from the files; nothing is written)."""
    superseded = load_superseded(root / SUPERSEDED_FILE)
    _framework, courses = read_content(root)
    lessons = [lesson for course in courses for module in course.modules for lesson in module.lessons]
    warnings = lesson_warnings(lessons, superseded, root)
    for shown, _pool, result in read_pool_files(banks_root):
        for q in result.questions:
            text = "\n".join([q.text, q.general_feedback, *(f"{o.text} {o.feedback}" for o in q.options)])
            where = f"{shown}:{q.line} ({q.title})"
            warnings += [f"{where}: {message}" for _line, message in stale_citations(text, superseded)]
    return warnings


def _blueprint(root: Path, competencies: set[str]) -> Blueprint | None:
    """The content's test blueprint (`blueprint.yaml` beside `framework.yaml`), if it has one."""
    path = root / "blueprint.yaml"
    if not path.is_file():
        return None
    try:
        return load_blueprint(path, competencies)
    except BlueprintError as error:
        raise ContentError([str(error)]) from error
