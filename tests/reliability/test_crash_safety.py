"""Crash safety: SIGKILL the real server mid-burst, and the roster import mid-write; nothing acknowledged is lost.

The server is gunicorn with the app factory (`app:app`, production settings, 2 workers × 4 threads) on the test
session's database — the SQLite file, or PostgreSQL when LMS_TEST_DATABASE_URL is set. What "acknowledged"
means: the client got a 2xx answer. A request cut by the crash has no answer, so either outcome is allowed for
it, but never a half of one.
"""

import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from sqlalchemy import func, select

from courses.models import Enrolment, EnrolmentSource, Lesson
from courses.services import assign_course, enrol
from lms.auth.models import Role, User
from lms.extensions import db
from lms.org.models import Unit
from quizzes.models import Attempt, AttemptAnswer, AttemptState, Confirmation
from tests.courses.helpers import make_course
from tests.factories import PASSWORD, Tree, make_user
from tests.quizzes.helpers import make_questions, make_quiz
from tests.reliability.helpers import (
    PYTHON,
    ROOT,
    Server,
    app_env,
    check_consistency,
    group_alive,
    kill_group,
    running,
    table_counts,
)

BURST_TIMEOUT_S = 60.0
SHORT_TEXTS = ("sai rồi", "otp", "mật khẩu", "OTP")


# --- the learners and what each one did ------------------------------------------------------------


@dataclass
class Learner:
    username: str
    #: True: completes the lesson and settles on right answers, so passes and gets a certificate; False: settles
    #: on wrong answers; None (the racer): whatever its last round of answers gives.
    passes: bool | None
    token: str = ""
    attempt_id: int = 0
    questions: list[dict[str, Any]] = field(default_factory=list)  # the snapshot, correctness included
    acked: dict[int, dict[str, Any]] = field(default_factory=dict)  # last value the server acknowledged
    unknown: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # sent after it, no answer came
    saves_acked: int = 0
    statuses: list[int] = field(default_factory=list)
    submit_body: dict[str, Any] | None = None  # the acknowledged submit
    submit_unknown: bool = False
    submit_done: threading.Event = field(default_factory=threading.Event)
    ready: threading.Event = field(default_factory=threading.Event)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def value(self, question: dict[str, Any], round_: int) -> dict[str, Any]:
        """A different answer each round (stored form: option ids sorted)."""
        options = question["options"]
        if question["kind"] == "short_text":
            return {"text": SHORT_TEXTS[round_ % len(SHORT_TEXTS)]}
        if question["kind"] == "multiple":
            return {"option_ids": sorted(o["id"] for o in options[: round_ % len(options) + 1])}
        return {"option_ids": [options[round_ % len(options)]["id"]]}

    def final(self, question: dict[str, Any]) -> dict[str, Any]:
        """The answer the learner settles on: all right for those who pass, all wrong for the others."""
        if question["kind"] == "short_text":
            right = next(o["text"] for o in question["options"] if o["fraction"] >= 100)
            return {"text": right if self.passes is not False else SHORT_TEXTS[0]}
        if self.passes is not False:
            return {"option_ids": sorted(o["id"] for o in question["options"] if o["fraction"] > 0)}
        return {"option_ids": [min(question["options"], key=lambda o: o["fraction"])["id"]]}


LOCK = threading.Lock()


def save(client: httpx.Client, learner: Learner, question_id: int, value: dict[str, Any]) -> int | None:
    """PUT one answer and record the outcome; None when no answer came back."""
    try:
        response = client.put(
            f"/api/v1/attempts/{learner.attempt_id}/answers/{question_id}", json=value, headers=learner.headers
        )
    except httpx.ConnectError:
        return None  # never reached the server (it is down): no outcome to account for
    except httpx.HTTPError:
        with LOCK:
            learner.unknown.setdefault(question_id, []).append(value)
        return None
    with LOCK:
        learner.statuses.append(response.status_code)
        if response.status_code == 200:
            learner.acked[question_id] = value
            learner.unknown[question_id] = []
            learner.saves_acked += 1
        elif response.status_code >= 500:
            learner.unknown.setdefault(question_id, []).append(value)
    return response.status_code


