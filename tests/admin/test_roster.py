"""Roster import: the messy CSV and Excel files personnel offices really send, and the row-numbered problems."""

import csv
import io
import time
import unicodedata
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from lms.admin.roster import (
    MAX_LENGTHS,
    RosterFile,
    RosterProblem,
    RosterRow,
    parse_roster,
    parse_rows,
)
from lms.auth.models import Gender, StaffCategory, User
from lms.org.models import Unit
from lms.spreadsheets import NOT_UTF8, NOT_XLSX, OLD_XLS

TODAY = date(2025, 6, 1)
HEADER = [
    "username",
    "full_name",
    "date_of_birth",
    "gender",
    "unit_code",
    "position",
    "staff_category",
    "email",
    "phone",
    "national_id",
]
VIETNAMESE = [
    "Tên đăng nhập",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Mã đơn vị",
    "Chức vụ",
    "Đối tượng",
    "Thư điện tử",
    "Số điện thoại",
    "Số CCCD",
]
GOOD = [
    "nva",
    "Nguyễn Văn A",
    "15/03/1985",
    "Nam",
    "ubnd-muong-kim",
    "Chủ tịch UBND xã",
    "Cán bộ",
    "nva@laichau.gov.vn",
    "0912345678",
    "012085000123",
]


def person(**changes: object) -> list[object]:
    """Return a good row with some columns replaced."""
    row: list[object] = list(GOOD)
    for name, value in changes.items():
        row[HEADER.index(name)] = value
    return row


def to_csv(rows: list[list[object]], delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


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


def parse(*rows: list[object], header: list[str] = HEADER) -> RosterFile:
    return parse_rows([list(header), *rows], today=TODAY)


def only_problem(result: RosterFile) -> RosterProblem:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_good_row_parses_every_column() -> None:
    result = parse_roster(to_csv([HEADER, GOOD]), "ds.csv", today=TODAY)

    assert result.problems == []
    assert result.rows == [
        RosterRow(
            row=2,
            username="nva",
            full_name="Nguyễn Văn A",
            date_of_birth=date(1985, 3, 15),
            gender="nam",
            unit_code="ubnd-muong-kim",
            position="Chủ tịch UBND xã",
            staff_category="can_bo",
            email="nva@laichau.gov.vn",
            phone="0912345678",
            national_id="012085000123",
        )
    ]
    assert result.bad_rows == set()


def test_optional_columns_may_be_blank_or_absent() -> None:
    result = parse(
        ["nvb", "Trần Thị B", "cong_chuc", "ubnd-xa"], header=["username", "ho_ten", "doi_tuong", "ma_don_vi"]
    )

    assert result.problems == []
    row = result.rows[0]
    assert (row.date_of_birth, row.gender, row.position, row.email, row.phone, row.national_id) == (None,) * 6
    blank = parse(person(date_of_birth="", gender="", position="", email="", phone="", national_id=""))
    assert blank.problems == [] and blank.rows[0].gender is None


def test_vietnamese_header_with_bom_and_semicolons() -> None:
    data = to_csv([VIETNAMESE, GOOD], delimiter=";", bom=True)

    result = parse_roster(data, "danh-sach.csv", today=TODAY)

    assert result.problems == []
    assert result.rows[0].username == "nva"
    assert result.rows[0].national_id == "012085000123"


def test_excel_sep_hint_line_is_honoured_and_not_counted() -> None:
    data = b"sep=;\r\n" + to_csv([HEADER, GOOD], delimiter=";")

    result = parse_roster(data, "ds.csv", today=TODAY)

    assert result.problems == [] and result.rows[0].row == 2


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("ten_dang_nhap", "username"),
        ("Tên đăng nhập", "username"),
        ("TÊN ĐĂNG NHẬP (*)", "username"),
        ("ho_ten", "full_name"),
        ("Họ và tên", "full_name"),
        ("Họ tên", "full_name"),
        ("Full Name", "full_name"),
        ("ngay_sinh", "date_of_birth"),
        ("Ngày sinh (dd/mm/yyyy)", "date_of_birth"),
        ("gioi_tinh", "gender"),
        ("ma_don_vi", "unit_code"),
        ("Mã đơn vị", "unit_code"),
        ("chuc_vu", "position"),
        ("Chức vụ", "position"),
        ("doi_tuong", "staff_category"),
        ("loai_can_bo", "staff_category"),
        ("Đối tượng", "staff_category"),
        ("thu_dien_tu", "email"),
        ("E-mail", "email"),
        ("dien_thoai", "phone"),
        ("so_dien_thoai", "phone"),
        ("SĐT", "phone"),
        ("cccd", "national_id"),
        ("so_cccd", "national_id"),
        ("so_dinh_danh", "national_id"),
        ("Số CCCD", "national_id"),
    ],
)
def test_header_spellings(header: str, column: str) -> None:
    names = [header if name == column else name for name in HEADER]

    result = parse(GOOD, header=names)

    assert result.problems == []
    assert getattr(result.rows[0], column) == getattr(parse(GOOD).rows[0], column)


