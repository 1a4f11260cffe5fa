"""Flask-Limiter budgets on sign-in, tokens, imports; with Redis they hold across server processes."""

import os
import socket
import subprocess
import sys
import uuid

import pytest

from lms.auth.models import Role
from tests.factories import PASSWORD, Tree, make_user

REDIS = ("127.0.0.1", 6379)


def redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
        return True
    except OSError:
        return False


def test_web_sign_in_and_api_tokens_share_one_budget_per_address(app_factory):
    client = app_factory(RATELIMIT_SIGN_IN="3 per minute").test_client()
    assert client.post("/auth/login", data={"username": "a", "password": "b"}).status_code == 401
    assert client.post("/api/v1/auth/token", json={"username": "a", "password": "b"}).status_code == 401
    assert client.post("/auth/login", data={"username": "c", "password": "d"}).status_code == 401
    page = client.post("/auth/login", data={"username": "e", "password": "f"})
    assert page.status_code == 429
    assert int(page.headers["Retry-After"]) > 0
    assert "quá nhiều lần" in page.get_data(as_text=True)
    api = client.post("/api/v1/auth/token", json={"username": "a", "password": "b"})
    assert api.status_code == 429 and api.get_json()["error"]["code"] == "too_many_requests"
    assert client.get("/auth/login").status_code == 200  # only POSTs count


def test_imports_are_limited(app_factory, session):
    tree = Tree(session)
    make_user(session, "quan.tri", Role.ADMIN, unit=tree.province)
    session.commit()
    client = app_factory(RATELIMIT_IMPORT="2 per minute").test_client()
    token = client.post("/api/v1/auth/token", json={"username": "quan.tri", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    statuses = [client.post("/api/v1/admin/users/import", headers=headers).status_code for _ in range(3)]
    assert statuses[:2] != [429, 429] and statuses[2] == 429


@pytest.mark.parametrize("path", ["/api/v1/admin/users/import", "/api/v1/questions/import"])
def test_an_unsigned_import_is_told_to_sign_in_not_to_wait(app_factory, session, path):
    """Without a valid token the answer is 401 however often it is tried; signed calls still meet the limit."""
    tree = Tree(session)
    make_user(session, "quan.tri", Role.ADMIN, unit=tree.province)
    session.commit()
    client = app_factory(RATELIMIT_IMPORT="2 per minute").test_client()
    for headers in ({}, {"Authorization": "Bearer doan-bua"}):
        assert [client.post(path, headers=headers).status_code for _ in range(4)] == [401] * 4
    token = client.post("/api/v1/auth/token", json={"username": "quan.tri", "password": PASSWORD})
    signed = {"Authorization": f"Bearer {token.get_json()['token']}"}
    assert [client.post(path, headers=signed).status_code for _ in range(3)][2] == 429


CHILD = """
import sys
from lms import create_app
from tests.conftest import make_config
app = create_app(make_config(sys.argv[1], RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
                             RATELIMIT_KEY_PREFIX=sys.argv[2], RATELIMIT_SIGN_IN="5 per minute"))
client = app.test_client()
for _ in range(int(sys.argv[3])):
    print(client.post("/auth/login", data={"username": "x", "password": "y"}).status_code)
"""


def test_the_sign_in_budget_holds_across_server_processes(app_factory, database_url):
    if not redis_reachable():
        if os.environ.get("LMS_REQUIRE_REDIS") == "1":
            pytest.fail("Redis không chạy ở 127.0.0.1:6379")
        pytest.skip("Redis không chạy ở 127.0.0.1:6379")
    prefix = f"kns-test-{uuid.uuid4().hex}"
    for _ in range(2):  # two separate processes, as two gunicorn workers would be
        out = subprocess.run(
            [sys.executable, "-c", CHILD, database_url, prefix, "2"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert out.stdout.split() == ["401", "401"]
    client = app_factory(
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379", RATELIMIT_KEY_PREFIX=prefix, RATELIMIT_SIGN_IN="5 per minute"
    ).test_client()
    assert client.post("/auth/login", data={"username": "x", "password": "y"}).status_code == 401  # the 5th
    assert client.post("/auth/login", data={"username": "x", "password": "y"}).status_code == 429
