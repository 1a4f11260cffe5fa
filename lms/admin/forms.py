"""Admin forms: finding and editing people, roles, the unit tree, the audit log filters and roster import."""

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from lms import formatting
from lms.auth.models import GENDER_LABELS, ROLE_LABELS, STAFF_CATEGORY_LABELS
from lms.org.models import UNIT_KIND_LABELS
from lms.text import clean

#: What people type between day, month and year: 15/03/1985, 15-03-1985, 15.03.1985.
_DMY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
#: What a browser's date input sends (yyyy-mm-dd).
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_NUMBER_SEPARATORS = re.compile(r"[\s.()-]")

#: A unit code is at most this long (the units.code column); the API's unit parameters share it.
MAX_UNIT_CODE = 40

STATUS_LABELS = {"active": _l("Đang hoạt động"), "inactive": _l("Đã khóa"), "all": _l("Tất cả")}
CODE_HINT = _l("Mã đơn vị viết thường, không dấu, ví dụ xa-muong-kim.")


def _text(value: str | None) -> str:
    """Normalise typed text to NFC with single spaces (never None)."""
    return clean(value)


def _optional(value: str | None) -> str | None:
    """Normalise typed text; an empty box means "no value"."""
    return clean(value) or None


def _code(value: str | None) -> str:
    """Read a unit code or username the way they are stored: trimmed and lower case."""
    return clean(value).lower()


def _digits(value: str | None) -> str | None:
    """Drop the spaces, dots and dashes people put in phone and ID numbers; +84 becomes 0."""
    digits = _NUMBER_SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits or None


def _choices(labels: dict[Any, Any], empty: Any = None) -> list[SelectChoice]:
    options = [SelectChoice(str(key), label) for key, label in labels.items()]
    return [SelectChoice("", empty), *options] if empty is not None else options


def parse_vn_date(text: str) -> date | None:
    """Read dd/mm/yyyy (d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd; None when it is not a real date."""
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


