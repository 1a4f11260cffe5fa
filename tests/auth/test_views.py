"""Sign-in, sign-out, forced password change and throttling through the HTML forms."""

import unicodedata

import pytest
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.auth.services import BAD_CREDENTIALS
from tests.factories import PASSWORD, Tree, make_user

NEUTRAL = BAD_CREDENTIALS


@pytest.fixture
def tree(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    make_user(session, "hoa.learner", unit=tree.commune_a, full_name="Lò Thị Hoa")
    session.commit()
    return tree


def test_login_page_is_vietnamese(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page


def test_login_success_lands_on_home(auth, client, tree):
    response = auth.login("hoa.learner")
    assert response.status_code == 302
    assert response.location == "/"
    home = client.get("/").get_data(as_text=True)
    assert "Xin chào, Lò Thị Hoa" in home


def test_wrong_password_and_unknown_user_get_the_same_message(auth, tree):
    wrong_password = auth.login("hoa.learner", "sai-mat-khau-roi")
    unknown_user = auth.login("khong.co.ai", "sai-mat-khau-roi")
    assert wrong_password.status_code == unknown_user.status_code == 401
    for response in (wrong_password, unknown_user):
        assert NEUTRAL in response.get_data(as_text=True)


def test_inactive_account_gets_the_neutral_message(auth, session, tree):
    user = session.scalar(select(User).where(User.username == "hoa.learner"))
    user.active = False
    session.commit()
    response = auth.login("hoa.learner")
    assert response.status_code == 401
    assert NEUTRAL in response.get_data(as_text=True)


@pytest.mark.parametrize("username", ["hoa.learner", "khong.ton.tai"])
def test_throttling_after_repeated_failures(auth, app, tree, username):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert auth.login(username, "sai-mat-khau-roi").status_code == 401
    locked = auth.login(username, "sai-mat-khau-roi")
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert "quá nhiều lần" in locked.get_data(as_text=True)
    # Even the right password is refused while locked, and the answer is the same for unknown names.
    assert auth.login(username, PASSWORD).status_code == 429


def test_success_clears_failures(auth, app, tree):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        auth.login("hoa.learner", "sai-mat-khau-roi")
    assert auth.login("hoa.learner").status_code == 302
    auth.logout()
    assert auth.login("hoa.learner", "sai-mat-khau-roi").status_code == 401  # counting starts again


def test_username_in_nfd_or_upper_case_signs_in(auth, tree):
    assert auth.login(unicodedata.normalize("NFD", "HOA.LEARNER")).status_code == 302


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/units/", "/units/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_is_checked_against_open_redirects(auth, tree, target, expected):
    response = auth.login("hoa.learner", next=target)
    assert response.location == expected


def test_logout_needs_post_and_ends_the_session(auth, client, tree):
    auth.login("hoa.learner")
    assert client.get("/auth/logout").status_code == 405
    assert auth.logout().status_code == 302
    assert client.get("/").location.startswith("/auth/login")


def test_logout_ends_every_session_and_api_token_of_that_person(app, auth, client, tree):
    other_device = app.test_client()
    other_device.post("/auth/login", data={"username": "hoa.learner", "password": PASSWORD})
    token = client.post("/api/v1/auth/token", json={"username": "hoa.learner", "password": PASSWORD}).get_json()
    bearer = {"Authorization": f"Bearer {token['token']}"}
    assert other_device.get("/").status_code == 200
    assert client.get("/api/v1/me", headers=bearer).status_code == 200

    auth.login("hoa.learner")
    auth.logout()
    assert other_device.get("/").location.startswith("/auth/login")
    assert client.get("/api/v1/me", headers=bearer).status_code == 401


def test_forced_password_change_on_first_login(auth, client, session, tree):
    make_user(session, "moi.vao", unit=tree.commune_a, must_change_password=True)
    session.commit()
    response = auth.login("moi.vao")
    assert response.location == "/auth/password"
    # Every other page sends them back to the change form.
    assert client.get("/").location == "/auth/password"
    assert client.get("/courses/").location == "/auth/password"
    response = client.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": "Lai-Chau-moi-2026!", "confirm": "Lai-Chau-moi-2026!"},
    )
    assert response.status_code == 302
    assert response.location == "/"
    assert client.get("/").status_code == 200
    user = session.scalar(select(User).where(User.username == "moi.vao"))
    session.refresh(user)
    assert user.must_change_password is False


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("ngan-qua", "ít nhất 10 ký tự"),
        ("matkhau123", "quá phổ biến"),
        ("xx-hoa.learner-xx", "không được chứa tên đăng nhập"),
    ],
)
def test_password_policy(auth, client, tree, new, message):
    auth.login("hoa.learner")
    response = client.post("/auth/password", data={"current_password": PASSWORD, "new_password": new, "confirm": new})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_wrong_current_password_is_named(auth, client, tree):
    auth.login("hoa.learner")
    new = "Mot-mat-khau-khac-99"
    response = client.post(
        "/auth/password", data={"current_password": "sai-roi-nhe", "new_password": new, "confirm": new}
    )
    assert "Mật khẩu hiện tại không đúng." in response.get_data(as_text=True)


def test_password_change_ends_other_sessions(app, auth, client, tree):
    other = app.test_client()
    other.post("/auth/login", data={"username": "hoa.learner", "password": PASSWORD})
    assert other.get("/").status_code == 200
    auth.login("hoa.learner")
    new = "Mot-mat-khau-khac-99"
    client.post("/auth/password", data={"current_password": PASSWORD, "new_password": new, "confirm": new})
    assert client.get("/").status_code == 200  # this session was renewed
    assert other.get("/").location.startswith("/auth/login")  # the other one has ended


def test_learner_gets_vietnamese_403_on_admin_page(auth, client, tree):
    auth.login("hoa.learner")
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.get_data(as_text=True)


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=")


def test_session_cookie_is_httponly_and_lax(auth, client, tree):
    response = auth.login("hoa.learner")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_nav_shows_links_by_role(auth, client, session, tree):
    make_user(session, "quan.tri", Role.ADMIN, unit=tree.department)
    session.commit()
    auth.login("hoa.learner")
    assert "Quản trị" not in client.get("/").get_data(as_text=True).split("<main")[0]
    auth.logout()
    auth.login("quan.tri")
    assert "/admin/" in client.get("/").get_data(as_text=True)
