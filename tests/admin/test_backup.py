"""Backup while the app runs, then restore into a fresh database: identical row counts in every table."""

import uuid

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from lms.admin.backup import restore
from lms.extensions import db
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user


def counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in db.metadata.sorted_tables
        }


@pytest.fixture
def data(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    for n in range(5):
        make_user(session, f"nguoi.{n}", unit=tree.commune_a, full_name=f"Nguyễn Thị Ánh {n}")
    make_course(session)
    session.commit()


@pytest.fixture
def fresh_url(database_url, tmp_path):  # type: ignore[no-untyped-def]
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"lms_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_backup_then_restore_gives_identical_counts(app, data, fresh_url, tmp_path):
    out = tmp_path / "sao-luu.bak"
    result = app.test_cli_runner().invoke(args=["backup", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    with app.app_context():
        before = counts(db.engine)
    restore(fresh_url, out)
    engine = create_engine(fresh_url)
    try:
        assert counts(engine) == before
        assert before["users"] == 5 and before["lessons"] == 4
    finally:
        engine.dispose()


def test_restore_needs_confirmation(app, tmp_path):
    missing = tmp_path / "x.bak"
    missing.write_bytes(b"")
    result = app.test_cli_runner().invoke(args=["restore", str(missing)])
    assert result.exit_code != 0
    assert "--yes" in result.output
