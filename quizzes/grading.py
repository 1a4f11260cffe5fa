"""Grading: the entry point that hands an answer to its question type's grader (`quizzes.types`).

A question snapshot is a dict: {"kind", "options": [{"id", "text", "fraction"}], "ignore_diacritics"}.
An answer is {"option_ids": [...]} or {"text": "..."}. A grade is a fraction of the question's points, 0–1.
"""

from decimal import Decimal

from quizzes import types
from quizzes.types.base import ZERO, Answer, Snapshot


def grade(question: Snapshot, answer: Answer | None) -> Decimal:
    """Grade one answer with the grader of its question type."""
    if not answer:
        return ZERO
    return types.get(question["kind"]).grade(question, answer)
