"""One clock for people: the date of a moment where they live (`LMS_TIMEZONE`), never the server's or UTC.

Stored times are UTC; a certificate's date, "còn N ngày" and a report's cut-off are local dates. At 23:30 UTC it is
already 06:30 the next day in Vietnam, and every page must say the same day.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from lms.models import now_utc

DEFAULT_TZ = "Asia/Ho_Chi_Minh"


def local_date(moment: datetime, tz: str = DEFAULT_TZ) -> date:
    """The local calendar date of an aware moment (a naive one is taken as UTC, as the database stores it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(tz)).date()


def local_today(tz: str = DEFAULT_TZ, now: datetime | None = None) -> date:
    return local_date(now or now_utc(), tz)
