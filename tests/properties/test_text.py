"""Properties of the Vietnamese text helpers: nfc, clean, fold, slugify, like_pattern."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from lms.extensions import db
from lms.text import clean, fold, like_pattern, nfc, nul_line, slugify
from tests.properties.strategies import DATABASE, PURE, VIETNAMESE_LETTERS, hostile_text, vietnamese_text

any_text = st.one_of(st.text(), hostile_text)


@PURE
@given(any_text)
def test_nfc_is_idempotent_and_normalised(value):
    once = nfc(value)
    assert nfc(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip()


@PURE
@given(any_text)
def test_nfc_does_not_care_how_the_input_was_composed(value):
    assert nfc(unicodedata.normalize("NFD", value)) == nfc(unicodedata.normalize("NFC", value))


@PURE
@given(any_text)
def test_clean_is_idempotent_with_single_spaces(value):
    once = clean(value)
    assert clean(once) == once
    assert not re.search(r"\s\s", once)
    assert unicodedata.is_normalized("NFC", once)


@PURE
@given(any_text)
def test_fold_is_idempotent(value):
    assert fold(fold(value)) == fold(value)


@PURE
@given(any_text)
def test_fold_removes_every_combining_mark_and_d_stroke(value):
    folded = fold(value)
    assert not any(unicodedata.category(ch).startswith("M") for ch in unicodedata.normalize("NFD", folded))
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.strip()
    assert "  " not in folded


@PURE
@given(any_text)
def test_fold_is_nfc_nfd_insensitive(value):
    assert fold(unicodedata.normalize("NFC", value)) == fold(unicodedata.normalize("NFD", value)) == fold(value)


@PURE
@given(st.text(alphabet=VIETNAMESE_LETTERS + "0123456789 \t\n.,-", max_size=60))
def test_fold_is_case_insensitive_for_vietnamese(value):
    assert fold(value.upper()) == fold(value.lower()) == fold(value)
    assert fold(value).isascii()


@PURE
@given(any_text)
def test_fold_ignores_case(value):
    assert fold(value.lower()) == fold(value.casefold()) == fold(value)
    assert fold(value.upper()) == fold(value.upper().lower())


@PURE
@given(any_text)
def test_slug_is_ascii_and_stable(value):
    slug = slugify(value)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug) or not slug.isascii()
    assert slugify(slug) == slug


def _reference_match(pattern_query: str, haystack: str) -> bool:
    """What like_pattern promises: the folded words of the query, in order, literally inside the folded text."""
    words = fold(pattern_query).split(" ")
    return re.search(".*".join(re.escape(word) for word in words), haystack, re.DOTALL) is not None


like_alphabet = VIETNAMESE_LETTERS[:20] + "ab%_\\ "
like_text = st.text(alphabet=like_alphabet, max_size=12)


@PURE
@given(like_text)
def test_like_pattern_escapes_every_wildcard(query):
    pattern = like_pattern(query)
    body = pattern[1:-1]
    # Outside escape sequences, the only wildcards left are the "%" that stand for the spaces between words.
    unescaped = re.sub(r"\\.", "", body)
    assert "_" not in unescaped
    assert unescaped.count("%") == fold(query).count(" ")
    assert pattern.startswith("%") and pattern.endswith("%")


@DATABASE
@given(query=like_text, haystack=st.text(alphabet=like_alphabet, max_size=16))
def test_like_pattern_matches_exactly_the_literal_words_in_the_database(app, query, haystack):
    """SQLite and PostgreSQL agree with the reference: % _ and \\ in the search words are only themselves."""
    folded = fold(haystack)
    with app.app_context():
        matched = db.session.execute(
            text("SELECT :value LIKE :pattern ESCAPE '\\'"), {"value": folded, "pattern": like_pattern(query)}
        ).scalar()
    assert bool(matched) == _reference_match(query, folded), (query, folded, like_pattern(query))
    with app.app_context():
        assert db.session.execute(
            text("SELECT :value LIKE :pattern ESCAPE '\\'"), {"value": fold(query), "pattern": like_pattern(query)}
        ).scalar()


@PURE
@given(vietnamese_text)
def test_search_without_diacritics_finds_the_text(value):
    # "lo van" finds "Lò Văn …": the folded text matches the pattern of its own folded form.
    assert _reference_match(fold(value), fold(value))


@PURE
@given(st.lists(st.sampled_from(["a", "ơ", "\n", "\r\n", "\r", "\x00", " "]), max_size=20).map("".join))
def test_nul_line_names_the_line_of_the_first_nul(value):
    line = nul_line(value)
    if "\x00" not in value:
        assert line is None
    else:
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert line == next(number for number, text in enumerate(lines, start=1) if "\x00" in text)
