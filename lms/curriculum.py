"""Load everything shipped: the framework, courses and lessons, question banks and quizzes."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from courses.content_files import CONTENT_ROOT
from courses.content_sync import SyncReport, sync_content
from courses.services import recompute_course_progress
from lms.assistant.index import IndexReport, rebuild_index
from quizzes.shipped import BankReport, sync_banks, sync_course_quizzes


@dataclass
class CurriculumReport:
    content: SyncReport
    banks: BankReport
    assistant: IndexReport


def sync_curriculum(session: Session, root: Path = CONTENT_ROOT) -> CurriculumReport:
    """Sync courses, banks and quizzes in one transaction (ContentError leaves everything as it was)."""
    content = sync_content(session, root)
    banks = BankReport()
    sync_banks(session, banks)
    for course in content.courses:
        sync_course_quizzes(session, course, banks)
        recompute_course_progress(session, course)
    # The assistant answers from the lessons just synced.
    return CurriculumReport(content, banks, rebuild_index(session))
