"""Dates, numbers and percentages as Vietnamese readers write them, in one place, built on Babel (CLDR "vi").

Pages (Jinja filters `date`, `datetime`, `number`, `percent`), PDFs and exports all call these, so the same value
reads the same everywhere: 2.484 · 86,67 % · 26/30 · 06/12/2026 · 06/12/2026 14:05.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal

LOCALE = "vi"
DEFAULT_TZ = "Asia/Ho_Chi_Minh"
#: Between a number and its "%": a no-break space, so "86,67 %" never wraps in two.
PERCENT_SPACE = "\u00a0"

Number = int | float | Decimal


def number(value: Number | None, places: int = 2) -> str:
    """Thousands grouped with ".", a decimal comma, at most `places` decimals, no trailing zeros: 2484 → "2.484",
    26.00 → "26", 86.666 → "86,67"; None → "—"."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "#" * places if places > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(value: Number | None, places: int = 2) -> str:
    """A percentage given in percent (86.666 → "86,67 %", 50 → "50 %"); None → "—"."""
    if value is None:
        return "—"
    return f"{number(value, places)}{PERCENT_SPACE}%"


def fixed(value: Number | None, places: int = 2) -> str:
    """Exactly `places` decimals, for indices read side by side: 0.5 → "0,50"; None → "—"."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0." + "0" * places, locale=LOCALE)


def share(fraction: Number | None, places: int = 1) -> str:
    """A share given as a fraction of one (0.625 → "62,5 %")."""
    return "—" if fraction is None else percent(Decimal(str(fraction)) * 100, places)


def score(earned: Number | None, out_of: Number | None) -> str:
    """Points out of a total: "26/30", "25,5/30"."""
    return f"{number(earned)}/{number(out_of)}"


def _local(value: datetime, tz: str) -> datetime:
    return value.astimezone(ZoneInfo(tz)) if value.tzinfo is not None else value


def day(value: date | datetime | None, tz: str = DEFAULT_TZ) -> str:
    """dd/mm/yyyy; an aware datetime is first put in local time (`LMS_TIMEZONE`); None → ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value, tz).date()
    return _babel_date(value, format="dd/MM/yyyy", locale=LOCALE)


def moment(value: datetime | None, tz: str = DEFAULT_TZ) -> str:
    """dd/mm/yyyy HH:mm in local time; None → ""."""
    if value is None:
        return ""
    return _babel_datetime(_local(value, tz), format="dd/MM/yyyy HH:mm", locale=LOCALE)
