"""Roster spreadsheets: hostile bytes and cells never crash the parser; every problem names a row and column."""

import re
import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from lms.admin.roster import FIELDS, MAX_AGE, MAX_LENGTHS, MIN_AGE, RosterFile, parse_roster, parse_rows
from tests.properties.strategies import FILES, PURE, VIETNAMESE_LETTERS, hostile_text, is_vietnamese_message
from tests.properties.test_tabular import _csv_bytes, _xlsx_bytes

TODAY = date(2026, 6, 1)
HEADERS = [
    "username", "Tên đăng nhập", "ho_ten", "Họ và tên (*)", "ngay_sinh", "gioi_tinh", "ma_don_vi", "chuc_vu",
    "doi_tuong", "email", "SĐT", "so_dien_thoai", "cccd", "Số CMND", "STT", "DANH SÁCH CÁN BỘ", "",
]  # fmt: skip
VALUES = [
    "nva", "NVA ", "lò.văn", "ab", "a" * 65, "Nguyễn Văn A", "xa-a", "Cán bộ", "công chức", "vien_chuc", "khác",
    "Nam", "nữ", "F", "15/03/1985", "31/02/1990", "1985-03-15", "00/00/0000", "32000", "99999", "3.2e4",
    "0912345678", "912345678", "+84912345678", "84912345678", "012085000123", "12085000123", "123456789",
    "1.2E+11", "a@b.vn", "a@@b", "x" * 201, "", " ", "(*)",
]  # fmt: skip
cells = st.one_of(
    st.sampled_from(HEADERS + VALUES),
    st.none(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), -0.0, 0.5, 1e300, 32000.0, 32000.5, 99999.0, 2958466.0]),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.text(max_size=20),
)
HEADER_SPELLINGS = {
    "username": ["username", "Tên đăng nhập", "tai_khoan"],
    "full_name": ["ho_ten", "Họ và tên (*)", "Full name"],
    "date_of_birth": ["ngay_sinh", "Ngày tháng năm sinh", "dob"],
    "gender": ["gioi_tinh", "Giới tính"],
    "unit_code": ["ma_don_vi", "Mã đơn vị"],
    "position": ["chuc_vu"],
    "staff_category": ["doi_tuong", "Loại cán bộ"],
    "email": ["email", "Thư điện tử"],
    "phone": ["SĐT", "so_dien_thoai"],
    "national_id": ["cccd", "Số CMND"],
}


@st.composite
def headed_grids(draw) -> list[list[object]]:
    """A header naming (nearly) every column, maybe under a title row, then rows of awkward values."""
    names = draw(st.permutations(list(HEADER_SPELLINGS)))
    names = names[: draw(st.integers(len(names) - 2, len(names)))]
    header = [draw(st.sampled_from(HEADER_SPELLINGS[name])) for name in names]
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(HEADER_SPELLINGS[names[0]])))  # a repeated column
    title = [["DANH SÁCH CÁN BỘ"], []] if draw(st.booleans()) else []
    body = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=6))
    return [*title, header, *body]


grids = st.one_of(st.lists(st.lists(cells, max_size=14), max_size=10), headed_grids())


def check(result: RosterFile, rows: int | None = None) -> None:
    """Every problem names a row (and a known column or none) in Vietnamese; every good row is clean."""
    assert isinstance(result, RosterFile)
    for problem in result.problems:
        assert problem.row >= 1
        if rows is not None:
            assert problem.row <= max(rows, 1)
        assert problem.field in (*FIELDS, "")
        assert is_vietnamese_message(problem.message), problem
    for row in result.rows:
        assert row.row not in result.bad_rows
        assert re.fullmatch(r"[a-z0-9._-]{3,64}", row.username)
        assert row.full_name and row.unit_code
        assert row.staff_category in ("can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach")
        assert row.gender in (None, "nam", "nu", "khac")
        assert row.phone is None or re.fullmatch(r"0[0-9]{9}", row.phone)
        assert row.national_id is None or re.fullmatch(r"[0-9]{12}", row.national_id)
        if row.date_of_birth is not None:
            assert TODAY.year - MAX_AGE - 1 <= row.date_of_birth.year <= TODAY.year - MIN_AGE
        for name, limit in MAX_LENGTHS.items():
            value = getattr(row, name)
            assert value is None or len(value) <= limit
            assert value is None or unicodedata.is_normalized("NFC", value)
    usernames = [row.username for row in result.rows]
    assert len(usernames) == len(set(usernames))


