"""Shapes of the token, the signed-in person and the password change."""

from typing import Annotated

from pydantic import Field

from lms.api.schemas.common import Body, Out, Timestamp
from lms.auth.models import MAX_USERNAME, Role, StaffCategory
from lms.auth.passwords import MAX_LENGTH as MAX_PASSWORD

#: An authenticator code is 6 digits; a little room for spaces a person may type.
MAX_OTP = 16

Password = Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD)]


class TokenRequest(Body):
    username: str = Field(min_length=1, max_length=MAX_USERNAME)
    password: Password
    otp: str | None = Field(
        None,
        max_length=MAX_OTP,
        description="Mã 6 số của ứng dụng xác thực, khi tài khoản bật xác thực hai bước "
        "(401 `otp_required` nếu thiếu, `invalid_otp` nếu sai).",
    )


class UnitRef(Out):
    code: str
    name: str


class UserOut(Out):
    id: int
    username: str
    full_name: str
    unit: UnitRef | None
    staff_category: StaffCategory | None
    roles: list[Role]
    must_change_password: bool


class TokenOut(Out):
    token: str
    expires_at: Timestamp
    user: UserOut


class PasswordChange(Body):
    current_password: Password
    new_password: Password = Field(description="Theo chính sách mật khẩu (422 nếu không đạt)")
