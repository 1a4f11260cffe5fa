"""Journey: a learner passes the final before finishing the lessons, is told exactly which lessons are missing,
finishes the last one in the browser and finds the certificate on the home page at once."""

from playwright.sync_api import expect
from sqlalchemy import select

from courses.models import Course, Enrolment
from courses.services import complete_lesson
from lms.auth.models import User
from lms.extensions import db
from lms.models import now_utc
from quizzes import services as quiz_services
from quizzes.models import Quiz, QuizKind
from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_assessment import NEW_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in


def pass_the_final_and_all_but_one_lesson(app) -> str:  # type: ignore[no-untyped-def]
    """Arrange it on the server: every answer of the final right, every required lesson but the last done."""
    with app.app_context():
        session = db.session
        user = session.scalar(select(User).where(User.username == "demo.learner"))
        course = session.scalar(select(Course).where(Course.slug == "kns-co-ban"))
        enrolment = session.scalar(
            select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id)
        )
        lessons = [lesson for module in course.modules for lesson in module.lessons]
        for lesson in lessons[:-1]:
            complete_lesson(session, user, lesson, enrolment)
        final = session.scalar(select(Quiz).where(Quiz.course_id == course.id, Quiz.kind == QuizKind.FINAL))
        attempt = quiz_services.start_attempt(session, user, final, now_utc())
        for question in attempt.snapshot:
            right = [o["id"] for o in question["options"] if o["fraction"] > 0]
            quiz_services.save_answer(session, user, attempt, question["id"], {"option_ids": right}, now_utc())
        assert quiz_services.submit_attempt(session, user, attempt, now_utc()).passed
        session.commit()
        return lessons[-1].title


def test_missing_lessons_are_named_then_the_certificate_appears(page, live_app):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)
    last_title = pass_the_final_and_all_but_one_lesson(live_app)

    page.goto("/certificates/")
    expect(page.get_by_text("Giấy chứng nhận được cấp ngay khi bạn học xong 1 bài bắt buộc còn lại")).to_be_visible()
    page.get_by_role("link", name=last_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(last_title)
    page.get_by_role("button", name="Đánh dấu đã học xong").click()

    page.goto("/")
    expect(page.get_by_text("Bạn đã được cấp giấy chứng nhận số KNS-")).to_be_visible()
    expect(page.get_by_role("link", name="Tải giấy chứng nhận (PDF)")).to_be_visible()
