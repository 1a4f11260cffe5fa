"""Admin pages: access, people search and editing, locking, passwords, roles, the unit tree, audit log, import."""

import io
import json
import re
import unicodedata

import pytest
from sqlalchemy import select

from lms.audit import AuditEvent, record
from lms.auth.models import Role, RoleAssignment, User
from lms.org.models import Unit
from tests.factories import PASSWORD, Tree, make_user

#: Every admin route, with placeholders filled from the `world` fixture.
ROUTES = [
    ("get", "/admin/"),
    ("get", "/admin/users"),
    ("get", "/admin/users/{learner}"),
    ("post", "/admin/users/{learner}"),
    ("post", "/admin/users/{learner}/deactivate"),
    ("post", "/admin/users/{learner}/activate"),
    ("post", "/admin/users/{learner}/password"),
    ("post", "/admin/users/{learner}/roles"),
    ("post", "/admin/users/{learner}/roles/{assignment}/delete"),
    ("get", "/admin/users/import"),
    ("post", "/admin/users/import"),
    ("get", "/admin/users/import/template.csv"),
    ("get", "/admin/units"),
    ("get", "/admin/units/new"),
    ("post", "/admin/units/new"),
    ("get", "/admin/units/xa-a"),
    ("post", "/admin/units/xa-a/rename"),
    ("post", "/admin/units/xa-a/move"),
    ("post", "/admin/units/xa-a/merge"),
    ("post", "/admin/units/xa-a/deactivate"),
    ("get", "/admin/audit"),
    ("get", "/admin/audit.csv"),
]
PAGES = [path for method, path in ROUTES if method == "get"]
TEMPLATE_HEADER = "ten_dang_nhap,ho_ten,ngay_sinh,gioi_tinh,ma_don_vi,chuc_vu,doi_tuong,email,dien_thoai,cccd"


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    make_user(session, "quan.tri", Role.ADMIN, unit=tree.department)
    make_user(session, "giang.vien", Role.TRAINER, unit=tree.department)
    learner = make_user(
        session,
        "hoc.vien",
        unit=tree.commune_a,
        full_name="Nguyễn Thị Ánh",
        national_id="001234567890",
        phone="0912345678",
    )
    make_user(session, "nguoi.xa.b", unit=tree.commune_b, full_name="Lò Văn Bình")
    session.commit()
    return {"learner": learner.id, "assignment": learner.role_assignments[0].id}


@pytest.fixture
def admin(auth, world):  # type: ignore[no-untyped-def]
    auth.login("quan.tri")
    return world


def fill(path: str, world: dict[str, int]) -> str:
    return path.format(**world)


def events(session, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def get_user(session, username: str) -> User:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalars(select(User).where(User.username == username)).one()


def profile_data(**overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Nguyễn Thị Ánh",
        "date_of_birth": "02/01/1990",
        "gender": "",
        "unit_code": "xa-a",
        "position": "",
        "staff_category": "cong_chuc",
        "email": "",
        "phone": "0912345678",
        "national_id": "001234567890",
    }
    data.update(overrides)
    return data


# --- access ----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["hoc.vien", "giang.vien"])
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_learners_and_trainers_get_403(auth, client, world, username, method, path):
    auth.login(username)
    response = getattr(client, method)(fill(path, world))
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_is_sent_to_sign_in(client, world, method, path):
    response = getattr(client, method)(fill(path, world))
    assert response.status_code == 302
    assert response.location.startswith("/auth/login")


@pytest.mark.parametrize("path", PAGES)
def test_admin_sees_every_page(client, admin, path):
    assert client.get(fill(path, admin)).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/users/999999"),
        ("post", "/admin/users/999999/deactivate"),
        ("post", "/admin/users/999999/password"),
        ("get", "/admin/units/khong-co"),
        ("post", "/admin/units/khong-co/rename"),
    ],
)
def test_unknown_ids_are_404(client, admin, method, path):
    assert getattr(client, method)(path).status_code == 404


def test_revoking_another_persons_role_assignment_is_404(client, session, admin):
    admin_assignment = get_user(session, "quan.tri").role_assignments[0].id
    response = client.post(f"/admin/users/{admin['learner']}/roles/{admin_assignment}/delete")
    assert response.status_code == 404
    assert get_user(session, "quan.tri").has_role(Role.ADMIN)


def test_home_links_to_the_new_pages(client, admin):
    page = client.get("/admin/").get_data(as_text=True)
    for link in ("/admin/users", "/admin/users/import", "/admin/units", "/admin/audit"):
        assert f'href="{link}"' in page
    assert "Sắp có" not in page


