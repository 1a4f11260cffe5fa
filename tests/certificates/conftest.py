"""A confirmed learner with a certificate, and people around them."""

from datetime import timedelta

import pytest

from courses.models import EnrolmentSource
from courses.services import complete_lesson, enrol
from lms.auth.models import Role
from lms.models import now_utc
from quizzes import services as quiz_services
from quizzes.models import QuizKind
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import by_title, make_questions, make_quiz, option_id

HOLDER = "Giàng Thị Mỷ Ỹ"


def pass_final(session, user, quiz, enrolment, now):  # type: ignore[no-untyped-def]
    """Finish the lessons and answer every question right."""
    for module in quiz.course.modules:
        for lesson in module.lessons:
            complete_lesson(session, user, lesson, enrolment)
    attempt = quiz_services.start_attempt(session, user, quiz, now)
    q = by_title(attempt)
    quiz_services.save_answer(
        session,
        user,
        attempt,
        q["Q-single"]["id"],
        {"option_ids": [option_id(q["Q-single"], "Lai-Chau-xanh-2026")]},
        now,
    )
    both = [option_id(q["Q-multiple"], t) for t in ("Bật xác thực hai lớp", "Cập nhật phần mềm")]
    quiz_services.save_answer(session, user, attempt, q["Q-multiple"]["id"], {"option_ids": both}, now)
    quiz_services.save_answer(
        session, user, attempt, q["Q-tf"]["id"], {"option_ids": [option_id(q["Q-tf"], "Sai")]}, now
    )
    quiz_services.save_answer(session, user, attempt, q["Q-short"]["id"], {"text": "OTP"}, now)
    return attempt


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    holder = make_user(session, "hoc.vien", unit=tree.commune_a, full_name=HOLDER)
    make_user(session, "nguoi.khac", unit=tree.commune_a)
    make_user(session, "quan.ly.a", Role.MANAGER, unit=tree.commune_a, manages=tree.commune_a)
    make_user(session, "quan.ly.b", Role.MANAGER, unit=tree.commune_b, manages=tree.commune_b)
    make_user(session, "theo.doi", Role.MONITOR, unit=tree.department)
    make_user(session, "quan.tri", Role.ADMIN, unit=tree.department)
    course = make_course(session, modules=1, lessons=1)
    enrolment = enrol(session, holder, course, EnrolmentSource.DIRECT)
    quiz = make_quiz(session, course, make_questions(session), kind=QuizKind.FINAL, pass_percent=70)
    now = now_utc() - timedelta(minutes=5)
    attempt = pass_final(session, holder, quiz, enrolment, now)
    session.commit()
    return {"tree": tree, "holder": holder, "quiz": quiz, "attempt": attempt, "enrolment": enrolment, "now": now}


@pytest.fixture
def certificate(session, world):  # type: ignore[no-untyped-def]
    """Submit the passing attempt (issuing the certificate) and return it."""
    from sqlalchemy import select

    from lms.certificates.models import Certificate

    quiz_services.submit_attempt(session, world["holder"], world["attempt"], world["now"])
    session.commit()
    return session.scalar(select(Certificate))
