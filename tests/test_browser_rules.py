"""Compression, fingerprinted static files, idle sign-out, and clearing the browser at logout."""

import time
from datetime import timedelta

from tests.factories import Tree, make_user


def test_html_is_compressed(client):
    response = client.get("/auth/login", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"].lower().find("accept-encoding") >= 0


def test_static_urls_are_fingerprinted_and_cached_for_a_year(client):
    page = client.get("/auth/login").get_data(as_text=True)
    href = page.split('href="/static/css/app.css?v=')[1].split('"')[0]
    assert len(href) == 12
    with client.get(f"/static/css/app.css?v={href}") as response:
        assert response.cache_control.max_age == 365 * 24 * 3600
        assert response.cache_control.immutable
        assert not response.cache_control.no_cache


def test_idle_sessions_end(app, auth, client, session):
    tree = Tree(session)
    make_user(session, "hoc.vien", unit=tree.commune_a)
    session.commit()
    auth.login("hoc.vien")
    assert client.get("/").status_code == 200
    with client.session_transaction() as cookie:
        cookie["seen"] = int(time.time()) - app.config["IDLE_MINUTES"] * 60 - 5
    response = client.get("/courses/")
    assert response.status_code == 302 and "/auth/login" in response.location
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/").location.startswith("/auth/login")


def test_logout_clears_the_browser(auth, client, session):
    tree = Tree(session)
    make_user(session, "hoc.vien", unit=tree.commune_a)
    session.commit()
    auth.login("hoc.vien")
    response = auth.logout()
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_personal_pages_are_not_cached_for_the_next_person(auth, client, session):
    tree = Tree(session)
    make_user(session, "hoc.vien", unit=tree.commune_a)
    session.commit()
    auth.login("hoc.vien")
    response = client.get("/")
    assert response.cache_control.private and response.cache_control.no_cache
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_api_answers_about_people_are_never_stored(client, session):
    from lms.auth.services import issue_token

    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    token, _row = issue_token(session, user, timedelta(hours=1))
    session.commit()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_security_headers(client):
    response = client.get("/auth/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # development runs on plain HTTP


def test_no_inline_scripts_or_styles_in_templates():
    """The strict policy holds only while no template carries inline code."""
    from pathlib import Path

    for template in Path(__file__).resolve().parents[1].joinpath("templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text and 'style="' not in text and " onclick=" not in text, template


def test_an_autosave_after_the_idle_time_gets_401_not_a_sign_in_page(app, auth, client, session):
    """A redirect would be followed by fetch() and look like success: the answer would be dropped."""
    tree = Tree(session)
    make_user(session, "hoc.vien", unit=tree.commune_a)
    session.commit()
    auth.login("hoc.vien")
    with client.session_transaction() as cookie:
        cookie["seen"] = int(time.time()) - app.config["IDLE_MINUTES"] * 60 - 5
    response = client.post("/quizzes/attempts/1/answers/1", json={"option_ids": [1]})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "session_expired"
    assert "Clear-Site-Data" not in response.headers  # the unsent answers stay in the browser


def test_a_signed_out_autosave_gets_401_and_pages_still_go_to_sign_in(client):
    response = client.post("/quizzes/attempts/1/answers/1", json={"option_ids": [1]})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "session_expired"
    page = client.get("/courses/")
    assert page.status_code == 302 and page.location.startswith("/auth/login?next=")
