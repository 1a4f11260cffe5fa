"""Reading uploaded spreadsheets: CSV separators as Excel writes them, and Excel workbooks with a bounded
unpacked size and row count (no zip bombs)."""

import io
import re
import warnings
import zipfile

from openpyxl import load_workbook

from lms.text import vn_number

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
                raise WorkbookTooLarge(f"Tệp có hơn {vn_number(max_rows)} dòng; hãy chia thành nhiều tệp nhỏ hơn.")
            rows.append(list(row))
        return rows
    finally:
        workbook.close()
