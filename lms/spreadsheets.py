"""Spreadsheets in and out, the one place for them.

Reading uploads: CSV (UTF-8, separators as Excel writes them) and Excel workbooks with a bounded unpacked size and
row count (no zip bombs); the roster and question importers read through `read_table` and only interpret the cells.
Writing: CSV that Excel opens in Vietnamese (`csv_bytes`), and text that can never run as a formula (`safe_text`).
"""

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl import load_workbook

from lms.formatting import number
from lms.text import NUL_MESSAGE, nul_line

NOT_UTF8 = (
    "Tệp CSV không dùng bảng mã UTF-8 nên tiếng Việt sẽ bị lỗi. Trong Excel, chọn Lưu thành (Save As) → "
    "“CSV UTF-8 (Comma delimited) (*.csv)”, hoặc lưu thành tệp Excel (.xlsx)."
)
NOT_XLSX = "Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy mở tệp bằng Excel và lưu lại thành .xlsx hoặc CSV UTF-8."
OLD_XLS = "Tệp Excel 97–2003 (.xls) chưa được hỗ trợ. Hãy mở bằng Excel và lưu thành .xlsx hoặc CSV UTF-8."

#: An .xlsx is a zip; a small upload can unpack to gigabytes. Real rosters and banks unpack to a few MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000


def csv_delimiter(text: str) -> tuple[str, str]:
    """Pick the separator and return it with the text left to read.

    Excel in a Vietnamese locale saves with `;`. Excel's own "sep=;" first line is honoured and dropped,
    as Excel does not show it as a row either.
    """
    first, _, rest = text.partition("\n")
    hint = re.fullmatch(r"sep=(.)\r?", first, re.IGNORECASE)
    if hint:
        return hint.group(1), rest
    header = next((line for line in io.StringIO(text) if line.strip()), "")
    counts = {candidate: header.count(candidate) for candidate in (",", ";", "\t")}
    return max(counts, key=lambda candidate: counts[candidate]), text


class WorkbookTooLarge(Exception):
    """The workbook is bigger than any real roster or question bank; `message` is Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def first_sheet_rows(
    data: bytes, max_rows: int = MAX_ROWS, max_unpacked: int = MAX_UNPACKED_BYTES
) -> list[list[object]]:
    """The rows of the first sheet; formulas come back as their last computed values.

    :raises WorkbookTooLarge: unpacks to more than `max_unpacked` bytes or holds more than `max_rows` rows.
    :raises Exception: openpyxl and zipfile raise many types for a damaged or foreign file; callers report it.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
    if unpacked > max_unpacked:
        raise WorkbookTooLarge(
            f"Tệp Excel khi giải nén quá lớn ({unpacked // (1024 * 1024)} MB, tối đa "
            f"{max_unpacked // (1024 * 1024)} MB). Hãy kiểm tra lại tệp hoặc chia nhỏ."
        )
    with warnings.catch_warnings():
        # Government templates carry data-validation and style extensions openpyxl warns it drops; we only read.
        warnings.simplefilter("ignore", UserWarning)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        rows: list[list[object]] = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if len(rows) >= max_rows:
                raise WorkbookTooLarge(f"Tệp có hơn {number(max_rows)} dòng; hãy chia thành nhiều tệp nhỏ hơn.")
            rows.append(list(row))
        return rows
    finally:
        workbook.close()


@dataclass
class Table:
    """The rows read from an upload (`rows[0]` is spreadsheet row 1), and the problem that stopped the reading.

    A CSV broken half-way keeps the rows read before the break, so their own problems show in the same pass.
    """

    rows: list[list[object]] = field(default_factory=list)
    problem: tuple[int, str] | None = None  # (row number, Vietnamese message)


def is_xlsx(data: bytes, filename: str) -> bool:
    return data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm"))


def read_table(data: bytes, filename: str = "", *, as_xlsx: bool | None = None) -> Table:
    """Read an uploaded CSV or XLSX file (chosen by `as_xlsx`, else by content and name) into rows of cells."""
    if as_xlsx if as_xlsx is not None else is_xlsx(data, filename):
        try:
            return Table(first_sheet_rows(data))
        except WorkbookTooLarge as error:
            return Table(problem=(1, error.message))
        except Exception:  # openpyxl raises many types (zip, XML, KeyError…) for a damaged or foreign file
            return Table(problem=(1, NOT_XLSX))
    if as_xlsx is None and (data[:4] == b"\xd0\xcf\x11\xe0" or filename.lower().endswith(".xls")):
        return Table(problem=(1, OLD_XLS))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Table(problem=(1, NOT_UTF8))
    if (line := nul_line(text)) is not None:
        return Table(problem=(line, f"Dòng {line} {NUL_MESSAGE}."))
    delimiter, text = csv_delimiter(text)
    table = Table()
    try:
        table.rows.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        table.problem = (len(table.rows) + 1, f"Tệp CSV bị lỗi định dạng: {error}")
    return table


# --- writing -------------------------------------------------------------------------------------------

#: Characters that make Excel/LibreOffice treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula (names and units are user data)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM (so Excel reads Vietnamese), CRLF line ends; every text cell formula-safe, numbers as they
    are (a dot decimal, so other tools parse them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v if isinstance(v, int | float) else safe_text(str(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
