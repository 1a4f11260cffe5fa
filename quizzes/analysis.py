"""Item analysis for a quiz's results page: pure functions over finished attempts, no database, no Flask.

Classical test theory: per question a facility index (how many got it right), a discrimination index
(whether stronger candidates got it right more often than weaker ones) and how often each option was chosen,
plus plain-language flags that tell a trainer which questions to review.

An attempt *includes* a question when its ``items`` has that question's id. The caller should put a question
that was shown but left blank in ``items`` with score 0 and no options, so that it counts against facility.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean, median

#: Share of attempts in each of the upper and lower groups: Kelley (1939) showed 27 % makes the two groups
#: as extreme as possible while still large enough to trust, and CTT textbooks have used it ever since.
GROUP_FRACTION = 0.27
#: Below this many responses a 27 % group is one attempt and the upper and lower groups are nearly the
#: whole sample, so the index says nothing; we report None instead of a number that looks meaningful.
MIN_RESPONSES_FOR_DISCRIMINATION = 4
#: Facility bands: CTT guides (e.g. Ebel & Frisbie, *Essentials of Educational Measurement*) quote cut-offs
#: between 0.2–0.3 and 0.8–0.9 for items that tell candidates apart; we use the wide band so that only
#: clear outliers get flagged.
TOO_EASY_ABOVE = 0.9
TOO_HARD_BELOW = 0.2
#: Ebel's rule of thumb for the discrimination index: below 0.2 the item is poor (revise or drop it);
#: below 0 weaker candidates do better than stronger ones, the usual symptom of a wrong answer key.
POOR_DISCRIMINATION_BELOW = 0.2
#: A wrong option that beats every correct one only points to a miskey when most candidates miss the item;
#: on an easy item it is just a popular distractor among the few who got it wrong.
MISKEY_FACILITY_BELOW = 0.5
#: Scores are graded to 4 decimal places (quizzes/grading.py); rounding indices to 9 keeps every real
#: difference and drops float noise, which would otherwise turn D = 0 into -5e-17 and a "miskey" flag.
PRECISION = 9
#: Totals arrive as floats; a total a hair below the pass mark through float arithmetic still passes.
PASS_TOLERANCE = 1e-9

FLAG_TOO_EASY = "quá dễ"
FLAG_TOO_HARD = "quá khó"
FLAG_MAYBE_MISKEYED = "có thể sai đáp án"
FLAG_NOT_DISCRIMINATING = "không phân loại được"


@dataclass(frozen=True)
class ItemResponse:
    """One question in one attempt: the fraction 0–1 earned and the options chosen (empty for short text)."""

    score: float
    option_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class AttemptRecord:
    """A finished attempt: its total as a fraction 0–1 and its responses keyed by question id."""

    attempt_id: int
    total: float
    items: dict[int, ItemResponse]


@dataclass(frozen=True)
class QuestionInfo:
    """A question as the analysis needs it: its options in display order and which of them are correct."""

    question_id: int
    title: str
    option_ids: tuple[int, ...] = ()
    correct_option_ids: tuple[int, ...] = ()


@dataclass
class ItemStats:
    """The analysis of one question; indices are None when there is too little data to compute them."""

    question_id: int
    title: str
    responses: int
    facility: float | None
    discrimination: float | None
    #: Responses that chose each option: the question's options in order (0 when never chosen), then any
    #: chosen id the question no longer has. A response counts an option once even if it lists it twice.
    option_counts: dict[int, int] = field(default_factory=dict)
    #: count / responses; for multiple choice the shares can add up to more than 1. All 0.0 with no responses.
    option_shares: dict[int, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QuizSummary:
    """Totals over all attempts; None where there are no attempts (or no pass mark for pass_rate)."""

    attempts: int
    mean: float | None
    median: float | None
    pass_rate: float | None


def _clean(value: float) -> float:
    # Adding 0.0 turns the -0.0 that rounding can leave into 0.0.
    return round(value, PRECISION) + 0.0


def compute_discrimination(question_id: int, attempts: Sequence[AttemptRecord]) -> float | None:
    """Compute the upper–lower discrimination index of one question, or None below 4 responses.

    Attempts that include the question are sorted by ``(total, attempt_id)``; the bottom and top
    ``max(1, round(0.27 * n))`` form the lower and upper groups, and the index is the mean item score of the
    upper group minus that of the lower group (-1 to 1). Sorting on ``attempt_id`` as well makes ties in
    total deterministic: among equal totals the attempt with the smaller id counts as the weaker one,
    whatever order the attempts came in. ``round`` is Python's (half to even), e.g. n = 50 gives 14.
    """
    ranked = sorted((a for a in attempts if question_id in a.items), key=lambda a: (a.total, a.attempt_id))
    n = len(ranked)
    if n < MIN_RESPONSES_FOR_DISCRIMINATION:
        return None
    size = max(1, round(GROUP_FRACTION * n))
    lower = fmean(a.items[question_id].score for a in ranked[:size])
    upper = fmean(a.items[question_id].score for a in ranked[-size:])
    return _clean(upper - lower)


def count_options(question: QuestionInfo, responses: Sequence[ItemResponse]) -> dict[int, int]:
    """Count the responses that chose each option of a question."""
    counts = dict.fromkeys(question.option_ids, 0)
    stray: dict[int, int] = {}
    for response in responses:
        for option_id in set(response.option_ids):
            if option_id in counts:
                counts[option_id] += 1
            else:
                stray[option_id] = stray.get(option_id, 0) + 1
    return counts | dict(sorted(stray.items()))


def _looks_miskeyed(question: QuestionInfo, counts: dict[int, int], facility: float) -> bool:
    correct = set(question.correct_option_ids)
    if not correct or facility >= MISKEY_FACILITY_BELOW:
        return False
    best_correct = max(counts.get(option_id, 0) for option_id in correct)
    return any(count > best_correct for option_id, count in counts.items() if option_id not in correct)


def flag_item(
    question: QuestionInfo, facility: float | None, discrimination: float | None, counts: dict[int, int]
) -> list[str]:
    """List the plain-language warnings that apply to an item, in a fixed order."""
    flags: list[str] = []
    if facility is not None and facility > TOO_EASY_ABOVE:
        flags.append(FLAG_TOO_EASY)
    if facility is not None and facility < TOO_HARD_BELOW:
        flags.append(FLAG_TOO_HARD)
    negative = discrimination is not None and discrimination < 0
    if negative or (facility is not None and _looks_miskeyed(question, counts, facility)):
        flags.append(FLAG_MAYBE_MISKEYED)
    if discrimination is not None and 0 <= discrimination < POOR_DISCRIMINATION_BELOW:
        flags.append(FLAG_NOT_DISCRIMINATING)
    return flags


def analyse_item(question: QuestionInfo, attempts: Sequence[AttemptRecord]) -> ItemStats:
    """Analyse one question over the attempts that include it."""
    responses = [a.items[question.question_id] for a in attempts if question.question_id in a.items]
    n = len(responses)
    facility = _clean(fmean(r.score for r in responses)) if responses else None
    discrimination = compute_discrimination(question.question_id, attempts)
    counts = count_options(question, responses)
    return ItemStats(
        question_id=question.question_id,
        title=question.title,
        responses=n,
        facility=facility,
        discrimination=discrimination,
        option_counts=counts,
        option_shares={option_id: count / n if n else 0.0 for option_id, count in counts.items()},
        flags=flag_item(question, facility, discrimination, counts),
    )


def analyse_items(questions: Iterable[QuestionInfo], attempts: Iterable[AttemptRecord]) -> list[ItemStats]:
    """Analyse every question, in the order given; responses to other questions are ignored."""
    finished = list(attempts)
    return [analyse_item(question, finished) for question in questions]


def summarise(attempts: Iterable[AttemptRecord], pass_fraction: float | None = None) -> QuizSummary:
    """Summarise attempt totals: count, mean, median and the share at or above ``pass_fraction``."""
    totals = [a.total for a in attempts]
    if not totals:
        return QuizSummary(attempts=0, mean=None, median=None, pass_rate=None)
    pass_rate = None
    if pass_fraction is not None:
        pass_rate = sum(total >= pass_fraction - PASS_TOLERANCE for total in totals) / len(totals)
    return QuizSummary(attempts=len(totals), mean=fmean(totals), median=median(totals), pass_rate=pass_rate)
