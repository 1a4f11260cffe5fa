"""True/false ("Đúng/Sai"): two options, "Đúng" then "Sai", in that order in every format and on every page."""

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from quizzes.types.choice import ChoiceType
from quizzes.types.gift_syntax import escape

if TYPE_CHECKING:
    from quizzes.gift import ParsedQuestion

TRUE_TEXT, FALSE_TEXT = "Đúng", "Sai"


def keyed_options(truth: bool, right_feedback: str = "", wrong_feedback: str = "") -> list[tuple[str, float, str]]:
    """The two options of a statement that is `truth`, as (text, fraction, feedback): what every importer builds."""
    return [
        (TRUE_TEXT, 100.0 if truth else 0.0, right_feedback if truth else wrong_feedback),
        (FALSE_TEXT, 0.0 if truth else 100.0, wrong_feedback if truth else right_feedback),
    ]


class TrueFalse(ChoiceType):
    kind = "true_false"
    label = _l("Đúng/Sai")
    sheet_name = "dung_sai"

    def to_gift(self, question: "ParsedQuestion", stem: str, general: str) -> list[str]:
        """One line: `{TRUE#feedback if wrong#feedback if right ####general}`."""
        truth = question.options[0].fraction > 0
        right = question.options[0] if truth else question.options[1]
        wrong = question.options[1] if truth else question.options[0]
        fb = f"#{escape(wrong.feedback)}#{escape(right.feedback)}" if (wrong.feedback or right.feedback) else ""
        # The space keeps a feedback's closing "#" apart from "####" (five in a row would be misread).
        general = f" {general}" if general else ""
        return [f"{stem} {{{'TRUE' if truth else 'FALSE'}{fb}{general}}}"]
