"""Quiz and record integrity: nobody reads or changes someone else's attempt, moves a deadline, raises their
attempt count, sees correct answers before grading, or learns anything from forged ids but a Vietnamese 403/404."""

import re
import threading
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from courses.models import Course, EnrolmentSource
from courses.services import enrol
from lms.auth.models import User
from lms.models import now_utc
from quizzes.gift import parse_gift
from quizzes.models import Attempt, AttemptAnswer, AttemptState, Quiz
from tests.security.world import (
    ADMIN,
    LEARNER,
    LEARNER_B,
    MANAGER_IN,
    MONITOR,
    TRAINER,
    World,
    build_world,
    signed_in_client,
)

BANKS = Path(__file__).resolve().parents[2] / "quizzes" / "banks"
#: What the world's bank (tests/quizzes/helpers.GIFT) says only after grading: feedback and accepted short answers.
SECRETS = (
    "Dài và trộn ký tự",
    "Quá dễ đoán",
    "Quá phổ biến",
    "Không bao giờ.",
    "Chính xác.",
    "OTP là bí mật",
    "mật khẩu dùng một lần",
    "One-Time Password",
)
#: Words of the grading model that must never appear in what the browser gets before grading.
GRADING_WORDS = ("fraction", "feedback", "weight", "is_correct", "data-correct", '"correct"', "accepted")
#: Signs of a leaked stack trace or SQL.
LEAKS = ("Traceback", 'File "', "sqlalchemy", "SELECT ", "INSERT ", "psycopg", "sqlite3", "OperationalError")
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


@pytest.fixture
def world(session) -> World:  # type: ignore[no-untyped-def]
    return build_world(session)


def browser(app, world: World, actor: str):  # type: ignore[no-untyped-def]
    return signed_in_client(app, world, actor)


def api(app, world: World, actor: str, method: str, url: str, **kw):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {world.tokens[actor]}"}
    return app.test_client().open(url, method=method, headers=headers, **kw)


def enrol_b(session, world: World) -> None:  # type: ignore[no-untyped-def]
    """Make the learner of B a legitimate learner of the same course: their only wrong is the forged attempt id."""
    enrol(
        session, session.get(User, world.user_ids[LEARNER_B]), session.get(Course, world.course), EnrolmentSource.DIRECT
    )
    session.commit()


