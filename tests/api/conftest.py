"""Fixtures of the API tests: a world with every kind of thing the API serves, and fresh tokens."""

from datetime import timedelta

import pytest

from courses.models import EnrolmentSource
from courses.services import enrol
from lms.auth import services as auth_services
from lms.auth.models import Role, User
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.models import now_utc
from quizzes import services as quiz_services
from quizzes.models import QuizKind
from tests.certificates.conftest import pass_final
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import make_questions, make_quiz


@pytest.fixture
def api_world(app, session):  # type: ignore[no-untyped-def]
    """A province, a course with a final quiz the person has passed (so a certificate), and an open practice attempt."""
    for name in ("RATELIMIT_IMPORT", "RATELIMIT_SIGN_IN", "RATELIMIT_VERIFY"):
        app.config[name] = "100000 per minute"  # its own counters: the other tests' limits are left alone
    tree = Tree(session)
    person = make_user(session, "ca.nhan", Role.LEARNER, Role.TRAINER, Role.MONITOR, Role.ADMIN, unit=tree.commune_a)
    make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=1, lessons=1)
    app.config["PROGRAMME_COURSE"] = course.slug  # so /stats has its programme
    enrolment = enrol(session, person, course, EnrolmentSource.DIRECT)
    final = make_quiz(session, course, make_questions(session), kind=QuizKind.FINAL, pass_percent=70)
    passed = pass_final(session, person, final, enrolment, now_utc() - timedelta(minutes=5))
    quiz_services.submit_attempt(session, person, passed, now_utc())  # confirms the person: a certificate
    practice = make_quiz(session, course, make_questions(session, "TB"), max_attempts=None, time_limit_s=None)
    attempt = quiz_services.start_attempt(session, person, practice, now_utc())
    session.commit()
    certificate = session.query(Certificate).filter_by(user_id=person.id).one()
    module = course.modules[0]
    return {
        "user_id": person.id,
        "module_id": module.id,
        "path": {
            "course_id": course.id,
            "lesson_id": module.lessons[0].id,
            "quiz_id": practice.id,
            "attempt_id": attempt.id,
            "question_id": attempt.snapshot[0]["id"],
            "serial": certificate.serial,
        },
        "query": {"token": certificate.token, "parent": tree.province.code, "unit": tree.commune_a.code},
    }


def fresh_token(app, user_id: int) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        token, _ = auth_services.issue_token(db.session, db.session.get(User, user_id), timedelta(hours=1))
        db.session.commit()
    return token
