"""Short answer ("Trả lời ngắn"): typed text compared with the accepted answers (the question's options)."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from lms.errors import LMSError
from lms.text import clean, fold
from quizzes.types.base import ONE, ZERO, Answer, QuestionType, Snapshot, bad_answer

if TYPE_CHECKING:
    from quizzes.gift import Option

#: The longest answer accepted (the input's maxlength too).
MAX_LENGTH = 2000


class AnswerTooLarge(LMSError):
    status = 413
    code = "payload_too_large"


def normalise_text(text: str, ignore_diacritics: bool) -> str:
    """NFC, case and spaces folded; diacritics too when the question allows it."""
    value = clean(text).casefold()
    return fold(value) if ignore_diacritics else value


class ShortText(QuestionType):
    kind = "short_text"
    label = _l("Trả lời ngắn")
    sheet_name = "tra_loi_ngan"
    template = "text"
    input_type = "text"
    chooses_options = False
    max_length = MAX_LENGTH

    def clean_answer(self, question: Snapshot, answer: Answer) -> Answer:
        """A string of at most `MAX_LENGTH` characters (400 when not a string, 413 when too long)."""
        text = answer.get("text")
        if not isinstance(text, str):
            raise bad_answer("text", "Câu trả lời ngắn cần trường “text” là chuỗi.")
        if len(text) > MAX_LENGTH:
            raise AnswerTooLarge(f"Câu trả lời dài quá {MAX_LENGTH} ký tự.", fields={"text": "Quá dài."})
        return {"text": text}

    def from_form(self, values: list[str]) -> Answer:
        return {"text": (values[0] if values else "").strip()}

    def grade(self, question: Snapshot, answer: Answer) -> Decimal:
        """The best-matching accepted answer's weight (usually 100 %)."""
        given = answer.get("text")
        if not isinstance(given, str) or not given.strip():
            return ZERO
        loose = bool(question.get("ignore_diacritics"))
        target = normalise_text(given, loose)
        best = ZERO
        for option in question["options"]:
            if normalise_text(option["text"], loose) == target:
                best = max(best, Decimal(str(option["fraction"])) / 100)
        return min(ONE, best)

    def public_options(self, question: Snapshot) -> list[dict[str, Any]]:
        """None: the options are the accepted answers."""
        return []

    def chosen_options(self, answer: Any) -> tuple[Any, ...]:
        """None: a typed answer chooses no option."""
        return ()

    def gift_markers(self, fraction: float) -> tuple[str, str]:
        """A fully accepted answer gets "=", one worth part of the credit "=%50%"."""
        return ("=" if fraction == 100 else ""), "="

    def gift_explicit(self, options: "list[Option]") -> bool:
        """Weights on every answer keep a short answer that contains "->" from reading as a matching question."""
        return any("->" in option.text for option in options)