def assert_clean_error(response, status: int, message: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """The status, a Vietnamese message (the given one when named), and no stack trace or SQL."""
    body = response.get_data(as_text=True)
    assert response.status_code == status, (response.status_code, body[:300])
    for leak in LEAKS:
        assert leak not in body, (leak, body[:500])
    if response.is_json:
        text = response.json["error"]["message"]
    else:
        assert 'lang="vi"' in body
        text = body
    assert VIETNAMESE.search(text), text
    if message:
        assert message in text, text


def open_attempt(session, world: World) -> Attempt:  # type: ignore[no-untyped-def]
    session.expire_all()
    attempt = session.get(Attempt, world.open_attempt)
    assert attempt is not None
    return attempt


def first_option(attempt: Attempt) -> tuple[int, int]:
    question = next(q for q in attempt.snapshot if q["kind"] != "short_text")
    return question["id"], question["options"][0]["id"]


# --- someone else's attempt ------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", [LEARNER_B, TRAINER, MANAGER_IN, MONITOR, ADMIN])
def test_nobody_else_reads_an_attempt(app, session, world, actor):
    enrol_b(session, world)
    attempt = open_attempt(session, world)
    question_text = re.sub(r"<[^>]+>", "", attempt.snapshot[0]["text_html"])
    client = browser(app, world, actor)
    for url in (f"/quizzes/attempts/{world.open_attempt}", f"/quizzes/attempts/{world.submitted_attempt}/result"):
        response = client.get(url)
        assert_clean_error(response, 403, "Đây không phải lượt làm bài của bạn.")
        assert question_text not in response.get_data(as_text=True)


def test_a_learner_cannot_save_or_submit_someone_elses_attempt(app, session, world):
    enrol_b(session, world)
    attempt = open_attempt(session, world)
    question_id, option = first_option(attempt)
    client = browser(app, world, LEARNER_B)
    base = f"/quizzes/attempts/{world.open_attempt}"
    answer = {"option_ids": [option]}
    forged = [
        client.post(f"{base}/save", data={f"q{question_id}": str(option)}),
        client.post(f"{base}/save", data={f"q{question_id}": str(option), "submit": "1"}),
        client.post(f"{base}/answers/{question_id}", json=answer),
        client.post(f"{base}/submit"),
        api(app, world, LEARNER_B, "PUT", f"/api/v1/attempts/{world.open_attempt}/answers/{question_id}", json=answer),
        api(app, world, LEARNER_B, "POST", f"/api/v1/attempts/{world.open_attempt}/submit"),
    ]
    for response in forged:
        assert_clean_error(response, 403, "Đây không phải lượt làm bài của bạn.")
    attempt = open_attempt(session, world)
    assert attempt.state == AttemptState.OPEN and attempt.score is None
    assert session.scalar(select(func.count()).where(AttemptAnswer.attempt_id == attempt.id)) == 0


def test_a_signed_in_browser_cookie_does_not_open_the_api(app, world):
    """The API is exempt from CSRF because it takes bearer tokens only; a cookie alone must get 401."""
    client = browser(app, world, LEARNER)
    for method, url in (
        ("POST", f"/api/v1/quizzes/{world.quiz}/attempts"),
        ("POST", f"/api/v1/attempts/{world.open_attempt}/submit"),
        ("GET", "/api/v1/me"),
    ):
        response = client.open(url, method=method, json={})
        assert_clean_error(response, 401)


# --- deadlines ---------------------------------------------------------------------------------------------

CLOCK_FIELDS = {
    "deadline": "2099-01-01T00:00:00+07:00",
    "deadline_at": "2099-01-01T00:00:00+07:00",
    "started_at": "2099-01-01T00:00:00+07:00",
    "saved_at": "2099-01-01T00:00:00+07:00",
    "submitted_at": "2099-01-01T00:00:00+07:00",
    "time_limit_s": 10_000_000,
    "time_limit_minutes": 100_000,
    "max_attempts": 99,
    "number": 1,
    "state": "open",
}


def test_clock_fields_sent_by_the_learner_are_ignored(app, session, world):
    attempt = open_attempt(session, world)
    deadline, started = attempt.deadline_at, attempt.started_at
    assert deadline == started + timedelta(seconds=600)
    question_id, option = first_option(attempt)
    base = f"/quizzes/attempts/{world.open_attempt}"
    client = browser(app, world, LEARNER)
    # The start endpoints resume the open attempt whatever the body says.
    resumed = api(app, world, LEARNER, "POST", f"/api/v1/quizzes/{world.quiz}/attempts", json=CLOCK_FIELDS)
    assert resumed.status_code == 200
    assert datetime.fromisoformat(resumed.json["deadline"]) == deadline
    assert client.post(f"/quizzes/{world.quiz}/start", data=CLOCK_FIELDS).status_code == 302
    # Answers with clock fields beside them: only the answer is kept.
    url = f"/api/v1/attempts/{world.open_attempt}/answers/{question_id}"
    saved = api(app, world, LEARNER, "PUT", url, json={"option_ids": [option], **CLOCK_FIELDS})
    assert saved.status_code == 200
    assert (
        client.post(f"{base}/answers/{question_id}", json={"option_ids": [option], **CLOCK_FIELDS}).status_code == 200
    )
    form = {f"q{question_id}": str(option), **{k: str(v) for k, v in CLOCK_FIELDS.items()}}
    assert client.post(f"{base}/save", data=form).status_code == 302
    # A trainer-only settings form is no way round it.
    assert client.post(f"/manage/quizzes/{world.quiz}/settings", data=CLOCK_FIELDS).status_code == 403
    attempt = open_attempt(session, world)
    assert (attempt.deadline_at, attempt.started_at, attempt.number) == (deadline, started, 1)
    assert attempt.state == AttemptState.OPEN
    stored = session.scalar(select(AttemptAnswer.answer).where(AttemptAnswer.attempt_id == attempt.id))
    assert stored == {"option_ids": [option]}
    quiz = session.get(Quiz, world.quiz)
    assert (quiz.time_limit_s, quiz.max_attempts) == (600, 3)


def test_the_deadline_is_kept_by_the_server(app, session, world):
    attempt = open_attempt(session, world)
    question_id, option = first_option(attempt)
    past = now_utc() - timedelta(seconds=1)
    attempt.started_at, attempt.deadline_at = past - timedelta(seconds=600), past
    session.commit()
    late_answer = {"option_ids": [option]}
    client = browser(app, world, LEARNER)
    late = [
        api(
            app, world, LEARNER, "PUT", f"/api/v1/attempts/{world.open_attempt}/answers/{question_id}", json=late_answer
        ),
        client.post(f"/quizzes/attempts/{world.open_attempt}/answers/{question_id}", json=late_answer),
    ]
    for response in late:
        assert_clean_error(response, 409)
    # The HTML form grades what was saved (nothing) instead of saving.
    response = client.post(f"/quizzes/attempts/{world.open_attempt}/save", data={f"q{question_id}": str(option)})
    assert response.status_code == 302 and response.location.endswith("/result")
    attempt = open_attempt(session, world)
    assert attempt.state == AttemptState.SUBMITTED
    assert attempt.submitted_at == past and attempt.score == 0
    assert session.scalar(select(func.count()).where(AttemptAnswer.attempt_id == attempt.id)) == 0


# --- attempt counts ----------------------------------------------------------------------------------------


def _limit_to_one(session, world: World) -> None:  # type: ignore[no-untyped-def]
    """Give the practice quiz one attempt: the learner's open one."""
    session.get(Quiz, world.quiz).max_attempts = 1
    session.commit()


def _attempts(session, world: World) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).where(Attempt.quiz_id == world.quiz, Attempt.user_id == world.user_ids[LEARNER])
    return session.scalar(query)


def test_attempts_cannot_be_raised(app, session, world):
    _limit_to_one(session, world)
    submit = api(app, world, LEARNER, "POST", f"/api/v1/attempts/{world.open_attempt}/submit")
    assert submit.status_code == 200
    again = api(app, world, LEARNER, "POST", f"/api/v1/attempts/{world.open_attempt}/submit")
    assert again.json == submit.json  # idempotent, and no new attempt
    start = api(app, world, LEARNER, "POST", f"/api/v1/quizzes/{world.quiz}/attempts", json=CLOCK_FIELDS)
    assert_clean_error(start, 409, "Bạn đã dùng hết số lần làm bài kiểm tra này.")
    client = browser(app, world, LEARNER)
    html = client.post(f"/quizzes/{world.quiz}/start", data=CLOCK_FIELDS)
    assert html.status_code == 302 and html.location.endswith(f"/quizzes/{world.quiz}")
    assert _attempts(session, world) == 1


def test_concurrent_starts_give_one_attempt(app, session, world):
    """Several starts at the same moment, after the last attempt was used: none may open a new attempt."""
    session.get(Quiz, world.quiz).max_attempts = 2
    session.commit()
    assert api(app, world, LEARNER, "POST", f"/api/v1/attempts/{world.open_attempt}/submit").status_code == 200
    barrier = threading.Barrier(4)
    statuses: list[object] = []

    def start() -> None:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {world.tokens[LEARNER]}"}
        barrier.wait()
        try:
            response = client.post(f"/api/v1/quizzes/{world.quiz}/attempts", headers=headers)
            statuses.append((response.status_code, response.json.get("attempt_id")))
        except Exception as error:  # noqa: BLE001 — reported below
            statuses.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    started = {s[1] for s in statuses if isinstance(s, tuple) and s[0] == 200}
    assert all(isinstance(s, tuple) and s[0] in (200, 409) for s in statuses), statuses
    assert len(started) == 1, statuses  # everyone who got in resumed the same single new attempt
    assert _attempts(session, world) == 2


