"""Roster import into the database: dry run, all or nothing, partial, idempotent re-import, deactivation."""

import io
import unicodedata

import openpyxl
import pytest
from sqlalchemy import func, select

from courses import services as course_services
from courses.models import Enrolment
from lms.admin.importing import import_roster
from lms.admin.roster import parse_roster
from lms.audit import AuditEvent
from lms.auth.models import Role, User
from tests.api.test_auth import bearer, token_for
from tests.courses.helpers import make_course
from tests.factories import PASSWORD, Tree, make_user

HEADER = "ten_dang_nhap,ho_ten,ngay_sinh,gioi_tinh,ma_don_vi,chuc_vu,doi_tuong,email,dien_thoai,cccd\r\n"


def csv_bytes(*lines: str) -> bytes:
    return ("\ufeff" + HEADER + "".join(line + "\r\n" for line in lines)).encode("utf-8")


GOOD = [
    "lo.van.a,Lò Văn A,01/02/1985,Nam,xa-a,Chuyên viên,Công chức,a@laichau.gov.vn,0912345678,012085000123",
    f"giang.thi.b,{unicodedata.normalize('NFD', 'Giàng Thị Bầu')}  ,15/07/1990,Nữ,xa-a-ttdv,,Viên chức,,,",
    "",  # a blank line
    "ca.van.c,Cà Văn C,03/03/1979,nam,xa-b,Trưởng bản,khong chuyen trach,,0388888888,",
]
BAD = [
    "sai.sdt,Người Sai Số,01/01/1990,Nam,xa-a,,Công chức,,912345678,",  # Excel dropped the leading zero
    "sai.donvi,Người Sai Đơn Vị,01/01/1990,Nam,xa-khong-co,,Công chức,,,",
    "lo.van.a,Lò Văn A lặp,01/02/1985,Nam,xa-a,,Công chức,,,",  # duplicate username in the file
]


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    admin = make_user(session, "quan.tri", Role.ADMIN, unit=tree.department)
    course = make_course(session)
    course_services.assign_course(session, course, ["tinh"], [], [], None)
    session.commit()
    return {"tree": tree, "admin": admin, "course": course}


def people(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count(User.id)))


def test_dry_run_reports_exactly_the_bad_rows_and_writes_nothing(session, world):
    roster = parse_roster(csv_bytes(*GOOD, *BAD), "ds.csv")
    before = people(session)
    result = import_roster(session, roster, world["admin"], dry_run=True)
    assert sorted({(p.row, p.field) for p in result.errors}) == [(6, "phone"), (7, "unit_code"), (8, "username")]
    assert (result.created, result.written) == (3, False)
    session.rollback()
    assert people(session) == before


def test_all_or_nothing_refuses_a_file_with_errors(session, world):
    before = people(session)
    result = import_roster(session, parse_roster(csv_bytes(*GOOD, *BAD), "ds.csv"), world["admin"])
    assert result.written is False
    session.rollback()
    assert people(session) == before


def test_partial_import_takes_the_good_rows(session, world):
    result = import_roster(session, parse_roster(csv_bytes(*GOOD, *BAD), "ds.csv"), world["admin"], partial=True)
    session.commit()
    assert (result.created, result.written) == (3, True)
    b = session.scalar(select(User).where(User.username == "giang.thi.b"))
    assert b.full_name == "Giàng Thị Bầu" and unicodedata.is_normalized("NFC", b.full_name)
    a = session.scalar(select(User).where(User.username == "lo.van.a"))
    assert (a.phone, a.national_id, a.unit.code, a.staff_category) == (
        "0912345678",
        "012085000123",
        "xa-a",
        "cong_chuc",
    )
    # New people are enrolled by the province-wide assignment.
    assert session.scalar(select(func.count(Enrolment.id)).where(Enrolment.user_id == a.id)) == 1
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "roster.import"))
    assert event.details["created"] == 3 and event.details["skipped_rows"] == [6, 7, 8]


def test_reimport_is_idempotent_and_updates_what_changed(session, world):
    import_roster(session, parse_roster(csv_bytes(*GOOD), "ds.csv"), world["admin"])
    session.commit()
    again = import_roster(session, parse_roster(csv_bytes(*GOOD), "ds.csv"), world["admin"])
    session.commit()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    moved = [GOOD[0].replace(",xa-a,", ",xa-b,"), GOOD[1], GOOD[3]]
    third = import_roster(session, parse_roster(csv_bytes(*moved), "ds.csv"), world["admin"])
    session.commit()
    assert (third.updated, third.unchanged) == (1, 2)
    session.expire_all()
    assert session.scalar(select(User).where(User.username == "lo.van.a")).unit.code == "xa-b"


