"""Item analysis, checked against a small example worked out by hand."""

import random

import pytest

from quizzes.analysis import (
    FLAG_MAYBE_MISKEYED,
    FLAG_NOT_DISCRIMINATING,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    AttemptRecord,
    ItemResponse,
    QuestionInfo,
    QuizSummary,
    analyse_item,
    analyse_items,
    compute_discrimination,
    summarise,
)

R = ItemResponse

# Three questions out of a longer quiz, so the totals below cover more than these items.
# Q1 "easy": multiple choice, 11 and 12 are worth 50 % each, 13 is wrong.
# Q2 "miskeyed": single choice keyed to 21, but 22 is what the strong candidates choose.
# Q3 "flat": single choice, 31 is right; half get it right, evenly spread over strong and weak.
EASY = QuestionInfo(1, "Mật khẩu mạnh", (11, 12, 13), (11, 12))
MISKEYED = QuestionInfo(2, "Nhận diện thư lừa đảo", (21, 22, 23), (21,))
FLAT = QuestionInfo(3, "Sao lưu dữ liệu", (31, 32, 33), (31,))

# n = 8 attempts, so each group has max(1, round(0.27 * 8)) = round(2.16) = 2 attempts:
# lower = A1, A2 (totals 0.25, 0.375), upper = A7, A8 (0.875, 1.0). A3 and A4 tie on 0.5 in the middle.
# AttemptRecord(id, total, {question: R(score, options chosen)}):
ATTEMPTS = [
    AttemptRecord(1, 0.25, {1: R(0.5, (11,)), 2: R(1, (21,)), 3: R(1, (31,))}),
    AttemptRecord(2, 0.375, {1: R(1, (11, 12)), 2: R(1, (21,)), 3: R(0, (32,))}),
    AttemptRecord(3, 0.5, {1: R(1, (11, 12)), 2: R(0, (23,)), 3: R(1, (31,))}),
    AttemptRecord(4, 0.5, {1: R(1, (11, 12)), 2: R(1, (21,)), 3: R(0, (33,))}),
    AttemptRecord(5, 0.625, {1: R(1, (11, 12)), 2: R(0, (22,)), 3: R(1, (31,))}),
    AttemptRecord(6, 0.75, {1: R(1, (11, 12)), 2: R(0, (22,)), 3: R(0, (32,))}),
    AttemptRecord(7, 0.875, {1: R(1, (11, 12)), 2: R(0, (22,)), 3: R(1, (31,))}),
    AttemptRecord(8, 1.0, {1: R(1, (11, 12)), 2: R(0, (22,)), 3: R(0, (33,))}),
]


@pytest.fixture
def stats():
    return {s.question_id: s for s in analyse_items([EASY, MISKEYED, FLAT], ATTEMPTS)}


def test_facility_is_the_mean_item_score(stats):
    assert [s.responses for s in stats.values()] == [8, 8, 8]
    assert stats[1].facility == 0.9375  # (0.5 + 7 × 1) / 8 = 7.5 / 8
    assert stats[2].facility == 0.375  # A1, A2, A4 right: 3 / 8
    assert stats[3].facility == 0.5  # A1, A3, A5, A7 right: 4 / 8


def test_discrimination_is_upper_minus_lower_group_mean(stats):
    assert stats[1].discrimination == 0.25  # upper (1 + 1) / 2 = 1 − lower (0.5 + 1) / 2 = 0.75
    assert stats[2].discrimination == -1.0  # upper (0 + 0) / 2 = 0 − lower (1 + 1) / 2 = 1
    assert stats[3].discrimination == 0.0  # upper (1 + 0) / 2 = 0.5 − lower (1 + 0) / 2 = 0.5