def test_nfd_names_come_back_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    position = unicodedata.normalize("NFD", "Phó Chủ tịch")
    data = to_csv([HEADER, person(full_name=nfd, position=position)])

    row = parse_roster(data, "ds.csv", today=TODAY).rows[0]

    assert row.full_name == "Nguyễn Thị Hồng Nhung"
    assert unicodedata.is_normalized("NFC", row.full_name)
    assert row.position == "Phó Chủ tịch"


def test_spaces_are_trimmed_and_folded() -> None:
    row = parse(
        person(
            username="  NVA ", full_name=" Nguyễn   Văn A  ", unit_code=" UBND-Muong-Kim ", position="Chủ tịch\u00a0 "
        )
    ).rows[0]

    assert (row.username, row.full_name, row.unit_code, row.position) == (
        "nva",
        "Nguyễn Văn A",
        "ubnd-muong-kim",
        "Chủ tịch",
    )


def test_blank_lines_are_skipped_and_row_numbers_kept() -> None:
    text = "\r\n".join(
        [
            ",".join(HEADER),
            ",".join(GOOD),
            "",
            ",,,,,,,,,",
            "  , ,,,,,,,,",
            ",".join(str(cell) for cell in person(username="nvb", national_id="")),
            "",
        ]
    )

    result = parse_roster(text.encode(), "ds.csv", today=TODAY)

    assert result.problems == []
    assert [row.row for row in result.rows] == [2, 6]


def test_unknown_columns_are_ignored() -> None:
    result = parse(["1", *GOOD, "chuyển từ huyện"], header=["STT", *HEADER, "Ghi chú"])

    assert result.problems == [] and result.rows[0].username == "nva"


def test_title_rows_above_the_header_are_skipped() -> None:
    rows = [["DANH SÁCH CÁN BỘ, CÔNG CHỨC XÃ MƯỜNG KIM"], [], VIETNAMESE, GOOD]

    result = parse_roster(to_xlsx(rows), "ds.xlsx", today=TODAY)

    assert result.problems == []
    assert result.rows[0].row == 4


def test_missing_required_columns_reported_once() -> None:
    result = parse(
        ["nva", "Nguyễn Văn A", "0912345678"], ["nvb", "Trần Thị B", ""], header=["username", "ho_ten", "SĐT"]
    )

    problem = only_problem(result)
    assert (problem.row, problem.field) == (1, "")
    assert "unit_code" in problem.message and "staff_category" in problem.message
    assert "username" not in problem.message
    assert result.rows == []


def test_empty_file() -> None:
    for data, name in ((b"", "ds.csv"), (b"\xef\xbb\xbf\r\n\r\n", "ds.csv"), (to_xlsx([]), "ds.xlsx")):
        problem = only_problem(parse_roster(data, name, today=TODAY))
        assert problem.row == 1 and "trống" in problem.message


def test_repeated_column_is_reported_and_the_first_used() -> None:
    result = parse([*GOOD, "0987654321"], header=[*HEADER, "Điện thoại"])

    problem = only_problem(result)
    assert (problem.row, problem.field) == (1, "phone")
    assert "Điện thoại" in problem.message
    assert result.rows[0].phone == "0912345678"


def test_excel_number_cells_for_ids_and_phones_are_flagged_not_repaired() -> None:
    rows = [
        HEADER,
        person(username="nva", phone=912345678, national_id=12085000123),
        person(username="nvb", phone="0987654321", national_id=1090000456),  # Hà Nội 001… loses two zeros
        person(username="nvc", phone="0987654322", national_id="012085000124"),
    ]

    result = parse_roster(to_xlsx(rows), "ds.xlsx", today=TODAY)

    assert {(p.row, p.field) for p in result.problems} == {(2, "phone"), (2, "national_id"), (3, "national_id")}
    phone = next(p for p in result.problems if p.field == "phone")
    assert phone.message == (
        "Số điện thoại 912345678 có vẻ đã mất số 0 ở đầu (Excel đổi thành số); hãy định dạng cột là Văn bản."
    )
    assert all("mất số 0" in p.message for p in result.problems)
    assert [row.username for row in result.rows] == ["nvc"]
    assert result.rows[0].national_id == "012085000124"
    assert result.bad_rows == {2, 3}


