"""Trainer forms: course, module, lesson and assignment."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from courses.authoring import MAX_TITLE
from courses.services import DEFAULT_DEADLINE
from lms.auth.models import STAFF_CATEGORY_LABELS
from lms.text import nfc

#: A lesson's reading time, in minutes (the lesson form and the API's course creation).
MAX_LESSON_MINUTES = 600

TITLE_REQUIRED = _l("Vui lòng nhập tiêu đề.")
#: Length() fills in %(max)d itself.
TITLE_TOO_LONG = _l("Tiêu đề không được dài quá %(max)d ký tự.")


def _nfc_text(value: str | None) -> str:
    """Normalise typed text to NFC so searching and comparing behave (never None)."""
    return nfc(value) or ""


class LocalDateField(DateField):
    """A date picker (input type=date) whose parse error is in Vietnamese; WTForms ships no Vietnamese catalogue."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Ngày không hợp lệ, hãy chọn ngày theo dạng ngày/tháng/năm.")) from error


class LocalIntegerField(IntegerField):
    """A whole number whose parse error is in Vietnamese; an empty box is left to InputRequired."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Vui lòng nhập một số nguyên.")) from error


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as check boxes, which are easier to tap on a phone than a multi-select list."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _title_field(label: Any) -> StringField:
    return StringField(
        label,
        validators=[DataRequired(TITLE_REQUIRED), Length(max=MAX_TITLE, message=TITLE_TOO_LONG)],
        filters=[_nfc_text],
        render_kw={"maxlength": MAX_TITLE},
    )


class CourseForm(FlaskForm):
    title = _title_field(_l("Tên khóa học"))
    summary = TextAreaField(_l("Giới thiệu ngắn"), filters=[_nfc_text], render_kw={"rows": 4})
    is_open = BooleanField(_l("Cho phép tự đăng ký"))
    deadline = LocalDateField(
        _l("Hạn hoàn thành mặc định"),
        validators=[Optional()],
        description=_l("Áp dụng cho những lần ghi danh mới; để trống nếu không có hạn riêng."),
    )
    submit = SubmitField(_l("Lưu khóa học"))


class ModuleForm(FlaskForm):
    title = _title_field(_l("Tên học phần"))
    area_code = SelectField(
        _l("Lĩnh vực năng lực"), choices=[], invalid_choice_message=_l("Lĩnh vực này không có trong khung năng lực.")
    )
    summary = TextAreaField(_l("Giới thiệu ngắn"), filters=[_nfc_text], render_kw={"rows": 3})
    required = BooleanField(_l("Bắt buộc"), default=True)
    submit = SubmitField(_l("Lưu học phần"))

    def set_areas(self, areas: list[tuple[str, str]]) -> None:
        """Offer the course framework's areas as (code, name), after a "no area" choice."""
        self.area_code.choices = [
            SelectChoice("", _l("(không gắn lĩnh vực)")),
            *(SelectChoice(code, f"{code} — {name}") for code, name in areas),
        ]


class LessonForm(FlaskForm):
    title = _title_field(_l("Tên bài học"))
    body_markdown = TextAreaField(
        _l("Nội dung (Markdown)"),
        filters=[_nfc_text],
        description=_l("## Tiêu đề mục, **chữ đậm**, *chữ nghiêng*, - danh sách, [chữ](https://địa-chỉ)."),
        render_kw={"rows": 18, "spellcheck": "true"},
    )
    minutes = LocalIntegerField(
        _l("Thời lượng đọc (phút)"),
        default=5,
        validators=[
            InputRequired(_l("Vui lòng nhập số phút.")),
            # NumberRange %-formats its message.
            NumberRange(min=0, max=MAX_LESSON_MINUTES, message=_l("Số phút phải từ %(min)s đến %(max)s.")),
        ],
        render_kw={"min": 0, "max": MAX_LESSON_MINUTES, "inputmode": "numeric"},
    )
    required = BooleanField(_l("Bắt buộc"), default=True)
    preview = SubmitField(_l("Xem trước"))
    save = SubmitField(_l("Lưu"))


class AssignForm(FlaskForm):
    unit_codes = TextAreaField(
        _l("Mã đơn vị (mỗi dòng một mã hoặc cách nhau bằng dấu phẩy)"),
        description=_l("Mọi người thuộc đơn vị và các đơn vị trực thuộc đều được ghi danh."),
        render_kw={"rows": 3, "autocapitalize": "none", "spellcheck": "false"},
    )
    staff_categories = MultiCheckboxField(
        _l("Đối tượng"),
        choices=[SelectChoice(str(key), label) for key, label in STAFF_CATEGORY_LABELS.items()],
        invalid_choice_message=_l("Đối tượng không hợp lệ: %(value)s"),
        description=_l("Để trống để ghi danh mọi đối tượng trong các đơn vị đã chọn."),
    )
    usernames = TextAreaField(
        _l("Tên đăng nhập của từng người (mỗi dòng một tên hoặc cách nhau bằng dấu phẩy)"),
        render_kw={"rows": 3, "autocapitalize": "none", "spellcheck": "false"},
    )
    deadline = LocalDateField(_l("Hạn hoàn thành"), default=DEFAULT_DEADLINE, validators=[Optional()])
    submit = SubmitField(_l("Ghi danh"))
