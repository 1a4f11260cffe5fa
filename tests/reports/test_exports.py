"""Report exports: XLSX, CSV and PDF written from a Report built in memory (no database)."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from lms.reports.exports import HEADERS, to_csv, to_pdf, to_xlsx
from lms.reports.report import COLUMNS, Report, ReportRow
from lms.spreadsheets import safe_text

MALICIOUS = '=HYPERLINK("http://x")'
CUTOFF = date(2026, 6, 14)
PERIOD = "6 tháng đầu năm 2026"


def make_report(extra_rows: int = 0) -> Report:
    """Build three unit rows (one hostile name), optional filler rows, and their total."""
    rows = [
        ReportRow("Xã Tủa Sín Chải", staff_total=60, enrolled=58, in_progress=10, completed=45, assessed=44,
                  confirmed=40, certified=38),
        ReportRow(MALICIOUS, staff_total=1250, enrolled=1000, in_progress=300, completed=650, assessed=640,
                  confirmed=600, certified=590),
        ReportRow("Phường Tân Phong", staff_total=90, enrolled=80, in_progress=20, completed=55, assessed=50,
                  confirmed=41, certified=41),
    ]  # fmt: skip
    rows += [ReportRow(f"Đơn vị số {i}", staff_total=10, confirmed=5) for i in range(extra_rows)]
    report = Report(
        title="Báo cáo theo đơn vị",
        unit_name="Tỉnh Lai Châu",
        period_label=PERIOD,
        cutoff=CUTOFF,
        generated_at=datetime(2026, 6, 15, 2, 30, tzinfo=UTC),
        rows=rows,
        issuer="Sở Nội vụ tỉnh Lai Châu",
    )
    for row in rows:
        report.total.add(row)
    return report


@pytest.fixture
def report() -> Report:
    return make_report()


@pytest.fixture
def sheet(report: Report) -> Worksheet:
    return load_workbook(io.BytesIO(to_xlsx(report)))["Báo cáo"]


def header_row(sheet: Worksheet) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == "Đơn vị")


def csv_rows(report: Report) -> list[list[str]]:
    return list(csv.reader(io.StringIO(to_csv(report).decode("utf-8-sig"), newline="")))


# --- safe_text ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", MALICIOUS])
def test_safe_text_prefixes_formula_starts(value: str) -> None:
    assert safe_text(value) == "'" + value


@pytest.mark.parametrize("value", ["Xã Tủa Sín Chải", "", "a=b", "100"])
def test_safe_text_keeps_ordinary_text(value: str) -> None:
    assert safe_text(value) == value


# --- XLSX ---------------------------------------------------------------------------------------


def test_xlsx_has_title_block(sheet: Worksheet) -> None:
    titles = [sheet.cell(row=r, column=1).value for r in range(1, header_row(sheet))]
    assert titles[0] == "BÁO CÁO KẾT QUẢ BỒI DƯỠNG KIẾN THỨC, KỸ NĂNG SỐ CƠ BẢN"
    assert "Sở Nội vụ tỉnh Lai Châu" in titles
    assert "Tỉnh Lai Châu" in titles
    assert f"Kỳ báo cáo: {PERIOD}" in titles
    assert "Số liệu chốt đến ngày 14/06/2026" in titles
    assert "Ngày lập: 15/06/2026 09:30" in titles  # 02:30 UTC is 09:30 in Việt Nam


def test_xlsx_has_headers_with_period_and_cutoff_columns(sheet: Worksheet) -> None:
    row = header_row(sheet)
    headers = [cell.value for cell in sheet[row]]
    assert headers == [header for _, header in COLUMNS] + ["Kỳ báo cáo", "Ngày chốt số liệu"]
    assert all(cell.font.b and cell.alignment.wrap_text and cell.border.left.style for cell in sheet[row])


def test_xlsx_writes_one_row_per_unit_then_a_bold_total(sheet: Worksheet, report: Report) -> None:
    first = header_row(sheet) + 1
    names = [sheet.cell(row=r, column=1).value for r in range(first, sheet.max_row + 1)]
    assert names == ["Xã Tủa Sín Chải", "'" + MALICIOUS, "Phường Tân Phong", "Tổng cộng"]
    total = sheet[sheet.max_row]
    assert all(cell.font.b for cell in total)
    assert total[1].value == 1400 and total[6].value == 681


def test_xlsx_stores_numbers_as_numbers(sheet: Worksheet) -> None:
    row = sheet[header_row(sheet) + 1]
    assert [cell.value for cell in row[1:9]] == [60, 58, 10, 45, 44, 40, 66.7, 38]
    assert all(cell.data_type == "n" for cell in row[1:9])
    assert isinstance(row[1].value, int)
    rate = row[7]
    assert isinstance(rate.value, float)
    assert rate.number_format == "0.0"


def test_xlsx_freezes_header_and_first_column(sheet: Worksheet) -> None:
    assert sheet.freeze_panes == f"B{header_row(sheet) + 1}"


def test_xlsx_stores_formula_names_as_text(sheet: Worksheet) -> None:
    cell = sheet.cell(row=header_row(sheet) + 2, column=1)
    assert cell.data_type == "s"
    assert cell.value.startswith("'=")


def test_xlsx_cutoff_is_a_real_date(sheet: Worksheet) -> None:
    row = sheet[header_row(sheet) + 1]
    period, cutoff = row[9], row[10]
    assert period.value == PERIOD
    assert isinstance(cutoff.value, datetime)
    assert cutoff.value.date() == CUTOFF
    assert cutoff.number_format == "dd/mm/yyyy"


def test_xlsx_prints_landscape_fit_to_width(sheet: Worksheet) -> None:
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.column_dimensions["A"].width >= 24


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_starts_with_bom_and_ends_lines_with_crlf(report: Report) -> None:
    data = to_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == len(report.rows) + 2  # header, rows, total
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_csv_parses_into_expected_rows(report: Report) -> None:
    rows = csv_rows(report)
    assert rows[0] == HEADERS
    assert rows[1] == ["Xã Tủa Sín Chải", "60", "58", "10", "45", "44", "40", "66.7", "38", PERIOD, "14/06/2026"]
    assert rows[-1] == ["Tổng cộng", "1400", "1138", "330", "750", "734", "681", "48.6", "669", PERIOD, "14/06/2026"]
    assert len(rows) == 5


def test_csv_neutralises_formula_and_keeps_vietnamese(report: Report) -> None:
    names = [row[0] for row in csv_rows(report)[1:]]
    assert names[1] == "'" + MALICIOUS
    assert names[0] == "Xã Tủa Sín Chải"
    assert "Xã Tủa Sín Chải".encode() in to_csv(report)


# --- PDF ----------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_has_extractable_vietnamese_and_totals(report: Report) -> None:
    data = to_pdf(report)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Xã Tủa Sín Chải" in text
    assert "BÁO CÁO KẾT QUẢ BỒI DƯỠNG KIẾN THỨC, KỸ NĂNG SỐ CƠ BẢN" in text
    assert "Số liệu chốt đến ngày 14/06/2026" in text
    total = text[text.index("Tổng cộng") :].split()
    assert total[2:10] == ["1.400", "1.138", "330", "750", "734", "681", "48,6", "669"]


def test_pdf_is_reproducible(report: Report) -> None:
    assert to_pdf(report) == to_pdf(report)


def test_pdf_repeats_header_and_numbers_pages() -> None:
    reader = PdfReader(io.BytesIO(to_pdf(make_report(extra_rows=80))))
    assert len(reader.pages) > 1
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Trang {number}" in text
        assert "Tổng số" in text  # the header row, repeated


def test_pdf_prints_markup_in_names_literally() -> None:
    report = make_report()
    report.rows[0].name = "Xã <b>Mù Cả</b> & Pa Ủ"
    assert "Xã <b>Mù Cả</b> & Pa Ủ" in pdf_text(to_pdf(report))