def submit(client: httpx.Client, learner: Learner) -> None:
    try:
        response = client.post(f"/api/v1/attempts/{learner.attempt_id}/submit", headers=learner.headers)
    except httpx.ConnectError:
        pass
    except httpx.HTTPError:
        learner.submit_unknown = True
    else:
        with LOCK:
            learner.statuses.append(response.status_code)
        if response.status_code == 200:
            learner.submit_body = response.json()
        elif response.status_code >= 500:
            learner.submit_unknown = True
    learner.submit_done.set()


# --- the world ---------------------------------------------------------------------------------------


@pytest.fixture
def exam(session):  # type: ignore[no-untyped-def]
    """Seven learners enrolled in a course with one lesson and a final assessment of 8 questions in 2 areas."""
    tree = Tree(session)
    names = ["early.pass", "early.fail", "racer", "late.pass", "late.fail", "inflight.pass", "inflight.fail"]
    users = [make_user(session, name, unit=tree.commune_a, full_name=f"Lò Văn {name}") for name in names]
    course = make_course(session, modules=1, lessons=1)
    for user in users:
        enrol(session, user, course, EnrolmentSource.DIRECT)
    questions = make_questions(session, "AT") + make_questions(session, "AI")
    quiz = make_quiz(session, course, questions, kind="final", time_limit_s=3600, max_attempts=3, pass_percent=70)
    lesson_id = session.scalar(select(Lesson.id))
    session.commit()
    return {
        "quiz": quiz.id,
        "lesson": lesson_id,
        "learners": {name: Learner(name, passes=None if name == "racer" else name.endswith(".pass")) for name in names},
    }


def prepare(server: Server, exam: dict[str, Any], session) -> None:  # type: ignore[no-untyped-def]
    """Through the API: sign in, finish the lesson (those who pass), start the final assessment."""
    with httpx.Client(base_url=server.base, timeout=30) as client:
        for learner in exam["learners"].values():
            r = client.post("/api/v1/auth/token", json={"username": learner.username, "password": PASSWORD})
            assert r.status_code == 200, r.text + server.log_tail()
            learner.token = r.json()["token"]
            if learner.passes:
                r = client.post(f"/api/v1/lessons/{exam['lesson']}/complete", headers=learner.headers)
                assert r.status_code == 200, r.text + server.log_tail()
            r = client.post(f"/api/v1/quizzes/{exam['quiz']}/attempts", headers=learner.headers)
            assert r.status_code == 200, r.text + server.log_tail()
            learner.attempt_id = r.json()["attempt_id"]
    for learner in exam["learners"].values():
        learner.questions = session.get(Attempt, learner.attempt_id).snapshot
    session.rollback()


