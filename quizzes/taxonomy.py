"""Words the question bank is described with: cognitive levels and pools (pure, shared by parsers and models)."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Level(StrEnum):
    """What an item asks of a person (the blueprint mixes them)."""

    RECALL = "recall"  # remember a fact, a name, a rule
    UNDERSTANDING = "understanding"  # explain, classify an example
    APPLICATION = "application"  # decide what to do in a real situation


class Pool(StrEnum):
    """Which quizzes may show an item: practice items never reach the final assessment and the other way round."""

    PRACTICE = "practice"
    FINAL = "final"


LEVEL_LABELS = {Level.RECALL: _l("Ghi nhớ"), Level.UNDERSTANDING: _l("Hiểu"), Level.APPLICATION: _l("Vận dụng")}
POOL_LABELS = {Pool.PRACTICE: _l("Luyện tập"), Pool.FINAL: _l("Đánh giá cuối khóa")}

#: Short forms accepted in files ("R", "U", "A" as in the content review's tables).
_LEVEL_ALIASES = {"r": Level.RECALL, "u": Level.UNDERSTANDING, "a": Level.APPLICATION}


def parse_level(value: str) -> Level | None:
    word = value.strip().lower()
    return _LEVEL_ALIASES.get(word) or (Level(word) if word in set(Level) else None)


def parse_pool(value: str) -> Pool | None:
    word = value.strip().lower()
    return Pool(word) if word in set(Pool) else None
