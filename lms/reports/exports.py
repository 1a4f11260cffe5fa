"""Write a completion report as XLSX, CSV or PDF (pure functions: no Flask, no database)."""

import io
from collections.abc import Iterator
from datetime import date, datetime
from html import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate

from lms import formatting
from lms.certificates.pdf import BOLD, ITALIC, REGULAR, register_fonts
from lms.reports.report import COLUMNS, Report, ReportRow
from lms.spreadsheets import csv_bytes, safe_text

HEADING = "BÁO CÁO KẾT QUẢ BỒI DƯỠNG KIẾN THỨC, KỸ NĂNG SỐ CƠ BẢN"
SHEET_NAME = "Báo cáo"
#: The two columns domain.md adds after the figures, so every exported row is self-describing when files are merged.
EXTRA_HEADERS = ("Kỳ báo cáo", "Ngày chốt số liệu")
HEADERS = [header for _, header in COLUMNS] + list(EXTRA_HEADERS)
RATE_COLUMN = [key for key, _ in COLUMNS].index("rate") + 1
#: Same default as the app's BABEL_DEFAULT_TIMEZONE; exports cannot read app config, so callers may override it.
LOCAL_TZ = "Asia/Ho_Chi_Minh"

BRAND = "0B5CAD"
HEADER_FILL = PatternFill("solid", fgColor=BRAND)
TOTAL_FILL = PatternFill("solid", fgColor="EEF2F5")
THIN = Side(style="thin", color="7A8591")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INT_FORMAT = "#,##0"
RATE_FORMAT = "0.0"
DATE_FORMAT = "dd/mm/yyyy"


def vn_date(value: date) -> str:
    return formatting.day(value)


def vn_datetime(value: datetime, tz: str = LOCAL_TZ) -> str:
    return formatting.moment(value, tz)


def vn_rate(value: float) -> str:
    """A rate with one decimal and a decimal comma (45.5 → 45,5; 80.0 → 80,0): report columns keep one place."""
    return formatting.number(value, 1) if value % 1 else f"{formatting.number(value, 0)},0"


def title_lines(report: Report, tz: str = LOCAL_TZ) -> list[str]:
    """Return the title block lines shared by the XLSX and PDF exports, skipping empty ones."""
    lines = [HEADING]
    if report.title and report.title.upper() != HEADING:
        lines.append(report.title)
    lines += [report.issuer, report.unit_name]
    lines += [
        f"Kỳ báo cáo: {report.period_label}",
        f"Số liệu chốt đến ngày {vn_date(report.cutoff)}",
        f"Ngày lập: {vn_datetime(report.generated_at, tz)}",
    ]
    return [line for line in lines if line]


def _all_rows(report: Report) -> Iterator[tuple[ReportRow, bool]]:
    """Yield each unit row, then the total row flagged True."""
    for row in report.rows:
        yield row, False
    yield report.total, True


def _figures(row: ReportRow) -> list[int | float]:
    """Return the numeric columns of a row in COLUMNS order (everything after the unit name)."""
    return [getattr(row, key) for key, _ in COLUMNS[1:]]


# --- XLSX ---------------------------------------------------------------------------------------


