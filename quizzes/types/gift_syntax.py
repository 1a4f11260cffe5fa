"""GIFT's special characters, weights and format tags: what the reader and writer (`quizzes.gift`) and each question
type's export (`QuestionType.to_gift`) share. It sits below both, so neither imports the other at load time."""

import re

SPECIAL = "~=#{}:"
#: A weight in front of an answer: "%50%", "%-100%", "%33.33333%".
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
#: A format tag in front of a text, which an importer drops: "[html]", "[markdown]".
FORMAT = re.compile(r"^\[(markdown|html|plain|moodle)\]", re.IGNORECASE)


def escape(text: str) -> str:
    """Escape GIFT's special characters (and new lines) in text.

    Text that itself opens with a format tag ("[html]…") gets "[markdown]" in front, as an importer drops one tag.
    """
    out = text.replace("\\", "\\\\")
    for ch in SPECIAL:
        out = out.replace(ch, "\\" + ch)
    out = out.replace("\n", "\\n")
    return f"[markdown]{out}" if FORMAT.match(out) else out


def weight_text(value: float) -> str:
    """A weight as GIFT writes it: plain decimals, never an exponent, as many places as the bank keeps (5)."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
