"""The floor: a bare Flask app (no application code) serving the same learner flow with the same database writes.

Run under the same gunicorn settings as the app (bench/loadtest.py --target floor). Same URLs and the same markers
in the pages, so the same load generator drives it. What it does per request, with SQLAlchemy Core and plain SQL:

  GET  /auth/login                          a form with a CSRF-looking token
  POST /auth/login                          read the user, check the scrypt hash (the work any sign-in must do),
                                            update last_login_at, commit, set the signed session cookie
  GET  /courses/<id>                        one query for the lessons, one for the final; tiny HTML
  GET  /courses/<id>/lessons/<id>           one query for the lesson body
  POST /quizzes/<id>/start                  count attempts; draw 30 questions with options (2 queries); insert the
                                            attempt with its snapshot; mark the enrolment assessed; commit
  GET  /quizzes/attempts/<id>               read the snapshot; HTML with the questions and options
  POST /quizzes/attempts/<id>/answers/<q>   check the attempt is open and the learner's (1 query); upsert the answer
  POST /quizzes/attempts/<id>/submit        lock the attempt; read answers; grade; write answer scores, the attempt
                                            and the enrolment; commit

No templates, no ORM, no CSRF check, no flask-login, no compression, no request log: what is left is Flask, the
database driver, the writes and the password hash.
"""

import json
import os
import random
from datetime import UTC, datetime
from html import escape

from flask import Flask, abort, jsonify, redirect, request, session
from sqlalchemy import bindparam, create_engine, text
from werkzeug.security import check_password_hash

URL = os.environ["LMS_DATABASE_URL"]
if URL.startswith(("postgres://", "postgresql://")):
    URL = "postgresql+psycopg://" + URL.split("://", 1)[1]
PG = URL.startswith("postgresql")

app = Flask(__name__)
app.secret_key = os.environ.get("LMS_SECRET_KEY", "floor-" + "x" * 32)
engine = create_engine(URL, pool_pre_ping=True)
TOKEN = '<input id="csrf_token" name="csrf_token" type="hidden" value="floor">'

