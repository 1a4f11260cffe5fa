"""What the choice types (single, multiple, true/false) share: the answer is a list of option ids."""

from decimal import Decimal
from typing import Any, ClassVar

from quizzes.types.base import ONE, ZERO, Answer, QuestionType, Snapshot, bad_answer


def chosen_ids(answer: Answer) -> list[Any]:
    """The option ids in an answer; anything that cannot be an id (a list, an object) is ignored."""
    ids = answer.get("option_ids") or []
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, int | str) and not isinstance(i, bool)]


class ChoiceType(QuestionType):
    """Options to choose from; one of them (radio buttons) unless `one_answer` is False (check boxes)."""

    template = "choice"
    input_type = "radio"
    #: Whether an answer may choose only one option.
    one_answer: ClassVar[bool] = True

    def clean_answer(self, question: Snapshot, answer: Answer) -> Answer:
        """Option ids of this question, at most one when `one_answer`; 400 otherwise."""
        ids = answer.get("option_ids")
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise bad_answer("option_ids", "Cần trường “option_ids” là danh sách mã phương án.")
        valid = {o["id"] for o in question["options"]}
        if not set(ids) <= valid:
            raise bad_answer("option_ids", "Có mã phương án không thuộc câu hỏi này.")
        if self.one_answer and len(ids) > 1:
            raise bad_answer("option_ids", "Câu hỏi này chỉ chọn một phương án.")
        return {"option_ids": sorted(set(ids))}

    def from_form(self, values: list[str]) -> Answer:
        """The ticked option ids (400 when one is not a number)."""
        if not all(v.isdigit() for v in values):
            raise bad_answer("option_ids", "Phương án không hợp lệ.")
        return {"option_ids": [int(v) for v in values]}

    def grade(self, question: Snapshot, answer: Answer) -> Decimal:
        """All or nothing: exactly one option chosen, and it is the right one."""
        chosen = chosen_ids(answer)
        if len(chosen) != 1:
            return ZERO
        fractions = {o["id"]: o["fraction"] for o in question["options"]}
        return ONE if fractions.get(chosen[0], 0) >= 100 else ZERO