@PURE
@given(grids)
def test_any_cells_give_rows_or_problems(rows):
    check(parse_rows(rows, today=TODAY), len(rows))


@FILES
@given(
    data=st.one_of(
        st.binary(max_size=400),
        hostile_text.map(lambda t: t.encode("utf-8")),
        st.tuples(grids, st.sampled_from([",", ";", "\t"])).map(lambda g: _csv_bytes(*g)),
        st.tuples(grids, st.sampled_from([b"\xef\xbb\xbf", b"sep=;\r\n", b'"open\n', b"\xd0\xcf\x11\xe0"])).map(
            lambda g: g[1] + _csv_bytes(g[0])
        ),
        grids.map(_xlsx_bytes),
        st.just(b"PK\x03\x04 not a zip"),
    ),
    name=st.sampled_from(["ds.csv", "ds.xlsx", "ds.xls", "ds.XLSM", "ds", "ds.txt"]),
)
def test_any_upload_gives_rows_or_problems(data, name):
    check(parse_roster(data, name, today=TODAY))


name_words = st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=8)


@st.composite
def people(draw) -> list[str]:
    username = draw(st.from_regex(r"[a-z0-9][a-z0-9._-]{2,20}", fullmatch=True))
    return [
        username,
        " ".join(draw(st.lists(name_words, min_size=2, max_size=4))),
        draw(st.dates(date(1950, 1, 1), date(2005, 12, 31))).strftime("%d/%m/%Y"),
        draw(st.sampled_from(["Nam", "Nữ", "Khác", ""])),
        draw(st.sampled_from(["xa-a", "XA-B", "so-noi-vu"])),
        draw(st.sampled_from(["", "Chủ tịch", "Chuyên viên"])),
        draw(st.sampled_from(["Cán bộ", "Công chức", "Viên chức", "Người hoạt động không chuyên trách"])),
        draw(st.sampled_from(["", f"{username}@laichau.gov.vn"])),
        draw(st.one_of(st.just(""), st.from_regex(r"0[0-9]{9}", fullmatch=True))),
        "",
    ]


COLUMNS = list(FIELDS)


@FILES
@given(st.lists(people(), min_size=1, max_size=6, unique_by=lambda p: p[0]), st.booleans())
def test_well_formed_rosters_are_read_back(persons, xlsx):
    rows = [COLUMNS, *persons]
    data = _xlsx_bytes(rows) if xlsx else _csv_bytes(rows)
    result = parse_roster(data, "ds.xlsx" if xlsx else "ds.csv", today=TODAY)
    check(result, len(rows))
    assert result.problems == []
    assert [(r.username, r.full_name, r.unit_code) for r in result.rows] == [
        (p[0], unicodedata.normalize("NFC", p[1]), p[4].lower()) for p in persons
    ]


GOOD = ["nva", "Nguyễn Văn A", "15/03/1985", "Nam", "xa-a", "Chủ tịch", "Cán bộ", "a@b.vn", "0912345678", ""]


@PURE
@given(st.sampled_from(range(len(FIELDS))), cells)
def test_any_value_in_any_column_of_a_good_row(column, value):
    """One awkward cell in an otherwise good row: either the row is read, or that column's problem is named."""
    row: list[object] = list(GOOD)
    row[column] = value
    result = parse_rows([list(FIELDS), row], today=TODAY)
    check(result, 2)
    assert {problem.field for problem in result.problems} <= {FIELDS[column]}
    assert len(result.rows) + len({p.row for p in result.problems}) == 1
