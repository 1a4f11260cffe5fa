"""Crash-test tools: a real gunicorn on loopback that can be SIGKILLed whole, and database checks.

Every process started here runs in a session (process group) of its own, so one `killpg` ends the master and
all its workers at once — as a power cut or the OOM killer would — and `stop` always leaves nothing behind.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from courses.models import Enrolment
from lms.certificates.models import Certificate, CertificateStatus
from quizzes.grading import grade
from quizzes.models import Attempt, AttemptAnswer, AttemptState, Confirmation

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SECRET_KEY = "crash-safety-test-secret-key-0123456789"  # noqa: S105 — a throwaway key for the test server
READY_TIMEOUT_S = 45.0
KILL_TIMEOUT_S = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_env(database_url: str, instance: Path) -> dict[str, str]:
    """The environment of a production process on the test database (no other LMS_* setting leaks in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMS_")}
    env.update(
        LMS_ENV="production",
        LMS_SECRET_KEY=SECRET_KEY,
        LMS_DATABASE_URL=database_url,
        LMS_INSTANCE_PATH=str(instance),
        LMS_SESSION_COOKIE_SECURE="0",
        LMS_LOG_LEVEL="WARNING",
        LMS_PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
        PYTHONUNBUFFERED="1",
    )
    return env


def group_alive(pgid: int) -> list[int]:
    """Pids of the live (not zombie) processes of a process group, read from /proc."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state not in ("Z", "X"):
            alive.append(int(entry))
    return alive


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the whole process group of `proc` (its own session) and wait until none of it runs."""
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):  # SIGKILL cannot be ignored; the group check below decides
        proc.wait(timeout=KILL_TIMEOUT_S)
    deadline = time.monotonic() + KILL_TIMEOUT_S
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)


class Server:
    """gunicorn serving `app:app` (the factory, production settings) with several workers and threads."""

    def __init__(self, env: dict[str, str], log_dir: Path, workers: int = 2, threads: int = 4) -> None:
        self.env, self.log_dir, self.workers, self.threads = env, log_dir, workers, threads
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = ""
        self.runs = 0

    def start(self) -> str:
        self.runs += 1
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.log = self.log_dir / f"gunicorn-{self.runs}.log"
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "--workers", str(self.workers), "--threads", str(self.threads),
                 "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning", "app:app"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        self._wait_ready()
        return self.base

    def _wait_ready(self) -> None:
        """Poll /healthz (it runs a query) until it answers 200; fail with the server's log otherwise."""
        assert self.proc is not None
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"gunicorn not ready within {READY_TIMEOUT_S}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL master and workers together (no graceful shutdown, nothing flushed)."""
        assert self.proc is not None
        pgid = self.proc.pid
        kill_group(self.proc)
        assert group_alive(pgid) == [], f"processes of the server survived SIGKILL: {group_alive(pgid)}"

    def stop(self) -> None:
        """Always safe to call: kills whatever of the server still runs."""
        if self.proc is not None:
            kill_group(self.proc)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


@contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        yield server
    finally:
        server.stop()


# --- what the database must look like after any crash --------------------------------------------


def expected_grading(attempt: Attempt, answers: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Grade saved answers exactly as quizzes.services.submit_attempt does, from the attempt's snapshot."""
    score = Decimal(0)
    credits: dict[int, Decimal] = {}
    by_area: dict[str, list[Decimal]] = {}
    for question in attempt.snapshot:
        credit = grade(question, answers.get(question["id"]))
        credits[question["id"]] = credit
        score += credit
        by_area.setdefault(question.get("area") or "-", []).append(credit)
    max_score = Decimal(len(attempt.snapshot))
    percent = (score * 100 / max_score).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "score": score,
        "max_score": max_score,
        "percent": percent,
        "passed": percent >= (attempt.pass_percent or 0),
        "credits": credits,
        "area_scores": {
            area: float((sum(values) * 100 / len(values)).quantize(Decimal("0.01"))) for area, values in by_area.items()
        },
    }