def test_csv_ids_and_phones_that_lost_their_zero_are_flagged() -> None:
    data = to_csv([HEADER, person(phone="912345678", national_id="12085000123")])

    result = parse_roster(data, "ds.csv", today=TODAY)

    assert [(p.row, p.field) for p in result.problems] == [(2, "phone"), (2, "national_id")]
    assert "912345678" in result.problems[0].message and "12085000123" in result.problems[1].message
    assert result.rows == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,23457E+11", "số mũ"), ("123456789", "CMND"), ("0120850001234", "12 chữ số"), ("01208500012A", "chữ số")],
)
def test_bad_national_ids(value: str, expected: str) -> None:
    problem = only_problem(parse(person(national_id=value)))

    assert (problem.row, problem.field) == (2, "national_id")
    assert expected in problem.message and value in problem.message


def test_national_id_with_spaces_is_accepted() -> None:
    assert parse(person(national_id="012 085 000 123")).rows[0].national_id == "012085000123"


@pytest.mark.parametrize("value", ["0912.345.678", "0912-345-678", "0912 345 678", "+84 912 345 678", "+84912345678"])
def test_phone_formats_are_normalised(value: str) -> None:
    assert parse(person(phone=value)).rows[0].phone == "0912345678"


@pytest.mark.parametrize(
    ("value", "expected"), [("12345", "10 chữ số"), ("0912x45678", "chữ số"), ("9,12E+08", "số mũ")]
)
def test_bad_phones(value: str, expected: str) -> None:
    problem = only_problem(parse(person(phone=value)))

    assert (problem.row, problem.field) == (2, "phone")
    assert expected in problem.message


def test_phone_typed_as_plus84_that_excel_made_a_number() -> None:
    problem = only_problem(parse(person(phone=84912345678)))

    assert problem.field == "phone" and "+84" in problem.message


@pytest.mark.parametrize(
    "value", ["01/02/1990", "1/2/1990", "01-02-1990", "01.02.1990", "1990-02-01", "1990-02-01 00:00:00"]
)
def test_date_text_formats(value: str) -> None:
    assert parse(person(date_of_birth=value)).rows[0].date_of_birth == date(1990, 2, 1)


def test_excel_date_cells_serials_and_text_all_parse() -> None:
    rows = [
        VIETNAMESE,
        person(username="a01", national_id="", date_of_birth=datetime(1990, 1, 1)),
        person(username="a02", national_id="", date_of_birth=date(1975, 12, 31)),
        person(username="a03", national_id="", date_of_birth=32874),
        person(username="a04", national_id="", date_of_birth=32874.0),
        person(username="a05", national_id="", date_of_birth="05/06/2001"),
    ]

    result = parse_roster(to_xlsx(rows), "ds.xlsx", today=TODAY)

    assert result.problems == []
    assert [row.date_of_birth for row in result.rows] == [
        date(1990, 1, 1),
        date(1975, 12, 31),
        date(1990, 1, 1),
        date(1990, 1, 1),
        date(2001, 6, 5),
    ]


def test_serial_date_that_reached_a_csv_as_text() -> None:
    assert parse(person(date_of_birth="32874")).rows[0].date_of_birth == date(1990, 1, 1)


@pytest.mark.parametrize("value", ["31/02/1990", "15/13/1990", "01/02/90", "ngày 1 tháng 2", "1990/02/01"])
def test_bad_dates(value: str) -> None:
    problem = only_problem(parse(person(date_of_birth=value)))

    assert (problem.row, problem.field) == (2, "date_of_birth")
    assert problem.message == f"Ngày sinh “{value}” không hợp lệ (dd/mm/yyyy)."


@pytest.mark.parametrize(
    ("value", "ok"),
    [("01/06/2009", True), ("02/06/2009", False), ("02/06/1944", True), ("01/06/1944", False), ("01/01/2030", False)],
)
def test_age_must_be_between_16_and_80(value: str, ok: bool) -> None:
    result = parse(person(date_of_birth=value))

    if ok:
        assert result.problems == []
    else:
        problem = only_problem(result)
        assert problem.field == "date_of_birth" and value in problem.message and "16 đến 80" in problem.message


