"""One clock: at 23:30 UTC it is already 06:30 the next day in Vietnam, and every page says the same day."""

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select

from courses.models import Course, EnrolmentSource
from courses.services import enrol
from lms.auth.models import Role
from lms.certificates.models import Certificate
from lms.curriculum import sync_curriculum
from quizzes.models import QuizKind
from quizzes.services import submit_attempt
from tests.certificates.conftest import pass_final
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import make_questions, make_quiz

#: 23:30 on 5 December in UTC: 06:30 on 6 December in Lai Châu.
MOMENT = datetime(2026, 12, 5, 23, 30, tzinfo=UTC)
DAYS_LEFT = "còn 25 ngày"  # 31/12/2026 − 06/12/2026


def test_home_course_pages_and_dashboard_count_the_same_days_left(client, auth, session):
    with time_machine.travel(MOMENT, tick=False):
        sync_curriculum(session)
        tree = Tree(session)
        course = session.scalar(select(Course).where(Course.slug == "kns-co-ban"))
        learner = make_user(session, "hoc.vien", unit=tree.commune_a)
        enrol(session, learner, course, EnrolmentSource.DIRECT, deadline=date(2026, 12, 31))
        make_user(session, "theo.doi", Role.MONITOR, unit=tree.department)
        session.commit()
        auth.login("hoc.vien")
        for url in ("/", "/courses/", f"/courses/{course.id}"):
            assert DAYS_LEFT in client.get(url).get_data(as_text=True), url
        auth.logout()
        auth.login("theo.doi")
        assert DAYS_LEFT in client.get(f"/reports/{tree.province.code}").get_data(as_text=True)


def test_the_certificate_is_dated_the_day_it_is_in_vietnam(client, auth, session):
    with time_machine.travel(MOMENT, tick=False):
        holder = make_user(session, "hoc.vien", unit=Tree(session).commune_a)
        course = make_course(session, modules=1, lessons=1)
        enrolment = enrol(session, holder, course, EnrolmentSource.DIRECT)
        quiz = make_quiz(session, course, make_questions(session), kind=QuizKind.FINAL, pass_percent=70)
        submit_attempt(session, holder, pass_final(session, holder, quiz, enrolment, MOMENT), MOMENT)
        session.commit()
        certificate = session.scalar(select(Certificate))
        assert certificate.issued_on == date(2026, 12, 6)
        assert certificate.study_to == date(2026, 12, 6)
        assert certificate.serial.startswith("KNS-2026-")
        auth.login("hoc.vien")
        assert "Đã hoàn thành ngày 06/12/2026" in client.get("/").get_data(as_text=True)
        assert "06/12/2026" in client.get("/certificates/").get_data(as_text=True)
