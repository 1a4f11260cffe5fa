"""Lock out repeated failed sign-ins, per username and per address, across all app processes."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from lms.auth.models import LoginThrottle


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int
    window: timedelta


def seconds_locked(session: Session, keys: list[str], now: datetime) -> int:
    """Return how many seconds remain on the longest lock among `keys` (0 when none is locked)."""
    remaining = 0.0
    for key in keys:
        row = session.get(LoginThrottle, key)
        if row and row.locked_until and row.locked_until > now:
            remaining = max(remaining, (row.locked_until - now).total_seconds())
    return math.ceil(remaining)


def record_failure(session: Session, key: str, policy: ThrottlePolicy, now: datetime) -> None:
    """Count one failure; lock the key for the window once it reaches the limit."""
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        row = LoginThrottle(key=key, failures=0, window_started_at=now)
        session.add(row)
    if now - row.window_started_at > policy.window:
        row.failures, row.window_started_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= policy.max_failures:
        row.locked_until = now + policy.window
    session.flush()


def clear(session: Session, key: str) -> None:
    """Forget the failures of a key after a successful sign-in."""
    row = session.get(LoginThrottle, key)
    if row is not None:
        session.delete(row)
        session.flush()