class VnDateField(StringField):
    """A date typed as dd/mm/yyyy (or sent as yyyy-mm-dd by a date input), shown back as dd/mm/yyyy."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = clean(valuelist[0]) if valuelist else ""
        if not text:
            self.data = None
            return
        self.data = parse_vn_date(text)
        if self.data is None:
            self.data = text  # shown back as typed
            raise ValueError(_l("Ngày “%(value)s” không hợp lệ, hãy nhập theo dạng ngày/tháng/năm.", value=text))

    def _value(self) -> str:
        if isinstance(self.data, date):
            return formatting.day(self.data)
        return self.data or ""


def _plausible_birth_date(form: FlaskForm, field: VnDateField) -> None:
    if isinstance(field.data, date) and not date(1900, 1, 1) <= field.data <= date.today():
        raise ValidationError(_l("Ngày sinh phải từ năm 1900 đến hôm nay."))


class _QueryForm(FlaskForm):
    """Filters read from the query string: nothing is changed, so no CSRF token."""

    class Meta:
        csrf = False


class UserFilterForm(_QueryForm):
    q = StringField(
        _l("Tìm theo tên hoặc tên đăng nhập (có dấu hoặc không dấu)"),
        filters=[_text],
        validators=[Length(max=100)],
        render_kw={"type": "search", "maxlength": 100},
    )
    unit = StringField(
        _l("Mã đơn vị (gồm cả đơn vị trực thuộc)"),
        filters=[_code],
        validators=[Length(max=MAX_UNIT_CODE)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    category = SelectField(_l("Đối tượng"), choices=_choices(STAFF_CATEGORY_LABELS, _l("Tất cả")), default="")
    role = SelectField(_l("Vai trò"), choices=_choices(ROLE_LABELS, _l("Tất cả")), default="")
    status = SelectField(_l("Tình trạng"), choices=_choices(STATUS_LABELS), default="active")


class ProfileForm(FlaskForm):
    full_name = StringField(
        _l("Họ và tên"),
        filters=[_text],
        validators=[DataRequired(_l("Vui lòng nhập họ và tên.")), Length(max=120)],
        render_kw={"maxlength": 120, "autocomplete": "off"},
    )
    date_of_birth = VnDateField(
        _l("Ngày sinh"),
        validators=[Optional(), _plausible_birth_date],
        description=_l("Dạng ngày/tháng/năm, ví dụ 15/03/1985."),
        render_kw={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "maxlength": 10},
    )
    gender = SelectField(_l("Giới tính"), choices=_choices(GENDER_LABELS, _l("(chưa rõ)")))
    unit_code = StringField(
        _l("Mã đơn vị"),
        filters=[_code],
        validators=[Length(max=MAX_UNIT_CODE)],
        description=_l("Người chuyển đơn vị được ghi danh theo các khóa học giao cho đơn vị mới."),
        render_kw={"autocapitalize": "none", "spellcheck": "false", "maxlength": MAX_UNIT_CODE},
    )
    position = StringField(_l("Chức vụ"), filters=[_optional], validators=[Length(max=200)])
    staff_category = SelectField(_l("Đối tượng"), choices=_choices(STAFF_CATEGORY_LABELS, _l("(chưa rõ)")))
    email = StringField(
        _l("Email"),
        filters=[_optional],
        validators=[
            Optional(),
            Length(max=200),
            Regexp(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z", message=_l("Email không hợp lệ (dạng ten@donvi.gov.vn).")),
        ],
        render_kw={"type": "email", "autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    phone = StringField(
        _l("Số điện thoại"),
        filters=[_digits],
        validators=[
            Optional(),
            Regexp(r"0[0-9]{9}\Z", message=_l("Số điện thoại cần 10 chữ số, bắt đầu bằng 0.")),
        ],
        render_kw={"autocomplete": "off"},
    )
    national_id = StringField(
        _l("Số CCCD (số định danh cá nhân)"),
        filters=[_digits],
        validators=[Optional(), Regexp(r"[0-9]{12}\Z", message=_l("Số CCCD cần đúng 12 chữ số."))],
        render_kw={"autocomplete": "off", "maxlength": 15},
    )


class RoleForm(FlaskForm):
    role = SelectField(_l("Vai trò"), choices=_choices(ROLE_LABELS))
    scope_code = StringField(
        _l("Mã đơn vị được quản lý"),
        filters=[_code],
        validators=[Length(max=MAX_UNIT_CODE)],
        description=_l("Chỉ cần với vai trò Quản lý đơn vị: người này xem được đơn vị đó và các đơn vị trực thuộc."),
        render_kw={"autocapitalize": "none", "spellcheck": "false", "maxlength": MAX_UNIT_CODE},
    )


def _unit_code_field(label: Any, description: Any = CODE_HINT, required: bool = True) -> StringField:
    validators = [DataRequired(_l("Vui lòng nhập mã đơn vị."))] if required else []
    return StringField(
        label,
        filters=[_code],
        validators=[*validators, Length(max=MAX_UNIT_CODE)],
        description=description,
        render_kw={"autocapitalize": "none", "spellcheck": "false", "maxlength": MAX_UNIT_CODE},
    )


class NewUnitForm(FlaskForm):
    code = _unit_code_field(_l("Mã đơn vị mới"))
    name = StringField(
        _l("Tên đơn vị"),
        filters=[_text],
        validators=[DataRequired(_l("Vui lòng nhập tên đơn vị.")), Length(max=200)],
        render_kw={"maxlength": 200},
    )
    kind = SelectField(_l("Loại đơn vị"), choices=_choices(UNIT_KIND_LABELS))
    parent_code = _unit_code_field(
        _l("Mã đơn vị cấp trên"), _l("Để trống chỉ khi tạo đơn vị gốc (cấp tỉnh)."), required=False
    )


class RenameUnitForm(FlaskForm):
    name = StringField(
        _l("Tên mới"),
        filters=[_text],
        validators=[DataRequired(_l("Vui lòng nhập tên đơn vị.")), Length(max=200)],
        render_kw={"maxlength": 200},
    )


class MoveUnitForm(FlaskForm):
    parent_code = _unit_code_field(_l("Mã đơn vị cấp trên mới"))


class MergeUnitForm(FlaskForm):
    target_code = _unit_code_field(_l("Sáp nhập vào đơn vị (mã)"))
    understood = BooleanField(
        _l("Tôi hiểu rằng việc sáp nhập không hoàn tác được."),
        validators=[DataRequired(_l("Hãy đánh dấu xác nhận trước khi sáp nhập."))],
    )


class AuditFilterForm(_QueryForm):
    action = SelectField(_l("Hành động"), choices=[], default="")
    actor = StringField(
        _l("Người thực hiện (tên đăng nhập)"),
        filters=[_code],
        validators=[Length(max=64)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    date_from = VnDateField(_l("Từ ngày"), render_kw={"placeholder": "dd/mm/yyyy", "maxlength": 10})
    date_to = VnDateField(_l("Đến ngày"), render_kw={"placeholder": "dd/mm/yyyy", "maxlength": 10})

    def set_actions(self, actions: list[str]) -> None:
        """Offer the actions present in the log, after "all"."""
        self.action.choices = [SelectChoice("", _l("Tất cả")), *(SelectChoice(a, a) for a in actions)]

    def validate_date_to(self, field: VnDateField) -> None:
        start = self.date_from.data
        if isinstance(start, date) and isinstance(field.data, date) and field.data < start:
            raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))


class ImportForm(FlaskForm):
    file = FileField(
        _l("Tệp danh sách (CSV UTF-8 hoặc Excel .xlsx)"),
        validators=[
            FileRequired(_l("Hãy chọn tệp danh sách.")),
            FileAllowed(["csv", "xlsx"], _l("Chỉ nhận tệp .csv hoặc .xlsx.")),
        ],
        render_kw={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )
    dry_run = BooleanField(_l("Chỉ kiểm tra (chưa ghi gì vào hệ thống)"), default=True)
    partial = BooleanField(_l("Cho phép nhập một phần (bỏ qua dòng lỗi)"))
    deactivate_missing = BooleanField(_l("Khóa tài khoản của người không còn trong danh sách các đơn vị có trong tệp"))
