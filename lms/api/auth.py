"""API: tokens, the signed-in person, password change."""

from flask import current_app, jsonify, request

from lms import limits
from lms.api.core import api_token, api_user, bp, json_body, string_fields, token_required
from lms.api.serializers import user_json
from lms.auth import services, two_factor
from lms.auth.models import User
from lms.auth.views import sign_in_settings
from lms.errors import LMSError
from lms.extensions import db
from lms.models import now_utc


@bp.post("/v1/auth/token")
@limits.sign_in
def issue_token():  # type: ignore[no-untyped-def]
    """Exchange a username and password for a bearer token."""
    body = json_body()
    data = string_fields(body, {"username": 64, "password": 128})
    try:
        user = services.authenticate(
            db.session, data["username"], data["password"], request.remote_addr or "-", sign_in_settings()
        )
        check_second_step(user, body.get("otp"))
    except LMSError:
        db.session.commit()  # keep the failure count even though sign-in failed
        raise
    token, row = services.issue_token(db.session, user, current_app.config["API_TOKEN_TTL"])
    db.session.commit()
    return jsonify(token=token, expires_at=row.expires_at.isoformat(), user=user_json(user))


def check_second_step(user: User, otp: object) -> None:
    """Accounts with two-step sign-in send the current code as `otp`; roles that require it must turn it on first."""
    if two_factor.needs_setup(user, current_app.config["TWO_FACTOR_ROLES"]):
        raise TwoStepSetupRequired()
    if not user.totp_enabled:
        return
    if not isinstance(otp, str) or not otp.strip():
        raise OtpRequired()
    two_factor.check_code(db.session, user, otp[:16], now_utc())


class OtpRequired(LMSError):
    status = 401
    code = "otp_required"

    def __init__(self) -> None:
        super().__init__("Tài khoản này dùng xác thực hai bước: gửi thêm mã 6 số trong trường “otp”.")


class TwoStepSetupRequired(LMSError):
    status = 403
    code = "two_factor_setup_required"

    def __init__(self) -> None:
        super().__init__("Vai trò của tài khoản này bắt buộc xác thực hai bước: hãy bật trên trang web trước.")


@bp.delete("/v1/auth/token")
@token_required
def revoke_token():  # type: ignore[no-untyped-def]
    """Revoke the token used for this request (log out)."""
    services.revoke_token(db.session, api_token())
    db.session.commit()
    return "", 204


@bp.get("/v1/me")
@token_required
def me():  # type: ignore[no-untyped-def]
    """Return the signed-in person."""
    return jsonify(user_json(api_user()))


@bp.post("/v1/me/password")
@token_required
def change_password():  # type: ignore[no-untyped-def]
    """Change one's own password; other tokens and sessions end, this token stays valid."""
    data = string_fields(json_body(), {"current_password": 128, "new_password": 128})
    services.change_password(
        db.session,
        api_user(),
        data["current_password"],
        data["new_password"],
        current_app.config["PASSWORD_HASH_METHOD"],
        keep_token=api_token(),
    )
    db.session.commit()
    return "", 204
