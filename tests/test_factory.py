"""The factory, configuration, health check and text helpers."""

import unicodedata

import pytest

from lms import create_app
from lms.config import DevelopmentConfig, ProductionConfig, normalise_db_url
from lms.text import fold, like_pattern, nfc, slugify
from tests.conftest import make_config


def test_factory_never_touches_the_database():
    # An unreachable database must not stop the app from being created.
    app = create_app(make_config("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    assert app.name == "lms"


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="LMS_SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 32)
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"]
    assert app.config["REMEMBER_COOKIE_SECURE"]


def test_development_creates_a_secret_once_and_reuses_it(monkeypatch, tmp_path):
    monkeypatch.setattr("lms.config.INSTANCE", tmp_path)
    monkeypatch.setattr(DevelopmentConfig, "SECRET_KEY", None)
    first, second = DevelopmentConfig(), DevelopmentConfig()
    assert first.SECRET_KEY == second.SECRET_KEY
    assert len(first.SECRET_KEY) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_postgres_urls_use_psycopg3():
    assert normalise_db_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_db_url("sqlite:///x") == "sqlite:///x"


def test_sqlite_has_foreign_keys_and_wal(app):
    from sqlalchemy import text

    from lms.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database():
    app = create_app(make_config("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


def test_requests_are_logged(client, caplog):
    caplog.set_level("INFO", logger="lms.request")
    client.get("/healthz")
    assert any("GET /healthz 200" in r.getMessage() for r in caplog.records)


def test_static_files_are_served_locally(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert "http://" not in page
    assert "https://" not in page
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200


def test_fold_and_nfc():
    nfd = unicodedata.normalize("NFD", "Kỹ năng số")
    assert nfc(nfd) == "Kỹ năng số"
    assert unicodedata.is_normalized("NFC", nfc(nfd))
    assert fold("Kỹ Năng Số  Đường") == "ky nang so duong"
    assert fold(nfd) == "ky nang so"
    assert slugify("Xã Tủa Sín Chải") == "xa-tua-sin-chai"
    assert like_pattern("bảo mật") == "%bao%mat%"
    assert like_pattern("100%_") == "%100\\%\\_%"
