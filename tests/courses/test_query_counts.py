"""The learner's pages run the same number of SQL statements however big the course is (no N+1)."""

from courses import authoring, services
from courses.models import EnrolmentSource
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import make_questions, make_quiz


def build(session, modules: int, lessons: int):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=modules, lessons=lessons)
    make_quiz(session, course, make_questions(session))
    enrolment = services.enrol(session, learner, course, EnrolmentSource.DIRECT)
    first = course.modules[0].lessons[0]
    services.complete_lesson(session, learner, first, enrolment)
    session.commit()
    return course.id, first.id


def statements(client, count_queries, url: str) -> int:  # type: ignore[no-untyped-def]
    with count_queries() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def measure(client, auth, count_queries, course_id: int, lesson_id: int) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    auth.login("hoc.vien")
    return (
        statements(client, count_queries, f"/courses/{course_id}"),
        statements(client, count_queries, f"/courses/{course_id}/lessons/{lesson_id}"),
        statements(client, count_queries, "/courses/"),
    )


def test_counts_do_not_grow_with_the_course(client, auth, session, count_queries):
    course_id, lesson_id = build(session, modules=6, lessons=5)
    big = measure(client, auth, count_queries, course_id, lesson_id)
    # Add more lessons and modules to the same course: the pages must not issue more statements.
    from courses.models import Course

    course = session.get(Course, course_id)
    for n in range(4):
        module = authoring.add_module(session, course, f"Thêm {n}", "AT")
        for m in range(5):
            authoring.add_lesson(session, module, f"Bài thêm {n}.{m}", "Nội dung.", 3)
    session.commit()
    bigger = measure(client, auth, count_queries, course_id, lesson_id)
    assert big == bigger, f"course/lesson/my-courses statements: {big} then {bigger}"
    assert max(bigger) <= 15
