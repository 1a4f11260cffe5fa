"""How the trainer pages name and write things: labels for kinds and levels, percentages, indices, plain text."""

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from lms.formatting import fixed, share
from quizzes.models import QuizKind
from quizzes.types import TYPES

#: Each question type's label, by kind (the types say it: `quizzes.types`).
QUESTION_KIND_LABELS = {kind: question_type.label for kind, question_type in TYPES.items()}
QUIZ_KIND_LABELS = {QuizKind.MODULE: _l("Luyện tập"), QuizKind.FINAL: _l("Đánh giá cuối khóa")}
DIFFICULTY_LABELS = {1: _l("Dễ"), 2: _l("Trung bình"), 3: _l("Khó")}


#: A fraction as a percentage (0.625 → "62,5 %") and an index with two decimals (0.5 → "0,50"): lms.formatting.
percent_text = share
index_text = fixed


def plain_text(html: str) -> str:
    """Strip the tags from sanitised question HTML, for excerpts and untitled questions."""
    return Markup(html or "").striptags()  # noqa: S704 — the result is plain text, escaped again when shown
