"""Shared hypothesis settings and strategies for the property tests.

Every test is derandomised (the same examples on every run, so CI is reproducible), has no deadline (the
machine is shared) and a bounded number of examples.
"""

import unicodedata

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Pure functions: cheap, so more examples.
PURE = settings(
    max_examples=100, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
#: Parsers of whole files (openpyxl is slow-ish).
FILES = settings(
    max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
#: Tests that go through the database and the app: few examples, fixtures shared by the examples.
DATABASE = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

#: Lower-case Vietnamese letters (precomposed), with their upper-case forms below.
VIETNAMESE_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
VIETNAMESE_LETTERS = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()
#: Characters with a meaning in the file formats we read: GIFT specials and escapes, CSV quoting and separators,
#: LIKE wildcards, Aiken letters and colons.
SPECIALS = "~=#{}:\\%_->/[]()\"',;.|$\t "

vietnamese_text = st.text(alphabet=VIETNAMESE_LETTERS + "0123456789 .,?!-", min_size=0, max_size=40)
hostile_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=VIETNAMESE_LETTERS + SPECIALS + "\n\r\ufeff\u0301\u0323\u00a0\u2028ABCDEF", max_size=200),
)


def is_vietnamese_message(message: object) -> bool:
    """A non-empty message with at least one Vietnamese letter that English lacks (ế, đ, ư…)."""
    if not isinstance(message, str) or not message.strip():
        return False
    return any(ch in "đĐ" or unicodedata.normalize("NFD", ch) != ch for ch in message)
