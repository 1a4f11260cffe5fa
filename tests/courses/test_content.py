"""The shipped curriculum and `flask content sync`."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from courses.content_files import CONTENT_ROOT, ContentError, read_content
from courses.content_sync import sync_content
from courses.models import Course, Enrolment, EnrolmentSource, Lesson, LessonCompletion, Module
from courses.services import complete_lesson, enrol
from tests.factories import Tree, make_user

AREAS = {"CDS", "TB", "TT", "GT", "ND", "AT", "DV", "AI"}


def test_every_area_has_a_module_with_three_lessons_of_400_words():
    framework, courses = read_content()
    assert {a["code"] for a in framework.areas} == AREAS
    course = next(c for c in courses if c.slug == "kns-co-ban")
    assert course.title == "Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức"
    assert {m.area for m in course.modules} == AREAS
    for module in course.modules:
        assert len(module.lessons) >= 3, module.path
        for lesson in module.lessons:
            assert len(lesson.body.split()) >= 400, f"{lesson.path}: {len(lesson.body.split())} words"


def counts(session):  # type: ignore[no-untyped-def]
    return tuple(session.scalar(select(func.count(m.id))) for m in (Course, Module, Lesson))


def test_sync_creates_the_curriculum_and_a_second_run_changes_nothing(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["content", "sync"])
    assert first.exit_code == 0, first.output
    assert "Mới tạo: 1 khóa, 8 học phần, 32 bài" in first.output
    after_first = counts(session)
    assert after_first == (1, 8, 32)
    second = runner.invoke(args=["content", "sync"])
    assert "Mới tạo: 0 khóa, 0 học phần, 0 bài. Cập nhật: 0 khóa, 0 học phần, 0 bài. Ngừng dùng: 0." in second.output
    assert counts(session) == after_first


def copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_ROOT, root)
    return root


def test_sync_updates_in_place_and_keeps_progress(session, tmp_path):
    root = copy_content(tmp_path)
    sync_content(session, root)
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    course = session.scalar(select(Course))
    enrolment = enrol(session, user, course, EnrolmentSource.DIRECT)
    first = course.modules[0].lessons[0]
    complete_lesson(session, user, first, enrolment)
    session.commit()
    lesson_file = sorted((root / "kns-co-ban" / "01-cds").glob("*.md"))[0]
    lesson_file.write_text(
        lesson_file.read_text(encoding="utf-8").replace("Chuyển đổi số là gì?", "Chuyển đổi số là gì? (bản mới)"),
        encoding="utf-8",
    )
    report = sync_content(session, root)
    session.commit()
    assert report.updated["lesson"] == 1 and report.created["lesson"] == 0
    session.refresh(first)
    assert first.title == "Chuyển đổi số là gì? (bản mới)"
    assert session.scalar(select(func.count(LessonCompletion.id))) == 1
    assert session.scalar(select(Enrolment.items_done)) == 1


def test_sync_retires_removed_lessons_without_deleting_history(session, tmp_path):
    root = copy_content(tmp_path)
    sync_content(session, root)
    removed = sorted((root / "kns-co-ban" / "08-ai").glob("*.md"))[-1]
    removed.unlink()
    report = sync_content(session, root)
    assert report.retired == 1
    assert session.scalar(select(func.count(Lesson.id))) == 32
    assert session.scalar(select(func.count(Lesson.id)).where(Lesson.retired_at.is_(None))) == 31


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        # The unclosed "[" on line 3 is detected where the next key starts, line 4.
        (lambda text: text.replace("minutes:", "minutes: [", 1), ":4: YAML không hợp lệ"),
        (lambda text: text.replace("---\n", "", 1), ":1: thiếu phần đầu YAML"),
        (lambda text: text.replace("minutes: ", "minutes: nhiều ", 1), ":3: “minutes” phải là số phút"),
    ],
)
def test_broken_front_matter_names_file_and_line_and_changes_nothing(app, session, tmp_path, breakage, expected):
    root = copy_content(tmp_path)
    lesson_file = sorted((root / "kns-co-ban" / "02-tb").glob("*.md"))[1]
    lesson_file.write_text(breakage(lesson_file.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        sync_content(session, root)
    problem = raised.value.problems[0]
    assert lesson_file.name in problem
    assert expected in problem
    session.rollback()
    assert counts(session) == (0, 0, 0)


def test_unknown_area_code_is_reported_with_file_and_line(session, tmp_path):
    root = copy_content(tmp_path)
    module_yaml = root / "kns-co-ban" / "03-tt" / "module.yaml"
    module_yaml.write_text(module_yaml.read_text(encoding="utf-8").replace("area: TT", "area: XX"), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        sync_content(session, root)
    assert any("module.yaml:2: lĩnh vực “XX” không có trong khung" in p for p in raised.value.problems)


def test_cli_reports_problems_and_exits_1(app, tmp_path):
    root = copy_content(tmp_path)
    (root / "kns-co-ban" / "05-nd" / "module.yaml").write_text("title: [\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["content", "sync", "--path", str(root)])
    assert result.exit_code == 1
    assert "05-nd/module.yaml" in result.output
