"""The API blueprint: bearer-token authentication, JSON input checks and the error format."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, g, request

from lms.auth import services as auth_services
from lms.auth.models import ApiToken, User
from lms.errors import Forbidden, LMSError
from lms.extensions import db
from lms.routing import MAX_ID

bp = Blueprint("api", __name__, url_prefix="/api")


class Unauthorized(LMSError):
    status = 401
    code = "unauthorized"


class BadRequest(LMSError):
    status = 400
    code = "bad_request"


class PasswordChangeRequired(Forbidden):
    code = "password_change_required"


#: Endpoints a person who must change their password may still use.
PASSWORD_CHANGE_ALLOWED = {"api.me", "api.change_password", "api.revoke_token"}


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Authenticate the request by its bearer token and put the person on `g.api_user`."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = bearer_token()
        row = auth_services.find_token(db.session, token) if token else None
        if row is None:
            raise Unauthorized("Mã truy cập (token) bị thiếu, sai, đã hết hạn hoặc đã bị thu hồi.")
        g.api_token, g.api_user = row, row.user
        if row.user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ALLOWED:
            raise PasswordChangeRequired("Bạn cần đổi mật khẩu trước khi dùng chức năng này.")
        return view(*args, **kwargs)

    return wrapper


def api_user() -> User:
    return g.api_user  # type: ignore[no-any-return]


def api_token() -> ApiToken:
    return g.api_token  # type: ignore[no-any-return]


def json_body() -> dict[str, Any]:
    """Return the request's JSON object, or stop with 400 naming what is wrong."""
    if not request.is_json:
        raise BadRequest("Yêu cầu phải có nội dung JSON (Content-Type: application/json).")
    data = request.get_json(silent=True)
    if data is None:
        raise BadRequest("Nội dung JSON không đọc được (sai cú pháp).")
    if not isinstance(data, dict):
        raise BadRequest("Nội dung JSON phải là một đối tượng {…}.")
    return data


def string_fields(data: dict[str, Any], spec: dict[str, int]) -> dict[str, str]:
    """Check required string fields and their maximum lengths; 400 names each bad field."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for name, max_length in spec.items():
        value = data.get(name)
        if value is None or value == "":
            errors[name] = "Trường này là bắt buộc."
        elif not isinstance(value, str):
            errors[name] = "Trường này phải là chuỗi ký tự."
        elif len(value) > max_length:
            errors[name] = f"Trường này dài quá {max_length} ký tự."
        else:
            values[name] = value
    if errors:
        names = ", ".join(errors)
        raise BadRequest(f"Dữ liệu không hợp lệ ở trường: {names}.", fields=errors)
    return values


def typed_field(
    data: dict[str, Any],
    name: str,
    kind: type,
    *,
    required: bool = False,
    default: Any = None,
    max_length: int | None = None,
) -> Any:
    """Read one JSON field of the given type; 400 names the field when it is missing, mistyped or too long.

    JSON true/false is never taken for a number (Python counts bool as int).
    """
    value = data.get(name)
    if value is None:
        if required:
            raise BadRequest(f"Thiếu trường “{name}”.", fields={name: "Trường này là bắt buộc."})
        return default
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise BadRequest(f"Trường “{name}” sai kiểu dữ liệu.", fields={name: "Sai kiểu dữ liệu."})
    if kind is int and not -MAX_ID <= value <= MAX_ID:  # the database's INTEGER range: never a 500
        raise BadRequest(f"Trường “{name}” vượt quá giới hạn.", fields={name: "Số quá lớn."})
    if max_length is not None and isinstance(value, str) and len(value) > max_length:
        raise BadRequest(f"Trường “{name}” dài quá {max_length} ký tự.", fields={name: f"Tối đa {max_length} ký tự."})
    return value


def page_args() -> tuple[int, int]:
    """Read ?page=&per_page= (default 1 and 50, at most 500)."""
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 50))
    except ValueError as error:
        raise BadRequest("Tham số page và per_page phải là số nguyên.") from error
    if page < 1 or not 1 <= per_page <= 500:
        raise BadRequest("page phải ≥ 1 và per_page trong khoảng 1–500.")
    return page, per_page
