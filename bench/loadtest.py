"""Load test of the exam rush: N learners at once, each doing the real flow against gunicorn.

Flow per learner: sign in → course page → a lesson → start the final assessment → save 30 answers one by one
(autosave) → submit → result. Every acknowledged answer is checked in the database afterwards.

Run (bounded, loopback only, stops by itself):
    .venv/bin/python bench/loadtest.py --database-url postgresql://postgres@127.0.0.1:5432/lms_load --users 50
    .venv/bin/python bench/loadtest.py --users 50          # SQLite file in a temporary folder
The database is rebuilt from scratch (migrations, content sync, demo data, bench learners).
"""

import argparse
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "Bench-mat-khau-2026"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def prepare(env: dict[str, str], users: int) -> None:
    """Fresh schema, curriculum, demo data, and `users` bench learners enrolled in the course."""
    flask(env, "db", "upgrade")
    flask(env, "content", "sync")
    flask(env, "seed-demo")
    script = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from sqlalchemy import select
from lms import create_app
from lms.extensions import db
from lms.auth.models import User, Role, RoleAssignment
from lms.auth.passwords import hash_password
from lms.org.models import Unit
from courses.models import Course
from courses.services import enrol, EnrolmentSource
app = create_app()
with app.app_context():
    unit = db.session.scalar(select(Unit).where(Unit.code == "xa-muong-kim"))
    course = db.session.scalar(select(Course).where(Course.slug == "kns-co-ban"))
    digest = hash_password({PASSWORD!r}, app.config["PASSWORD_HASH_METHOD"])
    for n in range({users}):
        user = User(username=f"bench.{{n:04d}}", full_name=f"Người thử tải {{n}}", unit=unit,
                    staff_category="cong_chuc", password_hash=digest, must_change_password=False)
        user.role_assignments.append(RoleAssignment(role=Role.LEARNER))
        db.session.add(user)
        db.session.flush()
        enrol(db.session, user, course, EnrolmentSource.DIRECT)
    db.session.commit()
"""
    subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.acknowledged = 0
        self.flows = 0

    def timed(self, kind: str, started: float) -> None:
        with self.lock:
            self.times[kind].append((time.perf_counter() - started) * 1000)


def learner(base: str, n: int, rec: Recorder, deadline: float) -> None:
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        try:
            t = time.perf_counter()
            token = CSRF.search(client.get("/auth/login").text).group(1)
            r = client.post(
                "/auth/login", data={"username": f"bench.{n:04d}", "password": PASSWORD, "csrf_token": token}
            )
            assert r.status_code == 302, f"login {r.status_code}"
            rec.timed("login", t)
            t = time.perf_counter()
            course = client.get("/courses/1").text
            rec.timed("page", t)
            lesson = re.search(r'href="(/courses/1/lessons/\d+)"', course).group(1)
            t = time.perf_counter()
            client.get(lesson)
            rec.timed("page", t)
            final = re.findall(r'href="/quizzes/(\d+)"', course)[-1]
            token = CSRF.search(course).group(1)
            t = time.perf_counter()
            r = client.post(f"/quizzes/{final}/start", data={"csrf_token": token})
            attempt = client.get(r.headers["location"]).text
            rec.timed("start", t)
            attempt_id = re.search(r'data-attempt="(\d+)"', attempt).group(1)
            token = CSRF.search(attempt).group(1)
            questions = re.findall(r'data-question="(\d+)" data-type="(\w+)"', attempt)
            for question_id, kind in questions:
                if time.perf_counter() > deadline:
                    raise TimeoutError("run time limit reached")
                block = attempt.split(f'data-question="{question_id}"', 1)[1]
                if kind == "short_text":
                    body: dict[str, object] = {"text": "mật khẩu"}
                else:
                    body = {"option_ids": [int(re.search(r'value="(\d+)"', block).group(1))]}
                t = time.perf_counter()
                r = client.post(f"/quizzes/attempts/{attempt_id}/answers/{question_id}", json=body,
                                headers={"X-CSRFToken": token, "Accept": "application/json"})  # fmt: skip
                rec.timed("save", t)
                assert r.status_code == 200, f"save {r.status_code}"
                with rec.lock:
                    rec.acknowledged += 1
            t = time.perf_counter()
            r = client.post(f"/quizzes/attempts/{attempt_id}/submit", data={"csrf_token": token})
            assert r.status_code == 302, f"submit {r.status_code}"
            rec.timed("submit", t)
            with rec.lock:
                rec.flows += 1
        except Exception as error:  # noqa: BLE001 — every failure is counted and reported
            with rec.lock:
                rec.errors.append(f"{n}: {error}")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--database-url")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--max-seconds", type=int, default=600)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/load.sqlite3"
    env = {**os.environ, "LMS_DATABASE_URL": url, "LMS_ENV": "production", "LMS_SECRET_KEY": "bench-" + "x" * 32,
           "LMS_SESSION_COOKIE_SECURE": "0", "LMS_LOG_LEVEL": "WARNING", "LMS_DEMO_PASSWORD": PASSWORD}  # fmt: skip
    prepare(env, args.users)
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--workers", str(args.workers), "--threads", str(args.threads), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "app:app"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        rec = Recorder()
        started = time.perf_counter()
        deadline = started + args.max_seconds
        threads = [threading.Thread(target=learner, args=(base, n, rec, deadline)) for n in range(args.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.max_seconds)
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    stored = count_answers(env)
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": url.split(":")[0],
        "gunicorn": f"{args.workers} workers × {args.threads} threads",
        "concurrent_learners": args.users,
        "elapsed_s": round(elapsed, 1),
        "complete_flows": rec.flows,
        "flows_per_minute": round(rec.flows / elapsed * 60, 1),
        "answers_acknowledged": rec.acknowledged,
        "answers_stored": stored,
        "lost_answers": rec.acknowledged - stored,
        "errors": len(rec.errors),
        "first_errors": rec.errors[:5],
        **{f"{kind}_ms": {"p50": percentile(v, 0.5), "p95": percentile(v, 0.95), "p99": percentile(v, 0.99),
                          "mean": round(statistics.fmean(v), 1)} for kind, v in rec.times.items()},
    }  # fmt: skip
    print(json.dumps(result, ensure_ascii=False, indent=2))
    name = f"load-{result['database']}-{args.users}-{result['date'][:10]}.json"
    (ROOT / "bench" / "results" / name).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


def count_answers(env: dict[str, str]) -> int:
    script = (
        "from lms import create_app\nfrom lms.extensions import db\nfrom sqlalchemy import func, select\n"
        "from quizzes.models import AttemptAnswer\napp = create_app()\n"
        "with app.app_context(): print(db.session.scalar(select(func.count(AttemptAnswer.id))))"
    )
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
