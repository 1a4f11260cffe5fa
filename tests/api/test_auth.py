"""API v1: tokens, /me, password change, the error format."""

from datetime import datetime, timedelta

import pytest
from openapi_spec_validator import validate
from sqlalchemy import func, select

from lms.auth.models import ApiToken, Role
from lms.models import now_utc
from tests.factories import PASSWORD, Tree, make_user


@pytest.fixture
def tree(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    make_user(session, "hoa", unit=tree.commune_a, full_name="Lò Thị Hoa")
    make_user(session, "moi", unit=tree.commune_a, must_change_password=True)
    make_user(session, "admin", Role.ADMIN, unit=tree.department)
    session.commit()
    return tree


def token_for(client, username: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    return response.json["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.is_json
    error = response.json["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str)
    assert error["message"]
    return error


def test_issue_and_use_token(client, tree):
    response = client.post("/api/v1/auth/token", json={"username": "hoa", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json
    assert body["user"]["username"] == "hoa"
    assert body["expires_at"].endswith("+00:00")
    me = client.get("/api/v1/me", headers=bearer(body["token"]))
    assert me.status_code == 200
    assert me.json == {
        "id": me.json["id"],
        "username": "hoa",
        "full_name": "Lò Thị Hoa",
        "unit": {"code": "xa-a", "name": "Xã Mường Kim"},
        "staff_category": "cong_chuc",
        "roles": ["learner"],
        "must_change_password": False,
    }


def test_token_is_stored_only_as_a_digest(client, session, tree):
    token = token_for(client, "hoa")
    stored = session.scalars(select(ApiToken.token_hash)).all()
    assert stored
    assert token not in stored


def test_expired_token_is_refused(client, session, tree):
    token = token_for(client, "hoa")
    row = session.scalar(select(ApiToken))
    row.expires_at = now_utc() - timedelta(seconds=1)
    session.commit()
    assert_error(client.get("/api/v1/me", headers=bearer(token)), 401, "unauthorized")


def test_token_expiry_follows_the_setting(client, tree, app):
    before = now_utc()
    token = client.post("/api/v1/auth/token", json={"username": "hoa", "password": PASSWORD}).json
    expires = datetime.fromisoformat(token["expires_at"])
    assert before + app.config["API_TOKEN_TTL"] - timedelta(minutes=1) < expires
    assert expires < now_utc() + app.config["API_TOKEN_TTL"] + timedelta(minutes=1)


def test_revoked_token_is_refused(client, tree):
    token = token_for(client, "hoa")
    assert client.delete("/api/v1/auth/token", headers=bearer(token)).status_code == 204
    assert_error(client.get("/api/v1/me", headers=bearer(token)), 401, "unauthorized")


def test_revoking_one_token_leaves_others(client, tree):
    first, second = token_for(client, "hoa"), token_for(client, "hoa")
    client.delete("/api/v1/auth/token", headers=bearer(first))
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer sai-token", "Basic abc", "bearer  "])
def test_missing_or_bad_token_is_401(client, tree, header):
    headers = {"Authorization": header} if header else {}
    assert_error(client.get("/api/v1/me", headers=headers), 401, "unauthorized")


def test_bad_credentials_are_401_with_one_message(client, tree):
    wrong = client.post("/api/v1/auth/token", json={"username": "hoa", "password": "sai-mat-khau"})
    unknown = client.post("/api/v1/auth/token", json={"username": "ai-do", "password": "sai-mat-khau"})
    a, b = assert_error(wrong, 401, "invalid_credentials"), assert_error(unknown, 401, "invalid_credentials")
    assert a["message"] == b["message"]


def test_token_endpoint_throttles_with_retry_after(client, tree, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/api/v1/auth/token", json={"username": "hoa", "password": "sai-mat-khau"})
    response = client.post("/api/v1/auth/token", json={"username": "hoa", "password": PASSWORD})
    assert_error(response, 429, "too_many_requests")
    assert int(response.headers["Retry-After"]) > 0


def test_must_change_password_blocks_everything_else(client, tree):
    token = token_for(client, "moi")
    assert client.get("/api/v1/me", headers=bearer(token)).json["must_change_password"] is True
    new = "Mat-khau-cua-rieng-toi-1"
    response = client.post(
        "/api/v1/me/password", headers=bearer(token), json={"current_password": PASSWORD, "new_password": new}
    )
    assert response.status_code == 204
    me = client.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json["must_change_password"] is False


def test_password_policy_violation_is_422_naming_the_field(client, tree):
    token = token_for(client, "hoa")
    response = client.post(
        "/api/v1/me/password", headers=bearer(token), json={"current_password": PASSWORD, "new_password": "ngan"}
    )
    error = assert_error(response, 422, "validation_failed")
    assert "new_password" in error["fields"]


def test_password_change_revokes_other_tokens(client, tree):
    first, second = token_for(client, "hoa"), token_for(client, "hoa")
    new = "Mat-khau-cua-rieng-toi-1"
    client.post("/api/v1/me/password", headers=bearer(first), json={"current_password": PASSWORD, "new_password": new})
    assert client.get("/api/v1/me", headers=bearer(first)).status_code == 200
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 401


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"data": "{not json", "content_type": "application/json"}, None),
        ({"data": "username=a", "content_type": "application/x-www-form-urlencoded"}, None),
        ({"json": ["a", "b"]}, None),
        ({"json": {"password": "x"}}, "username"),
        ({"json": {"username": "hoa"}}, "password"),
        ({"json": {"username": 5, "password": "x"}}, "username"),
        ({"json": {"username": "a" * 65, "password": "x"}}, "username"),
        ({"json": {"username": "hoa", "password": "x" * 129}}, "password"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, session, tree, kwargs, field):
    response = client.post("/api/v1/auth/token", **kwargs)
    error = assert_error(response, 400, "bad_request")
    if field:
        assert field in error["fields"]
        assert field in error["message"]
    assert session.scalar(select(func.count(ApiToken.id))) == 0  # nothing written


def test_403_and_404_use_the_error_format(client, tree):
    token = token_for(client, "hoa")  # a learner: may not list units
    assert_error(client.get("/api/v1/units", headers=bearer(token)), 403, "forbidden")
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    admin = token_for(client, "admin")
    error = assert_error(client.get("/api/v1/units?parent=khong-co", headers=bearer(admin)), 404, "not_found")
    assert "parent" in error["fields"]
    response = client.post("/api/v1/me/password", headers=bearer(admin), json={})
    error = assert_error(response, 400, "bad_request")
    assert set(error["fields"]) == {"current_password", "new_password"}


def test_password_change_required_is_403(client, session, tree):
    make_user(session, "monitor.moi", Role.MONITOR, unit=tree.department, must_change_password=True)
    session.commit()
    token = token_for(client, "monitor.moi")
    error = assert_error(client.get("/api/v1/units", headers=bearer(token)), 403, "password_change_required")
    assert "đổi mật khẩu" in error["message"]
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=bearer(token)).status_code == 204


def test_405_uses_the_error_format(client):
    response = client.put("/api/v1/me")
    assert_error(response, 405, "method_not_allowed")


def test_openapi_document_is_valid_3_1(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.1")
    validate(spec)
    for path in (
        "/auth/token",
        "/me",
        "/me/password",
        "/units",
        "/courses",
        "/courses/{course_id}",
        "/lessons/{lesson_id}",
    ):
        assert path in spec["paths"]


def test_every_api_route_is_documented(app):
    """A new endpoint without an OpenAPI entry fails this test."""
    spec = app.test_client().get("/api/openapi.json").json
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}")
        assert path in spec["paths"], f"{rule.rule} is not in the OpenAPI document"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in spec["paths"][path], f"{method} {rule.rule} is not documented"
