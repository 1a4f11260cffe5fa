"""CSRF protection is on for every HTML form (it is switched off in the other tests)."""

import pytest

from lms import create_app
from tests.conftest import make_config


@pytest.mark.usefixtures("_schema")
def test_post_without_csrf_token_is_rejected(database_url):
    app = create_app(make_config(database_url, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    response = client.post("/auth/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.get_data(as_text=True)


@pytest.mark.usefixtures("_schema")
def test_api_needs_no_csrf_token(database_url):
    app = create_app(make_config(database_url, WTF_CSRF_ENABLED=True))
    response = app.test_client().post("/api/v1/auth/token", json={"username": "a", "password": "b"})
    assert response.status_code == 401
