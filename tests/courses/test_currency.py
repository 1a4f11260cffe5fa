"""Content currency: superseded law cited as current is warned about (file and line); the shipped content is clean."""

import shutil
from pathlib import Path

from courses.content_files import CONTENT_ROOT
from courses.currency import load_superseded, stale_citations, unlisted_citations
from lms.curriculum import content_warnings

SUPERSEDED = load_superseded(CONTENT_ROOT / "superseded.yaml")


def test_a_superseded_decree_cited_as_current_is_warned_about_with_its_line():
    text = "Dòng đầu.\nViệc tiếp nhận hồ sơ thực hiện theo Nghị định 61/2018/NĐ-CP về cơ chế một cửa."
    [(line, message)] = stale_citations(text, SUPERSEDED)
    assert line == 2
    assert "Nghị định 61/2018/NĐ-CP" in message and "118/2025/NĐ-CP" in message and "01/07/2025" in message


def test_a_history_note_is_not_warned_about():
    notes = [
        "Nghị định 118/2025/NĐ-CP đã thay thế Nghị định 61/2018/NĐ-CP.",
        "Trước đây, việc này theo Nghị định 45/2020/NĐ-CP.",
        "Luật An ninh mạng năm 2018 đã hết hiệu lực từ 1/7/2026.",
    ]
    assert [stale_citations(note, SUPERSEDED) for note in notes] == [[], [], []]


def test_each_sentence_is_judged_on_its_own():
    text = "Nghị định 118/2025/NĐ-CP là văn bản mới. Hồ sơ vẫn theo Nghị định 45/2020/NĐ-CP."
    assert len(stale_citations(text, SUPERSEDED)) == 1


def test_a_cited_document_missing_from_the_front_matter_is_named():
    body = "Theo Nghị định 118/2025/NĐ-CP và Luật 91/2025/QH15 …"
    warnings = unlisted_citations(body, ["Nghị định 118/2025/NĐ-CP"], "bai.md")
    assert warnings == ["bai.md: bài học trích dẫn 91/2025/QH15 nhưng “legal” ở đầu bài chưa liệt kê"]


def test_content_sync_warns_for_a_lesson_citing_nd_61_2018_as_current(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT_ROOT, root)
    lesson = next(root.glob("kns-co-ban/07-dv/02-*.md"))
    lines = lesson.read_text(encoding="utf-8").split("\n")
    lines.append("Bộ phận một cửa làm việc theo Nghị định 61/2018/NĐ-CP.")
    lesson.write_text("\n".join(lines), encoding="utf-8")
    warnings = content_warnings(root)
    rel = f"content/kns-co-ban/07-dv/{lesson.name}:{len(lines)}"
    assert [w for w in warnings if "61/2018" in w and "hiệu lực" in w] == [
        f"{rel}: trích dẫn Nghị định 61/2018/NĐ-CP như văn bản đang có hiệu lực; "
        "từ 01/07/2025 đã được thay bằng Nghị định 118/2025/NĐ-CP"
    ]


def test_the_shipped_content_is_current_and_every_lesson_states_its_legal_basis():
    assert content_warnings() == []


def test_every_lesson_ends_with_a_practical_task():
    lessons = sorted(Path(CONTENT_ROOT).glob("*/*/*.md"))
    assert len(lessons) >= 32
    assert [p.name for p in lessons if "\n## Thực hành" not in p.read_text(encoding="utf-8")] == []
