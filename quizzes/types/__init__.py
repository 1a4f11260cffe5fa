"""Question types, one module each, registered here (as CTFd registers challenge types).

Each type (`base.QuestionType`) knows how to check and normalise an answer, grade it, show the question to the
browser without its key, describe itself (label, hints), export itself to GIFT, tell the item analysis whether
answers choose options, and which branch of templates/quizzes/_question.html renders it (`template`).

Adding a type: a module with a `QuestionType` subclass, its instance in `TYPES` below, the kind in the `questions`
table's CHECK constraint and `quizzes.models.QuestionKind` (a migration), and, if no existing `template` fits, a
branch in templates/quizzes/_question.html. The importers (GIFT, Aiken, spreadsheets) read the formats and take
type knowledge (the true/false option texts, the multiple-response weight rule) from the type modules.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from quizzes.types.base import Answer, QuestionType, Snapshot
from quizzes.types.multiple import Multiple
from quizzes.types.short_text import ShortText
from quizzes.types.single import Single
from quizzes.types.true_false import TrueFalse

#: Every question type by kind, in the order trainers see them. Read-only: types are registered here, nowhere else.
TYPES: Mapping[str, QuestionType] = MappingProxyType(
    {t.kind: t for t in (Single(), Multiple(), TrueFalse(), ShortText())}
)


def get(kind: str) -> QuestionType:
    """The type of a question kind; KeyError for a kind no type handles (the database allows none)."""
    return TYPES[kind]


def public_question(question: Snapshot) -> dict[str, Any]:
    """A question snapshot as the browser and the API may see it: no correctness, weights or feedback."""
    return get(question["kind"]).public(question)


__all__ = ["TYPES", "Answer", "QuestionType", "Snapshot", "get", "public_question"]
