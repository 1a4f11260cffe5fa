"""A fixed-window rate limit shared by every app process (kept in the database)."""

import math
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from lms.auth.models import LoginThrottle
from lms.errors import TooManyAttempts


def hit(session: Session, key: str, limit: int, window: timedelta, now: datetime) -> None:
    """Count one request for `key`; raise TooManyAttempts (429 + Retry-After) past `limit` per window."""
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        row = LoginThrottle(key=key, failures=0, window_started_at=now)
        session.add(row)
    if now - row.window_started_at >= window:
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    session.flush()
    if row.failures > limit:
        wait = math.ceil((row.window_started_at + window - now).total_seconds())
        raise TooManyAttempts("Bạn đã tra cứu quá nhiều lần. Vui lòng chờ rồi thử lại.", retry_after=max(1, wait))
