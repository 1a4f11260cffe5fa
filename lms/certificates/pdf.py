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
from lms.certificates.models import Certificate

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


def _centred_lines(
    canvas: Canvas, text: str, font: str, size: float, y: float, max_width: float, leading: float
) -> float:
    """Draw text centred, wrapped to `max_width`; return the y below it."""
    for line in simpleSplit(text, font, size, max_width):
        canvas.setFont(font, size)
        canvas.drawCentredString(PAGE_W / 2, y, line)
        y -= leading
    return y


def _label_value(canvas: Canvas, x: float, y: float, label: str, value: str, width: float, size: float = 13) -> float:
    """Draw "Label: value", wrapping long values under the value's start; return the y below."""
    canvas.setFont(REGULAR, size)
    canvas.drawString(x, y, label)
    offset = pdfmetrics.stringWidth(label + " ", REGULAR, size)
    lines = simpleSplit(value, BOLD, size, width - offset) or [""]
    canvas.setFont(BOLD, size)
    for line in lines:
        canvas.drawString(x + offset, y, line)
        y -= size * 1.45
    return y


def render_certificate_pdf(certificate: Certificate, verify_url: str, seal: Seal | None = None) -> bytes:
    """Render one certificate; the same data always gives the same bytes (invariant mode)."""
    register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    canvas.setTitle(f"Giấy chứng nhận {certificate.serial}")
    canvas.setAuthor(certificate.issuer_name)
    canvas.setSubject(certificate.course_title)
    _frame(canvas)
    _header(canvas, certificate)
    y = _body(canvas, certificate)
    _footer(canvas, certificate, verify_url, seal, y)
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
    left_centre, right_centre, top = 190, PAGE_W - 230, PAGE_H - 62
    issuer = certificate.issuer_name.upper()
    size = _fit(canvas, issuer, BOLD, 12, 300)
    canvas.setFillColor(black)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(left_centre, top, issuer)
    canvas.line(left_centre - 50, top - 6, left_centre + 50, top - 6)
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
    canvas.drawCentredString(PAGE_W / 2, y - 8, "Cấp cho ông/bà")
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
