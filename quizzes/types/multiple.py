"""Multiple response ("Nhiều đáp án"): several right options sharing the credit, wrong ones taking it away.

The weight rule every importer follows: the positive weights add up to 100 % give or take `WEIGHT_SLACK` (thirds
written as 33.33), several right answers written without weights share the credit equally (`equal_share`).
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from quizzes.types.base import ONE, ZERO, Answer, Snapshot
from quizzes.types.choice import ChoiceType, chosen_ids

#: How far the positive weights may add up from 100 %.
WEIGHT_SLACK = 1


def equal_share(correct: int) -> float:
    """Each right option's weight when `correct` options share the credit equally (as the bank keeps it)."""
    return round(100 / correct, 5)


def weights_problem(fractions: Iterable[float]) -> str | None:
    """Why these option weights cannot make a question (the positive ones must add up to 100 %), or None."""
    total = sum(f for f in fractions if f > 0)
    if abs(total - 100) > WEIGHT_SLACK:
        return f"tổng trọng số các đáp án đúng là {total:g}%, phải là 100%"
    return None


class Multiple(ChoiceType):
    kind = "multiple"
    label = _l("Nhiều đáp án")
    sheet_name = "nhieu_dap_an"
    hint = _l("Chọn tất cả phương án đúng (có thể một hoặc nhiều).")
    short_hint = _l("Chọn tất cả phương án đúng.")
    input_type = "checkbox"
    one_answer = False
    shuffles_options = True

    def grade(self, question: Snapshot, answer: Answer) -> Decimal:
        """Partial credit: the weights of the chosen options added up, never below 0 nor above 1.

        The weights are taken as shares of all the positive weights, which the importers let differ from 100 % by
        up to 1 % (thirds written as 33.33): choosing every right option earns full credit.
        """
        fractions = {o["id"]: Decimal(str(o["fraction"])) for o in question["options"]}
        positive = sum((f for f in fractions.values() if f > 0), ZERO)
        chosen = sum((fractions.get(i, ZERO) for i in set(chosen_ids(answer))), ZERO)
        total = chosen / (positive if positive > 0 else Decimal(100))
        return max(ZERO, min(ONE, total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)

    def gift_markers(self, fraction: float) -> tuple[str, str]:
        """Always the weight: "~%50%"."""
        return "", "~"
