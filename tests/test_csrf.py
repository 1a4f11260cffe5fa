"""CSRF protection is on for every HTML form (it is switched off in the other tests)."""


def test_post_without_csrf_token_is_rejected(app_factory):
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/auth/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "tải lại trang rồi gửi lại" in response.get_data(as_text=True)


def test_json_call_with_a_stale_csrf_token_gets_a_code_the_page_can_act_on(app_factory):
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/quizzes/attempts/1/answers/1", json={"option_ids": [1]}, headers={"X-CSRFToken": "old"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_invalid"


def test_api_needs_no_csrf_token(app_factory):
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/api/v1/auth/token", json={"username": "a", "password": "b"})
    assert response.status_code == 401


def test_a_form_left_open_for_hours_still_submits(app_factory, session, monkeypatch):
    """The CSRF token lives as long as the session (12 h), not Flask-WTF's default hour."""
    import re
    import time

    from tests.factories import PASSWORD, Tree, make_user

    tree = Tree(session)
    make_user(session, "hoc.vien", unit=tree.commune_a)
    session.commit()
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/auth/login").get_data(as_text=True)
    )
    later = time.time() + 11 * 3600
    monkeypatch.setattr(time, "time", lambda: later)  # itsdangerous reads the clock here
    data = {"csrf_token": token.group(1), "username": "hoc.vien", "password": PASSWORD}
    assert client.post("/auth/login", data=data).status_code == 302
