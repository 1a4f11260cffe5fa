"""CSV and Excel import: headers in two languages, each question kind, row-numbered errors, the shipped sample."""

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from lms.spreadsheets import NOT_UTF8, NOT_XLSX
from quizzes.gift import ParseError
from quizzes.tabular import parse_csv, parse_rows, parse_xlsx

SAMPLE = Path(__file__).resolve().parents[2] / "quizzes" / "templates" / "mau-cau-hoi.csv"

HEADER = ["loai", "cau_hoi", "phuong_an_1", "phuong_an_2", "phuong_an_3", "dap_an_dung", "linh_vuc", "do_kho", "the"]
ENGLISH = ["type", "question", "option_1", "option_2", "option_3", "correct", "area", "difficulty", "tags"]
ROWS = [
    ["mot_dap_an", "Phím tắt sao chép?", "Ctrl+V", "Ctrl+C", "Ctrl+X", "2", "TB", "1", "Word, phím tắt"],
    ["nhieu_dap_an", "Việc nên làm?", "Bật xác thực 2 lớp", "Lộ mật khẩu", "Cập nhật phần mềm", "1,3", "AT", "", ""],
    ["dung_sai", "Mã OTP có thể đọc cho người khác.", "", "", "", "Sai", "KNS/AT", "3", "OTP"],
    ["tra_loi_ngan", "Ứng dụng định danh điện tử tên là gì?", "", "", "", "VNeID | VNeID (Bộ Công an)", "DV", "", ""],
]  # fmt: skip


def to_csv(rows: list[list[str]], delimiter: str = ",", bom: bool = True) -> bytes:
    def quote(cell: str) -> str:
        return f'"{cell}"' if any(ch in cell for ch in f'{delimiter}"\n') else cell

    text = "\r\n".join(delimiter.join(quote(cell) for cell in row) for row in rows) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def to_xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value not in ("", None):
                sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def shape(result):  # type: ignore[no-untyped-def]
    return [(q.line, q.kind, q.title, q.text, q.general_feedback, q.category, q.difficulty, q.tags,
             [(o.text, o.fraction, o.feedback) for o in q.options]) for q in result.questions]  # fmt: skip


def one(rows: list[list[str]]):  # type: ignore[no-untyped-def]
    result = parse_rows(rows)
    assert result.errors == []
    assert len(result.questions) == 1
    return result.questions[0]


def test_each_kind_from_a_csv_with_bom():
    result = parse_csv(to_csv([HEADER, *ROWS]))
    assert result.errors == []
    single, multiple, true_false, short = result.questions
    assert (single.kind, single.line, single.difficulty, single.category) == ("single", 2, 1, "TB")
    assert [o.fraction for o in single.options] == [0, 100, 0]
    assert single.tags == ["Word", "phím tắt"]
    assert (multiple.kind, [o.fraction for o in multiple.options]) == ("multiple", [50, 0, 50])
    assert multiple.difficulty == 2
    assert true_false.kind == "true_false"
    assert [(o.text, o.fraction) for o in true_false.options] == [("Đúng", 0), ("Sai", 100)]
    assert (true_false.category, true_false.difficulty) == ("AT", 3)
    assert short.kind == "short_text"
    assert [(o.text, o.fraction) for o in short.options] == [("VNeID", 100), ("VNeID (Bộ Công an)", 100)]


def test_semicolon_delimiter_no_bom_and_english_headers_parse_the_same():
    expected = shape(parse_csv(to_csv([HEADER, *ROWS])))
    assert shape(parse_csv(to_csv([HEADER, *ROWS], delimiter=";", bom=False))) == expected
    assert shape(parse_csv(to_csv([ENGLISH, *ROWS], delimiter=";"))) == expected
    assert shape(parse_csv(to_csv([ENGLISH, *ROWS], delimiter="\t"))) == expected


def test_headers_ignore_case_diacritics_and_spacing():
    header = [
        "Loại",
        "Câu hỏi",
        "Phương án 1",
        "PHUONG-AN-2",
        "phuong_an_3",
        "Đáp án đúng",
        "Lĩnh vực",
        "Độ khó",
        "Thẻ",
    ]
    assert shape(parse_rows([header, *ROWS])) == shape(parse_rows([HEADER, *ROWS]))


def test_excel_sep_line_is_honoured_and_not_counted_as_a_row():
    data = b"sep=;\r\n" + to_csv([HEADER, *ROWS], delimiter=";", bom=False)
    assert shape(parse_csv(data)) == shape(parse_csv(to_csv([HEADER, *ROWS])))


def test_nfd_text_comes_back_nfc():
    nfd = [[unicodedata.normalize("NFD", cell) for cell in row] for row in (HEADER, *ROWS)]
    assert shape(parse_csv(to_csv(nfd))) == shape(parse_csv(to_csv([HEADER, *ROWS])))
    assert parse_csv(to_csv(nfd)).questions[3].text == unicodedata.normalize(
        "NFC", "Ứng dụng định danh điện tử tên là gì?"
    )


