"""Draw a certificate as an A4 landscape PDF with reportlab (no Flask globals; fonts ship with the app)."""

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from lms import formatting
from lms.auth.models import Gender
from lms.certificates.models import Certificate, CertificateStatus

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD, ITALIC = "KnsSerif", "KnsSerif-Bold", "KnsSerif-Italic"
NAVY = Color(0.04, 0.2, 0.45)
RED = Color(0.65, 0.1, 0.1)
PAGE_W, PAGE_H = landscape(A4)


@cache
def register_fonts() -> None:
    """Register DejaVu Serif (full Vietnamese coverage) once per process."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(ITALIC, str(FONTS / "DejaVuSerif-Italic.ttf")))


@dataclass(frozen=True)
class Seal:
    data: bytes


def vn_date(value: date | None) -> str:
    return formatting.day(value) if value else "…"


def vn_date_line(place: str, value: date) -> str:
    return f"{place}, ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def percent_text(value: object) -> str:
    return formatting.percent(Decimal(str(value)))


def _fit(canvas: Canvas, text: str, font: str, size: float, max_width: float, min_size: float = 9) -> float:
    """Shrink the font size until the text fits on one line (or reaches the minimum)."""
    while size > min_size and pdfmetrics.stringWidth(text, font, size) > max_width:
        size -= 0.5
    return size


def balanced_lines(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Wrap text to `max_width`, then even out the lines so the last one never holds a single word alone."""
    lines = simpleSplit(text, font, size, max_width)
    if len(lines) < 2 or len(lines[-1].split()) > 1:
        return lines
    narrower = max_width
    while len(evened := simpleSplit(text, font, size, narrower * 0.97)) == len(lines):
        narrower *= 0.97
        lines = evened
    return lines


def holder_address(gender: str | None) -> str:
    """ "ông" or "bà" when the gender is known, "ông/bà" otherwise."""
    return {Gender.MALE: "ông", Gender.FEMALE: "bà"}.get(gender or "", "ông/bà")  # type: ignore[call-overload]


def _centred_lines(
    canvas: Canvas, text: str, font: str, size: float, y: float, max_width: float, leading: float
) -> float:
    """Draw text centred, wrapped to `max_width` in even lines; return the y below it."""
    for line in balanced_lines(text, font, size, max_width):
        canvas.setFont(font, size)
        canvas.drawCentredString(PAGE_W / 2, y, line)
        y -= leading
    return y


def _label_value(canvas: Canvas, x: float, y: float, label: str, value: str, width: float, size: float = 13) -> float:
    """Draw "Label: value", wrapping long values under the value's start; return the y below."""
    canvas.setFont(REGULAR, size)
    canvas.drawString(x, y, label)
    offset = pdfmetrics.stringWidth(label + " ", REGULAR, size)
    lines = balanced_lines(value, BOLD, size, width - offset) or [""]
    canvas.setFont(BOLD, size)
    for line in lines:
        canvas.drawString(x + offset, y, line)
        y -= size * 1.45
    return y


def render_certificate_pdf(
    certificate: Certificate, verify_url: str, seal: Seal | None = None, tz: str = formatting.DEFAULT_TZ
) -> bytes:
    """Render one certificate; the same data always gives the same bytes (invariant mode)."""
    register_fonts()
    buffer = BytesIO()
    # The initial font is one of ours: reportlab's default (Helvetica) would be referenced, never embedded.
    canvas = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1, initialFontName=REGULAR)
    canvas.setTitle(f"Giấy chứng nhận {certificate.serial}")
    canvas.setAuthor(certificate.issuer_name)
    canvas.setSubject(certificate.course_title)
    _frame(canvas)
    _header(canvas, certificate)
    y = _body(canvas, certificate)
    _footer(canvas, certificate, verify_url, seal, y)
    if not certificate.is_valid:
        _withdrawn_stamp(canvas, certificate, tz)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _frame(canvas: Canvas) -> None:
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.rect(18, 18, PAGE_W - 36, PAGE_H - 36)
    canvas.setLineWidth(0.8)
    canvas.rect(26, 26, PAGE_W - 52, PAGE_H - 52)