def burst(server: Server, exam: dict[str, Any]) -> None:
    """Saves and submits from eight threads; SIGKILL the server while late learners are still saving."""
    base, people = server.base, exam["learners"]
    stop, go_submit = threading.Event(), threading.Event()

    def early(learner: Learner) -> None:  # answers, changes its mind, settles, submits
        with httpx.Client(base_url=base, timeout=30) as client:
            for round_ in (0, 1):
                for q in learner.questions:
                    save(client, learner, q["id"], learner.value(q, round_))
            for q in learner.questions:
                save(client, learner, q["id"], learner.final(q))
            submit(client, learner)

    def racer_saves(learner: Learner) -> None:  # keeps saving while its own submit goes through
        with httpx.Client(base_url=base, timeout=30) as client:
            round_ = 0
            while not stop.is_set():
                for q in learner.questions:
                    if save(client, learner, q["id"], learner.value(q, round_)) == 409 or stop.is_set():
                        return
                round_ += 1

    def racer_submit(learner: Learner) -> None:
        deadline = time.monotonic() + BURST_TIMEOUT_S
        while learner.saves_acked < 6 and time.monotonic() < deadline and not stop.is_set():
            time.sleep(0.005)
        with httpx.Client(base_url=base, timeout=30) as client:
            submit(client, learner)

    def late(learner: Learner) -> None:  # saves round after round until the crash
        with httpx.Client(base_url=base, timeout=30) as client:
            round_ = 0
            while not stop.is_set():
                for q in learner.questions:
                    if stop.is_set():
                        break
                    save(client, learner, q["id"], learner.value(q, round_))
                round_ += 1

    def inflight(learner: Learner) -> None:  # submits just as the server is killed
        with httpx.Client(base_url=base, timeout=30) as client:
            for q in learner.questions:
                save(client, learner, q["id"], learner.final(q))
            learner.ready.set()
            if go_submit.wait(BURST_TIMEOUT_S) and not stop.is_set():
                submit(client, learner)

    jobs = [
        (early, people["early.pass"]),
        (early, people["early.fail"]),
        (racer_saves, people["racer"]),
        (racer_submit, people["racer"]),
        (late, people["late.pass"]),
        (late, people["late.fail"]),
        (inflight, people["inflight.pass"]),
        (inflight, people["inflight.fail"]),
    ]
    threads = [threading.Thread(target=job, args=(learner,), daemon=True) for job, learner in jobs]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + BURST_TIMEOUT_S
        submitted = [people[n] for n in ("early.pass", "early.fail", "racer")]
        ready = [people[n] for n in ("inflight.pass", "inflight.fail")]
        late_ones = [people["late.pass"], people["late.fail"]]
        while not (
            all(p.submit_done.is_set() for p in submitted)
            and all(p.ready.is_set() for p in ready)
            and all(p.saves_acked >= 2 * len(p.questions) for p in late_ones)
        ):
            assert time.monotonic() < deadline, f"the burst did not get far enough:\n{server.log_tail()}"
            time.sleep(0.005)
        go_submit.set()
        time.sleep(0.01)  # the last two submits are on the wire now, the late learners mid-save
        server.kill()
    finally:
        stop.set()
        go_submit.set()
        for thread in threads:
            thread.join(timeout=40)
    assert not any(t.is_alive() for t in threads), "a client thread hung after the crash"


# --- the checks --------------------------------------------------------------------------------------


