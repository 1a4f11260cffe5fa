"""Read a roster of officials from the CSV or Excel (.xlsx) files that personnel offices keep.

Pure functions: no Flask, no database. Whether a unit code exists is the caller's check. The columns are
listed in docs/api.md ("Roster file columns"). Headers are matched without case, diacritics, spaces or
underscores, in English or Vietnamese, so "Họ và tên", "ho_ten" and "full_name" name the same column.
Row numbers are spreadsheet row numbers (the header is row 1), so a person can find the cell to fix.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from lms import formatting
from lms.spreadsheets import FORMULA_PREFIXES, read_table
from lms.text import clean, fold

EMPTY = "Tệp trống: cần một dòng tiêu đề cột và các dòng cán bộ bên dưới."

FIELDS = (
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
)
REQUIRED = ("username", "full_name", "unit_code", "staff_category")
#: How each column is named in messages.
LABELS = {
    "username": "Tên đăng nhập",
    "full_name": "Họ và tên",
    "date_of_birth": "Ngày sinh",
    "gender": "Giới tính",
    "unit_code": "Mã đơn vị",
    "position": "Chức vụ",
    "staff_category": "Đối tượng",
    "email": "Email",
    "phone": "Số điện thoại",
    "national_id": "Số CCCD",
}
#: Column lengths of `User` (and `Unit.code`); tests/admin/test_roster.py keeps them in step with the models.
MAX_LENGTHS = {"full_name": 120, "unit_code": 40, "position": 200, "email": 200}
MIN_AGE, MAX_AGE = 16, 80

#: Canonical column → header spellings, compared after `_key` (no case, diacritics or punctuation).
_HEADERS = {
    "username": ("username", "tendangnhap", "taikhoan", "login"),
    "full_name": ("fullname", "name", "hoten", "hovaten"),
    "date_of_birth": ("dateofbirth", "birthdate", "dob", "ngaysinh", "ngaythangnamsinh"),
    "gender": ("gender", "sex", "gioitinh"),
    "unit_code": ("unitcode", "unit", "madonvi"),
    "position": ("position", "chucvu"),
    "staff_category": ("staffcategory", "category", "doituong", "loaicanbo", "phanloai"),
    "email": ("email", "mail", "thudientu", "diachiemail"),
    "phone": ("phone", "mobile", "phonenumber", "dienthoai", "sodienthoai", "sdt", "didong"),
    "national_id": (
        "nationalid",
        "cccd",
        "socccd",
        "sodinhdanh",
        "sodinhdanhcanhan",
        "socancuoc",
        "cancuoccongdan",
        "socancuoccongdan",
        # Older sheets still title the column CMND; the value must be a 12-digit CCCD all the same.
        "cmnd",
        "socmnd",
        "cmndcccd",
        "socmndcccd",
    ),
}
_ALIASES = {alias: name for name, spellings in _HEADERS.items() for alias in spellings}
#: Officials' sheets often open with a title ("DANH SÁCH CÁN BỘ…") above the header; look this far for it.
_HEADER_SEARCH_ROWS = 10

#: Values from auth.models.StaffCategory and Gender, keyed by `_key` of what people write.
_CATEGORIES = {
    "canbo": "can_bo",
    "congchuc": "cong_chuc",
    "vienchuc": "vien_chuc",
    "khongchuyentrach": "khong_chuyen_trach",
    "hoatdongkhongchuyentrach": "khong_chuyen_trach",
    "nguoihoatdongkhongchuyentrach": "khong_chuyen_trach",
}
_GENDERS = {
    "nam": "nam",
    "male": "nam",
    "m": "nam",
    "nu": "nu",
    "female": "nu",
    "f": "nu",
    "khac": "khac",
    "other": "khac",
}

_NON_KEY = re.compile(r"[^a-z0-9]")
_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]")
_USERNAME = re.compile(r"[a-z0-9._-]{3,64}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DIGITS = re.compile(r"[0-9]+")
_NUMBER_SEPARATORS = re.compile(r"[\s.()-]")
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE][+]?[0-9]+")
_DMY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_YMD = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?")
#: An Excel date serial that reached a CSV as text; 5 digits covers 1927–2173.
_SERIAL = re.compile(r"[0-9]{5}(?:\.[0-9]+)?")
#: Excel's 1900 date system counts from here (its phantom 29/02/1900 is before any birth date we accept).
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class RosterRow:
    """One official, ready to be matched against the users and units in the database."""

    row: int
    username: str
    full_name: str
    date_of_birth: date | None
    gender: str | None
    unit_code: str
    position: str | None
    staff_category: str
    email: str | None
    phone: str | None
    national_id: str | None


@dataclass
class RosterProblem:
    """Something to fix in the file: `field` is the canonical column name, "" for the whole row or file."""

    row: int
    field: str
    message: str


@dataclass
class RosterFile:
    """The good rows of a roster and every problem found in it."""

    rows: list[RosterRow] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)

    @property
    def bad_rows(self) -> set[int]:
        """Return the numbers of the rows that have at least one problem."""
        return {problem.row for problem in self.problems}


def parse_roster(data: bytes, filename: str, today: date | None = None) -> RosterFile:
    """Parse a roster upload: XLSX when it is a zip (or named .xlsx), otherwise UTF-8 CSV."""
    table = read_table(data, filename)
    if table.problem is not None and not table.rows:
        return RosterFile([], [RosterProblem(table.problem[0], "", table.problem[1])])
    result = parse_rows(table.rows, today)
    if table.problem is not None:  # a CSV broken half-way: its good rows still show their problems
        result.problems.append(RosterProblem(table.problem[0], "", table.problem[1]))
    return result


def parse_rows(rows: Sequence[Sequence[object]], today: date | None = None) -> RosterFile:
    """Parse already-read cells: a header row, then one official per row (`rows[0]` is spreadsheet row 1)."""
    today = today or date.today()
    result = RosterFile()
    header_at = _find_header(rows)
    if header_at is None:
        result.problems.append(RosterProblem(1, "", EMPTY))
        return result
    columns = _read_header(rows[header_at], header_at + 1, result.problems)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        names = ", ".join(f"{LABELS[name]} ({name})" for name in missing)
        result.problems.append(RosterProblem(header_at + 1, "", f"Thiếu cột bắt buộc: {names}."))
        return result
    seen_usernames: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for index in range(header_at + 1, len(rows)):
        cells = rows[index]
        raw = {name: cells[position] if position < len(cells) else None for name, position in columns.items()}
        text = {name: _text(value) for name, value in raw.items()}
        if not any(text.values()):
            continue
        reader = _RowReader(index + 1, raw, text)
        roster_row = reader.build(today)
        _check_duplicate(
            reader, "username", seen_usernames, "Tên đăng nhập “{value}” trùng tên đăng nhập với dòng {first}."
        )
        _check_duplicate(reader, "national_id", seen_ids, "Số CCCD “{value}” trùng số CCCD với dòng {first}.")
        result.problems.extend(reader.problems.values())
        if roster_row is not None and not reader.problems:
            result.rows.append(roster_row)
    return result


def _find_header(rows: Sequence[Sequence[object]]) -> int | None:
    """Return the index of the header: of the first non-blank rows, the earliest naming the most columns."""
    best: tuple[int, int] | None = None  # (columns named, index)
    looked = 0
    for index, cells in enumerate(rows):
        texts = [_text(value) for value in cells]
        if not any(texts):
            continue
        named = len({_ALIASES.get(_key(text)) for text in texts} - {None})
        if best is None or named > best[0]:
            best = (named, index)
        looked += 1
        if looked == _HEADER_SEARCH_ROWS or named == len(FIELDS):
            break
    return best[1] if best else None


def _read_header(cells: Sequence[object], row: int, problems: list[RosterProblem]) -> dict[str, int]:
    """Map canonical column names to their positions; unknown headers are ignored, repeated ones reported."""
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for position, value in enumerate(cells):
        label = _text(value)
        name = _ALIASES.get(_key(label))
        if name is None:
            continue
        if name in columns:
            problems.append(
                RosterProblem(row, name, f"Cột “{label}” bị lặp lại (trùng với cột “{labels[name]}”); dùng cột đầu.")
            )
            continue
        columns[name], labels[name] = position, label
    return columns


@lru_cache(maxsize=1024)
def _key(value: str) -> str:
    """Reduce a header or a coded value to bare ASCII letters and digits ("Họ và tên (*)" → "hovaten")."""
    return _NON_KEY.sub("", fold(_BRACKETED.sub("", value)))


def _text(value: object) -> str:
    """Return a cell as clean NFC text; Excel numbers that are whole come back without ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):  # datetime too
        return formatting.day(value)
    return clean(str(value))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _RowReader:
    """One data row: its cells and at most one problem per column."""

    def __init__(self, row: int, raw: dict[str, object], text: dict[str, str]) -> None:
        self.row = row
        self.raw = raw
        self.text = text
        self.problems: dict[str, RosterProblem] = {}
        self.values: dict[str, object] = {}

    def get(self, name: str) -> str:
        return self.text.get(name, "")

    def fail(self, name: str, message: str) -> None:
        self.problems.setdefault(name, RosterProblem(self.row, name, message))

    def build(self, today: date) -> RosterRow | None:
        """Check every column, recording its problems, and return the row if all are good."""
        username = self._username()
        full_name = self._required_text("full_name")
        unit_code = self._required_text("unit_code").lower()
        date_of_birth = self._date_of_birth(today)
        gender = self._coded("gender", _GENDERS, "dùng Nam, Nữ hoặc Khác")
        position = self._optional_text("position")
        staff_category = self._coded(
            "staff_category", _CATEGORIES, "dùng Cán bộ, Công chức, Viên chức hoặc Người hoạt động không chuyên trách"
        )
        email = self._email()
        phone = self._phone()
        national_id = self._national_id()
        if self.problems or username is None or staff_category is None:
            return None
        return RosterRow(
            self.row,
            username,
            full_name,
            date_of_birth,
            gender,
            unit_code,
            position,
            staff_category,
            email,
            phone,
            national_id,
        )

    def _username(self) -> str | None:
        value = self.get("username").lower()
        if not value:
            self.fail("username", "Thiếu tên đăng nhập.")
            return None
        if len(value) > 64:
            self.fail("username", f"Tên đăng nhập “{value}” dài {len(value)} ký tự, tối đa 64.")
            return None
        if not _USERNAME.fullmatch(value):
            self.fail(
                "username",
                f"Tên đăng nhập “{value}” không hợp lệ: chỉ dùng chữ không dấu a–z, chữ số và . _ - (3–64 ký tự).",
            )
            return None
        self.values["username"] = value
        return value

    def _required_text(self, name: str) -> str:
        value = self.get(name)
        if not value:
            self.fail(name, f"Thiếu {LABELS[name].lower()}.")
        return self._checked_length(name, value)

    def _optional_text(self, name: str) -> str | None:
        return self._checked_length(name, self.get(name)) or None

    def _checked_length(self, name: str, value: str) -> str:
        limit = MAX_LENGTHS[name]
        if len(value) > limit:
            self.fail(name, f"{LABELS[name]} “{value[:40]}…” dài {len(value)} ký tự, tối đa {limit}.")
        if value.lstrip(" ").startswith(FORMULA_PREFIXES):
            # A spreadsheet would run it ("=HYPERLINK(…)") when a manager opens an export: never store it.
            self.fail(
                name,
                f"{LABELS[name]} “{value[:40]}” bắt đầu bằng “{value.lstrip(' ')[0]}” nên bảng tính sẽ coi là công "
                "thức: hãy bỏ ký tự đó.",
            )
        return value

    def _coded(self, name: str, codes: dict[str, str], hint: str) -> str | None:
        value = self.get(name)
        if not value:
            if name in REQUIRED:
                self.fail(name, f"Thiếu {LABELS[name].lower()} ({hint}).")
            return None
        code = codes.get(_key(value))
        if code is None:
            self.fail(name, f"{LABELS[name]} “{value}” không hợp lệ: {hint}.")
        return code

    def _date_of_birth(self, today: date) -> date | None:
        raw, value = self.raw.get("date_of_birth"), self.get("date_of_birth")
        if not value:
            return None
        born = _to_date(raw, value)
        if born is None:
            self.fail("date_of_birth", f"Ngày sinh “{value}” không hợp lệ (dd/mm/yyyy).")
            return None
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if not MIN_AGE <= age <= MAX_AGE:
            shown = value if isinstance(raw, str) else formatting.day(born)
            self.fail("date_of_birth", f"Ngày sinh “{shown}” cho tuổi {age}, phải từ {MIN_AGE} đến {MAX_AGE}.")
            return None
        return born

    def _email(self) -> str | None:
        value = self.get("email")
        if not value:
            return None
        self._checked_length("email", value)
        if not _EMAIL.fullmatch(value):
            self.fail("email", f"Email “{value}” không hợp lệ (dạng ten@donvi.gov.vn).")
        return value

    def _phone(self) -> str | None:
        raw, value = self.raw.get("phone"), self.get("phone")
        if not value:
            return None
        if _SCIENTIFIC.fullmatch(value):
            self.fail("phone", _scientific("Số điện thoại", value))
            return None
        digits = _NUMBER_SEPARATORS.sub("", value)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        if not _DIGITS.fullmatch(digits):
            self.fail("phone", f"Số điện thoại “{value}” chỉ được gồm chữ số (10 số, bắt đầu bằng 0).")
            return None
        if len(digits) == 10 and digits.startswith("0"):
            return digits
        # A number cell never keeps a leading zero, so it is always reported, never repaired by guessing.
        if len(digits) == 9 and not digits.startswith("0"):
            self.fail("phone", _lost_zero("Số điện thoại", digits))
        elif _is_number(raw) and len(digits) == 11 and digits.startswith("84"):
            self.fail(
                "phone",
                f"Số điện thoại {digits} có vẻ là số +84 bị Excel đổi thành số; "
                "hãy định dạng cột là Văn bản và ghi dạng 0xxxxxxxxx.",
            )
        elif _is_number(raw):
            self.fail("phone", f"Số điện thoại {digits} bị Excel đổi thành số; hãy định dạng cột là Văn bản.")
        else:
            self.fail("phone", f"Số điện thoại “{value}” không hợp lệ: cần 10 chữ số, bắt đầu bằng 0.")
        return None

    def _national_id(self) -> str | None:
        raw, value = self.raw.get("national_id"), self.get("national_id")
        if not value:
            return None
        if _SCIENTIFIC.fullmatch(value):
            self.fail("national_id", _scientific("Số CCCD", value))
            return None
        digits = _NUMBER_SEPARATORS.sub("", value)
        if not _DIGITS.fullmatch(digits):
            self.fail("national_id", f"Số CCCD “{value}” chỉ được gồm chữ số (12 số).")
            return None
        if len(digits) == 12:
            self.values["national_id"] = digits
            return digits
        # CCCD numbers open with a province code 001–096, so Excel drops one or two zeros.
        if (len(digits) in (10, 11) and not digits.startswith("0")) or (_is_number(raw) and len(digits) < 12):
            self.fail("national_id", _lost_zero("Số CCCD", digits))
        elif len(digits) == 9:
            self.fail("national_id", f"Số “{value}” là số CMND cũ (9 số); cần số CCCD 12 chữ số.")
        else:
            self.fail("national_id", f"Số CCCD “{value}” không hợp lệ: cần đúng 12 chữ số.")
        return None


