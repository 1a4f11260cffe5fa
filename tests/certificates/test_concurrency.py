"""Exactly one certificate per confirmation, even when the passing attempt is submitted twice at once (PostgreSQL)."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.auth.models import User
from lms.certificates.models import Certificate
from quizzes import services
from quizzes.models import Attempt, Confirmation
from tests.quizzes.test_concurrency import engine, run_together  # noqa: F401 — the engine fixture skips on SQLite


def test_two_simultaneous_submits_issue_one_certificate(session, engine, world):  # noqa: F811
    attempt_id, user_id, now = world["attempt"].id, world["holder"].id, world["now"]

    def submit(s: Session) -> object:
        return services.submit_attempt(s, s.get(User, user_id), s.get(Attempt, attempt_id), now)

    results = run_together(engine, [submit] * 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert session.scalar(select(func.count(Confirmation.id))) == 1
    assert session.scalar(select(func.count(Certificate.id))) == 1
