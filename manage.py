#!/usr/bin/env python3
"""The two commands: `python3 manage.py start` and `python3 manage.py test`.

Needs only Python 3.11+. Creates .venv/, installs the pinned requirements when they change,
then either migrates, seeds the demo data and serves the app, or runs the whole test suite.
`python3 manage.py flask …` runs any of the app's Flask commands inside that environment
(e.g. `python3 manage.py flask content sync`).
"""

import hashlib
import os
import secrets
import socket
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
INSTANCE = ROOT / "instance"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DEMO_ACCOUNTS = ("demo.learner", "demo.manager", "demo.trainer", "demo.monitor", "demo.admin")


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=True)  # noqa: S603 — our own fixed commands


def ensure_environment(requirements: str) -> None:
    """Create the virtual environment and install requirements when their text has changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 — tells people on an old Python what to do
        sys.exit("KNS LMS cần Python 3.11 trở lên.")
    if not PYTHON.exists():
        print("→ Tạo môi trường ảo .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    files = [ROOT / "requirements.txt", ROOT / requirements]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"→ Cài đặt thư viện ({requirements}) …", flush=True)
        run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", ROOT / requirements)
        stamp.write_text(digest)


def demo_password() -> str:
    """Use LMS_DEMO_PASSWORD, or a random one kept in instance/ so every start shows the same."""
    if os.environ.get("LMS_DEMO_PASSWORD"):
        return os.environ["LMS_DEMO_PASSWORD"]
    path = INSTANCE / "demo_password"
    if not path.exists():
        INSTANCE.mkdir(exist_ok=True)
        path.write_text("Kns-" + secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start() -> None:
    """Migrate, seed the demo data if missing, and serve on http://127.0.0.1:5000 (or $PORT)."""
    port = os.environ.get("PORT", "5000")
    if not port.isdigit() or not port_is_free(int(port)):
        sys.exit(
            f"Cổng {port} đang có chương trình khác dùng (hoặc không hợp lệ). Hãy dừng chương trình đó, "
            f"hoặc chạy trên cổng khác, ví dụ: PORT=5050 python3 manage.py start"
        )
    ensure_environment("requirements.txt")
    password = demo_password()
    env = {**os.environ, "FLASK_APP": "app", "LMS_DEMO_PASSWORD": password}
    print("→ Cập nhật cơ sở dữ liệu …", flush=True)
    run(PYTHON, "-m", "flask", "db", "upgrade", env=env)
    run(PYTHON, "-m", "flask", "content", "sync", env=env)
    run(PYTHON, "-m", "flask", "seed-demo", env=env)
    print("\nTài khoản demo (đổi mật khẩu ở lần đăng nhập đầu; sau đó dùng mật khẩu mới):")
    for username in DEMO_ACCOUNTS:
        print(f"  {username:14} {password}")
    print(f"\n→ Mở http://127.0.0.1:{port} — dừng bằng Ctrl+C\n", flush=True)
    # Beside the web server: grade timed attempts whose learner never came back, so reports count them.
    sweeper = subprocess.Popen(  # noqa: S603 — our own fixed command
        [str(PYTHON), "-m", "flask", "attempts", "close-expired", "--every", "30"], cwd=ROOT, env=env
    )
    try:
        run(PYTHON, "-m", "flask", "run", "--host", "127.0.0.1", "--port", port, env=env)
    finally:
        sweeper.terminate()


def test(args: list[str]) -> None:
    """Run the whole test suite (SQLite; PostgreSQL when LMS_TEST_DATABASE_URL is set)."""
    ensure_environment("requirements-dev.txt")
    run(PYTHON, "-m", "pytest", *args)


def flask(args: list[str]) -> None:
    """Run a Flask command of the app (`flask --app app …`) with the project's environment."""
    ensure_environment("requirements.txt")
    run(PYTHON, "-m", "flask", "--app", "app", *args)


def main() -> None:
    command, *rest = sys.argv[1:] or ["help"]
    try:
        if command == "start":
            start()
        elif command == "test":
            test(rest)
        elif command == "flask":
            flask(rest)
        else:
            print(__doc__)
            sys.exit(0 if command == "help" else 2)
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        print()


if __name__ == "__main__":
    main()