def _lost_zero(label: str, digits: str) -> str:
    return f"{label} {digits} có vẻ đã mất số 0 ở đầu (Excel đổi thành số); hãy định dạng cột là Văn bản."


def _scientific(label: str, value: str) -> str:
    return (
        f"{label} “{value}” đã bị Excel đổi thành dạng số mũ và mất chữ số; "
        "hãy định dạng cột là Văn bản rồi nhập lại số này."
    )


def _to_date(raw: object, value: str) -> date | None:
    """Read a date cell, an Excel serial number, dd/mm/yyyy (d/m/yyyy, dd-mm-yyyy) or yyyy-mm-dd."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _from_serial(raw)
    if _SERIAL.fullmatch(value):
        return _from_serial(float(value))
    match = _DMY.fullmatch(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _YMD.fullmatch(value)
        if not match:
            return None
        year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_serial(serial: float) -> date | None:
    if not serial >= 1:  # also NaN, which some tools write into .xlsx files
        return None
    try:
        return _EXCEL_EPOCH + timedelta(days=int(serial))
    except (OverflowError, ValueError):  # infinity, or past year 9999
        return None


def _check_duplicate(reader: _RowReader, name: str, seen: dict[str, int], message: str) -> None:
    """Report a value already used on an earlier row of the file; the first row keeps it."""
    value = reader.values.get(name)
    if value is None:
        return
    first = seen.setdefault(str(value), reader.row)
    if first != reader.row:
        reader.fail(name, message.format(value=value, first=first))
