"""Cross-package events: declared in lms.events, per-app settings read when they happen (never captured)."""

from datetime import timedelta

from sqlalchemy import select

from courses.models import EnrolmentSource
from courses.services import enrol
from lms import create_app, events
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.models import now_utc
from quizzes.models import QuizKind
from quizzes.services import submit_attempt
from tests.certificates.conftest import pass_final
from tests.conftest import make_config
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import make_questions, make_quiz


def test_every_signal_is_documented():
    signals = [value for value in vars(events).values() if isinstance(value, events.Signal)]
    assert len(signals) >= 6
    assert all(len(signal.__doc__ or "") > 40 for signal in signals)


def certificate_issuer_in(app) -> str:  # type: ignore[no-untyped-def]
    """Confirm one person in this app (its own database) and tell whose name the certificate carries."""
    with app.app_context():
        db.create_all()
        session = db.session
        holder = make_user(session, "hoc.vien", unit=Tree(session).commune_a)
        course = make_course(session, modules=1, lessons=1)
        enrolment = enrol(session, holder, course, EnrolmentSource.DIRECT)
        quiz = make_quiz(session, course, make_questions(session), kind=QuizKind.FINAL, pass_percent=70)
        now = now_utc() - timedelta(minutes=1)
        submit_attempt(session, holder, pass_final(session, holder, quiz, enrolment, now), now)
        session.commit()
        name = session.scalar(select(Certificate.issuer_name))
        db.session.remove()
        db.engine.dispose()
        return name


def test_two_apps_in_one_process_issue_certificates_in_their_own_names(tmp_path):
    lai_chau = create_app(make_config(f"sqlite:///{tmp_path / 'a.sqlite3'}", ORG_NAME="Sở Nội vụ tỉnh Lai Châu"))
    dien_bien = create_app(make_config(f"sqlite:///{tmp_path / 'b.sqlite3'}", ORG_NAME="Sở Nội vụ tỉnh Điện Biên"))
    # The second app was made last: with settings captured at creation, the first would print its name.
    assert certificate_issuer_in(lai_chau) == "Sở Nội vụ tỉnh Lai Châu"
    assert certificate_issuer_in(dien_bien) == "Sở Nội vụ tỉnh Điện Biên"
