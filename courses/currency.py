"""Is the content current? Citations of superseded law, and lessons' legal-basis front matter. Pure.

`courses/content/superseded.yaml` lists documents no longer in force and what replaced them. `content sync`
prints a warning, naming file and line, wherever a lesson or a shipped question cites one as current; a sentence
that says the document was replaced (or names its replacement) is a history note and passes.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from courses.content_files import LessonFile

SUPERSEDED_FILE = "superseded.yaml"
#: Words that make a mention of an old document a history note rather than a citation of current law.
HISTORY_WORDS = ("thay thế", "thay bằng", "hết hiệu lực", "trước đây", "bãi bỏ", "trước năm", "trước ngày")
#: A legal document's number as lessons write it: 118/2025/NĐ-CP, 91/2025/QH15, 06/QĐ-TTg, 03/2025/TT-VPCP.
DOCUMENT_NUMBER = re.compile(r"\b\d{1,4}/(?:\d{4}/)?(?:NĐ-CP|QH\d{2}|QĐ-TTg|QĐ-[A-ZĐ]+|TT-[A-ZĐ]+|CT-TTg|NQ/TW|NQ-CP)")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


@dataclass(frozen=True)
class Superseded:
    document: str
    cited_as: tuple[str, ...]
    replaced_by: str
    since: date


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def load_superseded(path: Path) -> list[Superseded]:
    """The list of superseded documents; an absent file means none."""
    if not path.is_file():
        return []
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Superseded(
            _nfc(row["document"]),
            tuple(_nfc(c) for c in row.get("cited_as") or [row["document"]]),
            _nfc(row["replaced_by"]),
            row["since"] if isinstance(row["since"], date) else date.fromisoformat(str(row["since"])),
        )
        for row in rows
    ]


def _is_history(sentence: str, old: Superseded) -> bool:
    lowered = sentence.lower()
    replacement = DOCUMENT_NUMBER.search(old.replaced_by)
    named = replacement is not None and replacement.group(0).lower() in lowered
    return named or old.replaced_by.lower() in lowered or any(word in lowered for word in HISTORY_WORDS)


def stale_citations(text: str, superseded: list[Superseded]) -> list[tuple[int, str]]:
    """(line number, message) for each sentence of `text` that cites a superseded document as current."""
    found = []
    for number, line in enumerate(_nfc(text).split("\n"), start=1):
        for sentence in _SENTENCE_END.split(line):
            lowered = sentence.lower()
            for old in superseded:
                if any(c.lower() in lowered for c in old.cited_as) and not _is_history(sentence, old):
                    found.append(
                        (
                            number,
                            f"trích dẫn {old.document} như văn bản đang có hiệu lực; "
                            f"từ {old.since:%d/%m/%Y} đã được thay bằng {old.replaced_by}",
                        )
                    )
    return found


def cited_numbers(text: str) -> set[str]:
    """The document numbers a text cites ("118/2025/NĐ-CP", …)."""
    return {match.group(0) for match in DOCUMENT_NUMBER.finditer(_nfc(text))}


def unlisted_citations(body: str, legal: Iterable[str], where: str, superseded: Iterable[Superseded] = ()) -> list[str]:
    """A warning for each document the lesson cites but its front matter's `legal` list does not name.

    Superseded documents are left to `stale_citations`: a lesson may name one in a history note without listing it.
    """
    listed = " ".join(legal)
    old = " ".join(c for s in superseded for c in (s.document, *s.cited_as))
    return [
        f"{where}: bài học trích dẫn {number} nhưng “legal” ở đầu bài chưa liệt kê"
        for number in sorted(cited_numbers(body))
        if number not in listed and number not in old
    ]


def lesson_warnings(lessons: Iterable["LessonFile"], superseded: list[Superseded], root: Path) -> list[str]:
    """For each lesson: a missing legal basis or review date, superseded law cited as current, unlisted citations."""
    warnings = []
    for lesson in lessons:
        where = (
            str(lesson.path.relative_to(root.parent)) if lesson.path.is_relative_to(root.parent) else str(lesson.path)
        )
        if lesson.legal is None:
            warnings.append(f"{where}:1: thiếu “legal” (các văn bản pháp luật bài học trích dẫn) ở phần đầu bài")
        if lesson.reviewed is None:
            warnings.append(f"{where}:1: thiếu “reviewed” (ngày rà soát nội dung gần nhất) ở phần đầu bài")
        text = lesson.path.read_text(encoding="utf-8")
        warnings += [f"{where}:{line}: {message}" for line, message in stale_citations(text, superseded)]
        warnings += unlisted_citations(lesson.body, lesson.legal or [], where, superseded)
    return warnings
