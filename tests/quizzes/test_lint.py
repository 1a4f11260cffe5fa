"""The bank linter: each flaw it names, on a deliberately bad file, and the shipped banks pass it."""

from pathlib import Path

import pytest

from quizzes.gift import parse_gift
from quizzes.lint import ERROR, Item, lint, lint_shipped

BAD_FILE = Path(__file__).parent / "fixtures" / "bad-items.gift"


def bad_items(pool: str = "practice") -> list[Item]:
    result = parse_gift(BAD_FILE.read_text(encoding="utf-8"))
    assert result.errors == []
    return [Item(f"dòng {q.line}", q, "AT", pool) for q in result.questions]


def codes_by_title(pool: str = "practice") -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in lint(bad_items(pool), {"AT.1", "AT.2", "AT.3"}, None, pools=False):
        found.setdefault(finding.title, set()).add(finding.code)
    return found


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("missing-level", "level"),
        ("missing-competency", "competency"),
        ("key-too-long", "key-length"),
        ("negative-stem", "negative-stem"),
        ("all-of-the-above", "all-of-above"),
        ("too-few-options", "options"),
        ("absolute-words", "absolute"),
        ("double-negative", "double-negative"),
        ("no-penalty", "weights"),
        ("no-penalty", "feedback"),
        ("duplicate-a", "duplicate"),
        ("giveaway", "giveaway"),
    ],
)
def test_each_flaw_is_named(title, code):
    assert code in codes_by_title().get(title, set())


def test_a_clean_item_has_no_finding():
    text = """// [competency:AT.2]
// [level:application]
::ok:: Chị Vàng Thị Dua nhận cuộc gọi tự xưng cán bộ thuế, yêu cầu cài ứng dụng lạ để hoàn thuế. Chị nên làm gì? {
=Gác máy, gọi số của cơ quan thuế đã biết #Đúng.
~Cài ứng dụng theo hướng dẫn rồi xóa ngay #Sai.
~Nhờ người gọi gửi đường dẫn qua Zalo #Sai.
~Cung cấp số căn cước để người gọi tra cứu #Sai.
}
"""
    q = parse_gift(text).questions[0]
    assert lint([Item("x", q, "AT", "final")], {"AT.2"}, None, pools=False) == []


def test_a_competency_of_another_area_is_an_error():
    q = parse_gift("// [competency:TT.1]\n// [level:recall]\nHỏi? {=a ~b ~c ~d}\n").questions[0]
    found = lint([Item("x", q, "AT", "final")], {"TT.1"}, None, pools=False)
    assert [(f.code, f.severity) for f in found if f.severity == ERROR] == [("competency", ERROR)]


def test_short_answers_are_refused_in_the_final_pool():
    from quizzes.blueprint import load_blueprint

    q = parse_gift("// [competency:AT.1]\n// [level:recall]\nMã OTP là gì? {=mã dùng một lần}\n").questions[0]
    found = lint([Item("x", q, "AT", "final")], {"AT.1"}, load_blueprint(), pools=False)
    assert any(f.code == "kind" for f in found)


def test_the_shipped_banks_pass_the_linter():
    findings, problems = lint_shipped()
    assert problems == []
    assert [str(f) for f in findings if f.severity == ERROR] == []