def check_consistency(session: Session) -> list[str]:
    """Every invariant a crash must not break; returns the broken ones (empty when all hold).

    - no answer row without its attempt, none for a question outside the attempt's snapshot;
    - an open attempt has no grading at all; a submitted one has all of it, consistent with its saved answers
      (score, max score, percent, passed, per-area scores and each answer's credit);
    - the enrolment keeps the best final percent and the pass; a confirmation only for a passed attempt, and
      every confirmation has its valid certificate (none without a confirmation).
    """
    session.expire_all()
    problems: list[str] = []
    orphans = session.scalar(
        select(func.count(AttemptAnswer.id)).outerjoin(Attempt, AttemptAnswer.attempt_id == Attempt.id)
        .where(Attempt.id.is_(None))
    )  # fmt: skip
    if orphans:
        problems.append(f"{orphans} answer rows without an attempt")
    best: dict[tuple[int, int], Decimal] = {}
    passed_users: set[int] = set()
    for attempt in session.scalars(select(Attempt).order_by(Attempt.id)):
        rows = session.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id)).all()
        snapshot_ids = {q["id"] for q in attempt.snapshot}
        strays = [r.question_id for r in rows if r.question_id not in snapshot_ids]
        if strays:
            problems.append(f"attempt {attempt.id}: answers to questions outside its snapshot {strays}")
        graded = (attempt.score, attempt.max_score, attempt.percent, attempt.passed, attempt.area_scores)
        if attempt.state == AttemptState.OPEN:
            if any(v is not None for v in graded) or attempt.submitted_at is not None:
                problems.append(f"attempt {attempt.id}: open but partly graded {graded}")
            if any(r.score is not None for r in rows):
                problems.append(f"attempt {attempt.id}: open but some answers carry a score")
            continue
        if any(v is None for v in graded) or attempt.submitted_at is None:
            problems.append(f"attempt {attempt.id}: submitted without its full grading {graded}")
            continue
        want = expected_grading(attempt, {r.question_id: r.answer for r in rows})
        for name in ("score", "max_score", "percent"):
            if Decimal(str(getattr(attempt, name))) != want[name]:
                problems.append(f"attempt {attempt.id}: {name} {getattr(attempt, name)}, its answers give {want[name]}")
        if attempt.passed != want["passed"]:
            problems.append(f"attempt {attempt.id}: passed {attempt.passed}, its answers give {want['passed']}")
        if attempt.area_scores != want["area_scores"]:
            problems.append(f"attempt {attempt.id}: area scores {attempt.area_scores} != {want['area_scores']}")
        for row in rows:
            if row.score is None or Decimal(str(row.score)) != want["credits"][row.question_id]:
                problems.append(
                    f"attempt {attempt.id}: answer to {row.question_id} ({row.answer}) has credit {row.score}, "
                    f"grading it gives {want['credits'][row.question_id]} (saved after the grading?)"
                )
        key = (attempt.user_id, attempt.quiz.course_id)
        best[key] = max(best.get(key, Decimal(-1)), Decimal(str(attempt.percent)))
        if attempt.passed:
            passed_users.add(attempt.user_id)
    for enrolment in session.scalars(select(Enrolment)):
        key = (enrolment.user_id, enrolment.course_id)
        stored = None if enrolment.best_percent is None else Decimal(str(enrolment.best_percent))
        if stored != best.get(key):
            problems.append(f"enrolment {enrolment.id}: best percent {stored}, attempts give {best.get(key)}")
        if (enrolment.passed_at is not None) != (enrolment.user_id in passed_users):
            problems.append(f"enrolment {enrolment.id}: passed_at {enrolment.passed_at} disagrees with the attempts")
    for confirmation in session.scalars(select(Confirmation)):
        attempt = session.get(Attempt, confirmation.attempt_id)
        if attempt is None or attempt.state != AttemptState.SUBMITTED or not attempt.passed:
            problems.append(f"confirmation {confirmation.id} without a passed, submitted attempt")
        valid = session.scalar(
            select(func.count(Certificate.id)).where(
                Certificate.confirmation_id == confirmation.id, Certificate.status == CertificateStatus.VALID
            )
        )
        if valid != 1:
            problems.append(f"confirmation {confirmation.id} has {valid} valid certificates")
    stray_certificates = session.scalar(
        select(func.count(Certificate.id)).outerjoin(Confirmation, Certificate.confirmation_id == Confirmation.id)
        .where(Confirmation.id.is_(None))
    )  # fmt: skip
    if stray_certificates:
        problems.append(f"{stray_certificates} certificates without a confirmation")
    session.rollback()
    return problems


def table_counts(session: Session, tables: list[Any]) -> dict[str, int]:
    session.expire_all()
    counts = {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in tables}
    session.rollback()
    return counts