def test_option_counts_and_shares(stats):
    assert stats[1].option_counts == {11: 8, 12: 7, 13: 0}
    assert stats[1].option_shares == {11: 1.0, 12: 0.875, 13: 0.0}  # multiple choice: shares add up past 1
    assert stats[2].option_counts == {21: 3, 22: 4, 23: 1}
    assert stats[2].option_shares == {21: 0.375, 22: 0.5, 23: 0.125}
    assert stats[3].option_counts == {31: 4, 32: 2, 33: 2}
    assert stats[3].option_shares == {31: 0.5, 32: 0.25, 33: 0.25}


def test_each_purpose_built_item_gets_its_flag(stats):
    assert stats[1].flags == [FLAG_TOO_EASY]  # 0.9375 > 0.9; D = 0.25 is fine
    assert stats[2].flags == [FLAG_MAYBE_MISKEYED]  # D < 0 and 22 (4) beats 21 (3) at 0.375 < 0.5: one flag
    assert stats[3].flags == [FLAG_NOT_DISCRIMINATING]  # 0 <= D = 0 < 0.2
    assert stats[1].title == "Mật khẩu mạnh"


def test_flags_are_plain_vietnamese():
    assert (FLAG_TOO_EASY, FLAG_TOO_HARD, FLAG_MAYBE_MISKEYED, FLAG_NOT_DISCRIMINATING) == (
        "quá dễ",
        "quá khó",
        "có thể sai đáp án",
        "không phân loại được",
    )


def test_popular_wrong_option_flags_a_miskey_even_without_discrimination():
    # Below 4 responses there is no D, so only the option counts can point at the key:
    # facility = (1 + 0 + 0) / 3 ≈ 0.33 < 0.5 and 22 (2) beats the only correct option 21 (1).
    attempts = [AttemptRecord(i, 0.5, {2: R(s, o)}) for i, s, o in [(1, 1, (21,)), (2, 0, (22,)), (3, 0, (22,))]]
    item = analyse_item(MISKEYED, attempts)
    assert item.discrimination is None
    assert item.flags == [FLAG_MAYBE_MISKEYED]


def test_popular_wrong_option_on_an_item_most_get_right_is_not_a_miskey():
    # 51 and 52 are worth 50 % each, 53 nothing. 53 (3) beats 51 (2) and 52 (2), but
    # facility = (0.5 + 0.5 + 1) / 3 ≈ 0.67 is not below 0.5: a popular distractor, not a wrong key.
    multi = QuestionInfo(5, "Chữ ký số", (51, 52, 53), (51, 52))
    attempts = [
        AttemptRecord(i, 0.5, {5: R(s, o)})
        for i, s, o in [(1, 0.5, (51, 53)), (2, 0.5, (52, 53)), (3, 1, (51, 52, 53))]
    ]
    item = analyse_item(multi, attempts)
    assert item.option_counts == {51: 2, 52: 2, 53: 3}
    assert item.facility == pytest.approx(2 / 3)
    assert item.flags == []


def test_hard_item_with_three_responses_has_no_discrimination():
    short = QuestionInfo(4, "Tên miền cơ quan nhà nước", (), ())
    attempts = [AttemptRecord(i, t, {4: R(s)}) for i, t, s in [(1, 0.2, 0), (2, 0.5, 0.25), (3, 0.9, 0.125)]]
    item = analyse_item(short, attempts)
    assert item.facility == 0.125  # (0 + 0.25 + 0.125) / 3 = 0.375 / 3
    assert item.discrimination is None  # n = 3 < 4
    assert item.option_counts == {}
    assert item.flags == [FLAG_TOO_HARD]  # 0.125 < 0.2; no options, so no miskey check


def test_four_responses_give_groups_of_one():
    # round(0.27 * 4) = round(1.08) = 1: lower = A1 (0.25), upper = A4 (1.0), so D = 1 − 0 = 1.
    attempts = [AttemptRecord(i, t, {3: R(s)}) for i, t, s in [(1, 0.25, 0), (2, 0.5, 0), (3, 0.75, 1), (4, 1.0, 1)]]
    assert compute_discrimination(3, attempts) == 1.0


