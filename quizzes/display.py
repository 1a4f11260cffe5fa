"""How the trainer pages name and write things: labels for kinds and levels, percentages, indices, plain text."""

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from quizzes.models import QuizKind
from quizzes.types import TYPES

#: Each question type's label, by kind (the types say it: `quizzes.types`).
QUESTION_KIND_LABELS = {kind: question_type.label for kind, question_type in TYPES.items()}
QUIZ_KIND_LABELS = {QuizKind.MODULE: _l("Luyện tập"), QuizKind.FINAL: _l("Đánh giá cuối khóa")}
DIFFICULTY_LABELS = {1: _l("Dễ"), 2: _l("Trung bình"), 3: _l("Khó")}


def percent_text(fraction: float | None) -> str:
    """Write a fraction as a Vietnamese percentage: 0.625 → "62,5%", None → "—"."""
    if fraction is None:
        return "—"
    text = f"{fraction * 100:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def index_text(value: float | None) -> str:
    """Write an index with two decimals and a decimal comma: 0.5 → "0,50", None → "—"."""
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def plain_text(html: str) -> str:
    """Strip the tags from sanitised question HTML, for excerpts and untitled questions."""
    return Markup(html or "").striptags()  # noqa: S704 — the result is plain text, escaped again when shown