def test_title_feedback_and_general_feedback():
    header = ["tieu_de", "cau_hoi", "phuong_an_1", "phuong_an_2", "phan_hoi_1", "phan_hoi_2", "dap_an_dung"]
    row = ["AT-01", "Mật khẩu nào mạnh hơn?", "123456", "Ngua-Trang_uong7Lan", "Quá dễ đoán.", "Dài, khó đoán.", "2"]
    q = one([[*header, "phan_hoi_chung"], [*row, "Dùng cụm từ dài."]])
    assert (q.title, q.general_feedback, q.kind) == ("AT-01", "Dùng cụm từ dài.", "single")
    assert [o.feedback for o in q.options] == ["Quá dễ đoán.", "Dài, khó đoán."]


def test_multiple_choice_weights_may_be_negative():
    header = ["loai", "cau_hoi", "option_1", "option_2", "option_3", "option_4", "correct"]
    q = one([header, ["multiple", "Chọn", "a", "b", "c", "d", "1:40; 3:60%; 4:-100"]])
    assert [o.fraction for o in q.options] == [40, 0, 60, -100]


def test_true_false_feedback_follows_the_dung_then_sai_order():
    header = ["loai", "cau_hoi", "dap_an_dung", "phan_hoi_1", "phan_hoi_2"]
    q = one([header, ["dung_sai", "Câu", "Đ", "Đúng rồi.", "Chưa đúng."]])
    assert [(o.text, o.fraction, o.feedback) for o in q.options] == [
        ("Đúng", 100, "Đúng rồi."),
        ("Sai", 0, "Chưa đúng."),
    ]


@pytest.mark.parametrize(
    ("value", "truth"),
    [("Đúng", True), ("đúng", True), ("true", True), ("D", True), (True, True)]
    + [("Sai", False), ("FALSE", False), ("s", False), (False, False)],
)
def test_true_false_values(value, truth):
    q = one([["loai", "cau_hoi", "dap_an_dung"], ["true_false", "Câu", value]])
    assert q.options[0].fraction == (100 if truth else 0)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["trac_nghiem", "Câu", "a", "b", "", "1", "", "", ""], "cột “loai”: “trac_nghiem” không phải loại câu hỏi"),
        (["", "Câu", "a", "b", "", "3", "", "", ""], "cột “dap_an_dung”: không có phương án 3"),
        (["", "", "a", "b", "", "1", "", "", ""], "cột “cau_hoi”: thiếu nội dung câu hỏi"),
        (["", "Câu", "a", "b", "", "1", "", "5", ""], "cột “do_kho”: “5” không hợp lệ"),
        (["", "Câu", "a", "b", "", "", "", "", ""], "cột “dap_an_dung”: thiếu đáp án đúng"),
        (["", "Câu", "a", "b", "", "1,2", "", "", ""], "câu một đáp án ghi đúng một số"),
        (["", "Câu", "a", "b", "", "B", "", "", ""], "ghi số thứ tự phương án"),
        (["", "Câu", "a", "b", "", "1.3", "", "", ""], "Excel đã đổi “1,3” thành số thập phân"),
        (["", "Câu", "a", "", "", "1", "", "", ""], "ít nhất 2 phương án"),
        (["", "Câu", "a", "", "c", "1", "", "", ""], "cột “phuong_an_2”: trống"),
        (["", "Câu", "a", "b", "", "1", "An toàn số", "", ""], "cột “linh_vuc”: “An toàn số” không phải mã lĩnh vực"),
        (["nhieu_dap_an", "Câu", "a", "b", "c", "1:50,2:40", "", "", ""], "tổng trọng số các đáp án đúng là 90%"),
        (["nhieu_dap_an", "Câu", "a", "b", "c", "1:50,2", "", "", ""], "ghi trọng số cho mọi đáp án"),
        (["nhieu_dap_an", "Câu", "a", "b", "c", "1:150,2:-50", "", "", ""], "khoảng -100 đến 100"),
        (["nhieu_dap_an", "Câu", "a", "b", "c", "1,1", "", "", ""], "phương án 1 được ghi hai lần"),
        (["dung_sai", "Câu", "", "", "", "Có", "", "", ""], "câu đúng/sai ghi Đúng hoặc Sai"),
        (["dung_sai", "Câu", "Đúng", "Sai", "", "Đúng", "", "", ""], "câu đúng/sai không dùng các cột phương án"),
        (["tra_loi_ngan", "Câu", "", "", "", " | ", "", "", ""], "cột “dap_an_dung”: thiếu đáp án"),
    ],
)
def test_a_malformed_row_reports_its_row_number_while_good_rows_parse(row, message):
    result = parse_csv(to_csv([HEADER, ROWS[0], [""] * len(HEADER), row, ROWS[1]]))
    assert [q.line for q in result.questions] == [2, 5]
    assert [e.line for e in result.errors] == [4]
    assert message in result.errors[0].message


def test_every_problem_on_a_row_is_reported():
    result = parse_rows([HEADER, ["abc", "", "a", "b", "", "1", "", "5", ""]])
    assert result.questions == []
    assert [e.message.split(":")[0] for e in result.errors] == ["cột “loai”", "cột “cau_hoi”", "cột “do_kho”"]