# --- people ------------------------------------------------------------------------------


def test_search_without_diacritics_and_masked_personal_data(client, admin):
    page = client.get("/admin/users", query_string={"q": "nguyen thi anh"}).get_data(as_text=True)
    assert "Nguyễn Thị Ánh" in page
    assert "Lò Văn Bình" not in page
    assert "•••••••••890" in page and "001234567890" not in page
    assert "•••••••678" in page and "0912345678" not in page


def test_unit_filter_covers_the_subtree_and_unknown_codes_are_reported(client, session, admin):
    make_user(session, "o.trung.tam", unit=session.scalar(select(Unit).where(Unit.code == "xa-a-ttdv")))
    session.commit()
    page = client.get("/admin/users", query_string={"unit": "XA-A"}).get_data(as_text=True)
    assert "hoc.vien" in page and "o.trung.tam" in page
    assert "nguoi.xa.b" not in page
    response = client.get("/admin/users", query_string={"unit": "khong-co"})
    assert response.status_code == 422
    assert "Không có đơn vị mã “khong-co”." in response.get_data(as_text=True)


def test_status_and_role_filters(client, session, admin):
    get_user(session, "nguoi.xa.b").active = False
    session.commit()
    assert "nguoi.xa.b" not in client.get("/admin/users").get_data(as_text=True)
    inactive = client.get("/admin/users", query_string={"status": "inactive"}).get_data(as_text=True)
    assert "nguoi.xa.b" in inactive and "hoc.vien" not in inactive
    trainers = client.get("/admin/users", query_string={"role": "trainer"}).get_data(as_text=True)
    assert "giang.vien" in trainers and "hoc.vien" not in trainers


def test_profile_page_shows_personal_data_unmasked_with_mobile_keyboards(client, admin):
    page = client.get(f"/admin/users/{admin['learner']}").get_data(as_text=True)
    assert 'value="001234567890"' in page and 'value="0912345678"' in page
    assert re.search(r'<input[^>]*inputmode="tel"[^>]*name="phone"', page)
    assert re.search(r'<input[^>]*inputmode="numeric"[^>]*name="national_id"', page)
    assert 'value="02/01/1990"' in page


def test_profile_edit_stores_nfc_and_logs_field_names_not_values(client, session, admin):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Hồng")
    response = client.post(f"/admin/users/{admin['learner']}", data=profile_data(full_name=nfd, phone="0987 654 321"))
    assert response.status_code == 302
    person = get_user(session, "hoc.vien")
    assert person.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Ánh Hồng")
    assert person.phone == "0987654321"
    [event] = events(session, "user.update")
    assert event.details == {"fields": ["full_name", "phone"]}
    assert "0987654321" not in json.dumps(event.details)


def test_saving_an_unchanged_profile_records_nothing(client, session, admin):
    response = client.post(f"/admin/users/{admin['learner']}", data=profile_data())
    assert response.status_code == 302
    assert events(session, "user.update") == []