# --- correct answers before grading ------------------------------------------------------------------------


def assert_no_answers(text: str, where: str) -> None:
    for secret in SECRETS + GRADING_WORDS:
        assert secret not in text, f"{where} reveals “{secret}” before grading"


def test_correct_answers_never_reach_the_browser_before_grading(app, session, world):
    enrol_b(session, world)
    attempt = open_attempt(session, world)
    question_id, option = first_option(attempt)
    other_question = next(q for q in attempt.snapshot if q["id"] != question_id and q["kind"] != "short_text")
    short = next(q for q in attempt.snapshot if q["kind"] == "short_text")
    client = browser(app, world, LEARNER)
    base = f"/quizzes/attempts/{world.open_attempt}"
    answer_url = f"/api/v1/attempts/{world.open_attempt}/answers"
    seen = {
        "the attempt page": client.get(base),
        "the result page of an open attempt": client.get(f"{base}/result", follow_redirects=True),
        "the quiz page": client.get(f"/quizzes/{world.quiz}"),
        "the course page": client.get(f"/courses/{world.course}"),
        "the start API": api(app, world, LEARNER, "POST", f"/api/v1/quizzes/{world.quiz}/attempts"),
        "the course API": api(app, world, LEARNER, "GET", f"/api/v1/courses/{world.course}"),
        "the autosave answer": client.post(f"{base}/answers/{question_id}", json={"option_ids": [option]}),
        "the API save answer": api(
            app, world, LEARNER, "PUT", f"{answer_url}/{question_id}", json={"option_ids": [option]}
        ),
        "a wrong short answer": api(app, world, LEARNER, "PUT", f"{answer_url}/{short['id']}", json={"text": "sai"}),
        "an option of another question": api(
            app,
            world,
            LEARNER,
            "PUT",
            f"{answer_url}/{question_id}",
            json={"option_ids": [other_question["options"][0]["id"]]},
        ),
        "a question outside the attempt": api(app, world, LEARNER, "PUT", f"{answer_url}/999999", json={"text": "x"}),
        "a text answer to a choice question": api(
            app, world, LEARNER, "PUT", f"{answer_url}/{question_id}", json={"text": "x"}
        ),
        "an answer of the wrong shape": client.post(f"{base}/answers/{question_id}", json=["x"]),
        "another learner's start": api(app, world, LEARNER_B, "POST", f"/api/v1/quizzes/{world.quiz}/attempts"),
    }
    for where, response in seen.items():
        assert response.status_code < 500, where
        assert_no_answers(response.get_data(as_text=True), where)
    start = seen["the start API"].json
    assert {frozenset(q) for q in start["questions"]} == {frozenset({"id", "type", "text", "options"})}
    assert {frozenset(o) for q in start["questions"] for o in q["options"]} == {frozenset({"id", "text"})}
    assert seen["an option of another question"].status_code == 400
    assert seen["a question outside the attempt"].status_code == 404


def test_a_score_only_quiz_shows_no_answers_after_grading(app, world):
    client = browser(app, world, LEARNER)
    assert client.post(f"/quizzes/attempts/{world.open_attempt}/submit").status_code == 302
    page = client.get(f"/quizzes/attempts/{world.open_attempt}/result")
    assert page.status_code == 200
    assert_no_answers(page.get_data(as_text=True), "the result of a score-only quiz")


def _shipped_answers() -> set[str]:
    """Feedback and correct answers of the shipped banks, long enough not to be ordinary words."""
    found: set[str] = set()
    for path in sorted(BANKS.glob("*/*.gift")):
        for question in parse_gift(path.read_text(encoding="utf-8")).questions:
            texts = [question.general_feedback] + [o.feedback for o in question.options]
            texts += [o.text for o in question.options if o.fraction > 0]
            found |= {t.strip() for t in texts if len(t.strip()) >= 25}
    return found


def test_no_static_file_contains_bank_answers(app, client):
    answers = _shipped_answers()
    assert len(answers) > 100  # the banks were read
    static = Path(app.static_folder)
    files = [p for p in static.rglob("*") if p.is_file()]
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="ignore")
        leaked = [a for a in answers if a in text]
        assert not leaked, f"{path.relative_to(static)} contains bank answers: {leaked[:3]}"
        assert path.suffix.lower() not in (".gift", ".csv", ".xlsx", ".yaml"), path
    for url in (
        "/static/../quizzes/banks/final/at.gift",
        "/static/%2e%2e/quizzes/banks/final/at.gift",
        "/quizzes/banks/final/at.gift",
    ):
        assert client.get(url).status_code == 404, url


# --- forged ids --------------------------------------------------------------------------------------------

NOT_YOURS = "Bạn không có quyền tải giấy chứng nhận này."
NOT_ENROLLED = "Bạn chưa được ghi danh vào khóa học này."


def fullwidth(number: int) -> str:
    return "".join(chr(0xFF10 + int(d)) for d in str(number))


def arabic_indic(number: int) -> str:
    return "".join(chr(0x0660 + int(d)) for d in str(number))