def test_serial_that_is_really_a_year_is_caught_by_the_age_check() -> None:
    problem = only_problem(parse(person(date_of_birth=1985)))

    assert problem.field == "date_of_birth" and "1905" in problem.message


def test_today_defaults_to_the_current_date() -> None:
    result = parse_rows([HEADER, person(date_of_birth="01/01/1990")])

    assert result.problems == []


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("nam", "nam"),
        ("Nam", "nam"),
        ("NỮ", "nu"),
        ("nu", "nu"),
        ("Khác", "khac"),
        ("male", "nam"),
        ("Female", "nu"),
        ("M", "nam"),
        ("f", "nu"),
        ("", None),
    ],
)
def test_gender_values(value: str, code: str | None) -> None:
    assert parse(person(gender=value)).rows[0].gender == code


def test_unknown_gender() -> None:
    problem = only_problem(parse(person(gender="x")))

    assert (problem.field, problem.message) == ("gender", "Giới tính “x” không hợp lệ: dùng Nam, Nữ hoặc Khác.")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("can_bo", "can_bo"),
        ("Cán bộ", "can_bo"),
        ("CÔNG CHỨC", "cong_chuc"),
        ("cong_chuc", "cong_chuc"),
        ("Viên chức", "vien_chuc"),
        ("vien_chuc", "vien_chuc"),
        ("Người hoạt động không chuyên trách", "khong_chuyen_trach"),
        ("khong chuyen trach", "khong_chuyen_trach"),
        ("khong_chuyen_trach", "khong_chuyen_trach"),
    ],
)
def test_staff_category_codes_and_labels(value: str, code: str) -> None:
    assert parse(person(staff_category=value)).rows[0].staff_category == code


@pytest.mark.parametrize(
    ("value", "expected"), [("Hợp đồng 68", "“Hợp đồng 68” không hợp lệ"), ("", "Thiếu đối tượng")]
)
def test_unknown_or_missing_staff_category(value: str, expected: str) -> None:
    problem = only_problem(parse(person(staff_category=value)))

    assert (problem.row, problem.field) == (2, "staff_category")
    assert expected in problem.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "Thiếu tên đăng nhập"),
        ("ab", "không hợp lệ"),
        ("nguyễn.a", "không hợp lệ"),
        ("n v a", "không hợp lệ"),
        ("a" * 65, "tối đa 64"),
    ],
)
def test_bad_usernames(value: str, expected: str) -> None:
    problem = only_problem(parse(person(username=value)))

    assert (problem.row, problem.field) == (2, "username")
    assert expected in problem.message


def test_username_is_lower_cased_and_may_be_an_excel_number() -> None:
    assert parse(person(username="Nguyen.Van_A-1")).rows[0].username == "nguyen.van_a-1"
    assert parse(person(username=10234.0)).rows[0].username == "10234"


@pytest.mark.parametrize("value", ["abc@", "nva.laichau.gov.vn", "n va@laichau.gov.vn", "nva@laichau"])
def test_bad_email(value: str) -> None:
    problem = only_problem(parse(person(email=value)))

    assert (problem.row, problem.field) == (2, "email")
    assert value in problem.message


def test_missing_unit_code_and_name() -> None:
    result = parse(person(unit_code="  "), person(username="nvb", national_id="", full_name=""))

    assert [(p.row, p.field, p.message) for p in result.problems] == [
        (2, "unit_code", "Thiếu mã đơn vị."),
        (3, "full_name", "Thiếu họ và tên."),
    ]
    assert result.rows == []


def test_unit_code_is_lower_cased_and_excel_numbers_lose_their_point_zero() -> None:
    assert parse(person(unit_code="UBND-XA")).rows[0].unit_code == "ubnd-xa"
    assert parse(person(unit_code=12.0)).rows[0].unit_code == "12"


@pytest.mark.parametrize(
    ("column", "limit"), [("full_name", 120), ("position", 200), ("unit_code", 40), ("email", 200)]
)
def test_over_long_values_name_the_field(column: str, limit: int) -> None:
    value = "a" * (limit - 10) + "@laichau.vn" if column == "email" else "a" * (limit + 1)

    problem = only_problem(parse(person(**{column: value})))

    assert problem.field == column and f"tối đa {limit}" in problem.message


def test_duplicate_username_flagged_on_the_later_row() -> None:
    result = parse(
        person(username="nva", national_id="012085000001"),
        person(username="nvb", national_id="012085000002"),
        person(username=" NVA ", national_id="012085000003"),
    )

    problem = only_problem(result)
    assert (problem.row, problem.field) == (4, "username")
    assert "trùng tên đăng nhập với dòng 2" in problem.message
    assert [row.row for row in result.rows] == [2, 3]


