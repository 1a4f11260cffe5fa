"""Graders, checked exhaustively without a database."""

from decimal import Decimal

import pytest

from quizzes.grading import grade

SINGLE = {"kind": "single", "options": [{"id": 1, "fraction": 100}, {"id": 2, "fraction": 0}, {"id": 3, "fraction": 0}]}
MULTIPLE = {
    "kind": "multiple",
    "options": [
        {"id": 1, "fraction": 50},
        {"id": 2, "fraction": 50},
        {"id": 3, "fraction": -100},
        {"id": 4, "fraction": 0},
    ],
}
THIRDS = {
    "kind": "multiple",
    "options": [{"id": i, "fraction": 33.33333} for i in (1, 2, 3)] + [{"id": 4, "fraction": -50}],
}
SHORT = {"kind": "short_text", "ignore_diacritics": False, "options": [{"id": 1, "text": "Mã OTP", "fraction": 100}]}


@pytest.mark.parametrize(
    ("answer", "expected"),
    [({"option_ids": [1]}, 1), ({"option_ids": [2]}, 0), ({"option_ids": [1, 2]}, 0), ({"option_ids": []}, 0),
     ({"option_ids": [99]}, 0), ({}, 0), (None, 0), ({"option_ids": "1"}, 0)],
)  # fmt: skip
def test_single_is_all_or_nothing(answer, expected):
    assert grade(SINGLE, answer) == expected


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [([1, 2], "1"), ([1], "0.5"), ([2], "0.5"), ([1, 3], "0"), ([1, 2, 3], "0"), ([3], "0"), ([4], "0"),
     ([1, 4], "0.5"), ([1, 1, 1], "0.5"), ([], "0")],
)  # fmt: skip
def test_multiple_gives_partial_credit_never_below_zero(chosen, expected):
    assert grade(MULTIPLE, {"option_ids": chosen}) == Decimal(expected)


def test_multiple_with_thirds_reaches_full_credit():
    assert grade(THIRDS, {"option_ids": [1, 2, 3]}) == 1
    assert grade(THIRDS, {"option_ids": [1, 2, 3, 4]}) == Decimal("0.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Mã OTP", 1), ("  mã   otp ", 1), ("MÃ OTP", 1), ("ma otp", 0), ("Ma\u0303 OTP", 1), ("", 0), ("OTP", 0)],
)
def test_short_text_normalises_case_spaces_and_nfc(text, expected):
    assert grade(SHORT, {"text": text}) == expected


def test_short_text_may_ignore_diacritics():
    assert grade({**SHORT, "ignore_diacritics": True}, {"text": "ma otp"}) == 1
