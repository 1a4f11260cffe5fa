"""Two-step sign-in (TOTP): setup, sign-in, replay and brute-force protection, required roles, API, admin reset."""

from datetime import timedelta

import pyotp
import pytest

from lms.auth import two_factor
from lms.auth.models import Role, User
from lms.models import now_utc
from tests.factories import PASSWORD, Tree, make_user

REQUIRED = frozenset({"admin", "monitor"})


@pytest.fixture
def strict(app_factory):
    """An app that requires two-step sign-in for admins and monitors, as production does."""
    return app_factory(TWO_FACTOR_ROLES=REQUIRED)


def code_for(secret: str, shift: int = 0) -> str:
    return pyotp.TOTP(secret).at(now_utc() + timedelta(seconds=30 * shift))


def enable(session, user: User) -> str:
    secret = two_factor.new_secret()
    two_factor.enable(session, user, secret, code_for(secret, -1), now_utc())
    session.commit()
    return secret


def login(client, username, password=PASSWORD):
    return client.post("/auth/login", data={"username": username, "password": password})


def setup_secret(client) -> str:
    page = client.get("/auth/two-step/setup").get_data(as_text=True)
    return page.split('id="totp-secret">')[1].split("<")[0].replace(" ", "")


def test_a_learner_turns_it_on_and_then_needs_the_code(client, session):
    tree = Tree(session)
    make_user(session, "hoc.vien", unit=tree.commune_a)
    session.commit()
    login(client, "hoc.vien")
    page = client.get("/auth/two-step/setup").get_data(as_text=True)
    assert "<svg" in page and "style=" not in page.split("<svg")[1].split("</svg>")[0]
    secret = setup_secret(client)
    assert client.post("/auth/two-step/setup", data={"code": "000000"}).status_code == 400
    response = client.post("/auth/two-step/setup", data={"code": code_for(secret)})
    assert response.status_code == 302
    session.expire_all()
    assert session.query(User).filter_by(username="hoc.vien").one().totp_enabled

    client.post("/auth/logout")
    response = login(client, "hoc.vien")
    assert response.location == "/auth/two-step"
    assert client.get("/courses/").location.startswith("/auth/login")  # not signed in yet
    wrong = client.post("/auth/two-step", data={"code": "123456"})
    assert wrong.status_code == 401 and "Mã xác thực không đúng" in wrong.get_data(as_text=True)
    assert client.post("/auth/two-step", data={"code": code_for(secret, 1)}).status_code == 302
    assert client.get("/courses/").status_code == 200


def test_a_code_works_once(client, session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    secret = enable(session, user)
    login(client, "hoc.vien")
    code = code_for(secret)
    assert client.post("/auth/two-step", data={"code": code}).status_code == 302
    client.post("/auth/logout")
    login(client, "hoc.vien")
    assert client.post("/auth/two-step", data={"code": code}).status_code == 401  # replayed


def test_wrong_codes_lock_the_second_step(client, session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    secret = enable(session, user)
    login(client, "hoc.vien")
    for _ in range(two_factor.MAX_FAILURES):
        client.post("/auth/two-step", data={"code": "111111"})
    login(client, "hoc.vien")
    locked = client.post("/auth/two-step", data={"code": code_for(secret)})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0


def test_the_second_step_expires(client, session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    secret = enable(session, user)
    login(client, "hoc.vien")
    with client.session_transaction() as cookie:
        cookie["two_step"] = {**cookie["two_step"], "at": cookie["two_step"]["at"] - 301}
    response = client.post("/auth/two-step", data={"code": code_for(secret)})
    assert response.location == "/auth/login"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MONITOR])
def test_admins_and_monitors_must_set_it_up_before_anything_else(strict, session, role):
    tree = Tree(session)
    make_user(session, "can.bo", role, unit=tree.province)
    session.commit()
    client = strict.test_client()
    login(client, "can.bo")
    assert client.get("/reports/").location == "/auth/two-step/setup"
    secret = setup_secret(client)
    client.post("/auth/two-step/setup", data={"code": code_for(secret)})
    assert client.get("/").status_code == 200
    status = client.get("/auth/two-step/setup").get_data(as_text=True)
    assert "bắt buộc" in status and "two-step/disable" not in status
    assert client.post("/auth/two-step/disable", data={"code": code_for(secret, 1)}).status_code == 400


def test_others_may_turn_it_off_with_a_current_code(client, session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    secret = enable(session, user)
    login(client, "hoc.vien")
    client.post("/auth/two-step", data={"code": code_for(secret)})
    assert client.post("/auth/two-step/disable", data={"code": "000000"}).status_code == 401
    client.post("/auth/two-step/disable", data={"code": code_for(secret, 1)})
    session.expire_all()
    assert not session.get(User, user.id).totp_enabled


def test_api_tokens_need_the_code_too(strict, session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    make_user(session, "quan.tri", Role.ADMIN, unit=tree.province)
    secret = enable(session, user)
    client = strict.test_client()
    body = {"username": "hoc.vien", "password": PASSWORD}
    missing = client.post("/api/v1/auth/token", json=body)
    assert missing.status_code == 401 and missing.get_json()["error"]["code"] == "otp_required"
    wrong = client.post("/api/v1/auth/token", json={**body, "otp": "000000"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "invalid_otp"
    assert client.post("/api/v1/auth/token", json={**body, "otp": code_for(secret)}).status_code == 200
    admin = client.post("/api/v1/auth/token", json={"username": "quan.tri", "password": PASSWORD})
    assert admin.status_code == 403 and admin.get_json()["error"]["code"] == "two_factor_setup_required"


def test_an_admin_turns_it_off_for_someone_who_lost_their_phone(client, session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    make_user(session, "quan.tri", Role.ADMIN, unit=tree.province)
    enable(session, user)
    login(client, "quan.tri")
    assert "Tắt xác thực hai bước" in client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    client.post(f"/admin/users/{user.id}/two-step/reset")
    session.expire_all()
    assert not session.get(User, user.id).totp_enabled
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "user.two_factor_reset" in audit or "hoc.vien" in audit