def _header(canvas: Canvas, certificate: Certificate) -> None:
    """The issuing body as Nghị định 30/2020 writes it (the governing body above, the issuer in bold, underlined),
    and the national motto opposite."""
    left_centre, right_centre, top = 190, PAGE_W - 230, PAGE_H - 62
    lines = [line.strip().upper() for line in (certificate.issuer_header or "").splitlines() if line.strip()]
    lines = lines or [certificate.issuer_name.upper()]
    canvas.setFillColor(black)
    y = top
    for i, line in enumerate(lines):
        font = BOLD if i == len(lines) - 1 else REGULAR
        size = _fit(canvas, line, font, 12, 300)
        canvas.setFont(font, size)
        canvas.drawCentredString(left_centre, y, line)
        y -= 17
    canvas.line(left_centre - 50, y + 11, left_centre + 50, y + 11)
    canvas.setFont(BOLD, 12)
    canvas.drawCentredString(right_centre, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    canvas.setFont(BOLD, 12.5)
    motto = "Độc lập - Tự do - Hạnh phúc"
    canvas.drawCentredString(right_centre, top - 17, motto)
    half = pdfmetrics.stringWidth(motto, BOLD, 12.5) / 2
    canvas.line(right_centre - half, top - 22, right_centre + half, top - 22)


def _body(canvas: Canvas, certificate: Certificate) -> float:
    canvas.setFillColor(RED)
    canvas.setFont(BOLD, 34)
    canvas.drawCentredString(PAGE_W / 2, PAGE_H - 140, "GIẤY CHỨNG NHẬN")
    canvas.setFillColor(NAVY)
    y = _centred_lines(
        canvas, "Hoàn thành chương trình bồi dưỡng kiến thức, kỹ năng số cơ bản", ITALIC, 15, PAGE_H - 168, 640, 19
    )
    canvas.setFillColor(black)
    canvas.setFont(REGULAR, 13)
    canvas.drawCentredString(PAGE_W / 2, y - 8, f"Cấp cho {holder_address(certificate.holder_gender)}")
    name = certificate.holder_name
    size = _fit(canvas, name, BOLD, 24, 660, min_size=14)
    canvas.setFillColor(NAVY)
    y = _centred_lines(canvas, name, BOLD, size, y - 38, 660, size * 1.2)
    canvas.setFillColor(black)
    x, width = 120, PAGE_W - 240
    y -= 6
    y = _label_value(canvas, x, y, "Ngày sinh:", vn_date(certificate.holder_birth_date), width)
    y = _label_value(canvas, x, y, "Đơn vị công tác:", certificate.unit_name or "…", width)
    y = _label_value(canvas, x, y, "Đã hoàn thành khóa học:", certificate.course_title, width)
    if certificate.framework_label:
        y = _label_value(canvas, x, y, "Theo khung:", certificate.framework_label, width, size=11)
    period = f"từ {vn_date(certificate.study_from)} đến {vn_date(certificate.study_to)}"
    y = _label_value(canvas, x, y, "Thời gian học:", period, width)
    result = f"{percent_text(certificate.score_percent)} — Xếp loại: {certificate.grade}"
    return _label_value(canvas, x, y, "Kết quả đánh giá:", result, width)


def draw_qr(canvas: Canvas, text: str, x: float, y: float, side: float, border: int = 2) -> None:
    """Draw a QR code encoded by reportlab's QR widget as one filled path.

    Letting the widget draw itself builds one shape per dark run and encodes twice; a single path of
    runs looks the same and makes a certificate several times faster.
    """
    code = QrCodeWidget(text, barLevel="M").qr
    code.make()
    count = code.getModuleCount()
    box = side / (count + 2 * border)
    path = canvas.beginPath()
    for r, row in enumerate(code.modules):
        c = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            length = len(list(run))
            if dark:
                path.rect(x + (c + border) * box, y + side - (r + border + 1) * box, length * box, box)
            c += length
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)


def _footer(canvas: Canvas, certificate: Certificate, verify_url: str, seal: Seal | None, body_bottom: float) -> None:
    # QR code to the public verification page, bottom left.
    draw_qr(canvas, verify_url, 48, 44, 92)
    canvas.setFont(REGULAR, 8.5)
    canvas.drawString(148, 118, "Quét mã QR hoặc mở địa chỉ dưới đây để kiểm tra:")
    for i, line in enumerate(simpleSplit(verify_url, REGULAR, 7.5, 250)[:3]):
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(148, 106 - i * 10, line)
    canvas.setFont(BOLD, 10.5)
    canvas.drawString(148, 70, f"Số hiệu: {certificate.serial}")
    canvas.setFont(REGULAR, 10.5)
    canvas.drawString(148, 55, f"Số vào sổ: {certificate.register_number}")

    # Place, date and signer, bottom right.
    centre = PAGE_W - 210
    top = min(body_bottom - 4, 172)
    canvas.setFont(ITALIC, 12)
    canvas.drawCentredString(centre, top, vn_date_line(certificate.place, certificate.issued_on))
    canvas.setFont(BOLD, 12.5)
    title_lines = simpleSplit(certificate.signer_title.upper(), BOLD, 12.5, 300)[:2]
    for i, line in enumerate(title_lines):
        canvas.drawCentredString(centre, top - 18 - i * 15, line)
    if seal is not None:
        image = ImageReader(BytesIO(seal.data))
        canvas.drawImage(image, centre - 55, 62, width=110, height=70, preserveAspectRatio=True, mask="auto")
    canvas.setFont(BOLD, 13)
    canvas.drawCentredString(centre, 46, certificate.signer_name)


def _withdrawn_stamp(canvas: Canvas, certificate: Certificate, tz: str) -> None:
    """Across a certificate no longer valid: "ĐÃ THU HỒI" (with its date and reason) or "ĐÃ ĐƯỢC THAY THẾ", so a
    printed copy can never pass for a valid one."""
    if certificate.status == CertificateStatus.REVOKED:
        title = "ĐÃ THU HỒI"
        when = formatting.day(certificate.revoked_at, tz) if certificate.revoked_at else ""
        detail = f"Ngày thu hồi: {when}. Lý do: {certificate.revoke_reason or '—'}"
    else:
        title, detail = "ĐÃ ĐƯỢC THAY THẾ", "Giấy chứng nhận này đã được thay bằng một giấy chứng nhận mới."
    canvas.saveState()
    canvas.setFillColor(Color(0.75, 0.05, 0.05, alpha=0.85))
    canvas.setStrokeColor(Color(0.75, 0.05, 0.05, alpha=0.85))
    canvas.translate(PAGE_W / 2, PAGE_H / 2 - 10)
    canvas.rotate(18)
    canvas.setLineWidth(4)
    canvas.setFillColor(Color(1, 1, 1, alpha=0.82))  # the reason must read clearly over the text below
    canvas.roundRect(-250, -62, 500, 124, 14, stroke=1, fill=1)
    canvas.setFillColor(Color(0.75, 0.05, 0.05, alpha=0.9))
    canvas.setFont(BOLD, 46)
    canvas.drawCentredString(0, 8, title)
    for i, line in enumerate(simpleSplit(detail, BOLD, 12, 460)[:2]):
        canvas.setFont(BOLD, 12)
        canvas.drawCentredString(0, -22 - i * 15, line)
    canvas.restoreState()