def to_xlsx(report: Report, *, tz: str = LOCAL_TZ) -> bytes:
    """Write the report as one formatted, printable sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    workbook.properties.title = HEADING
    workbook.properties.creator = report.issuer or "KNS LMS"
    header_row = _xlsx_title(sheet, report, tz) + 1
    _xlsx_header(sheet, header_row)
    for offset, (row, is_total) in enumerate(_all_rows(report), start=1):
        _xlsx_row(sheet, header_row + offset, row, report, bold=is_total)
    _xlsx_layout(sheet, report, header_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_title(sheet: Worksheet, report: Report, tz: str) -> int:
    """Write the title block merged across the table width; return the last used row (a blank spacer)."""
    last_col = len(HEADERS)
    lines = title_lines(report, tz)
    for number, line in enumerate(lines, start=1):
        cell = sheet.cell(row=number, column=1, value=safe_text(line))
        cell.font = Font(bold=number == 1, size=14 if number == 1 else 11)
        cell.alignment = Alignment(horizontal="center" if number == 1 else "left", vertical="center")
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=last_col)
    return len(lines) + 1


def _xlsx_header(sheet: Worksheet, row: int) -> None:
    """Write the column headers: bold, filled, wrapped and boxed."""
    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=row, column=column, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    sheet.row_dimensions[row].height = 48


def _xlsx_row(sheet: Worksheet, number: int, row: ReportRow, report: Report, *, bold: bool) -> None:
    """Write one data row with real numbers and a real date, so the sheet can be summed and sorted."""
    values: list[object] = [safe_text(row.name), *_figures(row), safe_text(report.period_label), report.cutoff]
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=number, column=column, value=value)
        cell.border = BOX
        cell.font = Font(bold=bold)
        if bold:
            cell.fill = TOTAL_FILL
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(horizontal="center")
        elif column == RATE_COLUMN:
            cell.number_format = RATE_FORMAT
        elif isinstance(value, int):
            cell.number_format = INT_FORMAT
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _xlsx_layout(sheet: Worksheet, report: Report, header_row: int) -> None:
    """Set column widths, frozen panes and a landscape, fit-to-width print set-up."""
    longest_name = max((len(row.name) for row, _ in _all_rows(report)), default=0)
    widths = [min(max(longest_name + 2, 24), 50)] + [14] * (len(COLUMNS) - 1)
    widths += [max(len(report.period_label) + 2, 16), 14]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    # Keep the headers and unit names in view while scrolling through dozens of communes.
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages tall as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# --- CSV ----------------------------------------------------------------------------------------


def to_csv(report: Report) -> bytes:
    """Write the report as CSV (lms.spreadsheets.csv_bytes): plain numbers with a dot decimal, so other tools parse
    them; rates with one decimal."""
    return csv_bytes(HEADERS, (_csv_values(row, report) for row, _ in _all_rows(report)))


def _csv_values(row: ReportRow, report: Report) -> list[object]:
    figures = [f"{value:.1f}" if isinstance(value, float) else value for value in _figures(row)]
    return [row.name, *figures, report.period_label, vn_date(report.cutoff)]


# --- PDF ----------------------------------------------------------------------------------------

PDF_MARGIN = 36
PDF_BRAND = colors.HexColor("#0b5cad")
PDF_TOTAL = colors.HexColor("#eef2f5")
PDF_LINE = colors.HexColor("#7a8591")


def _pdf_styles() -> dict[str, ParagraphStyle]:
    """Build paragraph styles on the shipped DejaVu fonts (system fonts may lack Vietnamese glyphs)."""
    return {
        "heading": ParagraphStyle("heading", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "subheading": ParagraphStyle("subheading", fontName=BOLD, fontSize=11, leading=14, alignment=TA_CENTER),
        "meta": ParagraphStyle("meta", fontName=REGULAR, fontSize=10, leading=13, alignment=TA_CENTER),
        "note": ParagraphStyle("note", fontName=ITALIC, fontSize=9, leading=12, alignment=TA_CENTER),
        "header": ParagraphStyle(
            "header", fontName=BOLD, fontSize=8.5, leading=10.5, alignment=TA_CENTER, textColor=colors.white
        ),
        "name": ParagraphStyle("name", fontName=REGULAR, fontSize=9, leading=11, alignment=TA_LEFT),
        "total": ParagraphStyle("total", fontName=BOLD, fontSize=9, leading=11, alignment=TA_LEFT),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    """Wrap text in a Paragraph, escaping it because Paragraph parses markup and names are user data."""
    return Paragraph(escape(text, quote=False), style)


def to_pdf(report: Report, *, tz: str = LOCAL_TZ) -> bytes:
    """Write the report as an A4 landscape PDF; the same report always gives the same bytes.

    The period and cut-off go in the title block rather than in two repeated columns, which would
    only take width from the unit names on paper.
    """
    register_fonts()
    styles = _pdf_styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=PDF_MARGIN,
        rightMargin=PDF_MARGIN,
        topMargin=PDF_MARGIN,
        bottomMargin=PDF_MARGIN + 10,
        title=HEADING,
        author=report.issuer or "KNS LMS",
        subject=f"{report.unit_name} — {report.period_label}",
        invariant=1,
    )
    story = [*_pdf_title(report, styles, tz), Spacer(1, 10), _pdf_table(report, styles, document.width)]
    document.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _pdf_title(report: Report, styles: dict[str, ParagraphStyle], tz: str) -> list[Paragraph]:
    """Lay out the shared title lines: heading, then names in bold, then period and dates."""
    lines = title_lines(report, tz)
    meta_start = len(lines) - 3  # the last three lines are period, cut-off and creation date
    flowables = [_para(lines[0], styles["heading"])]
    flowables += [_para(line, styles["subheading"]) for line in lines[1:meta_start]]
    flowables += [_para(line, styles["meta"]) for line in lines[meta_start:-1]]
    flowables.append(_para(lines[-1], styles["note"]))
    return flowables


def _pdf_table(report: Report, styles: dict[str, ParagraphStyle], width: float) -> Table:
    """Build the figures table with the header repeated on every page."""
    data: list[list[object]] = [[_para(header, styles["header"]) for _, header in COLUMNS]]
    for row, is_total in _all_rows(report):
        name = _para(row.name, styles["total" if is_total else "name"])
        data.append([name, *(_pdf_number(value) for value in _figures(row))])
    number_width = 66
    name_width = width - number_width * (len(COLUMNS) - 1)
    table = Table(data, colWidths=[name_width] + [number_width] * (len(COLUMNS) - 1), repeatRows=1)
    last = len(data) - 1
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 1), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 1), (-1, -1), 9),
                ("BACKGROUND", (0, 0), (-1, 0), PDF_BRAND),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.5, PDF_LINE),
                ("FONTNAME", (0, last), (-1, last), BOLD),
                ("BACKGROUND", (0, last), (-1, last), PDF_TOTAL),
            ]
        )
    )
    return table


def _pdf_number(value: int | float) -> str:
    """Format a figure the Vietnamese way for print."""
    return vn_rate(value) if isinstance(value, float) else formatting.number(value)


def _page_number(canvas: Canvas, document: BaseDocTemplate) -> None:
    """Draw "Trang N" centred in the bottom margin."""
    canvas.saveState()
    canvas.setFont(REGULAR, 8.5)
    canvas.drawCentredString(document.pagesize[0] / 2, PDF_MARGIN / 2, f"Trang {document.page}")
    canvas.restoreState()
