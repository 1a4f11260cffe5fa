"""API v1: courses, lessons, completion, course creation, enrolment."""

import pytest
from sqlalchemy import func, select

from courses import services
from courses.models import Course, EnrolmentSource, Lesson
from lms.auth.models import Role
from tests.api.test_auth import assert_error, bearer, token_for
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a)
    make_user(session, "nguoi.khac", unit=tree.commune_b)
    make_user(session, "giang.vien", Role.TRAINER, unit=tree.department)
    course = make_course(session, "Kỹ năng bảo mật", modules=2, lessons=2)
    services.enrol(session, learner, course, EnrolmentSource.DIRECT)
    session.commit()
    return {"course": course.id, "lessons": [lesson.id for m in course.modules for lesson in m.lessons]}


def test_list_and_get_course(client, world):
    token = token_for(client, "hoc.vien")
    listing = client.get("/api/v1/courses", headers=bearer(token)).json
    assert listing["total"] == 1
    item = listing["items"][0]
    assert item["title"] == "Kỹ năng bảo mật"
    assert (item["progress_percent"], item["completed"], item["deadline"]) == (0, False, None)
    detail = client.get(f"/api/v1/courses/{world['course']}", headers=bearer(token)).json
    assert [len(m["lessons"]) for m in detail["modules"]] == [2, 2]
    assert detail["modules"][0]["area"] == "AT"
    assert detail["next_lesson_id"] == world["lessons"][0]


def test_the_course_list_is_paged(client, session, world):
    for n in range(3):
        make_course(session, f"Khóa mở {n}", modules=1, lessons=1, is_open=True)
    session.commit()
    token = token_for(client, "hoc.vien")
    first = client.get("/api/v1/courses?per_page=2", headers=bearer(token)).json
    second = client.get("/api/v1/courses?per_page=2&page=2", headers=bearer(token)).json
    assert (first["total"], first["per_page"], len(first["items"]), first["items"][0]["enrolled"]) == (4, 2, 2, True)
    assert (second["page"], len(second["items"])) == (2, 2)
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    assert_error(client.get("/api/v1/courses?per_page=0", headers=bearer(token)), 400, "bad_request")


def test_lesson_and_idempotent_completion(client, world):
    token = token_for(client, "hoc.vien")
    lesson_id = world["lessons"][0]
    lesson = client.get(f"/api/v1/lessons/{lesson_id}", headers=bearer(token)).json
    assert lesson["completed"] is False
    assert "<p>" in lesson["body_html"]
    first = client.post(f"/api/v1/lessons/{lesson_id}/complete", headers=bearer(token))
    again = client.post(f"/api/v1/lessons/{lesson_id}/complete", headers=bearer(token))
    assert first.status_code == again.status_code == 200
    assert first.json == again.json
    assert first.json["progress_percent"] == 25
    assert client.get(f"/api/v1/lessons/{lesson_id}", headers=bearer(token)).json["completed"] is True


def test_not_enrolled_gets_403_and_unknown_gets_404(client, world):
    token = token_for(client, "nguoi.khac")
    assert_error(client.get(f"/api/v1/courses/{world['course']}", headers=bearer(token)), 403, "forbidden")
    assert_error(client.get(f"/api/v1/lessons/{world['lessons'][0]}", headers=bearer(token)), 403, "forbidden")
    assert_error(
        client.post(f"/api/v1/lessons/{world['lessons'][0]}/complete", headers=bearer(token)), 403, "forbidden"
    )
    assert_error(client.get("/api/v1/lessons/999999", headers=bearer(token)), 404, "not_found")


def test_create_course_in_one_call(client, session, world):
    token = token_for(client, "giang.vien")
    body = {
        "title": "Khóa học AI",
        "published": True,
        "modules": [
            {
                "title": "AI là gì",
                "area": "AI",
                "lessons": [{"title": "Bài 1", "body_markdown": "# Xin chào\n\n<script>x</script>", "minutes": 4}],
            }
        ],
    }
    response = client.post("/api/v1/courses", json=body, headers=bearer(token))
    assert response.status_code == 201
    course = session.get(Course, response.json["id"])
    assert course.is_published
    lesson = course.modules[0].lessons[0]
    assert "<script" not in lesson.body_html and lesson.minutes == 4


def test_create_course_with_an_unknown_area_writes_nothing(client, session, world):
    token = token_for(client, "giang.vien")
    before = session.scalar(select(func.count(Course.id)))
    body = {"title": "Khóa lỗi", "modules": [{"title": "A", "area": "XX", "lessons": []}]}
    error = assert_error(client.post("/api/v1/courses", json=body, headers=bearer(token)), 422, "validation_failed")
    assert "modules[0].area" in error["fields"]
    session.expire_all()
    assert session.scalar(select(func.count(Course.id))) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": 5}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "A", "modules": "x"}, "modules"),
    ],
)
def test_create_course_bad_input(client, world, body, field):
    token = token_for(client, "giang.vien")
    error = assert_error(client.post("/api/v1/courses", json=body, headers=bearer(token)), 400, "bad_request")
    assert field in error["fields"]


def test_learner_cannot_create_or_enrol(client, world):
    token = token_for(client, "hoc.vien")
    assert_error(client.post("/api/v1/courses", json={"title": "A"}, headers=bearer(token)), 403, "forbidden")
    response = client.post(
        f"/api/v1/courses/{world['course']}/enrolments", json={"unit_codes": ["xa-b"]}, headers=bearer(token)
    )
    assert_error(response, 403, "forbidden")


def test_enrolments_by_unit_leave_enrolled_people_alone(client, world):
    token = token_for(client, "giang.vien")
    url = f"/api/v1/courses/{world['course']}/enrolments"
    response = client.post(url, json={"unit_codes": ["tinh"], "deadline": "2026-12-31"}, headers=bearer(token))
    assert response.status_code == 200
    # hoc.vien was already enrolled; nguoi.khac and giang.vien are new.
    assert response.json == {"enrolled": 2}
    assert client.post(url, json={"unit_codes": ["tinh"]}, headers=bearer(token)).json == {"enrolled": 0}


def test_enrolments_with_unknown_unit_is_422_naming_it(client, session, world):
    token = token_for(client, "giang.vien")
    url = f"/api/v1/courses/{world['course']}/enrolments"
    error = assert_error(
        client.post(url, json={"unit_codes": ["khong-co"]}, headers=bearer(token)), 422, "validation_failed"
    )
    assert "khong-co" in error["fields"]["unit_codes"]


def test_draft_course_is_404_for_learners(client, session, world):
    from courses import authoring

    draft = authoring.create_course(session, "Nháp")
    session.commit()
    token = token_for(client, "hoc.vien")
    assert_error(client.get(f"/api/v1/courses/{draft.id}", headers=bearer(token)), 404, "not_found")
    assert session.scalar(select(func.count(Lesson.id))) == 4