def test_forged_ids_get_a_vietnamese_403_or_404(app, world):
    html = browser(app, world, LEARNER_B)
    owner = browser(app, world, LEARNER)
    cases = [
        # someone else's certificate
        (html.get(f"/certificates/{world.serial}.pdf"), 403, NOT_YOURS),
        (api(app, world, LEARNER_B, "GET", f"/api/v1/certificates/{world.serial}.pdf"), 403, NOT_YOURS),
        (api(app, world, TRAINER, "GET", f"/api/v1/certificates/{world.serial}.pdf"), 403, NOT_YOURS),
        (html.get("/certificates/KNS-2026-999999.pdf"), 404, "Không tìm thấy giấy chứng nhận."),
        (html.get("/certificates/manage/1"), 403, None),
        (html.get(f"/certificates/unit/{world.unit_a}"), 403, None),
        (api(app, world, LEARNER_B, "GET", f"/api/v1/certificates/{world.serial}/verify"), 404, None),
        # a course not assigned to me
        (html.get(f"/courses/{world.course}"), 403, NOT_ENROLLED),
        (html.get(f"/courses/{world.course}/lessons/{world.lesson}"), 403, NOT_ENROLLED),
        (api(app, world, LEARNER_B, "GET", f"/api/v1/courses/{world.course}"), 403, NOT_ENROLLED),
        (api(app, world, LEARNER_B, "GET", f"/api/v1/lessons/{world.lesson}"), 403, NOT_ENROLLED),
        (api(app, world, LEARNER_B, "POST", f"/api/v1/lessons/{world.lesson}/complete"), 403, NOT_ENROLLED),
        (html.get(f"/quizzes/{world.final_quiz}"), 403, None),
        (api(app, world, LEARNER_B, "POST", f"/api/v1/quizzes/{world.final_quiz}/attempts"), 403, None),
        # an unpublished course, and everything in it, does not exist for learners
        (owner.get(f"/courses/{world.draft_course}"), 404, "Không tìm thấy khóa học."),
        (owner.get(f"/courses/{world.draft_course}/continue"), 404, "Không tìm thấy khóa học."),
        (owner.post(f"/courses/{world.draft_course}/enrol"), 404, "Không tìm thấy khóa học."),
        (owner.get(f"/courses/{world.draft_course}/lessons/{world.draft_lesson}"), 404, None),
        (owner.get(f"/quizzes/{world.draft_quiz}"), 404, "Không tìm thấy bài kiểm tra."),
        (api(app, world, LEARNER, "GET", f"/api/v1/courses/{world.draft_course}"), 404, None),
        (api(app, world, LEARNER, "GET", f"/api/v1/lessons/{world.draft_lesson}"), 404, None),
        (api(app, world, LEARNER, "POST", f"/api/v1/quizzes/{world.draft_quiz}/attempts"), 404, None),
        # ids mixed across courses, unknown ids, and ids too large for the database
        (owner.get(f"/courses/{world.course}/lessons/{world.draft_lesson}"), 404, "Không tìm thấy bài học."),
        (owner.get("/courses/999999"), 404, None),
        (owner.get("/quizzes/999999"), 404, None),
        (owner.get("/quizzes/attempts/999999"), 404, "Không tìm thấy lượt làm bài."),
        (api(app, world, LEARNER, "POST", "/api/v1/attempts/999999/submit"), 404, None),
        (owner.get(f"/courses/{2**63}"), 404, None),
        (owner.get(f"/quizzes/attempts/{10**30}"), 404, None),
        (api(app, world, LEARNER, "GET", f"/api/v1/lessons/{2**64}"), 404, None),
        (api(app, world, LEARNER, "PUT", f"/api/v1/attempts/{world.open_attempt}/answers/{2**70}", json={}), 404, None),
        # an id written in fullwidth or Arabic-Indic digits is not that id
        (owner.get("/courses/" + quote(fullwidth(world.course))), 404, None),
        (owner.get("/quizzes/" + quote(arabic_indic(world.quiz))), 404, None),
        (api(app, world, LEARNER, "GET", "/api/v1/courses/" + quote(fullwidth(world.course))), 404, None),
        (api(app, world, LEARNER, "GET", "/api/v1/certificates/x'%20OR%201=1--.pdf"), 404, None),
        (html.get("/certificates/x'%20OR%201=1--.pdf"), 404, None),
        (html.get("/verify/x'%20OR%201=1--"), 404, None),
    ]
    for response, status, message in cases:
        assert_clean_error(response, status, message)


def test_bad_answer_bodies_are_named_not_crashed(app, world):
    attempt_url = f"/api/v1/attempts/{world.open_attempt}/answers"
    question = world.question
    bodies = [
        ({"data": "{not json", "content_type": "application/json"}, 400),
        ({"json": [1, 2]}, 400),
        ({"json": {"option_ids": "1"}}, 400),
        ({"json": {"option_ids": [True]}}, 400),
        ({"json": {"option_ids": [10**30]}}, 400),
        ({"json": {"text": ["x"]}}, 400),
    ]
    for kw, status in bodies:
        response = api(app, world, LEARNER, "PUT", f"{attempt_url}/{question}", **kw)
        assert_clean_error(response, status)


def test_forged_page_numbers_give_an_empty_page(app, world):
    big = 10**30
    admin = browser(app, world, ADMIN)
    for url in (
        f"/units/{world.unit_a}?page={big}",
        f"/reports/{world.unit_a}/people?page={big}",
        f"/admin/users?page={big}",
        f"/admin/audit?page={big}",
        f"/manage/quizzes/banks/{world.bank}?page={big}",
        f"/manage/quizzes/{world.final_quiz}/results?page={big}",
    ):
        assert admin.get(url).status_code == 200, url
    for url in (f"/api/v1/units?page={big}", f"/api/v1/stats/people?unit={world.unit_a}&page={big}"):
        response = api(app, world, ADMIN, "GET", url)
        assert response.status_code == 200 and response.json["items"] == [], url
