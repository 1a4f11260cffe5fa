"""Sign-in, passwords, API tokens and people: the rules, free of Flask request globals."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms.auth import throttle
from lms.auth.models import ApiToken, User
from lms.auth.passwords import dummy_hash, hash_password, password_problems, verify_password
from lms.errors import LMSError, TooManyAttempts, ValidationFailed
from lms.models import now_utc
from lms.text import nfc

#: One message for every failed sign-in, so nobody can learn which usernames exist.
BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


class BadCredentials(LMSError):
    status = 401
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__(BAD_CREDENTIALS)


@dataclass(frozen=True)
class SignInSettings:
    max_failures: int
    max_failures_per_ip: int
    lock: timedelta
    hash_method: str


def normalise_username(username: str) -> str:
    return (nfc(username) or "").lower()


def authenticate(session: Session, username: str, password: str, address: str, settings: SignInSettings) -> User:
    """Check a username and password, throttling repeated failures.

    :raises TooManyAttempts: the username or the address is locked.
    :raises BadCredentials: wrong username or password, or an inactive account.
    """
    now = now_utc()
    name = normalise_username(username)
    keys = [f"user:{name}", f"ip:{address}"]
    wait = throttle.seconds_locked(session, keys, now)
    if wait:
        raise TooManyAttempts(lock_message(wait), retry_after=wait)
    user = session.scalar(select(User).where(User.username == name))
    # Check a hash even for unknown users so the answer takes the same time.
    ok = verify_password(user.password_hash if user else dummy_hash(settings.hash_method), password)
    if not (user and ok and user.active):
        throttle.record_failure(session, keys[0], throttle.ThrottlePolicy(settings.max_failures, settings.lock), now)
        throttle.record_failure(
            session, keys[1], throttle.ThrottlePolicy(settings.max_failures_per_ip, settings.lock), now
        )
        raise BadCredentials()
    throttle.clear(session, keys[0])
    user.last_login_at = now
    return user


def lock_message(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau khoảng {minutes} phút."


def set_password(user: User, new_password: str, hash_method: str, *, temporary: bool = False) -> None:
    """Set a new password after checking the policy; end every other session and token.

    :raises ValidationFailed: the password breaks the policy.
    """
    problems = password_problems(new_password, user.username)
    if problems:
        raise ValidationFailed(" ".join(problems), fields={"new_password": " ".join(problems)})
    user.password_hash = hash_password(new_password, hash_method)
    user.must_change_password = temporary
    user.session_version += 1


def change_password(
    session: Session, user: User, current: str, new: str, hash_method: str, keep_token: ApiToken | None = None
) -> None:
    """Change one's own password, proving the current one first; other sessions and tokens end."""
    if not verify_password(user.password_hash, current):
        raise ValidationFailed(
            "Mật khẩu hiện tại không đúng.", fields={"current_password": "Mật khẩu hiện tại không đúng."}
        )
    if current == new:
        message = "Mật khẩu mới phải khác mật khẩu hiện tại."
        raise ValidationFailed(message, fields={"new_password": message})
    set_password(user, new, hash_method)
    revoke_all_tokens(session, user, except_hash=keep_token.token_hash if keep_token else None)
    session.flush()


# --- API tokens -------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(authorization: str) -> str | None:
    """The token of an `Authorization: Bearer …` header value, or None."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def issue_token(session: Session, user: User, ttl: timedelta) -> tuple[str, ApiToken]:
    """Create a bearer token; the plain token is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(user=user, token_hash=_digest(token), expires_at=now_utc() + ttl)
    session.add(row)
    session.flush()
    return token, row


def find_token(session: Session, token: str, now: datetime | None = None) -> ApiToken | None:
    """Return the live token row for a bearer token, with its user loaded, or None."""
    now = now or now_utc()
    row = session.scalar(
        select(ApiToken)
        .options(joinedload(ApiToken.user).selectinload(User.role_assignments))
        .where(ApiToken.token_hash == _digest(token))
    )
    if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.active:
        return None
    return row


def revoke_token(session: Session, row: ApiToken) -> None:
    row.revoked_at = now_utc()
    session.flush()


def end_every_session(session: Session, user: User) -> None:
    """Sign a person out everywhere: every browser session (signed cookies carry the version) and API token."""
    user.session_version += 1
    revoke_all_tokens(session, user, except_hash=None)
    session.flush()


def revoke_all_tokens(session: Session, user: User, except_hash: str | None) -> None:
    """Revoke every live token of a person (password change, deactivation)."""
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)))
    now = now_utc()
    for row in rows:
        if row.token_hash != except_hash:
            row.revoked_at = now
