"""Fixtures: one schema per test session on SQLite or PostgreSQL, emptied after every test.

The database is a real one: a SQLite file by default, or PostgreSQL when LMS_TEST_DATABASE_URL is set.
"""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from lms import create_app
from lms.config import TestingConfig, normalise_db_url
from lms.extensions import db
from tests.factories import PASSWORD


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("LMS_TEST_DATABASE_URL")
    if url:
        return normalise_db_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def _schema(database_url: str) -> Iterator[None]:
    """Create the schema once for the whole run."""
    app = create_app(make_config(database_url))
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def make_config(database_url: str, **overrides: object) -> TestingConfig:
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


def empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(_schema: None, database_url: str) -> Iterator[Flask]:
    """A fresh app per test. No app context stays pushed, so every request gets its own, as in production."""
    app = create_app(make_config(database_url))
    yield app
    with app.app_context():
        db.session.rollback()
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_factory(_schema: None, database_url: str) -> Iterator[Callable[..., Flask]]:
    """Make apps with other settings on the test database; their connections are closed afterwards."""
    made: list[Flask] = []

    def make(**overrides: object) -> Flask:
        made.append(create_app(make_config(database_url, **overrides)))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session of the test's own, for arranging data and checking what requests wrote."""
    with app.app_context():
        engine = db.engine
    with Session(engine) as session:
        yield session
        session.rollback()


@pytest.fixture
def count_queries(app):  # type: ignore[no-untyped-def]
    """Count the SQL statements run inside a `with count_queries() as n:` block."""
    with app.app_context():
        engine = db.engine

    @contextmanager
    def counting():  # type: ignore[no-untyped-def]
        statements: list[str] = []

        def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


class AuthActions:
    """Sign in and out through the real forms (flaskr's AuthActions)."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, username: str, password: str = PASSWORD, **kw: object):  # type: ignore[no-untyped-def]
        return self.client.post("/auth/login", data={"username": username, "password": password, **kw})

    def logout(self):  # type: ignore[no-untyped-def]
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
