"""Trainer forms: importing question files, and a quiz's settings with its random draw per area."""

from collections.abc import Sequence
from datetime import UTC, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateTimeLocalField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from courses.forms import LocalIntegerField
from lms.text import nfc
from quizzes.building import MAX_ATTEMPTS, MAX_DRAW, MAX_PASS_PERCENT, MAX_QUIZ_TITLE, MAX_TIME_LIMIT_S, QuizSettings
from quizzes.models import Quiz, ReviewPolicy
from quizzes.taxonomy import Pool

#: The bank name column is 120 characters wide (the API's import shares it).
MAX_BANK_NAME = 120
#: building.check_settings allows 60 s to 6 h; the form asks in whole minutes.
MAX_TIME_LIMIT_MINUTES = MAX_TIME_LIMIT_S // 60

FORMAT_CHOICES = [
    SelectChoice("auto", _l("Tự nhận biết (theo tên và nội dung tệp)")),
    SelectChoice("gift", _l("GIFT (.gift, dùng được với Moodle)")),
    SelectChoice("aiken", _l("Aiken (.txt)")),
    SelectChoice("csv", _l("CSV (.csv)")),
    SelectChoice("xlsx", _l("Excel (.xlsx)")),
]

REVIEW_POLICY_LABELS = {
    ReviewPolicy.SCORE_ONLY: _l("Chỉ xem điểm"),
    ReviewPolicy.FULL: _l("Xem đáp án và phản hồi ngay"),
    ReviewPolicy.AFTER_CLOSE: _l("Xem đáp án sau khi bài đóng"),
}


def _nfc_text(value: str | None) -> str:
    """Normalise typed text to NFC so names compare as they look (never None)."""
    return nfc(value) or ""


def _local_zone() -> tzinfo:
    # The zone the `|datetime` filter shows times in, so what a trainer types is what the pages show.
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Asia/Ho_Chi_Minh")


class LocalDateTimeField(DateTimeLocalField):
    """A date-and-time picker read as local (Vietnam) time and stored as aware UTC; errors in Vietnamese."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        # The first format is what <input type="datetime-local"> sends and expects back.
        formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        super().__init__(
            label,
            validators,
            format=formats,
            tz=_local_zone,
            invalid_value_message=_l("Thời điểm không hợp lệ, hãy chọn ngày và giờ."),
            **kwargs,
        )

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = self.data.astimezone(UTC)


class ImportForm(FlaskForm):
    file = FileField(
        _l("Tệp câu hỏi"),
        validators=[FileRequired(_l("Vui lòng chọn tệp câu hỏi."))],
        render_kw={"accept": ".gift,.txt,.csv,.xlsx"},
    )
    bank = StringField(
        _l("Ngân hàng câu hỏi"),
        validators=[
            DataRequired(_l("Vui lòng nhập tên ngân hàng câu hỏi.")),
            Length(max=MAX_BANK_NAME, message=_l("Tên ngân hàng không được dài quá %(max)d ký tự.")),
        ],
        filters=[_nfc_text],
        description=_l("Gõ tên một ngân hàng đã có để thêm câu hỏi vào đó, hoặc một tên mới để tạo ngân hàng mới."),
        render_kw={"maxlength": MAX_BANK_NAME, "list": "bank-names", "autocomplete": "off"},
    )
    format = SelectField(
        _l("Định dạng tệp"),
        choices=FORMAT_CHOICES,
        default="auto",
        invalid_choice_message=_l("Định dạng không được hỗ trợ."),
    )
    area = SelectField(
        _l("Lĩnh vực năng lực"),
        choices=[],
        description=_l("Gắn mọi câu hỏi trong tệp vào lĩnh vực này; để trống để theo danh mục ghi trong tệp."),
        invalid_choice_message=_l("Lĩnh vực này không có trong khung năng lực."),
    )
    pool = SelectField(
        _l("Nhóm câu hỏi"),
        choices=[
            SelectChoice(Pool.PRACTICE.value, _l("Luyện tập — dùng trong bài luyện tập, xem được đáp án")),
            SelectChoice(Pool.FINAL.value, _l("Đánh giá cuối khóa — không bao giờ hiện trong bài luyện tập")),
        ],
        default=Pool.PRACTICE.value,
        description=_l("Câu hỏi trong tệp có dòng // [pool:final] hoặc // [pool:practice] giữ nhóm ghi trong tệp."),
        invalid_choice_message=_l("Nhóm câu hỏi không hợp lệ."),
    )
    check = SubmitField(_l("Kiểm tra"))
    submit = SubmitField(_l("Nhập"))

    def set_areas(self, areas: Sequence[tuple[str, str]]) -> None:
        """Offer the framework's areas as (code, name), after a "from the file" choice."""
        self.area.choices = [
            SelectChoice("", _l("(theo danh mục trong tệp)")),
            *(SelectChoice(code, f"{code} — {name}") for code, name in areas),
        ]

    @property
    def is_dry_run(self) -> bool:
        """Tell whether "Kiểm tra" was pressed: check the file, write nothing."""
        return bool(self.check.data)

    @property
    def chosen_format(self) -> str | None:
        return None if self.format.data == "auto" else self.format.data


def _optional_int(label: Any, low: int, high: int, message: Any, description: Any = None) -> LocalIntegerField:
    return LocalIntegerField(
        label,
        validators=[Optional(), NumberRange(min=low, max=high, message=message)],
        description=description,
        render_kw={"min": low, "max": high, "inputmode": "numeric"},
    )


