"""Passing the final before the lessons: the pages say exactly what is missing, then the certificate appears."""

from sqlalchemy import select

from courses.models import EnrolmentSource
from courses.services import complete_lesson, enrol
from lms.certificates.models import Certificate
from lms.models import now_utc
from quizzes import services as quiz_services
from quizzes.models import QuizKind
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import by_title, make_questions, make_quiz, option_id


def answer_right(session, user, attempt, now) -> None:  # type: ignore[no-untyped-def]
    q = by_title(attempt)
    both = [option_id(q["Q-multiple"], t) for t in ("Bật xác thực hai lớp", "Cập nhật phần mềm")]
    answers = {
        "Q-single": {"option_ids": [option_id(q["Q-single"], "Lai-Chau-xanh-2026")]},
        "Q-multiple": {"option_ids": both},
        "Q-tf": {"option_ids": [option_id(q["Q-tf"], "Sai")]},
        "Q-short": {"text": "OTP"},
    }
    for title, answer in answers.items():
        quiz_services.save_answer(session, user, attempt, q[title]["id"], answer, now)


def test_missing_lessons_are_named_then_the_certificate_appears(client, auth, session):
    learner = make_user(session, "hoc.vien", unit=Tree(session).commune_a)
    course = make_course(session, modules=1, lessons=3)
    enrolment = enrol(session, learner, course, EnrolmentSource.DIRECT)
    quiz = make_quiz(session, course, make_questions(session), kind=QuizKind.FINAL, pass_percent=70)
    lessons = course.modules[0].lessons
    complete_lesson(session, learner, lessons[0], enrolment)
    now = now_utc()
    attempt = quiz_services.start_attempt(session, learner, quiz, now)
    answer_right(session, learner, attempt, now)
    assert quiz_services.submit_attempt(session, learner, attempt, now).passed
    session.commit()

    auth.login("hoc.vien")
    page = client.get("/certificates/").get_data(as_text=True)
    assert "Giấy chứng nhận được cấp ngay khi bạn học xong 2 bài bắt buộc còn lại" in page
    for lesson in lessons[1:]:
        assert f'href="/courses/{course.id}/lessons/{lesson.id}">{lesson.title}</a>' in page
    assert "Học nốt 2 bài bắt buộc để nhận giấy chứng nhận" in client.get("/").get_data(as_text=True)
    assert session.scalar(select(Certificate)) is None

    for lesson in lessons[1:]:
        client.post(f"/courses/{course.id}/lessons/{lesson.id}/complete")
    certificate = session.scalar(select(Certificate))
    assert certificate is not None  # issued the moment the last lesson was done
    home = client.get("/").get_data(as_text=True)
    assert f"Bạn đã được cấp giấy chứng nhận số {certificate.serial}." in home
    assert f'href="/certificates/{certificate.serial}.pdf"' in home
    assert "Chưa có giấy chứng nhận" not in client.get("/certificates/").get_data(as_text=True)
