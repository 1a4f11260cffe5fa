"""Uploaded workbooks are bounded: a zip bomb or a million-row sheet is refused with a clear message."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from lms.spreadsheets import WorkbookTooLarge, first_sheet_rows


def workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    for index in range(rows):
        sheet.append([f"Người {index}", index])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_reads_the_first_sheet():
    assert first_sheet_rows(workbook(3)) == [["Người 0", 0], ["Người 1", 1], ["Người 2", 2]]


def test_too_many_rows_is_refused():
    with pytest.raises(WorkbookTooLarge, match="hơn 5 dòng"):
        first_sheet_rows(workbook(6), max_rows=5)


def test_a_zip_bomb_is_refused_before_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
    assert len(out.getvalue()) < 100_000
    with pytest.raises(WorkbookTooLarge, match="giải nén quá lớn"):
        first_sheet_rows(out.getvalue(), max_unpacked=10 * 1024 * 1024)
