"""'Tiếp tục học' walks lessons and practice quizzes in course order, then the final assessment."""

import pytest
from sqlalchemy import select

from courses.models import Course, EnrolmentSource
from courses.services import complete_lesson, enrol
from lms.curriculum import sync_curriculum
from lms.models import now_utc
from quizzes import services as quiz_services
from quizzes.models import Quiz, QuizKind
from tests.factories import Tree, make_user


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    sync_curriculum(session)
    course = session.scalar(select(Course).where(Course.slug == "kns-co-ban"))
    learner = make_user(session, "hoc.vien", unit=Tree(session).commune_a)
    enrolment = enrol(session, learner, course, EnrolmentSource.DIRECT)
    session.commit()
    return {"course": course, "learner": learner, "enrolment": enrolment}


def practice_of(session, module) -> Quiz:  # type: ignore[no-untyped-def]
    return session.scalar(select(Quiz).where(Quiz.module_id == module.id))


def test_after_a_modules_last_lesson_comes_its_practice_quiz(client, auth, session, world):
    course, learner = world["course"], world["learner"]
    first, second = course.modules[0], course.modules[1]
    for lesson in first.lessons:
        complete_lesson(session, learner, lesson, world["enrolment"])
    session.commit()
    auth.login("hoc.vien")
    quiz = practice_of(session, first)
    assert client.get(f"/courses/{course.id}/continue").location.endswith(f"/quizzes/{quiz.id}")
    last = first.lessons[-1]
    page = client.get(f"/courses/{course.id}/lessons/{last.id}").get_data(as_text=True)
    assert f'href="/quizzes/{quiz.id}"' in page and "Làm bài luyện tập" in page

    attempt = quiz_services.start_attempt(session, learner, quiz, now_utc())
    quiz_services.submit_attempt(session, learner, attempt, now_utc())
    session.commit()
    assert client.get(f"/courses/{course.id}/continue").location.endswith(f"/lessons/{second.lessons[0].id}")


def test_when_every_lesson_and_practice_is_done_the_final_is_next(client, auth, session, world):
    course, learner = world["course"], world["learner"]
    now = now_utc()
    for module in course.modules:
        for lesson in module.lessons:
            complete_lesson(session, learner, lesson, world["enrolment"])
        attempt = quiz_services.start_attempt(session, learner, practice_of(session, module), now)
        quiz_services.submit_attempt(session, learner, attempt, now)
    session.commit()
    final = session.scalar(select(Quiz).where(Quiz.course_id == course.id, Quiz.kind == QuizKind.FINAL))
    auth.login("hoc.vien")
    assert client.get(f"/courses/{course.id}/continue").location.endswith(f"/quizzes/{final.id}")
