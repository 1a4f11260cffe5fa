"""The grader: credit within [0, 1] of a question (so a score within [0, max]), full for the right answer, zero
for none, the same every time, and blind to the order the options were shown in."""

import copy
import unicodedata
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lms.text import fold
from quizzes.grading import grade
from tests.properties.strategies import FILES as FEW
from tests.properties.strategies import PURE, VIETNAMESE_LETTERS

fractions_negative = st.integers(-100_00000, 0).map(lambda n: n / 100_000)
option_texts = (
    st.text(alphabet=VIETNAMESE_LETTERS + "0123456789 -", min_size=1, max_size=15)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


def _parts(draw, count: int) -> list[float]:
    """Positive weights adding up to 100 within the importers' 1 % slack (33.33 × 3 is accepted)."""
    style = draw(st.sampled_from(["exact", "thirds", "rounded"]))
    if style == "thirds" or count == 1:
        return [round(100 / count, 5 if style != "rounded" else 2)] * count
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True)))
    bounds = [0, *cuts, 100]
    weights = [float(bounds[i + 1] - bounds[i]) for i in range(count)]
    if style == "rounded":
        weights[0] -= draw(st.sampled_from([0.0, 0.01, 0.5, 1.0]))
    return weights


@st.composite
def questions(draw) -> dict:
    kind = draw(st.sampled_from(["single", "multiple", "true_false", "short_text"]))
    count = draw(st.integers(2, 6))
    ids = draw(st.lists(st.integers(1, 10**6), min_size=count, max_size=count, unique=True))
    if kind == "true_false":
        ids, truth = ids[:2], draw(st.booleans())
        options = [{"id": ids[0], "text": "Đúng", "fraction": 100.0 if truth else 0.0},
                   {"id": ids[1], "text": "Sai", "fraction": 0.0 if truth else 100.0}]  # fmt: skip
    elif kind == "single":
        right = draw(st.integers(0, count - 1))
        options = [
            {"id": i, "text": draw(option_texts), "fraction": 100.0 if n == right else draw(fractions_negative)}
            for n, i in enumerate(ids)
        ]
    elif kind == "multiple":
        correct = draw(st.integers(1, count))
        weights = _parts(draw, correct) + [draw(fractions_negative) for _ in range(count - correct)]
        weights = draw(st.permutations(weights))
        options = [{"id": i, "text": draw(option_texts), "fraction": w} for i, w in zip(ids, weights, strict=True)]
    else:
        texts = draw(st.lists(option_texts, min_size=1, max_size=3, unique_by=fold))
        options = [{"id": i, "text": t, "fraction": 100.0} for i, t in zip(ids, texts, strict=False)]
    return {"kind": kind, "options": options, "ignore_diacritics": draw(st.booleans())}


def right_answer(question: dict) -> dict:
    if question["kind"] == "short_text":
        return {"text": question["options"][0]["text"]}
    if question["kind"] == "multiple":
        return {"option_ids": [o["id"] for o in question["options"] if o["fraction"] > 0]}
    return {"option_ids": [next(o["id"] for o in question["options"] if o["fraction"] == 100)]}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@st.composite
def answers(draw, question: dict) -> dict | None:
    """Anything an answer might be: real option ids, strangers, duplicates, wrong types, free text."""
    ids = [o["id"] for o in question["options"]]
    texts = [o["text"] for o in question["options"]]
    return draw(
        st.one_of(
            st.none(),
            st.just({}),
            st.builds(lambda chosen: {"option_ids": chosen}, st.lists(st.sampled_from(ids), max_size=8)),
            st.builds(lambda chosen: {"option_ids": chosen}, st.lists(st.integers() | st.sampled_from(ids))),
            st.builds(lambda text: {"text": text}, st.text(max_size=30) | st.sampled_from(texts)),
            st.dictionaries(st.sampled_from(["option_ids", "text", "x"]), json_values, max_size=2),
        )
    )  # fmt: skip


@st.composite
def graded(draw) -> tuple[dict, dict | None]:
    question = draw(questions())
    return question, draw(answers(question))


@PURE
@given(graded())
def test_credit_is_between_zero_and_one_and_the_same_every_time(pair):
    question, answer = pair
    before = (copy.deepcopy(question), copy.deepcopy(answer))
    credit = grade(question, answer)
    assert isinstance(credit, Decimal)
    assert Decimal(0) <= credit <= Decimal(1)
    assert grade(question, answer) == credit  # idempotent
    assert (question, answer) == before  # and it changes neither


@FEW
@given(st.lists(graded(), min_size=1, max_size=5))
def test_attempt_score_is_between_zero_and_max(pairs):
    score = sum((grade(q, a) for q, a in pairs), Decimal(0))
    assert Decimal(0) <= score <= Decimal(len(pairs))


@PURE
@given(questions())
def test_the_right_answer_earns_full_credit(question):
    assert grade(question, right_answer(question)) == 1


@PURE
@given(
    questions(), st.sampled_from([None, {}, {"option_ids": []}, {"text": ""}, {"text": "   "}, {"option_ids": None}])
)
def test_no_answer_earns_nothing(question, empty):
    assert grade(question, empty) == 0


@PURE
@given(graded(), st.randoms(use_true_random=False))
def test_option_order_does_not_matter(pair, rng):
    question, answer = pair
    shuffled = copy.deepcopy(question)
    rng.shuffle(shuffled["options"])
    reordered = copy.deepcopy(answer)
    if isinstance(reordered, dict) and isinstance(reordered.get("option_ids"), list):
        rng.shuffle(reordered["option_ids"])
    assert grade(shuffled, reordered) == grade(question, answer)


@PURE
@given(questions(), st.data())
def test_short_answers_ignore_case_spacing_and_composition(question, data):
    if question["kind"] != "short_text":
        return
    text = question["options"][0]["text"]
    variant = data.draw(
        st.sampled_from([text.upper(), text.lower(), f"  {text}  ", text.replace(" ", "   "),
                         unicodedata.normalize("NFD", text)])
    )  # fmt: skip
    assert grade(question, {"text": variant}) == 1
    if question["ignore_diacritics"]:
        assert grade(question, {"text": fold(text)}) == 1
