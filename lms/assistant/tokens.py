"""Vietnamese tokens for retrieval: folded syllables, syllable bigrams and character trigrams.

Vietnamese writes one syllable per space-separated unit and most words have two syllables ("chữ ký",
"mật khẩu"), so syllable bigrams carry most of the meaning; single syllables catch the rest. Learners
often type without diacritics (folding makes "chu ky so" equal "chữ ký số"), spell "kỹ" as "kĩ"
(a final "y" after a consonant is read as "i"), use chat abbreviations ("ko", "dc", "mk") and make
typos ("mat khua"): character trigrams of each folded syllable give those a partial match.
"""

import re
import unicodedata
from collections.abc import Iterable

from lms.text import fold

_WORD = re.compile(r"[a-z0-9]+")
_CONSONANT_Y = re.compile(r"^([bcdghklmnpqrstvx]+)y$")
_RAW_WORD = re.compile(r"\w+")
_RAW_CONSONANT_Y = re.compile(r"^([bcdghklmnpqrstvxđ]+)([yỹýỳỷỵ])$")
_Y_AS_I = str.maketrans({"y": "i", "ỹ": "ĩ", "ý": "í", "ỳ": "ì", "ỷ": "ỉ", "ỵ": "ị"})

#: Chat abbreviations and common English words learners type, as the folded syllables they stand for.
ABBREVIATIONS: dict[str, str] = {
    "ko": "khong",
    "k": "khong",
    "kg": "khong",
    "khg": "khong",
    "dc": "duoc",
    "dk": "dang ky",
    "j": "gi",
    "ntn": "nhu the nao",
    "mk": "mat khau",
    "pass": "mat khau",
    "password": "mat khau",
    "cks": "chu ky so",
    "vb": "van ban",
    "cv": "cong viec",
    "tk": "tai khoan",
    "dt": "dien thoai",
    "sdt": "so dien thoai",
    "email": "thu dien tu",
    "mail": "thu dien tu",
    "wifi": "wi fi",
}

#: Question words and fillers: they say how something is asked, not what it is about.
STOPWORDS = frozenset(
    [
        "la",
        "gi",
        "lam",
        "sao",
        "the",
        "nao",
        "nhu",
        "cach",
        "nao",
        "toi",
        "em",
        "anh",
        "chi",
        "minh",
        "co",
        "khong",
        "duoc",
        "phai",
        "can",
        "muon",
        "hay",
        "giup",
        "voi",
        "thi",
        "ma",
        "va",
        "cua",
        "cho",
        "o",
        "de",
        "nhe",
        "a",
        "oi",
        "u",
        "vay",
        "sao",
        "bang",
        "nhieu",
        "nhung",
        "cac",
        "mot",
        "nay",
        "do",
        "kia",
    ]
)


def syllables(text: str) -> list[str]:
    """Fold the text and split it into normalised syllables ("Kỹ năng số" → ["ki", "nang", "so"])."""
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        expanded = ABBREVIATIONS.get(word)
        if expanded:
            out.extend(expanded.split())
            continue
        out.append(_normalise(word))
    return out


def raw_syllables(text: str) -> list[str]:
    """Split lower-case NFC text into syllables keeping diacritics ("Kỹ năng" → ["kĩ", "năng"])."""
    out: list[str] = []
    for word in _RAW_WORD.findall(unicodedata.normalize("NFC", text.lower())):
        expanded = ABBREVIATIONS.get(word)
        if expanded:
            out.extend(expanded.split())
            continue
        match = _RAW_CONSONANT_Y.match(word)
        out.append(match.group(1) + match.group(2).translate(_Y_AS_I) if match else word)
    return out


def has_diacritics(word: str) -> bool:
    return fold(word) != word


def normalise(word: str) -> str:
    """A folded syllable with the y/i spelling variants made equal."""
    return _normalise(word)


def _normalise(word: str) -> str:
    if word == "quy":
        return "qui"
    return _CONSONANT_Y.sub(r"\1i", word)


def content_syllables(words: Iterable[str]) -> list[str]:
    """Drop question words and fillers."""
    return [w for w in words if w not in STOPWORDS]


def bigrams(words: list[str]) -> list[str]:
    return [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def trigrams(words: Iterable[str]) -> list[str]:
    """Character trigrams of each syllable with boundary marks ("khau" → "#kh", "kha", "hau", "au#")."""
    out: list[str] = []
    for word in words:
        if len(word) < 2 or word.isdigit():
            continue
        padded = f"#{word}#"
        out.extend("~" + padded[i : i + 3] for i in range(len(padded) - 2))
    return out


def document_tokens(text: str) -> list[str]:
    """Tokens of a passage: syllables, bigrams (also across fillers) and character trigrams."""
    words = syllables(text)
    return words + bigrams(words) + trigrams(words)


def query_tokens(text: str) -> list[str]:
    """Tokens of a question: content syllables, their bigrams and character trigrams."""
    words = syllables(text)
    content = content_syllables(words)
    # Bigrams of the full sequence keep phrases like "la gi" out, but keep "chu ky", "ky so".
    pairs = [p for p in bigrams(words) if not all(part in STOPWORDS for part in p.split("_"))]
    return content + pairs + trigrams(content)
