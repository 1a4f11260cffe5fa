"""Two-step sign-in with time-based one-time codes (TOTP, RFC 6238) from an authenticator app.

Available to everyone; required for the admin and monitor roles, whose accounts reach every person's data.
A code is accepted once (replays are refused) and wrong codes lock the account like wrong passwords.
"""

import itertools
from datetime import datetime, timedelta

import pyotp
from reportlab.graphics.barcode.qr import QrCodeWidget
from sqlalchemy.orm import Session

from lms.auth import throttle
from lms.auth.models import User
from lms.errors import LMSError, TooManyAttempts

ISSUER = "KNS LMS"
#: Codes one step either side of now are accepted: phone clocks drift.
DRIFT_STEPS = 1
MAX_FAILURES = 5
LOCK = timedelta(minutes=15)


class BadCode(LMSError):
    status = 401
    code = "invalid_otp"

    def __init__(self) -> None:
        super().__init__("Mã xác thực không đúng hoặc đã dùng. Hãy nhập mã 6 số đang hiện trong ứng dụng.")


def is_required(user: User, required_roles: frozenset[str]) -> bool:
    return any(role in required_roles for role in user.roles)


def needs_setup(user: User, required_roles: frozenset[str]) -> bool:
    return not user.totp_enabled and is_required(user, required_roles)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code equals `code` (within the drift window), or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        moment = now + timedelta(seconds=offset * totp.interval)
        if pyotp.utils.strings_equal(totp.at(moment), code):
            return totp.timecode(moment)
    return None


def check_code(session: Session, user: User, code: str, now: datetime) -> None:
    """Accept a code once; count failures per person and lock after too many.

    :raises TooManyAttempts: too many wrong codes lately.
    :raises BadCode: wrong, expired or already used.
    """
    key = f"totp:{user.id}"
    wait = throttle.seconds_locked(session, [key], now)
    if wait:
        raise TooManyAttempts("Nhập sai mã quá nhiều lần. Vui lòng thử lại sau ít phút.", retry_after=wait)
    step = matching_step(user.totp_secret or "", code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        throttle.record_failure(session, key, throttle.ThrottlePolicy(MAX_FAILURES, LOCK), now)
        raise BadCode()
    user.totp_last_step = step
    throttle.clear(session, key)


def enable(session: Session, user: User, secret: str, code: str, now: datetime) -> None:
    """Turn two-step sign-in on once the person proves their app shows the right code."""
    step = matching_step(secret, code, now)
    if step is None:
        raise BadCode()
    user.totp_secret, user.totp_last_step, user.totp_enabled_at = secret, step, now
    session.flush()


def disable(session: Session, user: User) -> None:
    """Turn it off (the person after a valid code, or an admin for someone who lost their phone)."""
    user.totp_secret = user.totp_last_step = user.totp_enabled_at = None
    session.flush()


def qr_svg(text: str, size: int = 200) -> str:
    """The QR code as an inline SVG path (attributes only: the Content-Security-Policy forbids inline styles)."""
    code = QrCodeWidget(text, barLevel="M").qr
    code.make()
    count, border = code.getModuleCount(), 2
    side = count + 2 * border
    runs = []
    for r, row in enumerate(code.modules):
        c = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            length = len(list(run))
            if dark:
                runs.append(f"M{c + border} {r + border}h{length}v1h-{length}z")
            c += length
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{size}" height="{size}" '
        f'role="img" aria-label="Mã QR"><rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )
