"""Benchmark data: the Lai Châu unit tree filled to a given scale, with a realistic learning history.

Scales (`--scale`):
  quick     4 000 officials, 500 questions, 60 000 answers, 5 generated courses (smoke runs, seconds)
  province  20 000 officials, 5 000 questions, 1 000 000 answers, 40 generated courses
  national  500 000 officials (+400 generated communes), 5 000 questions, 10 000 000 answers (PostgreSQL only)

Run:
  .venv/bin/python -m bench.generate --scale province --database-url postgresql://postgres@127.0.0.1:5432/lms_bench_province
  .venv/bin/python -m bench.generate --scale province --database-url sqlite:////tmp/lms_bench_province.sqlite3

The base is built the way production is (`flask db upgrade`, `content sync`, `seed-demo`), then everything else is
bulk-inserted: COPY on PostgreSQL (psycopg), executemany on SQLite. Generation is reusable: a database that already
holds the scale is left as it is (a marker question bank "bench-scale:<name>" is written last); `--fresh` drops and
recreates it. Deterministic (seeded).

Besides ordinary officials the generator creates:
  bench.00000 … bench.NNNNN  load-test learners (password PASSWORD, enrolled in the shipped course, no progress yet);
                             bench/loadtest.py resets their attempts before every run, so they can be reused;
  bench.monitor              a monitor (province scope) for timing the dashboard.
"""

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
PASSWORD = "Bench-mat-khau-2026"
SEED = 9009
AREAS = ["CDS", "TB", "TT", "GT", "ND", "AT", "DV", "AI"]
WEEKS = 14


@dataclass(frozen=True)
class Scale:
    name: str
    officials: int
    extra_communes: int
    questions: int
    answers: int
    courses: int
    bench_learners: int
    lesson_completions: bool  # national: the dashboard reads per-person state only, so skip ~10 M rows


SCALES = {
    "quick": Scale("quick", 4_000, 0, 500, 60_000, 5, 600, True),
    "province": Scale("province", 20_000, 0, 5_000, 1_000_000, 40, 6_000, True),
    "national": Scale("national", 500_000, 400, 5_000, 10_000_000, 40, 6_000, False),
}


def normalise(url: str) -> str:
    if url.startswith("postgres://") or url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def is_postgres(url: str) -> bool:
    return url.startswith("postgres")


def env_for(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "LMS_DATABASE_URL": url,
        "LMS_ENV": "development",
        "LMS_SECRET_KEY": "bench-" + "x" * 32,
        "LMS_LOG_LEVEL": "WARNING",
        "LMS_DEMO_PASSWORD": PASSWORD,
    }


def flask(url: str, *args: str) -> None:
    out = subprocess.run(
        [PYTHON, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env_for(url), capture_output=True, text=True
    )
    if out.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")


# --- the database itself -------------------------------------------------------------------


def _pg_admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    base, name = url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)
    return psycopg.connect(base + "/postgres", autocommit=True), name.split("?")[0]


def drop_database(url: str) -> None:
    if is_postgres(url):
        conn, name = _pg_admin(url)
        with conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = Path(url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def ensure_database(url: str) -> None:
    if is_postgres(url):
        conn, name = _pg_admin(url)
        with conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')


def schema_fingerprint() -> str:
    """A hash of the migrations and models: bench data built on another schema is rebuilt."""
    digest = hashlib.sha1(usedforsecurity=False)
    for pattern in ("migrations/versions/*.py", "*/models.py", "lms/*/models.py"):
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def scale_marker(url: str) -> str | None:
    """The scale this database holds ("province:<schema fingerprint>"; None when it has no bench data, "base" when
    only the base is there)."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(normalise(url))
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("question_banks"):
                return None
            names = conn.execute(text("SELECT name FROM question_banks WHERE name LIKE 'bench-scale:%'")).scalars()
            found = [n.split(":", 1)[1] for n in names]
            if found:
                return found[0]
            has_users = conn.execute(text("SELECT 1 FROM users WHERE username = 'demo.monitor'")).first()
            return "base" if has_users else None
    finally:
        engine.dispose()


# --- bulk writing ------------------------------------------------------------------------


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _pg_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


class Writer:
    """COPY on PostgreSQL, executemany on SQLite, on one raw DB-API connection (one transaction)."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self.raw = engine.raw_connection()
        self.pg = engine.dialect.name == "postgresql"
        self.counts: dict[str, int] = {}

    def rows(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
        cursor = self.raw.cursor()
        n = 0
        if self.pg:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(tuple(_pg_value(v) for v in row))
                    n += 1
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(tuple(_sqlite_value(v) for v in row))
                if len(batch) >= 20_000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
                n += len(batch)
        self.counts[table] = self.counts.get(table, 0) + n
        return n

    def text_rows(self, table: str, columns: list[str], lines: Iterable[str]) -> int:
        """Fast path for the big answers table: pre-formatted tab-separated lines (PostgreSQL COPY text)."""
        cursor = self.raw.cursor()
        n = 0
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            chunk: list[str] = []
            for line in lines:
                chunk.append(line)
                if len(chunk) >= 10_000:
                    copy.write("".join(chunk))
                    n += len(chunk)
                    chunk.clear()
            if chunk:
                copy.write("".join(chunk))
                n += len(chunk)
        self.counts[table] = self.counts.get(table, 0) + n
        return n

    def scalar(self, sql: str) -> Any:
        cursor = self.raw.cursor()
        cursor.execute(sql)
        row = cursor.fetchone()
        return row[0] if row else None

    def column(self, sql: str) -> list[Any]:
        cursor = self.raw.cursor()
        cursor.execute(sql)
        return [r[0] for r in cursor.fetchall()]

    def execute(self, sql: str) -> None:
        self.raw.cursor().execute(sql)

    def next_id(self, table: str) -> int:
        return int(self.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")) + 1

    def fix_sequences(self, tables: list[str]) -> None:
        if not self.pg:
            return
        for table in tables:
            self.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


# --- names ------------------------------------------------------------------------------

KINH_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]


def person_name(rng: random.Random) -> tuple[str, bool]:
    from lms.demo import (
        ETHNIC_GIVEN_FEMALE,
        ETHNIC_GIVEN_MALE,
        ETHNIC_SURNAMES,
        KINH_MIDDLE_FEMALE,
        KINH_MIDDLE_MALE,
    )

    male = rng.random() < 0.55
    if rng.random() < 0.6:
        family = rng.choice(ETHNIC_SURNAMES[rng.choice(list(ETHNIC_SURNAMES))])
        middle = "Văn" if male else "Thị"
    else:
        family = rng.choice(KINH_SURNAMES)
        middle = rng.choice(KINH_MIDDLE_MALE if male else KINH_MIDDLE_FEMALE)
    given = rng.choice(ETHNIC_GIVEN_MALE if male else ETHNIC_GIVEN_FEMALE)
    return f"{family} {middle} {given}", male


# --- the generator ------------------------------------------------------------------------


def ts(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f+00")


def generate(url: str, scale: Scale, log=print) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Fill the database to `scale` (building the base first when needed); return what was written."""
    url = normalise(url)
    ensure_database(url)
    held = scale_marker(url)
    wanted = f"{scale.name}:{schema_fingerprint()}"
    if held == wanted:
        log(f"database already holds the {scale.name} scale: skipped")
        return {"skipped": True, "scale": scale.name}
    if held is not None and held.split(":")[0] == scale.name:
        log(f"the schema changed since the {scale.name} data was generated: rebuilding it")
        drop_database(url)
        ensure_database(url)
        held = None
    elif held not in (None, "base"):
        raise SystemExit(f"the database holds the {held!r} scale; use another database or --fresh")
    started = time.perf_counter()
    if held is None:
        for args in (("db", "upgrade"), ("content", "sync"), ("seed-demo",)):
            flask(url, *args)
        log(f"base (migrations, curriculum, Lai Châu demo data): {time.perf_counter() - started:.1f} s")
    from lms import create_app
    from lms.config import Config

    config = Config()
    config.SQLALCHEMY_DATABASE_URI = url
    config.SECRET_KEY = "bench-" + "x" * 32
    config.LOG_LEVEL = "WARNING"
    app = create_app(config)
    with app.app_context():
        counts = _fill(app, scale, log)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    log(f"generated the {scale.name} scale in {counts['seconds']} s")
    return counts


def _fill(app, scale: Scale, log) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from courses.models import Course, Lesson, Module
    from courses.services import DEFAULT_DEADLINE
    from lms.auth.passwords import hash_password
    from lms.certificates.services import get_issuer, grade_for
    from lms.extensions import db
    from lms.models import now_utc
    from lms.org.models import Unit, UnitKind
    from lms.org.services import create_unit
    from lms.text import fold
    from quizzes.models import Quiz, QuizKind

    session = db.session
    rng = random.Random(SEED)
    now = now_utc()
    story_start = now - timedelta(weeks=WEEKS)
    province = session.scalar(select(Unit).where(Unit.code == app.config["PROVINCE_CODE"]))
    assert province is not None, "no province unit: seed-demo did not run"  # noqa: S101
    t = time.perf_counter()
    for n in range(scale.extra_communes):
        create_unit(session, f"xa-bench-{n:04d}", f"Xã Thử Tải {n:04d}", UnitKind.COMMUNE, province)
    issuer = get_issuer(session, app.config["ORG_NAME"])
    issuer_row = (issuer.issuer_name, issuer.place, issuer.signer_title, issuer.signer_name)
    session.commit()
    course = session.scalar(select(Course).where(Course.slug == app.config["PROGRAMME_COURSE"]))
    assert course is not None  # noqa: S101
    framework_label = f"{course.framework.name}, phiên bản {course.framework.version}"
    final = session.scalar(select(Quiz).where(Quiz.course_id == course.id, Quiz.kind == QuizKind.FINAL))
    module_quizzes = list(
        session.scalars(select(Quiz.id).where(Quiz.course_id == course.id, Quiz.kind == QuizKind.MODULE))
    )
    lessons = list(
        session.scalars(
            select(Lesson.id)
            .join(Module, Lesson.module_id == Module.id)
            .where(Module.course_id == course.id, Lesson.retired_at.is_(None), Module.retired_at.is_(None))
            .order_by(Module.position, Lesson.position)
        )
    )
    units = session.execute(select(Unit.id, Unit.kind).where(Unit.active.is_(True), Unit.id != province.id)).all()
    local = [uid for uid, kind in units if kind in (UnitKind.COMMUNE, UnitKind.WARD)]
    offices = [uid for uid, kind in units if kind not in (UnitKind.COMMUNE, UnitKind.WARD)]
    course_id, framework_id, course_title = course.id, course.framework_id, course.title
    final_id, pass_percent = final.id, final.pass_percent
    password_hash = hash_password(PASSWORD, app.config["PASSWORD_HASH_METHOD"])
    session.close()

    w = Writer(db.engine)
    pg = w.pg

    # --- question bank: 5 000 single-choice questions, 4 options each
    bank_id = w.next_id("question_banks")
    w.rows("question_banks", ["id", "name", "created_at"], [(bank_id, f"Ngân hàng thử tải ({scale.name})", now)])
    q0, o0 = w.next_id("questions"), w.next_id("question_options")
    question_area: list[str] = []

    def questions() -> Iterator[tuple[Any, ...]]:
        for n in range(scale.questions):
            area = AREAS[n % len(AREAS)]
            question_area.append(area)
            text = f"Câu hỏi thử tải số {n + 1} về lĩnh vực {area}: chọn phương án đúng nhất."
            yield (q0 + n, bank_id, "single", f"TT-{n + 1}", text, f"<p>{text}</p>", "", area,
                   1 + n % 3, [], False, now, now)  # fmt: skip

    question_columns = ["id", "bank_id", "kind", "title", "text", "text_html", "general_feedback", "area_code",
                        "difficulty", "tags", "ignore_diacritics", "created_at", "updated_at"]  # fmt: skip
    w.rows("questions", question_columns, questions())
    w.rows(
        "question_options",
        ["id", "question_id", "position", "text", "fraction", "feedback"],
        (
            (o0 + n * 4 + k, q0 + n, k, f"Phương án {'ABCD'[k]}", Decimal(100 if k == 0 else 0), "")
            for n in range(scale.questions)
            for k in range(4)
        ),
    )
    log(f"  questions: {scale.questions} ({time.perf_counter() - t:.1f} s)")

    # --- 40 generated courses: 4 modules × 5 lessons, a final drawing from the bench bank
    c0, m0, l0, z0 = w.next_id("courses"), w.next_id("modules"), w.next_id("lessons"), w.next_id("quizzes")
    d0 = w.next_id("quiz_draws")
    titles = [f"Chuyên đề số {n + 1:02d}: ứng dụng {AREAS[n % 8]} trong công việc ở xã" for n in range(scale.courses)]
    w.rows("courses", ["id", "slug", "title", "summary", "status", "is_open", "framework_id", "deadline",
                       "search_text", "created_at", "updated_at"],
           [(c0 + n, f"bench-chuyen-de-{n + 1:02d}", title, "Khóa học sinh ra cho thử tải.", "published", n % 2 == 0,
             framework_id, DEFAULT_DEADLINE, fold(title), now, now) for n, title in enumerate(titles)])  # fmt: skip
    w.rows("modules", ["id", "course_id", "slug", "title", "summary", "area_code", "position", "required"],
           [(m0 + n * 4 + k, c0 + n, f"hp-{k + 1}", f"Học phần {k + 1}", "", AREAS[(n + k) % 8], k, True)
            for n in range(scale.courses) for k in range(4)])  # fmt: skip
    body = "Nội dung bài học thử tải. " * 40
    w.rows("lessons", ["id", "module_id", "slug", "title", "body_markdown", "body_html", "minutes", "position",
                       "required", "search_text", "updated_at"],
           [(l0 + n * 5 + k, m0 + n, f"bai-{k + 1}", f"Bài {k + 1}", body, f"<p>{body}</p>", 10, k, True,
             fold(f"bai {k + 1}"), now) for n in range(scale.courses * 4) for k in range(5)])  # fmt: skip
    w.rows("quizzes", ["id", "course_id", "slug", "kind", "title", "pass_percent", "time_limit_s", "max_attempts",
                       "shuffle_questions", "shuffle_options", "review_policy", "created_at", "updated_at"],
           [(z0 + n, c0 + n, "final", "final", "Bài đánh giá cuối khóa", 70, 1800, 3, True, True, "full", now, now)
            for n in range(scale.courses)])  # fmt: skip
    w.rows("quiz_draws", ["id", "quiz_id", "area_code", "count", "bank_id"],
           [(d0 + n * 8 + k, z0 + n, AREAS[k], 2, bank_id)
            for n in range(scale.courses) for k in range(8)])  # fmt: skip

    # --- officials
    u0 = w.next_id("users")
    existing = int(w.scalar("SELECT COUNT(*) FROM users"))
    new = max(0, scale.officials - existing)
    categories = ["can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach"]
    people: list[tuple[int, int, str, str, date]] = []  # id, unit, name, category, birth

    def officials() -> Iterator[tuple[Any, ...]]:
        for n in range(new):
            uid = u0 + n
            unit = rng.choice(local) if rng.random() < 0.75 or not offices else rng.choice(offices)
            if n < scale.bench_learners:
                username, name, male = f"bench.{n:05d}", f"Người thử tải {n:05d}", True
                unit = local[n % len(local)]
            else:
                name, male = person_name(rng)
                username = f"cb.{scale.name[0]}{n:06d}"
            category = rng.choices(categories, weights=(20, 45, 20, 15))[0]
            born = date(rng.randint(1966, 2002), rng.randint(1, 12), rng.randint(1, 28))
            people.append((uid, unit, name, category, born))
            bench = n < scale.bench_learners
            yield (uid, username, name, fold(f"{name} {username}"), born, "nam" if male else "nu", unit,
                   "Chuyên viên", category, f"{username}@laichau.gov.vn", None, None, True,
                   password_hash if bench else None, False, 1, now, now)  # fmt: skip

    w.rows("users", ["id", "username", "full_name", "search_text", "date_of_birth", "gender", "unit_id", "position",
                     "staff_category", "email", "phone", "national_id", "active", "password_hash",
                     "must_change_password", "session_version", "created_at", "updated_at"], officials())  # fmt: skip
    r0 = w.next_id("role_assignments")
    w.rows("role_assignments", ["id", "user_id", "role", "unit_id", "created_at"],
           [(r0 + n, u0 + n, "learner", None, now) for n in range(new)])  # fmt: skip
    monitor_id = w.next_id("users")
    if not w.scalar("SELECT COUNT(*) FROM users WHERE username = 'bench.monitor'"):
        w.rows("users", ["id", "username", "full_name", "search_text", "unit_id", "staff_category", "active",
                         "password_hash", "must_change_password", "session_version", "created_at", "updated_at"],
               [(monitor_id, "bench.monitor", "Người theo dõi thử tải", "nguoi theo doi thu tai bench.monitor",
                 province.id, "cong_chuc", True, password_hash, False, 1, now, now)])  # fmt: skip
        w.rows("role_assignments", ["id", "user_id", "role", "unit_id", "created_at"],
               [(r0 + new, monitor_id, "monitor", None, now),
                (r0 + new + 1, monitor_id, "learner", None, now)])  # fmt: skip
    log(f"  officials: {new} new, {existing + new} in all ({time.perf_counter() - t:.1f} s)")

    # --- the story: enrolments, lesson completions, attempts with answers, confirmations, certificates
    pace_by_unit: dict[int, float] = {}
    e0 = w.next_id("enrolments")
    enrolments: list[tuple[Any, ...]] = []
    completions: list[tuple[int, int, datetime]] = []
    finals: list[list[Any]] = []  # [user, number, started, submitted, percent, passed]
    passed: list[tuple[int, datetime, Decimal]] = []
    started_people: list[int] = []
    total_items = len(lessons) + 1

    def moment(earliest: datetime, pace: float) -> datetime:
        span = (now - earliest).total_seconds()
        return earliest + timedelta(seconds=span * (1 - rng.random() ** (0.5 + pace)) * 0.98)

    for i, (uid, unit, _name, _cat, _born) in enumerate(people):
        enrol = [e0 + len(enrolments), uid, course_id, "assigned", DEFAULT_DEADLINE, story_start,
                 0, total_items, 0, None, None, None, None, None, None, None, None]  # fmt: skip
        enrolments.append(enrol)  # type: ignore[arg-type]
        if i < scale.bench_learners:
            continue
        pace = pace_by_unit.setdefault(unit, rng.choice([0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 0.95]))
        r = rng.random()
        if r > pace + (1 - pace) * 0.45:
            continue
        began = moment(story_start, pace * 0.5)
        done = len(lessons) if r < pace * 0.9 else rng.randint(1, len(lessons) - 1)
        last = began
        for lesson_id in lessons[:done]:
            last = min(now, last + timedelta(minutes=rng.randint(10, 600)))
            if scale.lesson_completions:
                completions.append((uid, lesson_id, last))
        started_people.append(uid)
        enrol[6], enrol[8], enrol[9], enrol[12] = done, done * 100 // total_items, began, last
        if done < len(lessons):
            continue
        enrol[11] = last  # lessons_completed_at
        tries = rng.choices([1, 2, 3], weights=(70, 22, 8))[0]
        taken = last
        best = Decimal(0)
        for number in range(1, tries + 1):
            taken = min(now, taken + timedelta(hours=rng.randint(1, 72)))
            good = r < pace * 0.8 and number == tries
            score = Decimal(rng.choice([73, 77, 80, 83, 87, 90, 93, 97] if good else [40, 50, 57, 63, 67]))
            finals.append([uid, number, taken - timedelta(minutes=25), taken, score, score >= pass_percent])
            best = max(best, score)
            if number == 1:
                enrol[13] = taken - timedelta(minutes=25)  # assessed_at
        enrol[14] = best
        if best >= pass_percent:
            enrol[6], enrol[8], enrol[15], enrol[16] = total_items, 100, taken, taken  # passed_at, completed_at
            passed.append((uid, taken, best))

    w.rows("enrolments", ENROLMENT_COLUMNS, (tuple(e) for e in enrolments))
    # generated courses: a share of people enrolled in one or two, some progress, no attempts
    extra: list[tuple[Any, ...]] = []
    next_enrolment = e0 + len(enrolments)
    for uid, *_ in people[scale.bench_learners :: 3]:
        for cid in rng.sample(range(c0, c0 + scale.courses), k=min(scale.courses, rng.choice([1, 2]))):
            done = rng.choice([0, 0, 5, 10, 20])
            began = moment(story_start, 0.3) if done else None
            extra.append((next_enrolment, uid, cid, "self", None, story_start, done, 21, done * 100 // 21, began,
                          None, None, began, None, None, None, None))  # fmt: skip
            next_enrolment += 1
    w.rows("enrolments", ENROLMENT_COLUMNS, extra)
    if completions:
        lc0 = w.next_id("lesson_completions")
        w.rows("lesson_completions", ["id", "user_id", "lesson_id", "completed_at"],
               ((lc0 + n, *row) for n, row in enumerate(completions)))  # fmt: skip
    log(f"  enrolments: {len(enrolments) + len(extra)}, lesson completions: {len(completions)} "
        f"({time.perf_counter() - t:.1f} s)")  # fmt: skip

    # attempts: finals (30 answers) first, then practice attempts (10 answers) until the answer target is met
    a0 = w.next_id("attempts")
    attempts: list[tuple[Any, ...]] = []
    plan: list[tuple[int, int]] = []  # (attempt id, answers)
    final_attempt_of: dict[int, int] = {}
    for uid, number, began, ended, score, ok in finals:
        aid = a0 + len(attempts)
        attempts.append((aid, final_id, uid, number, "submitted", began, began + timedelta(minutes=30), ended,
                         pass_percent, score * 30 / 100, Decimal(30), score, ok, [], {}))  # fmt: skip
        plan.append((aid, 30))
        if ok:
            final_attempt_of[uid] = aid
    remaining = scale.answers - 30 * len(plan)
    practice_number: dict[tuple[int, int], int] = {}
    k = 0
    pool = started_people or [p[0] for p in people[scale.bench_learners :]]
    while remaining > 0 and module_quizzes and pool:
        uid = pool[k % len(pool)]
        quiz_id = module_quizzes[(k // len(pool)) % len(module_quizzes)]
        k += 1
        number = practice_number[(quiz_id, uid)] = practice_number.get((quiz_id, uid), 0) + 1
        size = min(10, remaining)
        began = moment(story_start, 0.5)
        score = Decimal(rng.randint(3, 10) * 10)
        aid = a0 + len(attempts)
        attempts.append((aid, quiz_id, uid, number, "submitted", began, None, began + timedelta(minutes=8), 70,
                         score / 10, Decimal(10), score, score >= 70, [], {}))  # fmt: skip
        plan.append((aid, size))
        remaining -= size
    w.rows("attempts", ["id", "quiz_id", "user_id", "number", "state", "started_at", "deadline_at", "submitted_at",
                        "pass_percent", "score", "max_score", "percent", "passed", "snapshot", "area_scores"],
           attempts)  # fmt: skip
    log(f"  attempts: {len(attempts)} ({time.perf_counter() - t:.1f} s)")

    ans0 = w.next_id("attempt_answers")
    saved = ts(now - timedelta(days=3))

    def answer_values() -> Iterator[tuple[int, int, int, int, int]]:
        nid = ans0
        for aid, size in plan:
            for qi in rng.sample(range(scale.questions), size):
                choice = 0 if rng.random() < 0.75 else rng.randint(1, 3)
                yield nid, aid, q0 + qi, o0 + qi * 4 + choice, int(choice == 0)
                nid += 1

    columns = ["id", "attempt_id", "question_id", "answer", "score", "saved_at"]
    if pg:
        lines = (f'{i}\t{a}\t{q}\t{{"option_ids": [{o}]}}\t{s}\t{saved}\n' for i, a, q, o, s in answer_values())
        w.text_rows("attempt_answers", columns, lines)
    else:
        saved_dt = now - timedelta(days=3)
        w.rows("attempt_answers", columns,
               ((i, a, q, {"option_ids": [o]}, s, saved_dt) for i, a, q, o, s in answer_values()))  # fmt: skip
    log(f"  answers: {w.counts['attempt_answers']} ({time.perf_counter() - t:.1f} s)")

    # confirmations and certificates for everyone who passed
    f0, cert0 = w.next_id("confirmations"), w.next_id("certificates")
    by_id = {p[0]: p for p in people}
    w.rows("confirmations", ["id", "user_id", "framework_id", "course_id", "attempt_id", "score_percent",
                             "area_scores", "confirmed_at"],
           [(f0 + n, uid, framework_id, course_id, final_attempt_of[uid], score, {}, at)
            for n, (uid, at, score) in enumerate(passed)])  # fmt: skip

    def certificates() -> Iterator[tuple[Any, ...]]:
        for n, (uid, at, score) in enumerate(passed):
            cid = cert0 + n
            _, _unit, name, _cat, born = by_id[uid]
            yield (cid, f"KNS-{at.year}-{cid:07d}", f"{cid:07d}/GCN-{at.year}", f"b{scale.name[0]}{cid:030d}", uid,
                   course_id, f0 + n, "valid", name, born, "", course_title, framework_label, score, grade_for(score),
                   story_start.date(), at.date(), at.date(), *issuer_row, cid, at)  # fmt: skip

    w.rows("certificates", ["id", "serial", "register_number", "token", "user_id", "course_id", "confirmation_id",
                            "status", "holder_name", "holder_birth_date", "unit_name", "course_title",
                            "framework_label", "score_percent", "grade", "study_from", "study_to", "issued_on",
                            "issuer_name", "place", "signer_title", "signer_name", "number", "created_at"],
           certificates())  # fmt: skip
    w.fix_sequences(["question_banks", "questions", "question_options", "courses", "modules", "lessons", "quizzes",
                     "quiz_draws", "users", "role_assignments", "enrolments", "lesson_completions", "attempts",
                     "attempt_answers", "confirmations", "certificates"])  # fmt: skip
    marker = f"bench-scale:{scale.name}:{schema_fingerprint()}"
    w.rows("question_banks", ["id", "name", "created_at"], [(bank_id + 1, marker, now)])
    w.fix_sequences(["question_banks"])
    w.raw.commit()
    log(f"  confirmations and certificates: {len(passed)} ({time.perf_counter() - t:.1f} s)")
    if pg:
        dbapi = w.raw.dbapi_connection
        dbapi.autocommit = True
        dbapi.execute("VACUUM ANALYZE")
    else:
        w.execute("ANALYZE")
        w.raw.commit()
    w.raw.close()
    log(f"  analyze: ({time.perf_counter() - t:.1f} s)")
    counts = {"scale": scale.name, "skipped": False, **w.counts}
    counts["officials_total"] = existing + new
    return counts


ENROLMENT_COLUMNS = ["id", "user_id", "course_id", "source", "deadline", "enrolled_at", "items_done", "items_total",
                     "progress_percent", "started_at", "area_scores", "lessons_completed_at", "last_activity_at",
                     "assessed_at", "best_percent", "passed_at", "completed_at"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="province")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    args = parser.parse_args()
    url = normalise(args.database_url)
    if SCALES[args.scale].name == "national" and not is_postgres(url):
        raise SystemExit("the national-like scale is for PostgreSQL only")
    if args.fresh:
        drop_database(url)
    print(json.dumps(generate(url, SCALES[args.scale]), ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
