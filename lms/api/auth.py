"""API: tokens, the signed-in person, password change."""

from flask import current_app, request
from flask.typing import ResponseReturnValue

from lms import limits
from lms.api.core import api_token, api_user, bp, respond
from lms.api.openapi import operation
from lms.api.schemas.auth import PasswordChange, TokenOut, TokenRequest, UnitRef, UserOut
from lms.auth import services, two_factor
from lms.auth.models import StaffCategory, User
from lms.auth.views import sign_in_settings
from lms.errors import LMSError
from lms.extensions import db
from lms.models import now_utc
from lms.validation import read_json


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        unit=UnitRef(code=user.unit.code, name=user.unit.name) if user.unit else None,
        staff_category=StaffCategory(user.staff_category) if user.staff_category else None,
        roles=sorted(user.roles),
        must_change_password=user.must_change_password,
    )


@bp.post("/v1/auth/token")
@limits.sign_in
@operation(
    "Đăng nhập, nhận mã truy cập",
    tag="auth",
    json=TokenRequest,
    ok=(200, TokenOut, "Mã truy cập"),
    errors=(400, 401, 403, 429),
    public=True,
)
def issue_token() -> ResponseReturnValue:
    """Exchange a username and password for a bearer token."""
    body = read_json(TokenRequest)
    try:
        user = services.authenticate(
            db.session, body.username, body.password, request.remote_addr or "-", sign_in_settings()
        )
        check_second_step(user, body.otp)
    except LMSError:
        db.session.commit()  # keep the failure count even though sign-in failed
        raise
    token, row = services.issue_token(db.session, user, current_app.config["API_TOKEN_TTL"])
    db.session.commit()
    return respond(TokenOut(token=token, expires_at=row.expires_at, user=user_out(user)))


def check_second_step(user: User, otp: str | None) -> None:
    """Accounts with two-step sign-in send the current code as `otp`; roles that require it must turn it on first."""
    if two_factor.needs_setup(user, current_app.config["TWO_FACTOR_ROLES"]):
        raise TwoStepSetupRequired()
    if not user.totp_enabled:
        return
    if not otp or not otp.strip():
        raise OtpRequired()
    two_factor.check_code(db.session, user, otp, now_utc())


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
@operation("Thu hồi mã truy cập đang dùng (đăng xuất)", tag="auth", ok=(204, None, "Đã thu hồi"), errors=(401,))
def revoke_token() -> ResponseReturnValue:
    """Revoke the token used for this request (log out)."""
    services.revoke_token(db.session, api_token())
    db.session.commit()
    return "", 204


@bp.get("/v1/me")
@operation("Thông tin người đang đăng nhập", tag="auth", ok=(200, UserOut, "Người dùng"), errors=(401,))
def me() -> ResponseReturnValue:
    """Return the signed-in person."""
    return respond(user_out(api_user()))


@bp.post("/v1/me/password")
@operation(
    "Đổi mật khẩu (các mã truy cập và phiên khác kết thúc)",
    tag="auth",
    json=PasswordChange,
    ok=(204, None, "Đã đổi"),
    errors=(400, 401, 422),
)
def change_password() -> ResponseReturnValue:
    """Change one's own password; other tokens and sessions end, this token stays valid."""
    body = read_json(PasswordChange)
    services.change_password(
        db.session,
        api_user(),
        body.current_password,
        body.new_password,
        current_app.config["PASSWORD_HASH_METHOD"],
        keep_token=api_token(),
    )
    db.session.commit()
    return "", 204
