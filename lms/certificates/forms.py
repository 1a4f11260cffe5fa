"""Forms for certificate administration and bulk export."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Lý do thu hồi"), validators=[DataRequired(_l("Cần ghi lý do thu hồi.")), Length(min=5, max=1000)]
    )
    submit = SubmitField(_l("Thu hồi giấy chứng nhận"))


class IssuerForm(FlaskForm):
    issuer_name = StringField(_l("Cơ quan cấp"), validators=[DataRequired(), Length(max=200)])
    header = TextAreaField(
        _l("Tên cơ quan ghi ở góc trên giấy chứng nhận"),
        validators=[Length(max=400)],
        description=_l(
            "Mỗi dòng một cấp, theo Nghị định 30/2020/NĐ-CP: cơ quan chủ quản ở dòng trên, cơ quan cấp ở dòng dưới "
            "(ví dụ: UBND TỈNH LAI CHÂU, xuống dòng, SỞ NỘI VỤ). Để trống thì in tên cơ quan cấp."
        ),
        render_kw={"rows": 2},
    )
    place = StringField(_l("Địa danh ghi trên giấy"), validators=[DataRequired(), Length(max=100)])
    signer_title = StringField(_l("Chức danh người ký"), validators=[DataRequired(), Length(max=200)])
    signer_name = StringField(_l("Họ tên người ký"), validators=[Length(max=120)])
    seal = FileField(_l("Ảnh chữ ký/con dấu (PNG hoặc JPEG, tối đa 1 MB)"))
    remove_seal = BooleanField(_l("Bỏ ảnh chữ ký/con dấu hiện có"))
    submit = SubmitField(_l("Lưu"))


class ExportForm(FlaskForm):
    unit_code = StringField(_l("Mã đơn vị"), validators=[DataRequired(_l("Nhập mã đơn vị.")), Length(max=40)])
    submit = SubmitField(_l("Tạo tệp nén"))