def test_profile_errors_stay_beside_their_fields(client, session, admin):
    response = client.post(
        f"/admin/users/{admin['learner']}",
        data=profile_data(phone="12345", date_of_birth="31/02/1990", unit_code="khong-co"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Số điện thoại cần 10 chữ số" in page
    assert "Ngày “31/02/1990” không hợp lệ" in page
    assert get_user(session, "hoc.vien").phone == "0912345678"


def test_national_id_of_someone_else_is_refused(client, session, admin):
    response = client.post(
        f"/admin/users/{admin['learner']}", data=profile_data(national_id="001234567890", unit_code="xa-b")
    )
    assert response.status_code == 302  # their own number is fine
    make_user(session, "nguoi.khac", national_id="009999999999")
    session.commit()
    response = client.post(f"/admin/users/{admin['learner']}", data=profile_data(national_id="009999999999"))
    assert response.status_code == 422
    assert "Đã có người dùng." in response.get_data(as_text=True)
    assert get_user(session, "hoc.vien").national_id == "001234567890"


def test_moving_a_person_to_another_unit(client, session, admin):
    client.post(f"/admin/users/{admin['learner']}", data=profile_data(unit_code="xa-b"))
    assert get_user(session, "hoc.vien").unit.code == "xa-b"
    assert events(session, "user.update")[0].details == {"fields": ["unit"]}


def test_deactivate_ends_the_persons_session(app, client, session, admin):
    other = app.test_client()
    other.post("/auth/login", data={"username": "hoc.vien", "password": PASSWORD})
    assert other.get("/").status_code == 200
    response = client.post(f"/admin/users/{admin['learner']}/deactivate")
    assert response.status_code == 302
    assert other.get("/").location.startswith("/auth/login")
    assert get_user(session, "hoc.vien").active is False
    assert len(events(session, "user.deactivate")) == 1
    client.post(f"/admin/users/{admin['learner']}/activate")
    assert get_user(session, "hoc.vien").active is True
    assert len(events(session, "user.activate")) == 1


def test_admin_cannot_lock_their_own_account(client, session, admin):
    me = get_user(session, "quan.tri")
    response = client.post(f"/admin/users/{me.id}/deactivate")
    assert response.status_code == 409
    assert "Bạn không thể tự khóa tài khoản của mình." in response.get_data(as_text=True)
    assert get_user(session, "quan.tri").active is True


def test_password_reset_shows_the_password_once_and_forces_a_change(app, client, session, admin):
    response = client.post(f"/admin/users/{admin['learner']}/password")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    temporary = re.search(r"Tam-[A-Za-z0-9_-]+", page).group(0)
    again = client.get(f"/admin/users/{admin['learner']}").get_data(as_text=True)
    assert temporary not in again
    assert len(events(session, "user.password_reset")) == 1
    assert temporary not in json.dumps([e.details for e in events(session, "user.password_reset")])

    person = app.test_client()
    assert person.post("/auth/login", data={"username": "hoc.vien", "password": PASSWORD}).status_code == 401
    signed_in = person.post("/auth/login", data={"username": "hoc.vien", "password": temporary})
    assert signed_in.location == "/auth/password"
    assert person.get("/").location == "/auth/password"


def test_grant_and_revoke_a_manager_role(client, session, admin):
    learner = admin["learner"]
    missing_unit = client.post(f"/admin/users/{learner}/roles", data={"role": "manager", "scope_code": ""})
    assert missing_unit.status_code == 422
    assert "Bắt buộc với vai trò quản lý." in missing_unit.get_data(as_text=True)

    response = client.post(f"/admin/users/{learner}/roles", data={"role": "manager", "scope_code": "xa-a"})
    assert response.status_code == 302
    person = get_user(session, "hoc.vien")
    [manager] = [a for a in person.role_assignments if a.role == Role.MANAGER]
    assert manager.unit.code == "xa-a"
    manager_id = manager.id
    assert events(session, "role.grant")[0].details == {"role": "manager", "unit": "xa-a"}

    response = client.post(f"/admin/users/{learner}/roles/{manager_id}/delete")
    assert response.status_code == 302
    assert not get_user(session, "hoc.vien").has_role(Role.MANAGER)
    assert events(session, "role.revoke")[0].details == {"role": "manager", "unit": "xa-a"}
    session.expire_all()
    assert session.get(RoleAssignment, manager_id) is None


def test_admin_cannot_drop_their_own_admin_role(client, session, admin):
    me = get_user(session, "quan.tri")
    response = client.post(f"/admin/users/{me.id}/roles/{me.role_assignments[0].id}/delete")
    assert response.status_code == 409
    assert get_user(session, "quan.tri").has_role(Role.ADMIN)


# --- units -------------------------------------------------------------------------------


def unit(session, code: str) -> Unit:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalars(select(Unit).where(Unit.code == code)).one()


def test_unit_tree_shows_depth_state_and_subtree_people(client, session, admin):
    make_user(session, "o.trung.tam", unit=unit(session, "xa-a-ttdv"))
    make_user(session, "da.khoa", unit=unit(session, "xa-a-ttdv"), active=False)
    session.commit()
    page = client.get("/admin/units").get_data(as_text=True)
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    text = {re.search(r">([^<]+)</a>", row).group(1): row for row in rows if "</a>" in row}
    assert 'class="num">2<' in text["Xã Mường Kim"]  # hoc.vien + o.trung.tam (the locked one is not counted)
    assert 'class="num">1<' in text["Trung tâm Dịch vụ xã A"]
    assert 'class="num">5<' in text["Tỉnh Thử nghiệm"]
    names = [re.search(r">([^<]+)</a>", row).group(1) for row in rows if "</a>" in row]
    assert names == ["Tỉnh Thử nghiệm", "Sở Nội vụ", "Xã Khoen On", "Xã Mường Kim", "Trung tâm Dịch vụ xã A"]
    assert "\u2003└" in text["Trung tâm Dịch vụ xã A"]  # indented one level more than the communes


def test_create_a_unit(client, session, admin):
    data = {"code": "Xa-C", "name": "Xã  Bản Bo", "kind": "commune", "parent_code": "tinh"}
    response = client.post("/admin/units/new", data=data)
    assert response.status_code == 302
    created = unit(session, "xa-c")
    assert created.name == "Xã Bản Bo" and created.parent.code == "tinh"
    assert created.path == f"{created.parent.path}{created.id}/"
    [event] = events(session, "unit.create")
    assert event.target_id == str(created.id)
    duplicate = client.post("/admin/units/new", data=data)
    assert duplicate.status_code == 422
    assert "Mã đã tồn tại." in duplicate.get_data(as_text=True)


def test_rename_move_and_merge_through_the_pages(client, session, admin):
    response = client.post("/admin/units/xa-b/rename", data={"name": "Xã Khoen On mới"})
    assert response.status_code == 302
    assert unit(session, "xa-b").name == "Xã Khoen On mới"
    assert events(session, "unit.rename")[0].details == {"old": "Xã Khoen On", "new": "Xã Khoen On mới"}

    response = client.post("/admin/units/xa-a-ttdv/move", data={"parent_code": "xa-b"})
    assert response.status_code == 302
    moved, new_parent = unit(session, "xa-a-ttdv"), unit(session, "xa-b")
    assert moved.parent_id == new_parent.id and moved.path.startswith(new_parent.path)
    assert events(session, "unit.move")[0].details == {"old_parent": "xa-a", "new_parent": "xa-b"}

    page = client.get("/admin/units/xa-a").get_data(as_text=True)
    assert "giấy chứng nhận" in page and "lịch sử" in page  # the merge warning

    unconfirmed = client.post("/admin/units/xa-a/merge", data={"target_code": "xa-b"})
    assert unconfirmed.status_code == 422
    assert get_user(session, "hoc.vien").unit.code == "xa-a"

    response = client.post("/admin/units/xa-a/merge", data={"target_code": "xa-b", "understood": "y"})
    assert response.status_code == 302
    assert get_user(session, "hoc.vien").unit.code == "xa-b"
    old = unit(session, "xa-a")
    assert old.active is False and old.merged_into_id == unit(session, "xa-b").id
    assert events(session, "unit.merge")[0].details == {"source": "xa-a", "target": "xa-b", "people": 1}
    assert "Đã sáp nhập vào" in client.get("/admin/units/xa-a").get_data(as_text=True)


def test_moving_a_unit_under_itself_is_refused(client, session, admin):
    response = client.post("/admin/units/xa-a/move", data={"parent_code": "xa-a-ttdv"})
    assert response.status_code == 422
    assert "Đơn vị cha không hợp lệ." in response.get_data(as_text=True)
    assert unit(session, "xa-a-ttdv").parent.code == "xa-a"


def test_deactivate_needs_an_empty_unit(client, session, admin):
    busy = client.post("/admin/units/xa-b/deactivate")
    assert busy.status_code == 409
    assert "còn 1 người đang hoạt động" in busy.get_data(as_text=True)
    assert client.post("/admin/units/xa-a-ttdv/deactivate").status_code == 302
    assert unit(session, "xa-a-ttdv").active is False
    assert len(events(session, "unit.deactivate")) == 1


# --- audit log -----------------------------------------------------------------------------


def test_audit_page_filters_by_action(client, session, admin):
    client.post(f"/admin/users/{admin['learner']}/deactivate")
    record(session, None, "test.event", None, None, x="=1+1")
    session.commit()
    page = client.get("/admin/audit", query_string={"action": "user.deactivate"}).get_data(as_text=True)
    assert "user.deactivate" in page and "username: hoc.vien" in page
    assert "x: =1+1" not in page
    everything = client.get("/admin/audit").get_data(as_text=True)
    assert "x: =1+1" in everything
    assert '<option value="test.event">' in everything
    assert client.get("/admin/audit", query_string={"date_from": "32/13/2025"}).status_code == 422


def test_audit_filters_by_actor_and_dates(client, session, admin):
    client.post(f"/admin/users/{admin['learner']}/deactivate")
    record(session, None, "test.event", None, None, x="1")
    session.commit()
    mine = client.get("/admin/audit", query_string={"actor": "quan.tri"}).get_data(as_text=True)
    assert "user.deactivate" in mine and "x: 1" not in mine
    past = client.get("/admin/audit", query_string={"date_to": "01/01/2020"}).get_data(as_text=True)
    assert "Không có sự kiện nào phù hợp." in past


def test_audit_csv_has_a_bom_neutralises_formulas_and_is_recorded(client, session, admin):
    record(session, None, "test.event", None, None, x="=1+1")
    record(session, None, "test.event", None, "=HYPERLINK(1)")
    session.commit()
    response = client.get("/admin/audit.csv", query_string={"action": "test.event"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    assert "x: '=1+1" in text  # the value, even inside the compact details cell
    assert ": =1+1" not in text
    assert ",'=HYPERLINK(1)\r\n" in text
    [export] = events(session, "audit.export")
    assert export.details == {"rows": 2, "filters": {"action": "test.event"}}


# --- roster import ---------------------------------------------------------------------------


def roster(*rows: str) -> bytes:
    return ("\n".join([TEMPLATE_HEADER, *rows]) + "\n").encode("utf-8")


GOOD_ROW = "moi.mot,Lò Văn Một,15/03/1985,Nam,xa-a,Văn thư,Công chức,,0912000111,"
BAD_ROW = "moi.hai,Lò Thị Hai,02/09/1990,Nữ,xa-khong-co,,Viên chức,,,"


def upload(client, content: bytes, **options: str):  # type: ignore[no-untyped-def]
    data = {"file": (io.BytesIO(content), "danh-sach.csv"), **options}
    return client.post("/admin/users/import", data=data, content_type="multipart/form-data")


def test_import_page_links_the_template_and_loads_its_script(client, admin):
    page = client.get("/admin/users/import").get_data(as_text=True)
    assert 'href="/admin/users/import/template.csv"' in page
    assert re.search(r'<script src="/static/js/admin\.js[^"]*" defer></script>', page)
    assert "<script>" not in page
    assert re.search(r'name="dry_run"[^>]*checked|checked[^>]*name="dry_run"', page)


def test_import_template_is_a_bom_csv_the_parser_reads(client, admin):
    response = client.get("/admin/users/import/template.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    lines = response.data.decode("utf-8-sig").splitlines()
    assert lines[0] == TEMPLATE_HEADER
    assert len(lines) == 3


def test_import_dry_run_writes_nothing_and_lists_problems_by_row(client, session, admin):
    response = upload(client, roster(GOOD_ROW, BAD_ROW), dry_run="y")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'<td class="num">3</td><td>Mã đơn vị</td><td>Không có đơn vị mã “xa-khong-co”.</td>', page)
    session.expire_all()
    assert session.scalar(select(User).where(User.username == "moi.mot")) is None
    assert events(session, "roster.import") == []


def test_clean_dry_run_then_import_creates_people(client, session, admin):
    checked = upload(client, roster(GOOD_ROW), dry_run="y")
    assert checked.status_code == 200
    assert "Tệp hợp lệ" in checked.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(User).where(User.username == "moi.mot")) is None

    response = upload(client, roster(GOOD_ROW))
    assert response.status_code == 200
    assert "Đã nhập toàn bộ danh sách." in response.get_data(as_text=True)
    person = get_user(session, "moi.mot")
    assert person.full_name == "Lò Văn Một" and person.unit.code == "xa-a"
    assert len(events(session, "roster.import")) == 1


def test_import_blocked_by_a_problem_unless_partial(client, session, admin):
    blocked = upload(client, roster(GOOD_ROW, BAD_ROW))
    assert blocked.status_code == 422
    session.expire_all()
    assert session.scalar(select(User).where(User.username == "moi.mot")) is None
    partial = upload(client, roster(GOOD_ROW, BAD_ROW), partial="y")
    assert partial.status_code == 200
    assert get_user(session, "moi.mot").active
    session.expire_all()
    assert session.scalar(select(User).where(User.username == "moi.hai")) is None


def test_import_refuses_other_file_types(client, admin):
    data = {"file": (io.BytesIO(b"%PDF-1.4"), "danh-sach.pdf"), "dry_run": "y"}
    response = client.post("/admin/users/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in response.get_data(as_text=True)


def test_a_person_can_stay_in_a_closed_unit_but_not_move_into_one(client, session, admin):
    person = get_user(session, "hoc.vien")
    person.active = False
    session.commit()
    assert client.post("/admin/units/xa-a/deactivate").status_code == 302
    kept = client.post(f"/admin/users/{admin['learner']}", data=profile_data(position="Văn thư"))
    assert kept.status_code == 302
    assert get_user(session, "hoc.vien").position == "Văn thư"
    make_user(session, "nguoi.moi", unit=unit(session, "xa-b"))
    session.commit()
    other = get_user(session, "nguoi.moi")
    refused = client.post(f"/admin/users/{other.id}", data=profile_data(national_id="", unit_code="xa-a"))
    assert refused.status_code == 422
    assert "Đơn vị “xa-a” đã ngừng hoạt động." in refused.get_data(as_text=True)
