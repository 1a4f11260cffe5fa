"""Consistent backups while the app runs, and restores: SQLite online backup API, or pg_dump / pg_restore."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from lms.errors import LMSError


class BackupError(LMSError):
    status = 500
    code = "backup_failed"


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    return Path(database)


def _pg_url(url: str) -> str:
    """libpq understands postgresql://, not SQLAlchemy's postgresql+psycopg://."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str, command_hint: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy lệnh {name}. Hãy cài gói postgresql-client rồi chạy: {command_hint}")
    return path


def backup(url: str, out: Path) -> Path:
    """Write a consistent copy of the database to `out` (SQLite file, or pg_dump custom format)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(out)
        try:
            with target:
                source.backup(target)  # copies page by page while other connections keep writing
        finally:
            source.close()
            target.close()
        return out
    hint = f"pg_dump --format=custom --file {out} '{_pg_url(url)}'"
    pg_dump = _tool("pg_dump", hint)
    subprocess.run([pg_dump, "--format=custom", "--file", str(out), _pg_url(url)], check=True)  # noqa: S603
    return out


def restore(url: str, source: Path) -> None:
    """Replace the database's content with a backup made by `backup`."""
    if not source.exists():
        raise BackupError(f"Không có tệp sao lưu {source}.")
    if url.startswith("sqlite"):
        backup_db = sqlite3.connect(source)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            with target:
                backup_db.backup(target)
        finally:
            backup_db.close()
            target.close()
        return
    hint = f"pg_restore --clean --if-exists --no-owner --dbname '{_pg_url(url)}' {source}"
    pg_restore = _tool("pg_restore", hint)
    subprocess.run(  # noqa: S603 — our own fixed command line
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--dbname", _pg_url(url), str(source)], check=True
    )
