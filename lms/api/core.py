"""The API blueprint: bearer-token authentication and the JSON answer."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, g, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel

from lms.auth import services as auth_services
from lms.auth.models import ApiToken, User
from lms.errors import Forbidden, LMSError
from lms.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api")


class Unauthorized(LMSError):
    status = 401
    code = "unauthorized"


class PasswordChangeRequired(Forbidden):
    code = "password_change_required"


#: Endpoints a person who must change their password may still use.
PASSWORD_CHANGE_ALLOWED = {"api.me", "api.change_password", "api.revoke_token"}


def bearer_token() -> str | None:
    return auth_services.bearer_token(request.headers.get("Authorization", ""))


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


def respond(body: BaseModel, status: int = 200) -> ResponseReturnValue:
    """Answer with a response schema's JSON (`Timestamp` fields keep their offset, as api.md asks)."""
    return jsonify(body.model_dump(mode="json")), status