def test_duplicate_national_id_flagged_on_the_later_row() -> None:
    result = parse(person(username="nva"), person(username="nvb"))

    problem = only_problem(result)
    assert (problem.row, problem.field) == (3, "national_id")
    assert "dòng 2" in problem.message
    assert [row.username for row in result.rows] == ["nva"]


def test_every_problem_in_a_row_is_reported_once_per_field() -> None:
    row = person(
        username="x",
        date_of_birth="31/02/1990",
        gender="?",
        unit_code="",
        staff_category="hợp đồng",
        email="@",
        phone="123",
        national_id="123",
    )

    result = parse(row, GOOD)

    assert [p.field for p in result.problems] == [
        "username",
        "unit_code",
        "date_of_birth",
        "gender",
        "staff_category",
        "email",
        "phone",
        "national_id",
    ]
    assert {p.row for p in result.problems} == result.bad_rows == {2}
    assert [r.row for r in result.rows] == [3]


def test_non_utf8_csv_gives_one_clear_problem() -> None:
    data = to_csv([VIETNAMESE, GOOD]).decode().encode("cp1258", errors="replace")

    result = parse_roster(data, "ds.csv", today=TODAY)

    assert result.problems == [RosterProblem(1, "", NOT_UTF8)]
    assert result.rows == []


@pytest.mark.parametrize(
    ("data", "name"), [(b"username,full_name\r\nnva,A\r\n", "ds.xlsx"), (b"PK\x03\x04 not really a zip", "ds.csv")]
)
def test_file_that_is_not_xlsx_gives_one_clear_problem(data: bytes, name: str) -> None:
    result = parse_roster(data, name, today=TODAY)

    assert result.problems == [RosterProblem(1, "", NOT_XLSX)]


def test_old_xls_is_refused_clearly() -> None:
    result = parse_roster(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "ds.xls", today=TODAY)

    assert result.problems == [RosterProblem(1, "", OLD_XLS)]


def test_xlsx_is_detected_by_content_whatever_its_name() -> None:
    result = parse_roster(to_xlsx([HEADER, GOOD]), "upload", today=TODAY)

    assert result.problems == [] and result.rows[0].username == "nva"


def test_unreadable_csv_keeps_the_rows_before_it() -> None:
    data = to_csv([HEADER, GOOD]) + b"nvb," + b"x" * 200_000 + b"\r\n"

    result = parse_roster(data, "ds.csv", today=TODAY)

    assert [row.username for row in result.rows] == ["nva"]
    problem = only_problem(result)
    assert (problem.row, problem.field) == (3, "")
    assert "CSV bị lỗi" in problem.message


def test_constants_match_the_models() -> None:
    from lms.admin import roster

    assert set(roster._CATEGORIES.values()) == {category.value for category in StaffCategory}
    assert set(roster._GENDERS.values()) == {gender.value for gender in Gender}
    columns = User.__table__.c
    for name in ("full_name", "position", "email"):
        assert MAX_LENGTHS[name] == columns[name].type.length
    assert MAX_LENGTHS["unit_code"] == Unit.__table__.c.code.type.length
    assert columns.username.type.length == 64 and columns.national_id.type.length == 12
    assert columns.phone.type.length >= 10


def test_twenty_thousand_rows_parse_quickly() -> None:
    categories = ["Cán bộ", "Công chức", "Viên chức", "Người hoạt động không chuyên trách"]
    rows: list[list[object]] = [VIETNAMESE]
    for number in range(20_000):
        rows.append(
            [
                f"cb{number:05d}",
                f"Nguyễn Văn {number}",
                f"{number % 28 + 1:02d}/{number % 12 + 1:02d}/{1960 + number % 40}",
                "Nữ" if number % 2 else "Nam",
                f"xa-{number % 106:03d}",
                "Công chức Văn phòng - Thống kê",
                categories[number % 4],
                f"cb{number}@laichau.gov.vn",
                f"09{number:08d}",
                f"0120{number:08d}",
            ]
        )
    data = to_csv(rows, bom=True)

    started = time.perf_counter()
    result = parse_roster(data, "toan-tinh.csv", today=TODAY)
    elapsed = time.perf_counter() - started

    assert result.problems == []
    assert len(result.rows) == 20_000
    assert elapsed < 10  # a generous bound: it takes well under a second on a laptop
