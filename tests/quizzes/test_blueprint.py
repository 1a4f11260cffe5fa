"""The test blueprint and drawing forms to it (pure: no database)."""

import random
from collections import Counter

import pytest

from quizzes.blueprint import Balance, BlueprintError, Candidate, Slot, draw_form, load_blueprint, parse_blueprint

LEVELS = ["recall", "understanding", "application", "application"]


def pool(area: str, competency: str, n: int, start: int) -> list[Candidate]:
    return [Candidate(start + i, area, competency, LEVELS[i % 4], 1 + i % 3) for i in range(n)]


CANDIDATES = pool("AT", "AT.1", 12, 0) + pool("AT", "AT.2", 15, 100) + pool("TT", "TT.1", 12, 200)
SLOTS = [Slot("AT", "AT.1", 2), Slot("AT", "AT.2", 3), Slot("TT", "TT.1", 2)]
BALANCE = Balance({"recall": 0.15, "understanding": 0.3, "application": 0.55}, 2.0, 0.3)
BY_ID = {c.id: c for c in CANDIDATES}


def test_a_form_has_each_slots_count_and_no_repeats():
    form = draw_form(CANDIDATES, SLOTS, BALANCE, set(), random.Random(1))
    assert len(form) == len(set(form)) == 7
    assert Counter(BY_ID[i].competency for i in form) == {"AT.1": 2, "AT.2": 3, "TT.1": 2}


def test_the_same_seed_gives_the_same_form_whatever_the_candidates_order():
    shuffled = list(reversed(CANDIDATES))
    assert draw_form(CANDIDATES, SLOTS, BALANCE, set(), random.Random(7)) == draw_form(
        shuffled, SLOTS, BALANCE, set(), random.Random(7)
    )


def test_questions_seen_before_are_avoided_while_the_pool_allows():
    rng, seen = random.Random(3), set()
    for _attempt in range(3):
        form = draw_form(CANDIDATES, SLOTS, BALANCE, seen, rng)
        assert not seen & set(form)
        seen |= set(form)


def test_when_the_pool_runs_out_seen_questions_fill_the_form():
    small = pool("AT", "AT.1", 3, 0)
    form = draw_form(small, [Slot("AT", "AT.1", 2)], None, {0, 1}, random.Random(0))
    assert 2 in form and len(form) == 2


def test_forms_keep_the_level_mix_and_difficulty_band():
    rng = random.Random(11)
    candidates = [Candidate(i, "AT", f"AT.{1 + i % 3}", LEVELS[i % 4], 1 + (i // 4) % 3) for i in range(300)]
    slots = [Slot("AT", "AT.1", 7), Slot("AT", "AT.2", 7), Slot("AT", "AT.3", 6)]
    for _ in range(50):
        form = [candidates[i] for i in draw_form(candidates, slots, BALANCE, set(), rng)]
        levels = Counter(c.level for c in form)
        assert abs(levels["application"] - 0.55 * 20) <= 1
        assert abs(levels["recall"] - 0.15 * 20) <= 1
        assert abs(sum(c.difficulty for c in form) / 20 - 2.0) <= 0.3


def test_an_area_slot_takes_any_competency_of_the_area():
    form = draw_form(CANDIDATES, [Slot("TT", None, 4)], None, set(), random.Random(2))
    assert {BY_ID[i].area for i in form} == {"TT"} and len(form) == 4


def test_the_shipped_blueprint_has_thirty_questions_over_every_competency():
    blueprint = load_blueprint()
    assert blueprint.questions == 30
    assert len(blueprint.competencies) == 24
    assert blueprint.kinds == ("single", "multiple", "true_false")
    assert blueprint.balance.levels["application"] >= 0.5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"competencies": {"XX.9": 1}}, "XX.9"),
        ({"competencies": {"AT.1": 0}}, "AT.1"),
        ({"levels": {"recall": 0.5, "application": 0.2}}, "levels"),
    ],
)
def test_a_broken_blueprint_is_refused_with_the_key_named(change, message):
    final = {"competencies": {"AT.1": 1}, "levels": {"recall": 0.5, "application": 0.5}, **change}
    with pytest.raises(BlueprintError, match=message.replace(".", r"\.")):
        parse_blueprint({"final": final}, {"AT.1"})
