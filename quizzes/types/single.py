"""Single choice ("Một đáp án"): one right option among several, all or nothing."""

from flask_babel import lazy_gettext as _l

from quizzes.types.choice import ChoiceType


class Single(ChoiceType):
    kind = "single"
    label = _l("Một đáp án")
    sheet_name = "mot_dap_an"
    shuffles_options = True

    def gift_markers(self, fraction: float) -> tuple[str, str]:
        """The right answer gets "=", a wrong one "~"; any other weight is written out ("~%50%")."""
        plain = "=" if fraction == 100 else ("~" if fraction == 0 else "")
        return plain, "=" if fraction == 100 else "~"
