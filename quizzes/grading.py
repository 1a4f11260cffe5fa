"""Pure graders, one per question type (a registry, as CTFd does for challenge types).

A question snapshot is a dict: {"kind", "options": [{"id", "text", "fraction"}], "ignore_diacritics"}.
An answer is {"option_ids": [...]} or {"text": "..."}. A grade is a fraction of the question's points, 0–1.
"""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lms.text import clean, fold

Snapshot = dict[str, Any]
Answer = dict[str, Any]

ONE, ZERO = Decimal(1), Decimal(0)


def _chosen(answer: Answer) -> list[Any]:
    """The option ids in an answer; anything that cannot be an id (a list, an object) is ignored."""
    ids = answer.get("option_ids") or []
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, int | str) and not isinstance(i, bool)]


def grade_single(question: Snapshot, answer: Answer) -> Decimal:
    """All or nothing: exactly one option chosen, and it is the right one."""
    chosen = _chosen(answer)
    if len(chosen) != 1:
        return ZERO
    fractions = {o["id"]: o["fraction"] for o in question["options"]}
    return ONE if fractions.get(chosen[0], 0) >= 100 else ZERO


def grade_multiple(question: Snapshot, answer: Answer) -> Decimal:
    """Partial credit: the weights of the chosen options added up, never below 0 nor above 1.

    The weights are taken as shares of all the positive weights, which the importers let differ from 100 % by up
    to 1 % (thirds written as 33.33): choosing every right option earns full credit.
    """
    fractions = {o["id"]: Decimal(str(o["fraction"])) for o in question["options"]}
    positive = sum((f for f in fractions.values() if f > 0), ZERO)
    chosen = sum((fractions.get(i, ZERO) for i in set(_chosen(answer))), ZERO)
    total = chosen / (positive if positive > 0 else Decimal(100))
    return max(ZERO, min(ONE, total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def normalise_text(text: str, ignore_diacritics: bool) -> str:
    """NFC, case and spaces folded; diacritics too when the question allows it."""
    value = clean(text).casefold()
    return fold(value) if ignore_diacritics else value


def grade_short_text(question: Snapshot, answer: Answer) -> Decimal:
    """The best-matching accepted answer's weight (usually 100 %)."""
    given = answer.get("text")
    if not isinstance(given, str) or not given.strip():
        return ZERO
    loose = bool(question.get("ignore_diacritics"))
    target = normalise_text(given, loose)
    best = ZERO
    for option in question["options"]:
        if normalise_text(option["text"], loose) == target:
            best = max(best, Decimal(str(option["fraction"])) / 100)
    return min(ONE, best)


GRADERS: dict[str, Callable[[Snapshot, Answer], Decimal]] = {
    "single": grade_single,
    "true_false": grade_single,
    "multiple": grade_multiple,
    "short_text": grade_short_text,
}


def grade(question: Snapshot, answer: Answer | None) -> Decimal:
    """Grade one answer with the grader of its question type."""
    if not answer:
        return ZERO
    return GRADERS[question["kind"]](question, answer)
