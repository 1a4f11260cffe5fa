"""Races that only a real server database shows (PostgreSQL): concurrent saves, concurrent starts and submits."""

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from courses.models import EnrolmentSource
from courses.services import enrol
from lms.auth.models import User
from lms.extensions import db
from lms.models import now_utc
from quizzes import services
from quizzes.models import Attempt, AttemptAnswer, Quiz
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import make_questions, make_quiz


@pytest.fixture
def engine(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs PostgreSQL (run with LMS_TEST_DATABASE_URL)")
        return db.engine


@pytest.fixture
def world(session, engine):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=1, lessons=1)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    questions = make_questions(session) + make_questions(session, "AI")
    quiz = make_quiz(session, course, questions, max_attempts=1)
    session.commit()
    return {"user_id": learner.id, "quiz_id": quiz.id}


def run_together(engine, jobs: list[Callable[[Session], object]]) -> list[object]:  # type: ignore[no-untyped-def]
    """Run each job in its own thread and session, released at the same moment."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index: int, job: Callable[[Session], object]) -> None:
        with Session(engine) as session:
            barrier.wait()
            try:
                results[index] = job(session)
                session.commit()
            except Exception as error:  # noqa: BLE001 — the test inspects what each thread got
                session.rollback()
                results[index] = error

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_concurrent_saves_to_one_attempt_lose_nothing(session, engine, world):
    user = session.get(User, world["user_id"])
    attempt = services.start_attempt(session, user, session.get(Quiz, world["quiz_id"]), now_utc())
    session.commit()
    attempt_id = attempt.id  # read now: the threads must not touch this session's objects
    questions = [q for q in attempt.snapshot if q["kind"] == "short_text"] + [
        q for q in attempt.snapshot if q["kind"] != "short_text"
    ]

    def save(question):  # type: ignore[no-untyped-def]
        def job(s: Session) -> None:
            answer = (
                {"text": "OTP"} if question["kind"] == "short_text" else {"option_ids": [question["options"][0]["id"]]}
            )
            user = s.get(User, world["user_id"])
            services.save_answer(s, user, s.get(Attempt, attempt_id), question["id"], answer, now_utc())

        return job

    # Every question saved at once, twice over (the same question from two requests too).
    results = run_together(engine, [save(q) for q in questions] * 2)
    assert [r for r in results if isinstance(r, Exception)] == []
    session.expire_all()
    saved = session.scalar(select(func.count(AttemptAnswer.id)).where(AttemptAnswer.attempt_id == attempt_id))
    assert saved == len(questions)


def test_two_concurrent_starts_make_one_attempt(session, engine, world):
    def start(s: Session) -> int:
        return services.start_attempt(s, s.get(User, world["user_id"]), s.get(Quiz, world["quiz_id"]), now_utc()).id

    results = run_together(engine, [start] * 4)
    ids = {r for r in results if isinstance(r, int)}
    assert len(ids) == 1, results
    assert session.scalar(select(func.count(Attempt.id))) == 1


def test_attempt_limit_holds_when_starts_race_after_submit(session, engine, world):
    user = session.get(User, world["user_id"])
    quiz = session.get(Quiz, world["quiz_id"])
    first = services.start_attempt(session, user, quiz, now_utc())
    services.submit_attempt(session, user, first, now_utc())
    session.commit()

    def start(s: Session) -> object:
        return services.start_attempt(s, s.get(User, world["user_id"]), s.get(Quiz, world["quiz_id"]), now_utc()).id

    results = run_together(engine, [start] * 3)
    assert all(isinstance(r, Exception) and "hết số lần" in str(r) for r in results), results
    assert session.scalar(select(func.count(Attempt.id))) == 1


def test_concurrent_submits_grade_once(session, engine, world):
    user = session.get(User, world["user_id"])
    attempt = services.start_attempt(session, user, session.get(Quiz, world["quiz_id"]), now_utc())
    session.commit()
    attempt_id = attempt.id

    def submit(s: Session) -> object:
        return services.submit_attempt(s, s.get(User, world["user_id"]), s.get(Attempt, attempt_id), now_utc())

    results = run_together(engine, [submit] * 3)
    assert all(r == results[0] for r in results), results
    assert not isinstance(results[0], Exception)