def test_no_responses_means_no_indices():
    other = AttemptRecord(1, 0.5, {1: R(1, (11, 12))})
    item = analyse_item(FLAT, [other])
    assert (item.responses, item.facility, item.discrimination) == (0, None, None)
    assert item.option_counts == {31: 0, 32: 0, 33: 0}
    assert item.option_shares == {31: 0.0, 32: 0.0, 33: 0.0}
    assert item.flags == []
    assert analyse_items([FLAT], []) == [item]


def test_only_attempts_that_include_the_item_count():
    # A9 never saw Q3 (e.g. drawn from a bank), so Q3 still has 8 responses and the same indices.
    item = analyse_item(FLAT, [*ATTEMPTS, AttemptRecord(9, 0.0, {1: R(0, (13,))})])
    assert (item.responses, item.facility, item.discrimination) == (8, 0.5, 0.0)


def test_ties_in_total_are_broken_by_attempt_id_whatever_the_input_order():
    # All four totals tie; sorted by (total, attempt_id) the lower group is id 1 and the upper is id 4.
    attempts = [AttemptRecord(i, 0.5, {3: R(s)}) for i, s in [(1, 0), (2, 1), (3, 0), (4, 1)]]
    shuffled = attempts[:]
    random.Random(7).shuffle(shuffled)
    assert compute_discrimination(3, attempts) == 1.0  # A4 (1) − A1 (0)
    assert compute_discrimination(3, shuffled) == 1.0
    assert compute_discrimination(3, attempts[::-1]) == 1.0


def test_float_noise_does_not_turn_zero_discrimination_into_a_miskey():
    # In floats (0.1 + 0.7) / 2 − (0.2 + 0.6) / 2 is −5.6e−17, not 0; the index must still read 0.
    attempts = [AttemptRecord(i, t, {3: R(s)}) for i, t, s in [(1, 0.1, 0.2), (2, 0.2, 0.6), (3, 0.8, 0.1),
                                                              (4, 0.9, 0.7), (5, 0.5, 0.4), (6, 0.6, 0.4)]]  # fmt: skip
    # n = 6: groups of round(1.62) = 2; lower = A1, A2; upper = A3, A4.
    item = analyse_item(FLAT, attempts)
    assert item.discrimination == 0.0
    assert item.flags == [FLAG_NOT_DISCRIMINATING]


def test_a_response_counts_an_option_once_and_keeps_unknown_options():
    attempts = [AttemptRecord(1, 0.5, {3: R(0, (32, 32, 99))}), AttemptRecord(2, 0.5, {3: R(1, (31,))})]
    item = analyse_item(FLAT, attempts)
    assert item.option_counts == {31: 1, 32: 1, 33: 0, 99: 1}
    assert item.option_shares == {31: 0.5, 32: 0.5, 33: 0.0, 99: 0.5}


def test_summary_of_the_example():
    # Totals sum to 0.25 + 0.375 + 0.5 + 0.5 + 0.625 + 0.75 + 0.875 + 1.0 = 4.875; mean = 4.875 / 8.
    # Median = (0.5 + 0.625) / 2. At 0.5, A3–A8 pass: 6 / 8. At 0.7, A6–A8 pass: 3 / 8.
    assert summarise(ATTEMPTS, 0.5) == QuizSummary(attempts=8, mean=0.609375, median=0.5625, pass_rate=0.75)
    assert summarise(ATTEMPTS, 0.7).pass_rate == 0.375
    assert summarise(ATTEMPTS).pass_rate is None


def test_summary_without_attempts():
    assert summarise([], 0.5) == QuizSummary(attempts=0, mean=None, median=None, pass_rate=None)


def test_a_total_on_the_pass_mark_passes_despite_float_noise():
    assert 1 - 0.9 < 0.1  # 0.09999999999999998
    assert summarise([AttemptRecord(1, 1 - 0.9, {})], 0.1).pass_rate == 1.0
