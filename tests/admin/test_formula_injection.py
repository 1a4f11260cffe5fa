"""Spreadsheet formulas in people's data: a roster row carrying one is refused (dry run names the row and column,
a partial import skips it), and every export neutralises whatever reached the database another way."""

import csv
import io

import openpyxl
import pytest
from sqlalchemy import select

from lms.admin.importing import import_roster
from lms.admin.roster import parse_roster
from lms.audit import record
from lms.auth.models import Role, User
from lms.org.models import Unit
from tests.admin.test_importing import GOOD, csv_bytes
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user

FORMULA_NAME = '=HYPERLINK("http://ke-gian.example/x","Nguyễn Văn A")'
FORMULAS = [FORMULA_NAME, "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    admin = make_user(session, "quan.tri", Role.ADMIN, unit=tree.department)
    make_course(session).slug = "kns-co-ban"  # the reports follow the programme's course
    session.commit()
    return {"tree": tree, "admin": admin}


def roster_line(name: str, position: str = "Chuyên viên") -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return f"cong.thuc,{quoted},01/02/1985,Nam,xa-a,{position},Công chức,,,"


def xlsx_bytes(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ten_dang_nhap", "ho_ten", "ngay_sinh", "gioi_tinh", "ma_don_vi", "chuc_vu", "doi_tuong"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", FORMULAS)
def test_a_formula_name_in_a_csv_is_named_by_row_and_column_in_the_dry_run(session, world, name):
    result = import_roster(session, parse_roster(csv_bytes(roster_line(name)), "ds.csv"), world["admin"], dry_run=True)
    assert [(p.row, p.field) for p in result.errors] == [(2, "full_name")]
    assert "công thức" in result.errors[0].message


def test_a_formula_position_in_a_csv_is_refused_too(session, world):
    line = roster_line("Lò Văn Công", position="=1+1")
    result = import_roster(session, parse_roster(csv_bytes(line), "ds.csv"), world["admin"], dry_run=True)
    assert [(p.row, p.field) for p in result.errors] == [(2, "position")]


def test_a_formula_cell_in_an_xlsx_is_refused(session, world):
    data = xlsx_bytes(["cong.thuc", FORMULA_NAME, "01/02/1985", "Nam", "xa-a", "", "Công chức"])
    result = import_roster(session, parse_roster(data, "ds.xlsx"), world["admin"], dry_run=True)
    assert [(p.row, p.field) for p in result.errors] == [(2, "full_name")]


def test_a_partial_import_skips_the_formula_row(session, world):
    roster = parse_roster(csv_bytes(*GOOD, roster_line(FORMULA_NAME)), "ds.csv")
    result = import_roster(session, roster, world["admin"], partial=True)
    session.commit()
    assert result.written is True and result.created == 3
    assert session.scalar(select(User).where(User.username == "cong.thuc")) is None


def planted(session, world) -> User:  # type: ignore[no-untyped-def]
    """A formula that reached the database some other way (an older import, the API, a direct edit)."""
    unit = session.scalar(select(Unit).where(Unit.code == "xa-a"))
    unit.name = "=1+2"
    person = make_user(session, "da.luu", unit=unit, full_name=FORMULA_NAME)
    record(session, world["admin"].id, "user.update", person, "10.0.0.1", full_name=FORMULA_NAME)
    session.commit()
    return person


def test_the_report_exports_neutralise_formulas(auth, client, session, world):
    planted(session, world)
    auth.login("quan.tri")
    book = openpyxl.load_workbook(io.BytesIO(client.get("/reports/tinh/report.xlsx").data))
    texts = [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'=1+2" in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
    rows = list(csv.reader(io.StringIO(client.get("/reports/tinh/report.csv").data.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'=1+2" in cells and not any(c.startswith(("=", "+", "@")) for c in cells)


def test_the_audit_export_neutralises_formulas(auth, client, session, world):
    planted(session, world)
    auth.login("quan.tri")
    response = client.get("/admin/audit.csv")
    assert response.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig"))) for cell in row]
    assert any("HYPERLINK" in c for c in cells)
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