if not PG:
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _pragmas(conn, _record):  # type: ignore[no-untyped-def]
        cursor = conn.cursor()
        for pragma in ("foreign_keys=ON", "busy_timeout=5000", "journal_mode=WAL", "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()


def now() -> object:
    moment = datetime.now(UTC)
    return moment if PG else moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def uid() -> int:
    if "uid" not in session:
        abort(401)
    return int(session["uid"])


@app.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return "ok"


@app.get("/auth/login")
def login_form():  # type: ignore[no-untyped-def]
    return f"<form method=post>{TOKEN}<input name=username><input name=password></form>"


@app.post("/auth/login")
def login():  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        row = conn.execute(
            text("SELECT id, password_hash FROM users WHERE username = :u AND active"),
            {"u": request.form["username"]},
        ).first()
        if row is None or not check_password_hash(row.password_hash or "", request.form["password"]):
            abort(401)
        conn.execute(text("UPDATE users SET last_login_at = :t WHERE id = :id"), {"t": now(), "id": row.id})
    session["uid"] = row.id
    return redirect("/")


@app.get("/courses/<int:course_id>")
def course(course_id: int):  # type: ignore[no-untyped-def]
    uid()
    with engine.connect() as conn:
        lessons = conn.execute(
            text(
                "SELECT l.id, l.title FROM lessons l JOIN modules m ON l.module_id = m.id "
                "WHERE m.course_id = :c ORDER BY m.position, l.position"
            ),
            {"c": course_id},
        ).all()
        final = conn.execute(
            text("SELECT id FROM quizzes WHERE course_id = :c AND kind = 'final'"), {"c": course_id}
        ).scalar()
    links = "".join(f'<a href="/courses/{course_id}/lessons/{i}">{escape(t)}</a>' for i, t in lessons)
    return f'{TOKEN}{links}<a href="/quizzes/{final}">final</a>'


@app.get("/courses/<int:course_id>/lessons/<int:lesson_id>")
def lesson(course_id: int, lesson_id: int):  # type: ignore[no-untyped-def]
    uid()
    with engine.connect() as conn:
        body = conn.execute(text("SELECT body_html FROM lessons WHERE id = :l"), {"l": lesson_id}).scalar()
    return f"{TOKEN}{body}"


@app.post("/quizzes/<int:quiz_id>/start")
def start(quiz_id: int):  # type: ignore[no-untyped-def]
    user = uid()
    with engine.begin() as conn:
        used, open_id = conn.execute(
            text(
                "SELECT COUNT(*), MAX(CASE WHEN state = 'open' THEN id END) FROM attempts "
                "WHERE quiz_id = :q AND user_id = :u"
            ),
            {"q": quiz_id, "u": user},
        ).one()
        if open_id:
            return redirect(f"/quizzes/attempts/{open_id}")
        ids = conn.execute(text("SELECT id FROM questions WHERE retired_at IS NULL")).scalars().all()
        chosen = random.sample(ids, min(30, len(ids)))
        rows = conn.execute(
            text(
                "SELECT q.id, q.kind, q.text_html, o.id AS oid, o.text, o.fraction FROM questions q "
                "JOIN question_options o ON o.question_id = q.id WHERE q.id IN :ids ORDER BY q.id, o.position"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": chosen},
        ).all()
        snapshot: dict[int, dict[str, object]] = {}
        for r in rows:
            q = snapshot.setdefault(r.id, {"id": r.id, "kind": r.kind, "text_html": r.text_html, "options": []})
            q["options"].append({"id": r.oid, "text": r.text, "fraction": float(r.fraction)})  # type: ignore[attr-defined]
        attempt_id = conn.execute(
            text(
                "INSERT INTO attempts (quiz_id, user_id, number, state, started_at, pass_percent, snapshot) "
                "VALUES (:q, :u, :n, 'open', :t, 70, :s) RETURNING id"
            ),
            {"q": quiz_id, "u": user, "n": used + 1, "t": now(), "s": json.dumps(list(snapshot.values()))},
        ).scalar()
        conn.execute(
            text(
                "UPDATE enrolments SET assessed_at = :t WHERE user_id = :u AND assessed_at IS NULL AND course_id = "
                "(SELECT course_id FROM quizzes WHERE id = :q)"
            ),
            {"t": now(), "u": user, "q": quiz_id},
        )
    return redirect(f"/quizzes/attempts/{attempt_id}")


@app.get("/quizzes/attempts/<int:attempt_id>")
def attempt(attempt_id: int):  # type: ignore[no-untyped-def]
    user = uid()
    with engine.connect() as conn:
        raw = conn.execute(
            text("SELECT snapshot FROM attempts WHERE id = :a AND user_id = :u"), {"a": attempt_id, "u": user}
        ).scalar()
    snapshot = json.loads(raw) if isinstance(raw, str) else raw
    parts = [f'<form data-attempt="{attempt_id}">{TOKEN}']
    for q in snapshot:
        parts.append(f'<fieldset data-question="{q["id"]}" data-type="{q["kind"]}">{q["text_html"]}')
        parts += [f'<input type=radio name="q{q["id"]}" value="{o["id"]}">{escape(o["text"])}' for o in q["options"]]
        parts.append("</fieldset>")
    return "".join(parts)


UPSERT = text(
    "INSERT INTO attempt_answers (attempt_id, question_id, answer, saved_at) VALUES (:a, :q, :v, :t) "
    "ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = excluded.answer, saved_at = excluded.saved_at"
)


@app.post("/quizzes/attempts/<int:attempt_id>/answers/<int:question_id>")
def save(attempt_id: int, question_id: int):  # type: ignore[no-untyped-def]
    user = uid()
    body = request.get_json()
    with engine.begin() as conn:
        state = conn.execute(
            text("SELECT state FROM attempts WHERE id = :a AND user_id = :u" + (" FOR UPDATE" if PG else "")),
            {"a": attempt_id, "u": user},
        ).scalar()
        if state != "open":
            abort(409)
        moment = now()
        conn.execute(UPSERT, {"a": attempt_id, "q": question_id, "v": json.dumps(body), "t": moment})
    return jsonify(saved=True, question_id=question_id)


@app.post("/quizzes/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int):  # type: ignore[no-untyped-def]
    user = uid()
    with engine.begin() as conn:
        row = conn.execute(
            text(
                "SELECT quiz_id, state, snapshot FROM attempts WHERE id = :a AND user_id = :u"
                + (" FOR UPDATE" if PG else "")
            ),
            {"a": attempt_id, "u": user},
        ).one()
        if row.state == "open":
            snapshot = json.loads(row.snapshot) if isinstance(row.snapshot, str) else row.snapshot
            correct = {q["id"]: {o["id"] for o in q["options"] if o["fraction"] > 0} for q in snapshot}
            answers = conn.execute(
                text("SELECT id, question_id, answer FROM attempt_answers WHERE attempt_id = :a"), {"a": attempt_id}
            ).all()
            scores = []
            for a in answers:
                value = json.loads(a.answer) if isinstance(a.answer, str) else a.answer
                scores.append({"id": a.id, "s": int(set(value.get("option_ids", [])) == correct.get(a.question_id))})
            if scores:
                conn.execute(text("UPDATE attempt_answers SET score = :s WHERE id = :id"), scores)
            score = sum(s["s"] for s in scores)
            percent = round(score * 100 / max(1, len(snapshot)), 2)
            conn.execute(
                text(
                    "UPDATE attempts SET state = 'submitted', submitted_at = :t, score = :s, max_score = :m, "
                    "percent = :p, passed = :ok WHERE id = :a"
                ),
                {"t": now(), "s": score, "m": len(snapshot), "p": percent, "ok": percent >= 70, "a": attempt_id},
            )
            conn.execute(
                text(
                    "UPDATE enrolments SET best_percent = :p WHERE user_id = :u AND course_id = "
                    "(SELECT course_id FROM quizzes WHERE id = :q) AND (best_percent IS NULL OR best_percent < :p)"
                ),
                {"p": percent, "u": user, "q": row.quiz_id},
            )
    return redirect(f"/quizzes/attempts/{attempt_id}/result")
