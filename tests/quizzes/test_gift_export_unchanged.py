"""The GIFT export is byte for byte what it was before the question types moved into `quizzes.types`.

`_frozen_to_gift` is a verbatim copy of `quizzes.gift.to_gift` as it was (kind by kind in one function); the
shipped banks and random questions must export the same through the registry.
"""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.gift import Option, ParsedQuestion, parse_gift, to_gift
from tests.properties.strategies import PURE
from tests.properties.test_gift import questions

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "quizzes" / "banks").glob("*/*.gift")) + [
    ROOT / "tests" / "quizzes" / "fixtures" / "bad-items.gift"
]


SPECIAL = "~=#{}:"
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
FORMAT = re.compile(r"^\[(markdown|html|plain|moodle)\]", re.IGNORECASE)


def escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in SPECIAL:
        out = out.replace(ch, "\\" + ch)
    out = out.replace("\n", "\\n")
    return f"[markdown]{out}" if FORMAT.match(out) else out


def weight_text(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _frozen_marker(kind: str, option: Option, explicit: bool) -> str:
    if kind == "short_text":
        plain, weighted = ("=" if option.fraction == 100 else ""), "="
    elif kind == "single":
        plain = "=" if option.fraction == 100 else ("~" if option.fraction == 0 else "")
        weighted = "=" if option.fraction == 100 else "~"
    else:
        plain, weighted = "", "~"
    if plain and not explicit and not WEIGHT.match(option.text):
        return plain
    return f"{weighted}%{weight_text(option.fraction)}%"


def _frozen_to_gift(questions: list[ParsedQuestion]) -> str:
    lines: list[str] = []
    category: str | None = None
    for q in questions:
        if q.category != category:
            category = q.category
            lines += [f"$CATEGORY: {q.category or ''}", ""]
        lines.append(f"// [difficulty:{q.difficulty}]")
        described = [("competency", q.competency), ("level", q.level), ("pool", q.pool)]
        lines += [f"// [{key}:{value}]" for key, value in described if value]
        lines += [f"// [tag:{tag}]" for tag in q.tags]
        head = f"::{escape(q.title)}:: " if q.title else ""
        text = escape(q.text)
        if not head and text.startswith("//"):
            text = f"[markdown]{text}"
        general = f"####{escape(q.general_feedback)}" if q.general_feedback else ""
        if q.kind == "true_false":
            truth = q.options[0].fraction > 0
            right = q.options[0] if truth else q.options[1]
            wrong = q.options[1] if truth else q.options[0]
            fb = f"#{escape(wrong.feedback)}#{escape(right.feedback)}" if (wrong.feedback or right.feedback) else ""
            general = f" {general}" if general else ""
            lines.append(f"{head}{text} {{{'TRUE' if truth else 'FALSE'}{fb}{general}}}")
        else:
            lines.append(f"{head}{text} {{")
            explicit = q.kind == "short_text" and any("->" in option.text for option in q.options)
            for option in q.options:
                marker = _frozen_marker(q.kind, option, explicit)
                feedback = f" #{escape(option.feedback)}" if option.feedback else ""
                lines.append(f"{marker}{escape(option.text)}{feedback}")
            if general:
                lines.append(general)
            lines.append("}")
        lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_shipped_banks_export_as_before(path):
    parsed = parse_gift(path.read_text(encoding="utf-8")).questions
    assert {q.kind for q in parsed} <= {"single", "multiple", "true_false", "short_text"}
    assert to_gift(parsed) == _frozen_to_gift(parsed)


def test_the_shipped_banks_hold_every_type():
    kinds = {q.kind for path in SHIPPED for q in parse_gift(path.read_text(encoding="utf-8")).questions}
    assert kinds == {"single", "multiple", "true_false", "short_text"}


@PURE
@given(st.lists(questions(), min_size=1, max_size=4))
def test_any_question_exports_as_before(qs):
    assert to_gift(qs) == _frozen_to_gift(qs)