def test_deactivate_people_missing_from_a_full_reimport(session, world):
    tree = world["tree"]
    make_user(session, "nghi.huu", unit=tree.commune_b)
    session.commit()
    result = import_roster(session, parse_roster(csv_bytes(*GOOD), "ds.csv"), world["admin"], deactivate_missing=True)
    session.commit()
    assert result.deactivated == 1
    assert session.scalar(select(User.active).where(User.username == "nghi.huu")) is False
    assert session.scalar(select(User.active).where(User.username == "quan.tri")) is True  # other unit, and an admin


def test_xlsx_with_excel_dates_and_numbers(session, world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tên đăng nhập", "Họ và tên", "Ngày sinh", "Mã đơn vị", "Đối tượng", "Điện thoại", "Số CCCD"])
    sheet.append(["x.serial", "Người Ngày Số", 32874, "xa-a", "Cán bộ", "0912000111", "012090000001"])
    sheet.append(["x.lost", "Người Mất Số 0", "01/01/1990", "xa-a", "Cán bộ", 912000222, 12090000002])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_roster(session, parse_roster(buffer.getvalue(), "ds.xlsx"), world["admin"], partial=True)
    session.commit()
    assert {(p.row, p.field) for p in result.errors} == {(3, "phone"), (3, "national_id")}
    born = session.scalar(select(User.date_of_birth).where(User.username == "x.serial"))
    assert born.isoformat() == "1990-01-01"


def test_national_id_of_another_person_is_refused(session, world):
    make_user(session, "nguoi.cu", unit=world["tree"].commune_a, national_id="012085000123")
    session.commit()
    result = import_roster(session, parse_roster(csv_bytes(GOOD[0]), "ds.csv"), world["admin"])
    assert [(p.row, p.field) for p in result.errors] == [(2, "national_id")]


def test_api_import(client, session, world):
    token = token_for(client, "quan.tri")
    data = {"file": (io.BytesIO(csv_bytes(*GOOD, *BAD)), "ds.csv")}
    dry = client.post(
        "/api/v1/admin/users/import?dry_run=1", data=data, headers=bearer(token), content_type="multipart/form-data"
    )
    assert dry.status_code == 200
    assert [e["row"] for e in dry.json["errors"]] == [6, 7, 8]
    data = {"file": (io.BytesIO(csv_bytes(*GOOD, *BAD)), "ds.csv")}
    refused = client.post(
        "/api/v1/admin/users/import", data=data, headers=bearer(token), content_type="multipart/form-data"
    )
    assert refused.status_code == 422 and refused.json["written"] is False
    data = {"file": (io.BytesIO(csv_bytes(*GOOD)), "ds.csv")}
    done = client.post(
        "/api/v1/admin/users/import", data=data, headers=bearer(token), content_type="multipart/form-data"
    )
    assert done.status_code == 200 and done.json["created"] == 3


def test_api_import_is_for_admins(client, session, world):
    make_user(session, "giang.vien", Role.TRAINER, unit=world["tree"].department)
    session.commit()
    token = token_for(client, "giang.vien")
    data = {"file": (io.BytesIO(csv_bytes(*GOOD)), "ds.csv")}
    assert (
        client.post(
            "/api/v1/admin/users/import", data=data, headers=bearer(token), content_type="multipart/form-data"
        ).status_code
        == 403
    )


def test_cli_import(app, session, world, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes(*GOOD, *BAD))
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["import-users", str(path)])
    assert refused.exit_code == 1 and "dòng 6 [phone]" in refused.output
    done = runner.invoke(args=["import-users", str(path), "--partial"])
    assert done.exit_code == 0 and "Mới: 3" in done.output


@pytest.mark.parametrize("via", ["page", "api"])
def test_the_audit_row_of_an_import_records_the_client_behind_the_proxy(app_factory, session, world, via):
    """Behind one reverse proxy (PROXY_COUNT=1) the address is the client's from X-Forwarded-For, on every route."""
    client = app_factory(PROXY_COUNT=1).test_client()
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    data = {"file": (io.BytesIO(csv_bytes(*GOOD)), "ds.csv")}
    if via == "page":
        client.post("/auth/login", data={"username": "quan.tri", "password": PASSWORD})
        response = client.post("/admin/users/import", data=data, headers=forwarded)
    else:
        token = token_for(client, "quan.tri")
        headers = {**bearer(token), **forwarded}
        response = client.post("/api/v1/admin/users/import", data=data, headers=headers)
    assert response.status_code in (200, 302)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "roster.import"))
    assert event is not None and event.address == "203.0.113.7"
