"""What every question type knows, and the helpers the types share.

A question snapshot (what an attempt freezes) is a dict: {"id", "kind", "text_html", "options": [{"id", "text",
"fraction", "feedback"}], "ignore_diacritics", …}. An answer is {"option_ids": [...]} or {"text": "..."}. A grade is
a fraction of the question's points, 0–1, as a Decimal.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import LazyString

from lms.errors import LMSError
from quizzes.types.gift_syntax import WEIGHT, escape, weight_text

if TYPE_CHECKING:
    from quizzes.gift import Option, ParsedQuestion

Snapshot = dict[str, Any]
Answer = dict[str, Any]

ONE, ZERO = Decimal(1), Decimal(0)


def bad_answer(field: str, message: str) -> LMSError:
    """An answer that does not fit its question (400), with the message on the field at fault."""
    return LMSError(message, fields={field: message})


class QuestionType:
    """One kind of question: how its answers are checked, graded, shown, exported and analysed.

    Subclasses set the class attributes and override what differs; the templates read `template`, `input_type`,
    `hint`, `short_hint` and `max_length` (templates/quizzes/_question.html).
    """

    #: The value stored in `questions.kind` (and in snapshots, and the API's question `type`).
    kind: ClassVar[str]
    #: The Vietnamese name trainers see ("Một đáp án"), and the one a spreadsheet's `loai` column uses.
    label: ClassVar[LazyString]
    sheet_name: ClassVar[str]
    #: The hint above the options of an attempt, and the shorter one below them on the placement check.
    hint: ClassVar[LazyString | None] = None
    short_hint: ClassVar[LazyString | None] = None
    #: The branch of the macros in templates/quizzes/_question.html that renders it ("choice" or "text").
    template: ClassVar[str]
    #: The HTML input of each answer: "radio", "checkbox" or "text"; a text input's maxlength.
    input_type: ClassVar[str]
    max_length: ClassVar[int | None] = None
    #: Whether an answer chooses among the options (the item analysis counts each option's share) or is typed.
    chooses_options: ClassVar[bool] = True
    #: Whether a quiz that shuffles options shuffles this type's (true/false keeps "Đúng" before "Sai").
    shuffles_options: ClassVar[bool] = False

    def clean_answer(self, question: Snapshot, answer: Answer) -> Answer:
        """Check an answer (already a dict) against its question and return it normalised; LMSError if it does not
        fit."""
        raise NotImplementedError

    def from_form(self, values: list[str]) -> Answer:
        """An answer from a form without JavaScript: the values sent for its q<ID> field (maybe none)."""
        raise NotImplementedError

    def grade(self, question: Snapshot, answer: Answer) -> Decimal:
        """The fraction of the question's points (0–1) an answer earns; never fails on a malformed answer."""
        raise NotImplementedError

    def public_options(self, question: Snapshot) -> list[dict[str, Any]]:
        """The options as the browser may see them: no correctness, weights or feedback."""
        return [{"id": o["id"], "text": o["text"]} for o in question["options"]]

    def public(self, question: Snapshot) -> dict[str, Any]:
        """The question as the browser (and the API) may see it."""
        return {
            "id": question["id"],
            "type": question["kind"],
            "text": question["text_html"],
            "options": self.public_options(question),
        }

    def chosen_options(self, answer: Any) -> tuple[Any, ...]:
        """The options a saved answer chose, for the item analysis (none for a typed answer)."""
        chosen = answer.get("option_ids") if isinstance(answer, dict) else None
        return tuple(chosen or ())

    # --- GIFT export ------------------------------------------------------------------

    def to_gift(self, question: "ParsedQuestion", stem: str, general: str) -> list[str]:
        """The question's GIFT lines: `stem` is its escaped title and text, `general` its "####…" feedback or "".

        The default writes one option per line, each with the marker `gift_markers` chooses.
        """
        lines = [f"{stem} {{"]
        explicit = self.gift_explicit(question.options)
        for option in question.options:
            marker = self.gift_marker(option, explicit)
            feedback = f" #{escape(option.feedback)}" if option.feedback else ""
            lines.append(f"{marker}{escape(option.text)}{feedback}")
        if general:
            lines.append(general)
        lines.append("}")
        return lines

    def gift_markers(self, fraction: float) -> tuple[str, str]:
        """The marker for an option of this weight written plainly ("" when it cannot be), and the one that goes
        in front of a written weight ("~%50%")."""
        raise NotImplementedError

    def gift_explicit(self, options: "list[Option]") -> bool:
        """Whether every option must carry its weight, because a plain marker could be misread."""
        return False

    def gift_marker(self, option: "Option", explicit: bool) -> str:
        """The marker in front of an option; the weight is written out whenever the text could be read as one."""
        plain, weighted = self.gift_markers(option.fraction)
        if plain and not explicit and not WEIGHT.match(option.text):
            return plain
        return f"{weighted}%{weight_text(option.fraction)}%"
