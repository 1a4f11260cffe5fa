"""CSRF protection is on for every HTML form (it is switched off in the other tests)."""


def test_post_without_csrf_token_is_rejected(app_factory):
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/auth/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.get_data(as_text=True)


def test_api_needs_no_csrf_token(app_factory):
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/api/v1/auth/token", json={"username": "a", "password": "b"})
    assert response.status_code == 401
