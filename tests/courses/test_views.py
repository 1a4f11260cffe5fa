"""Learner pages: access, progress, continue, sanitised lessons, search."""

import pytest

from courses import authoring, services
from courses.models import EnrolmentSource
from lms.auth.models import Role
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a, full_name="Lò Văn Dũng")
    make_user(session, "nguoi.khac", unit=tree.commune_b)
    make_user(session, "giang.vien", Role.TRAINER, unit=tree.department)
    course = make_course(session, "Kỹ năng bảo mật", modules=2, lessons=2)
    draft = authoring.create_course(session, "Khóa nháp")
    module = authoring.add_module(session, draft, "Học phần nháp", "AT")
    authoring.add_lesson(session, module, "Bài nháp", "Nháp.", 3)
    services.enrol(session, learner, course, EnrolmentSource.DIRECT)
    services.enrol(session, learner, draft, EnrolmentSource.DIRECT)
    session.commit()
    lessons = [lesson.id for m in course.modules for lesson in m.lessons]
    return {"course": course.id, "draft": draft.id, "lessons": lessons, "draft_lesson": module.lessons[0].id}


def test_my_courses_shows_progress_and_deadline(auth, client, world):
    auth.login("hoc.vien")
    page = client.get("/courses/").get_data(as_text=True)
    assert "Kỹ năng bảo mật" in page
    assert "0\xa0% — 0/4 bài học" in page
    assert "Khóa nháp" not in page  # drafts are invisible to learners


def test_learner_cannot_open_a_draft_course(auth, client, world):
    auth.login("hoc.vien")
    assert client.get(f"/courses/{world['draft']}").status_code == 404
    assert client.get(f"/courses/{world['draft']}/lessons/{world['draft_lesson']}").status_code == 404


def test_trainer_can_preview_a_draft(auth, client, world):
    auth.login("giang.vien")
    assert client.get(f"/courses/{world['draft']}").status_code == 200


def test_not_enrolled_learner_gets_403_for_lessons(auth, client, world):
    auth.login("nguoi.khac")
    assert client.get(f"/courses/{world['course']}").status_code == 403
    assert client.get(f"/courses/{world['course']}/lessons/{world['lessons'][0]}").status_code == 403
    assert client.post(f"/courses/{world['course']}/lessons/{world['lessons'][0]}/complete").status_code == 403


def test_lesson_of_another_course_is_404(auth, client, world):
    auth.login("hoc.vien")
    assert client.get(f"/courses/{world['course']}/lessons/{world['draft_lesson']}").status_code == 404
    assert client.get(f"/courses/{world['course']}/lessons/999999").status_code == 404


def test_mark_complete_raises_progress_and_continue_goes_to_the_next_lesson(auth, client, world):
    auth.login("hoc.vien")
    first, second = world["lessons"][:2]
    assert client.get(f"/courses/{world['course']}/continue").location.endswith(f"/lessons/{first}")
    response = client.post(f"/courses/{world['course']}/lessons/{first}/complete")
    assert response.location.endswith(f"/courses/{world['course']}/continue")
    assert client.get(response.location).location.endswith(f"/lessons/{second}")
    page = client.get(f"/courses/{world['course']}").get_data(as_text=True)
    assert "25\xa0% — 1/4 bài học" in page
    assert "Tiếp tục học" in page


def test_lesson_page_has_previous_and_next(auth, client, world):
    auth.login("hoc.vien")
    first, second, third, _ = world["lessons"]
    page = client.get(f"/courses/{world['course']}/lessons/{second}").get_data(as_text=True)
    assert f"/lessons/{first}" in page and f"/lessons/{third}" in page
    assert 'rel="prev"' in page and 'rel="next"' in page


def test_hostile_markdown_is_rendered_harmless(auth, client, session, world):
    from courses.models import Lesson

    lesson = session.get(Lesson, world["lessons"][0])
    authoring.update_lesson(
        session,
        lesson,
        lesson.title,
        '<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n[bấm vào](javascript:alert(1))\n\n'
        '<a href="javascript:alert(2)" onclick="alert(3)">b</a> [an toàn](https://dichvucong.gov.vn)',
        5,
        True,
    )
    session.commit()
    auth.login("hoc.vien")
    page = client.get(f"/courses/{world['course']}/lessons/{lesson.id}").get_data(as_text=True)
    body = page.split('<article class="lesson-body card">')[1].split("</article>")[0]
    tags = parse_tags(body)
    assert "script" not in [name for name, _ in tags]
    assert not [attr for _, attrs in tags for attr, _ in attrs if attr.startswith("on")]
    hrefs = [value for _, attrs in tags for attr, value in attrs if attr == "href"]
    assert hrefs == ["https://dichvucong.gov.vn"]
    assert 'rel="noopener noreferrer"' in body


def parse_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every element the browser would build, with its attributes."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            found.append((tag, attrs))

    Collector().feed(html)
    return found


@pytest.mark.parametrize("query", ["bao mat", "BẢO MẬT", "bảo mật", "Bao Mat"])
def test_search_ignores_diacritics_and_case(auth, client, world, query):
    auth.login("hoc.vien")
    page = client.get("/courses/search", query_string={"q": query}).get_data(as_text=True)
    assert "Kỹ năng bảo mật" in page
    assert "Bài 1.1" in page  # lesson text says "bảo mật"
    assert "Khóa nháp" not in page and "Bài nháp" not in page


def test_search_does_not_show_courses_the_learner_cannot_open(auth, client, world):
    auth.login("nguoi.khac")
    page = client.get("/courses/search", query_string={"q": "bao mat"}).get_data(as_text=True)
    assert "Kỹ năng bảo mật" not in page


def test_open_course_self_enrolment(auth, client, session, world):
    open_course = make_course(session, "Khóa mở về AI", is_open=True)
    session.commit()
    auth.login("nguoi.khac")
    page = client.get("/courses/").get_data(as_text=True)
    assert "Khóa mở về AI" in page
    assert client.get(f"/courses/{open_course.id}").status_code == 200
    client.post(f"/courses/{open_course.id}/enrol")
    assert client.get(f"/courses/{open_course.id}/continue").status_code == 302
    assert "0\xa0% — 0/4 bài học" in client.get("/courses/").get_data(as_text=True)


def test_home_shows_my_course_progress(auth, client, world):
    auth.login("hoc.vien")
    page = client.get("/").get_data(as_text=True)
    assert "Kỹ năng bảo mật" in page and "Bắt đầu học" in page
