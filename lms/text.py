"""Vietnamese text helpers: NFC normalisation and diacritic folding for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
#: Shown for the first NUL character in an uploaded text file: no database text column can keep one.
NUL_MESSAGE = (
    "có ký tự NUL (mã 0) nên tệp có thể bị hỏng hoặc không phải văn bản; "
    "hãy lưu lại tệp thành văn bản UTF-8 (hoặc .xlsx) rồi nhập lại"
)


def nfc(value: str | None) -> str | None:
    """Return the text NFC-normalised with surrounding white space removed."""
    if value is None:
        return None
    return unicodedata.normalize("NFC", value).strip()


def clean(value: str | None) -> str:
    """Return NFC text with runs of white space folded to one space."""
    return _SPACES.sub(" ", nfc(value) or "")


def fold(value: str | None) -> str:
    """Fold text for searching: no diacritics, no case, single spaces ("Kỹ Năng" → "ky nang").

    Case is folded with `str.casefold` before the marks are removed ("ß" and "SS" both give "ss"), and every
    combining mark goes, not only the non-spacing ones, so folding twice changes nothing.
    """
    text = unicodedata.normalize("NFD", (value or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    text = text.replace("đ", "d")
    return _SPACES.sub(" ", text).strip()


def slugify(value: str, sep: str = "-") -> str:
    """Make an ASCII slug from Vietnamese text ("Mường Kim" → "muong-kim")."""
    return re.sub(r"[^a-z0-9]+", sep, fold(value)).strip(sep)


def nul_line(text: str) -> int | None:
    """Return the line number (from 1) of the first NUL character in the text, or None when it has none."""
    at = text.find("\x00")
    if at < 0:
        return None
    return text[:at].replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def like_pattern(query: str) -> str:
    """Turn a user's search words into a LIKE pattern over folded text, escaping wildcards."""
    folded = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + folded.replace(" ", "%") + "%"