def stored_answers(session, attempt_id: int) -> dict[int, dict[str, Any]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    rows = session.execute(
        select(AttemptAnswer.question_id, AttemptAnswer.answer).where(AttemptAnswer.attempt_id == attempt_id)
    ).all()
    session.rollback()
    return dict(rows)  # type: ignore[arg-type]


def check_acknowledged(session, learner: Learner) -> list[str]:  # type: ignore[no-untyped-def]
    """Every acknowledged save is stored with its value (or a later, unanswered one); acknowledged submits hold."""
    problems = []
    stored = stored_answers(session, learner.attempt_id)
    for q in learner.questions:
        allowed = [learner.acked.get(q["id"])] + learner.unknown.get(q["id"], [])
        if stored.get(q["id"]) not in allowed:
            problems.append(
                f"{learner.username}: question {q['id']} stored {stored.get(q['id'])}, acknowledged "
                f"{learner.acked.get(q['id'])}, unanswered after it {learner.unknown.get(q['id'], [])}"
            )
    attempt = session.get(Attempt, learner.attempt_id)
    if learner.submit_body is not None:
        if attempt.state != AttemptState.SUBMITTED:
            problems.append(f"{learner.username}: submit acknowledged, attempt is {attempt.state}")
        else:
            got = {"score": float(attempt.score), "max_score": float(attempt.max_score),
                   "percent": float(attempt.percent), "passed": attempt.passed}  # fmt: skip
            acked = {k: learner.submit_body[k] for k in got}
            if got != acked:
                problems.append(f"{learner.username}: acknowledged {acked}, the database has {got}")
    elif not learner.submit_unknown and attempt.state != AttemptState.OPEN:
        problems.append(f"{learner.username}: never submitted, attempt is {attempt.state}")
    session.rollback()
    return problems


def continue_after_restart(server: Server, exam: dict[str, Any], session) -> None:  # type: ignore[no-untyped-def]
    """The learners carry on: resume, save the rest, submit; a repeated submit returns the same result."""
    log = server.log_tail
    with httpx.Client(base_url=server.base, timeout=30) as client:
        for learner in exam["learners"].values():
            session.expire_all()
            state = session.get(Attempt, learner.attempt_id).state
            session.rollback()
            if state == AttemptState.OPEN:
                r = client.post(f"/api/v1/quizzes/{exam['quiz']}/attempts", headers=learner.headers)
                assert r.status_code == 200, r.text + log()
                assert r.json()["attempt_id"] == learner.attempt_id, "resuming must give back the same attempt"
                stored = {str(k): v for k, v in stored_answers(session, learner.attempt_id).items()}
                assert r.json()["answers"] == stored
                for q in learner.questions:
                    url = f"/api/v1/attempts/{learner.attempt_id}/answers/{q['id']}"
                    r = client.put(url, json=learner.final(q), headers=learner.headers)
                    assert r.status_code == 200, (
                        f"{learner.username}: save after restart {r.status_code} {r.text}{log()}"
                    )
                first = client.post(f"/api/v1/attempts/{learner.attempt_id}/submit", headers=learner.headers)
                assert first.status_code == 200, first.text + log()
                assert stored_answers(session, learner.attempt_id) == {q["id"]: learner.final(q)
                                                                       for q in learner.questions}  # fmt: skip
                learner.submit_body = first.json()
            else:
                q = learner.questions[0]
                r = client.put(f"/api/v1/attempts/{learner.attempt_id}/answers/{q['id']}", json=learner.final(q),
                               headers=learner.headers)  # fmt: skip
                assert r.status_code == 409, f"{learner.username}: a save after submit got {r.status_code}"
            again = client.post(f"/api/v1/attempts/{learner.attempt_id}/submit", headers=learner.headers)
            assert again.status_code == 200, again.text + log()
            if learner.submit_body is not None:
                assert again.json() == learner.submit_body, f"{learner.username}: resubmit changed the result"
            learner.submit_body = again.json()
            if learner.passes is not None:
                assert learner.submit_body["passed"] is learner.passes, (learner.username, learner.submit_body)
            assert (learner.submit_body["certificate"] is not None) is bool(learner.passes)


def test_server_killed_mid_burst_loses_no_acknowledged_answer_or_submission(tmp_path, database_url, exam, session):
    server = Server(app_env(database_url, tmp_path / "instance"), tmp_path)
    with running(server):
        server.start()
        prepare(server, exam, session)
        burst(server, exam)
        people = exam["learners"]

        # Before the crash: the early and racing submits were answered, the late learners were still saving.
        for name in ("early.pass", "early.fail", "racer"):
            assert people[name].submit_body is not None, (name, people[name].statuses, server.log_tail())
        assert people["early.pass"].submit_body["passed"] and people["early.pass"].submit_body["certificate"]
        assert all(people[n].saves_acked for n in ("late.pass", "late.fail"))

        # After the crash, before anyone is served again: everything acknowledged is there, nothing is half-done.
        problems = check_consistency(session)
        for learner in people.values():
            problems += check_acknowledged(session, learner)
        assert problems == [], "\n".join(problems)
        server_errors = {n: [s for s in p.statuses if s >= 500] for n, p in people.items()}
        assert not any(server_errors.values()), f"server errors during the burst: {server_errors}"

        server.start()
        continue_after_restart(server, exam, session)
        assert check_consistency(session) == []
        session.expire_all()
        attempts = session.scalars(select(Attempt)).all()
        assert len(attempts) == len(people) and all(a.state == AttemptState.SUBMITTED for a in attempts)
        confirmed = set(session.scalars(select(User.username).join(Confirmation, Confirmation.user_id == User.id)))
        assert confirmed == {n for n, p in people.items() if p.passes}
        session.rollback()


# --- the roster import, killed halfway ------------------------------------------------------------

ROSTER_ROWS = 2500  # three INSERT batches of people (1 000 rows each) and as many role rows and enrolments
ROSTER_HEADER = ["Tên đăng nhập", "Họ và tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Chức vụ", "Đối tượng",
                 "Email", "Số điện thoại", "Số CCCD"]  # fmt: skip
UNITS = ("xa-a", "xa-a-ttdv", "xa-b", "so-noi-vu")
CATEGORIES = {"Cán bộ": "can_bo", "Công chức": "cong_chuc", "Viên chức": "vien_chuc"}


def roster_row(n: int) -> list[str]:
    category = list(CATEGORIES)[n % len(CATEGORIES)]
    return [f"can.bo.{n:05d}", f"Lò Thị Thử Nghiệm {n}", f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/{1970 + n % 30}",
            "Nữ" if n % 2 else "Nam", UNITS[n % len(UNITS)], "Chuyên viên", category, f"cb{n}@laichau.gov.vn",
            f"09{n:08d}", f"0011{n:08d}"]  # fmt: skip


def write_roster(path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC (dữ liệu thử)"])
    sheet.append(ROSTER_HEADER)
    for n in range(ROSTER_ROWS):
        sheet.append(roster_row(n))
    book.save(path)


def import_frozen_then_killed(env: dict[str, str], roster: Path, point: str, tmp_path: Path) -> None:
    """Start `flask import-users`, let it reach `point` on its own, SIGKILL it there."""
    signal_file = tmp_path / f"frozen-{point.replace(':', '-')}"
    log = tmp_path / f"import-{point.replace(':', '-')}.log"
    command = [PYTHON, str(Path(__file__).with_name("freeze_cli.py")), str(signal_file), point, "--",
               "--app", "app", "import-users", str(roster)]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + IMPORT_TIMEOUT_S
        while not signal_file.exists():
            assert proc.poll() is None, f"the import ended ({proc.returncode}) before {point}:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"the import did not reach {point}:\n{log.read_text()}"
            time.sleep(0.02)
    finally:
        kill_group(proc)
    assert proc.returncode == -signal.SIGKILL
    assert group_alive(proc.pid) == []


IMPORT_TIMEOUT_S = 90.0


@pytest.fixture
def roster_world(session):  # type: ignore[no-untyped-def]
    """The unit tree, an admin, and the course assigned to the whole province (imported people get enrolled)."""
    tree = Tree(session)
    make_user(session, "quan.tri", Role.ADMIN, unit=tree.department)
    course = make_course(session, modules=1, lessons=1)
    assign_course(session, course, ["tinh"], [], [], None)
    session.commit()
    return course.id


def test_roster_import_killed_halfway_writes_nothing_and_a_rerun_imports_everything(
    tmp_path, database_url, roster_world, session
):
    roster = tmp_path / "danh-sach-can-bo.xlsx"
    write_roster(roster)
    env = app_env(database_url, tmp_path / "instance")
    tables = list(db.metadata.sorted_tables)
    before = table_counts(session, tables)

    # Killed while the people are being inserted (1 000 written, uncommitted), then with every row sent but
    # the COMMIT: the database must be as it was — all or nothing.
    for point in ("insert:users:2", "commit"):
        import_frozen_then_killed(env, roster, point, tmp_path)
        assert table_counts(session, tables) == before, f"rows of an import killed at {point} are in the database"

    done = subprocess.run(
        [PYTHON, "-m", "flask", "--app", "app", "import-users", str(roster)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=IMPORT_TIMEOUT_S,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Mới: {ROSTER_ROWS}," in done.stdout and f"ghi danh: {ROSTER_ROWS}," in done.stdout, done.stdout
    after = table_counts(session, tables)
    grown = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    assert grown == {"users": ROSTER_ROWS, "role_assignments": ROSTER_ROWS, "enrolments": ROSTER_ROWS,
                     "audit_events": 1}  # fmt: skip

    session.expire_all()
    units = dict(session.execute(select(Unit.id, Unit.code)).all())
    people = {u.username: u for u in session.scalars(select(User).where(User.username.like("can.bo.%")))}
    assert len(people) == ROSTER_ROWS
    for n in range(ROSTER_ROWS):
        username, full_name, birth, _, unit, _, category, email, phone, national_id = roster_row(n)
        person = people[username]
        got = (person.full_name, person.date_of_birth.strftime("%d/%m/%Y"), units[person.unit_id],
               person.staff_category, person.email, person.phone, person.national_id)  # fmt: skip
        assert got == (full_name, birth, unit, CATEGORIES[category], email, phone, national_id)
    enrolled = session.scalar(
        select(func.count(Enrolment.id)).join(User, Enrolment.user_id == User.id)
        .where(User.username.like("can.bo.%"), Enrolment.course_id == roster_world)
    )  # fmt: skip
    assert enrolled == ROSTER_ROWS
    session.rollback()
