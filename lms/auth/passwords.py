"""Password policy and hashing."""

from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from lms.text import fold

MIN_LENGTH = 10
MAX_LENGTH = 128


@cache
def common_passwords() -> frozenset[str]:
    """Load the shipped list of passwords too common to allow."""
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, username: str = "") -> list[str]:
    """Return what is wrong with a proposed password, in Vietnamese (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự.")
    folded = fold(password)
    if username and fold(username) in folded:
        problems.append("Mật khẩu không được chứa tên đăng nhập.")
    if password.lower() in common_passwords() or len(set(password)) <= 2:
        problems.append("Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.")
    return problems


def hash_password(password: str, method: str = "scrypt") -> str:
    return generate_password_hash(password, method=method)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    return check_password_hash(password_hash, password)


@cache
def dummy_hash(method: str) -> str:
    """A hash to check when the username is unknown, so both cases take the same time."""
    return generate_password_hash("dummy-password-for-timing", method=method)
