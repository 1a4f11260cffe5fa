"""Reporting periods and cut-off dates (Nghị định 09/2019/NĐ-CP convention; configurable assumption)."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from lms.errors import ValidationFailed


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date | None
    cutoff: date

    def cutoff_end(self, tz: str) -> datetime:
        """The last moment counted: the end of the cut-off day in local time."""
        return datetime.combine(self.cutoff + timedelta(days=1), time.min, tzinfo=ZoneInfo(tz))


def half_year(year: int) -> Period:
    """6-monthly report: 15/12 of the previous year to 14/6, figures cut off on 14/6."""
    return Period(f"H1-{year}", f"6 tháng đầu năm {year}", date(year - 1, 12, 15), date(year, 6, 14))


def annual(year: int) -> Period:
    """Annual report: 15/12 of the previous year to 14/12, figures cut off on 14/12."""
    return Period(f"Y-{year}", f"Năm {year}", date(year - 1, 12, 15), date(year, 12, 14))


def today_period(today: date) -> Period:
    return Period("today", f"Đến ngày {today:%d/%m/%Y}", None, today)


def parse_period(key: str | None, start: str | None, end: str | None, today: date) -> Period:
    """Read ?period=H1-2026 | Y-2026 | custom (&from=&to=, dd/mm/yyyy or yyyy-mm-dd) | today (default)."""
    key = (key or "today").strip()
    if key == "today":
        return today_period(today)
    if match := re.fullmatch(r"(H1|Y)-(\d{4})", key):
        year = int(match.group(2))
        return half_year(year) if match.group(1) == "H1" else annual(year)
    if key == "custom":
        first, last = _date(start, "from"), _date(end, "to")
        if last is None:
            raise ValidationFailed("Cần ngày chốt số liệu (đến ngày).", fields={"to": "Bắt buộc."})
        if first and first > last:
            raise ValidationFailed("“Từ ngày” phải trước “đến ngày”.", fields={"from": "Sau ngày chốt."})
        label = f"Từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}" if first else f"Đến ngày {last:%d/%m/%Y}"
        return Period("custom", label, first, last)
    raise ValidationFailed(f"Kỳ báo cáo “{key}” không hợp lệ.", fields={"period": "H1-YYYY, Y-YYYY, custom, today."})


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ValidationFailed(f"Ngày “{value}” không hợp lệ (dd/mm/yyyy).", fields={field: "Dạng dd/mm/yyyy."})


def period_choices(today: date) -> list[Period]:
    """The periods offered on the export form: this year's and last year's reports."""
    year = today.year
    return [today_period(today), half_year(year), annual(year), half_year(year - 1), annual(year - 1)]
