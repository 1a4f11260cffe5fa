"""Timed attempts whose learner never comes back are graded by the server (and counted by reports)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from courses.models import Enrolment, EnrolmentSource
from courses.services import enrol
from lms.models import now_utc
from quizzes import services
from quizzes.models import Attempt, QuizKind
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import by_title, make_questions, make_quiz, option_id

GRACE = timedelta(seconds=30)


@pytest.fixture
def gone(session):  # type: ignore[no-untyped-def]
    """A learner who started a 10-minute final 20 minutes ago, answered one question right, and left."""
    learner = make_user(session, "hoc.vien", unit=Tree(session).commune_a)
    course = make_course(session, modules=1, lessons=1)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    quiz = make_quiz(session, course, make_questions(session), kind=QuizKind.FINAL, time_limit_s=600)
    started = now_utc().replace(microsecond=0) - timedelta(minutes=20)
    attempt = services.start_attempt(session, learner, quiz, started)
    q = by_title(attempt)["Q-single"]
    answer = {"option_ids": [option_id(q, "Lai-Chau-xanh-2026")]}
    services.save_answer(session, learner, attempt, q["id"], answer, started + timedelta(minutes=2))
    session.commit()
    return attempt


def test_only_attempts_past_deadline_and_grace_are_picked(session, gone):
    deadline = gone.deadline_at
    assert services.expired_attempt_ids(session, deadline + GRACE - timedelta(seconds=1), GRACE) == []
    assert services.expired_attempt_ids(session, deadline + GRACE + timedelta(seconds=1), GRACE) == [gone.id]


def test_the_server_grades_what_was_saved_as_of_the_deadline(session, gone):
    result = services.close_expired_attempt(session, gone.id, gone.deadline_at + timedelta(minutes=1))
    session.commit()
    assert result is not None and result.score == 1 and not result.passed
    attempt = session.get(Attempt, gone.id)
    assert attempt.state == "submitted" and attempt.submitted_at == attempt.deadline_at
    enrolment = session.scalar(select(Enrolment).where(Enrolment.user_id == attempt.user_id))
    assert enrolment.best_percent == attempt.percent  # the reports count it
    # Closed already: nothing more to do, the same result stays.
    assert services.close_expired_attempt(session, gone.id, now_utc()) is None


def test_the_sweeper_command_grades_every_expired_attempt(app, session, gone):
    result = app.test_cli_runner().invoke(args=["attempts", "close-expired"])
    assert result.exit_code == 0, result.output
    assert "Đã chấm 1 lượt làm bài quá hạn." in result.output
    session.expire_all()
    assert session.get(Attempt, gone.id).state == "submitted"
    again = app.test_cli_runner().invoke(args=["attempts", "close-expired"])
    assert "Đã chấm 0 lượt" in again.output
