"""Test-wiseness: zero-knowledge guessers on final forms drawn as the server draws them."""

import pytest

from quizzes.blueprint import load_blueprint
from quizzes.gift import Option, ParsedQuestion
from quizzes.lint import Item, shipped_items
from quizzes.testwise import GUESSERS, simulate

PEOPLE = 300  # the figures in quizzes/banks/README.md come from `flask bank simulate` with 2 000


@pytest.mark.parametrize("name", list(GUESSERS))
def test_no_guesser_gets_near_the_pass_mark_on_the_shipped_banks(name):
    items, problems = shipped_items()
    assert problems == []
    figures = simulate(items, load_blueprint(), GUESSERS[name], name, PEOPLE, seed=7)
    assert figures.mean_percent <= 45
    assert figures.pass_per_attempt <= 0.01
    assert figures.pass_within_limit <= 0.03


def test_the_simulation_finds_a_bank_whose_key_is_always_the_longest():
    """The measure can fail: on a bank where the key is always longest, "pick the longest" passes every time."""
    blueprint = load_blueprint()
    items = []
    for competency, count in blueprint.competencies.items():
        for n in range(count * blueprint.max_attempts):
            options = [Option("Phương án đúng, được viết dài hơn hẳn", 100)] + [Option(f"Sai {k}", 0) for k in range(3)]
            question = ParsedQuestion(0, "single", f"Câu {competency}-{n}?", options, f"{competency}-{n}", "",
                                      None, 2, [], competency, "application")  # fmt: skip
            items.append(Item(f"x:{n}", question, competency.split(".")[0], "final"))
    longest = simulate(items, blueprint, GUESSERS[list(GUESSERS)[1]], "longest", 50, seed=1)
    assert longest.mean_percent == 100 and longest.pass_within_limit == 1