class QuizSettingsForm(FlaskForm):
    title = StringField(
        _l("Tên bài kiểm tra"),
        validators=[
            DataRequired(_l("Vui lòng nhập tên bài kiểm tra.")),
            Length(max=MAX_QUIZ_TITLE, message=_l("Tên bài kiểm tra không được dài quá %(max)d ký tự.")),
        ],
        filters=[_nfc_text],
        render_kw={"maxlength": MAX_QUIZ_TITLE},
    )
    pass_percent = LocalIntegerField(
        _l("Điểm đạt (%)"),
        validators=[
            InputRequired(_l("Vui lòng nhập điểm đạt.")),
            # NumberRange %-formats its message, hence %%.
            NumberRange(min=0, max=MAX_PASS_PERCENT, message=_l("Điểm đạt phải từ %(min)s đến %(max)s (%%).")),
        ],
        render_kw={"min": 0, "max": MAX_PASS_PERCENT, "inputmode": "numeric"},
    )
    time_limit_minutes = _optional_int(
        _l("Thời gian làm bài (phút)"),
        1,
        MAX_TIME_LIMIT_MINUTES,
        _l("Thời gian làm bài phải từ %(min)s đến %(max)s phút."),
        _l("Để trống nếu không giới hạn thời gian."),
    )
    max_attempts = _optional_int(
        _l("Số lần được làm bài"),
        1,
        MAX_ATTEMPTS,
        _l("Số lần làm bài phải từ %(min)s đến %(max)s."),
        _l("Để trống nếu không giới hạn số lần."),
    )
    shuffle_questions = BooleanField(_l("Xáo trộn thứ tự câu hỏi"))
    shuffle_options = BooleanField(_l("Xáo trộn thứ tự phương án"))
    opens_at = LocalDateTimeField(
        _l("Mở từ"), validators=[Optional()], description=_l("Giờ Việt Nam; để trống nếu mở ngay.")
    )
    closes_at = LocalDateTimeField(
        _l("Đóng lúc"), validators=[Optional()], description=_l("Giờ Việt Nam; để trống nếu không có hạn.")
    )
    review_policy = SelectField(
        _l("Sau khi nộp bài, học viên được xem"),
        choices=[SelectChoice(str(key), label) for key, label in REVIEW_POLICY_LABELS.items()],
        invalid_choice_message=_l("Chế độ xem lại không hợp lệ."),
    )
    submit = SubmitField(_l("Lưu cài đặt"))

    #: (code, name) of the areas with a draw box; empty for a quiz with fixed questions.
    draw_areas: tuple[tuple[str, str], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Messages about the draw as a whole (e.g. "too few questions in AT"), shown above its boxes.
        self.draw_errors: list[str] = []

    @staticmethod
    def initial(quiz: Quiz) -> dict[str, Any]:
        """Turn a quiz into the form's starting values (minutes, and one draw count per area)."""
        data: dict[str, Any] = {
            "title": quiz.title,
            "pass_percent": quiz.pass_percent,
            "time_limit_minutes": quiz.time_limit_s // 60 if quiz.time_limit_s else None,
            "max_attempts": quiz.max_attempts,
            "shuffle_questions": quiz.shuffle_questions,
            "shuffle_options": quiz.shuffle_options,
            "opens_at": quiz.opens_at,
            "closes_at": quiz.closes_at,
            "review_policy": quiz.review_policy,
        }
        for draw in quiz.draws:
            data[f"draw_{draw.area_code}"] = data.get(f"draw_{draw.area_code}", 0) + draw.count
        return data

    def to_settings(self, kind: str) -> QuizSettings:
        """Build the settings the form describes; the kind of quiz is not edited here."""
        minutes = self.time_limit_minutes.data
        return QuizSettings(
            title=self.title.data or "",
            kind=kind,
            pass_percent=self.pass_percent.data,
            time_limit_s=minutes * 60 if minutes else None,
            max_attempts=self.max_attempts.data or None,
            shuffle_questions=self.shuffle_questions.data,
            shuffle_options=self.shuffle_options.data,
            opens_at=self.opens_at.data,
            closes_at=self.closes_at.data,
            review_policy=self.review_policy.data,
        )

    def draw_fields(self) -> list[Any]:
        """List the draw boxes in the framework's area order."""
        return [self[f"draw_{code}"] for code, _name in self.draw_areas]

    def draw_counts(self) -> list[tuple[str, int]]:
        """List (area, count) for every area with at least one question to draw."""
        counts = ((code, self[f"draw_{code}"].data) for code, _name in self.draw_areas)
        return [(code, count) for code, count in counts if count]


@cache
def _form_with_draws(areas: tuple[tuple[str, str], ...]) -> type[QuizSettingsForm]:
    # Areas come from the framework in the database, so the boxes go on a subclass built (once) for them.
    # A blank box means 0, like a box left at 0: no questions from that area.
    fields: dict[str, Any] = {
        f"draw_{code}": LocalIntegerField(
            f"{code} — {name}",
            default=0,
            validators=[
                Optional(),
                NumberRange(min=0, max=MAX_DRAW, message=_l("Số câu rút phải từ %(min)s đến %(max)s.")),
            ],
            render_kw={"min": 0, "max": MAX_DRAW, "inputmode": "numeric"},
        )
        for code, name in areas
    }
    return type("QuizDrawSettingsForm", (QuizSettingsForm,), {**fields, "draw_areas": areas})


def make_settings_form(draw_areas: Sequence[tuple[str, str]] = (), **kwargs: Any) -> QuizSettingsForm:
    """Build the settings form, with one `draw_<CODE>` box per area for a quiz that draws its questions."""
    if not draw_areas:
        return QuizSettingsForm(**kwargs)
    return _form_with_draws(tuple(draw_areas))(**kwargs)
