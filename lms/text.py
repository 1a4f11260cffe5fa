"""Vietnamese text helpers: NFC normalisation and diacritic folding for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str | None:
    """Return the text NFC-normalised with surrounding white space removed."""
    if value is None:
        return None
    return unicodedata.normalize("NFC", value).strip()


def clean(value: str | None) -> str:
    """Return NFC text with runs of white space folded to one space."""
    return _SPACES.sub(" ", nfc(value) or "")


def fold(value: str | None) -> str:
    """Fold text for searching: no diacritics, no case, single spaces ("Kỹ Năng" → "ky nang")."""
    text = unicodedata.normalize("NFD", value or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", text).strip().lower()


def slugify(value: str, sep: str = "-") -> str:
    """Make an ASCII slug from Vietnamese text ("Mường Kim" → "muong-kim")."""
    return re.sub(r"[^a-z0-9]+", sep, fold(value)).strip(sep)


def like_pattern(query: str) -> str:
    """Turn a user's search words into a LIKE pattern over folded text, escaping wildcards."""
    folded = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + folded.replace(" ", "%") + "%"