def test_feedback_without_its_option_is_reported():
    header = ["cau_hoi", "phuong_an_1", "phuong_an_2", "phan_hoi_3", "dap_an_dung"]
    result = parse_rows([header, ["Câu", "a", "b", "?", "1"]])
    assert [(e.line, e.message) for e in result.errors] == [
        (2, "cột “phan_hoi_3”: có phản hồi nhưng câu hỏi không có phương án 3")
    ]


def test_header_problems_are_reported_on_row_one():
    header = ["cau_hoi", "phuong_an_1", "phuong_an_2", "dap_an", "Câu hỏi", "ghi_chu"]
    result = parse_rows([header, ["Câu", "a", "b", "1", "x", ""]])
    assert result.questions == []
    assert [e.line for e in result.errors] == [1, 1, 1]
    assert "“dap_an” không được hỗ trợ" in result.errors[0].message
    assert "“Câu hỏi” bị lặp lại" in result.errors[1].message
    assert result.errors[2].message == "thiếu cột “dap_an_dung”"


def test_unknown_columns_do_not_hide_the_good_rows_and_stt_and_notes_are_ignored():
    note_only = [""] * (len(HEADER) + 2) + ["chỉ có ghi chú"]
    result = parse_rows([["STT", *HEADER, "phuong_an_9", "ghi chú"], ["1", *ROWS[0], "", "để nhớ"], note_only])
    assert [q.line for q in result.questions] == [2]
    assert [(e.line, e.message) for e in result.errors] == [(1, "cột “phuong_an_9”: chỉ hỗ trợ phương án 1 đến 8")]


def test_first_line_offsets_the_row_numbers_and_leading_blank_rows_are_skipped():
    result = parse_rows([[], HEADER, ["", "Câu", "a", "b", "", "9", "", "", ""]], first_line=3)
    assert [e.line for e in result.errors] == [5]


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf\r\n,,\r\n"])
def test_an_empty_file_is_reported(data):
    result = parse_csv(data)
    assert result.questions == []
    assert [e.line for e in result.errors] == [1]
    assert "tệp trống" in result.errors[0].message


def test_non_utf8_csv_gives_a_clear_error():
    # "Câu hỏi" saved by an old Windows tool as cp1258: â is 0xE2, the hook above is the combining mark 0xD2.
    result = parse_csv(b"cau_hoi,phuong_an_1,phuong_an_2,dap_an_dung\r\nC\xe2u ho\xd2i,a,b,1\r\n")
    assert result.questions == []
    assert result.errors == [ParseError(1, NOT_UTF8)]
    assert "CSV UTF-8" in NOT_UTF8


def test_xlsx_parses_like_the_same_csv():
    numeric = ["", "Câu sau dòng trống", "a", "b", "", 2.0, "", 3.0, ""]
    rows: list[list[object]] = [HEADER, *ROWS, [""] * len(HEADER), numeric]
    csv_rows = [[str(int(cell)) if isinstance(cell, float) else cell for cell in row] for row in rows]
    from_xlsx, from_csv = parse_xlsx(to_xlsx(rows)), parse_csv(to_csv(csv_rows))
    assert from_xlsx.errors == from_csv.errors == []
    assert shape(from_xlsx) == shape(from_csv)
    assert from_xlsx.questions[-1].line == 7
    assert ([o.fraction for o in from_xlsx.questions[-1].options], from_xlsx.questions[-1].difficulty) == ([0, 100], 3)


def test_xlsx_errors_use_spreadsheet_row_numbers():
    rows: list[list[object]] = [HEADER, ROWS[0], [], ["", "Câu", "a", "b", "", 4.0, "", "", ""]]
    result = parse_xlsx(to_xlsx(rows))
    assert [(e.line, e.message) for e in result.errors] == [
        (4, "cột “dap_an_dung”: không có phương án 4 (câu này có 2 phương án)")
    ]


def test_xlsx_text_starting_with_equals_stays_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["loai", "cau_hoi", "dap_an_dung"])
    sheet.append(["tra_loi_ngan", "Công thức nào cộng các ô từ A1 đến A3?"])
    sheet["C2"].value, sheet["C2"].data_type = "=SUM(A1:A3)", "s"  # typed as text, not as a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    q = parse_xlsx(buffer.getvalue()).questions[0]
    assert [o.text for o in q.options] == ["=SUM(A1:A3)"]


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"", b"loai,cau_hoi\n", b"PK\x03\x04 broken", _plain_zip()])
def test_a_file_that_is_not_xlsx_gives_the_clear_error(data):
    result = parse_xlsx(data)
    assert result.questions == []
    assert result.errors == [ParseError(1, NOT_XLSX)]
    assert NOT_XLSX.startswith("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")


def test_shipped_sample_csv_parses_with_zero_errors():
    data = SAMPLE.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    result = parse_csv(data)
    assert result.errors == []
    assert [q.kind for q in result.questions] == ["single", "multiple", "true_false", "short_text"]
    assert all(q.category and q.general_feedback and q.title for q in result.questions)
