"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from lms.auth.passwords import MAX_LENGTH


class LoginForm(FlaskForm):
    username = StringField(
        _l("Tên đăng nhập"),
        validators=[DataRequired(_l("Vui lòng nhập tên đăng nhập.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Ghi nhớ đăng nhập trên máy này (không chọn nếu dùng máy chung)"))
    next = HiddenField()
    submit = SubmitField(_l("Đăng nhập"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[DataRequired(_l("Vui lòng nhập mật khẩu hiện tại."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("Mật khẩu mới"),
        validators=[
            DataRequired(_l("Vui lòng nhập mật khẩu mới.")),
            Length(max=MAX_LENGTH, message=_l("Mật khẩu không được dài quá 128 ký tự.")),
        ],
        description=_l("Ít nhất 10 ký tự, không chứa tên đăng nhập, không dùng mật khẩu phổ biến."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[
            DataRequired(_l("Vui lòng nhập lại mật khẩu mới.")),
            EqualTo("new_password", _l("Hai mật khẩu mới không khớp.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Đổi mật khẩu"))


class ConfirmForm(FlaskForm):
    """An empty form that carries the CSRF token for POST-only buttons (log out, …)."""

    submit = SubmitField(_l("Xác nhận"))


class TwoStepForm(FlaskForm):
    code = StringField(
        _l("Mã xác thực 6 số"),
        validators=[DataRequired(_l("Vui lòng nhập mã 6 số trong ứng dụng xác thực.")), Length(max=16)],
        description=_l("Mở ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…) và nhập mã đang hiện."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "autofocus": True},
    )
    submit = SubmitField(_l("Xác nhận"))
