"""The assistant never helps with the quiz a learner is taking."""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lms.assistant import services
from lms.assistant.services import quiz_question_text
from lms.text import fold
from quizzes.models import Quiz, QuizKind
from quizzes.services import start_attempt, submit_attempt

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
OTHER_TOPIC = "kích hoạt tài khoản định danh điện tử mức 2"


def quiz(session, kind: str, slug: str | None = None) -> Quiz:  # type: ignore[no-untyped-def]
    stmt = select(Quiz).where(Quiz.kind == kind)
    if slug:
        stmt = stmt.where(Quiz.slug == slug)
    return session.scalars(stmt.order_by(Quiz.id)).first()


def test_refuses_everything_during_an_open_final_assessment(session, learner):
    final = quiz(session, QuizKind.FINAL)
    attempt = start_attempt(session, learner, final, NOW, random.Random(1))
    session.commit()
    reply = services.ask(session, learner, OTHER_TOPIC, NOW + timedelta(minutes=5))
    assert reply.refused and reply.reason == services.Reason.FINAL_IN_PROGRESS
    assert reply.sources == [] and reply.answer is None
    assert reply.attempt_id == attempt.id
    # Once the time is up, or the attempt is submitted, the assistant answers again.
    if attempt.deadline_at is not None:
        late = services.ask(session, learner, OTHER_TOPIC, attempt.deadline_at + timedelta(seconds=1))
        assert not late.refused and late.sources
    submit_attempt(session, learner, attempt, NOW + timedelta(minutes=6))
    session.commit()
    assert not services.ask(session, learner, OTHER_TOPIC, NOW + timedelta(minutes=7)).refused


def test_refuses_a_practice_quizs_own_questions_during_its_attempt(session, learner):
    practice = quiz(session, QuizKind.MODULE, "module:at")
    attempt = start_attempt(session, learner, practice, NOW, random.Random(2))
    session.commit()
    asked = 0
    for question in attempt.snapshot[:5]:
        # The learner retypes the question without diacritics.
        text = fold(quiz_question_text({"text_html": question["text_html"]}))[:200]
        reply = services.ask(session, learner, text, NOW)
        assert reply.refused and reply.reason == services.Reason.QUIZ_QUESTION, text
        assert reply.sources == []
        asked += 1
    assert asked
    # Other topics are still answered during the practice attempt.
    reply = services.ask(session, learner, OTHER_TOPIC, NOW)
    assert not reply.refused and reply.sources
    submit_attempt(session, learner, attempt, NOW + timedelta(minutes=3))
    session.commit()
    text = fold(quiz_question_text({"text_html": attempt.snapshot[0]["text_html"]}))[:200]
    assert not services.ask(session, learner, text, NOW + timedelta(minutes=4)).refused


def test_nothing_from_the_question_banks_reaches_the_replies(session, learner):
    """Passages come from lessons only: no option marked correct or its feedback is ever quoted."""
    practice = quiz(session, QuizKind.MODULE, "module:at")
    attempt = start_attempt(session, learner, practice, NOW, random.Random(3))
    submit_attempt(session, learner, attempt, NOW + timedelta(minutes=1))
    session.commit()
    for question in attempt.snapshot:
        reply = services.ask(session, learner, fold(question["text_html"])[:200], NOW + timedelta(minutes=2))
        shown = " ".join(s.excerpt for s in reply.sources)
        for option in question["options"]:
            if option["fraction"] > 0 and len(option["text"]) > 40:
                assert option["text"] not in shown
            if option.get("feedback") and len(option["feedback"]) > 40:
                assert option["feedback"] not in shown
