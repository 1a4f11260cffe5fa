"""API v1: my levels, the placement check, my path through a course."""

import pytest

from tests.api.test_auth import assert_error, bearer, token_for
from tests.learning_path.helpers import build_world, load_placement, right, wrong
from tests.learning_path.test_views import SECRETS


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    return build_world(session)


def put_area(client, token, placement, area, pattern, rating):  # type: ignore[no-untyped-def]
    step = next(a for a in placement["areas"] if a["code"] == area)
    ids = [q["id"] for q in step["questions"]]
    # The client only has public questions; the test reads the server's snapshot to answer right or wrong.
    return client.put(
        f"/api/v1/placement/{placement['placement_id']}/areas/{area}",
        json={"rating": rating, "answers": {str(i): a for i, a in zip(ids, pattern, strict=True)}},
        headers=bearer(token),
    )


def answers(session, user_id, area, pattern):  # type: ignore[no-untyped-def]
    placement = load_placement(session, user_id)
    pending = [q for q in placement.snapshot if q["area"] == area and str(q["id"]) not in placement.answers]
    return [right(q) if ok else wrong(q) for q, ok in zip(pending, pattern, strict=True)]


def test_placement_flow_levels_and_path(client, session, world):
    token = token_for(client, "hoc.vien")
    before = client.get("/api/v1/me/levels", headers=bearer(token)).json
    assert before["placement"] is None
    assert {a["code"]: a["level"] for a in before["areas"]}["AT"] is None
    assert before["areas"][0]["reason"].startswith("Bạn chưa làm phần tự đánh giá")

    started = client.post("/api/v1/placement", headers=bearer(token))
    assert started.status_code == 200
    body = started.get_data(as_text=True)
    for secret in SECRETS:
        assert secret not in body
    placement = started.json
    assert placement["state"] == "open" and placement["current_area"] == "TB"
    assert [len(a["questions"]) for a in placement["areas"]] == [2, 2, 2]
    assert client.post("/api/v1/placement", headers=bearer(token)).json["placement_id"] == placement["placement_id"]

    for area, pattern, rating in (("TB", [False, False], 1), ("TT", [True, True], 2), ("AT", [True, True], 4)):
        response = put_area(client, token, placement, area, answers(session, world.learner.id, area, pattern), rating)
        assert response.status_code == 200, response.json
        for secret in SECRETS:
            assert secret not in response.get_data(as_text=True)
        placement = response.json
    assert placement["state"] == "submitted" and placement["current_area"] is None
    assert placement["results"]["AT"] == {"correct": 2, "total": 2, "rating": 4, "level": "mastered"}

    levels = {a["code"]: a for a in client.get("/api/v1/me/levels", headers=bearer(token)).json["areas"]}
    assert (levels["AT"]["level"], levels["TB"]["level"], levels["TT"]["level"]) == ("mastered", "needs", "progressing")
    assert levels["AT"]["reason"] == (
        "Bạn trả lời đúng 2/2 câu phần tự đánh giá lĩnh vực “An toàn số” và tự nhận mức “Thành thạo”."
    )

    path = client.get(f"/api/v1/courses/{world.course_id}/path", headers=bearer(token)).json
    assert path["has_levels"] and path["placement_state"] == "submitted"
    assert [(m["area"], m["level"], m["skim"]) for m in path["modules"]] == [
        ("TB", "needs", False),
        ("TT", "progressing", False),
        ("AT", "mastered", True),
    ]
    assert path["modules"][2]["advice"] == "Có thể đọc lướt"
    assert path["next_lesson_id"] == world.first_lessons["TB"]

    again = client.post(f"/api/v1/placement/{placement['placement_id']}/submit", headers=bearer(token))
    assert again.status_code == 200 and again.json["results"] == placement["results"]  # idempotent


def test_get_placement_resumes(client, session, world):
    token = token_for(client, "hoc.vien")
    placement = client.post("/api/v1/placement", headers=bearer(token)).json
    put_area(client, token, placement, "TB", answers(session, world.learner.id, "TB", [True, True]), 3)
    resumed = client.get(f"/api/v1/placement/{placement['placement_id']}", headers=bearer(token)).json
    assert resumed["current_area"] == "TT"
    assert [a["done"] for a in resumed["areas"]] == [True, False, False]
    assert resumed["areas"][0]["questions"] == [] and resumed["areas"][0]["rating"] == 3


def test_extra_question_appears_when_answers_disagree(client, session, world):
    token = token_for(client, "hoc.vien")
    placement = client.post("/api/v1/placement", headers=bearer(token)).json
    placement = put_area(
        client, token, placement, "TB", answers(session, world.learner.id, "TB", [True, False]), 3
    ).json
    tb = placement["areas"][0]
    assert placement["current_area"] == "TB" and len(tb["questions"]) == 1 and not tb["done"]


def test_validation_errors_are_vietnamese(client, session, world):
    token = token_for(client, "hoc.vien")
    placement = client.post("/api/v1/placement", headers=bearer(token)).json
    url = f"/api/v1/placement/{placement['placement_id']}/areas/TB"
    response = client.put(url, json={"rating": 9}, headers=bearer(token))
    assert_error(response, 422, "validation_failed")
    assert "mức tự đánh giá" in response.json["error"]["message"] and "rating" in response.json["error"]["fields"]
    response = client.put(url, json={"rating": True}, headers=bearer(token))
    assert_error(response, 422, "validation_failed")
    response = client.put(url, json={"rating": 2, "answers": {"123456": {"option_ids": [1]}}}, headers=bearer(token))
    assert_error(response, 422, "validation_failed")
    assert "không thuộc bước này" in response.json["error"]["message"]
    question = placement["areas"][0]["questions"][0]
    bad = {"text": 5} if question["type"] == "short_text" else {"option_ids": [999999]}
    response = client.put(url, json={"rating": 2, "answers": {str(question["id"]): bad}}, headers=bearer(token))
    assert response.status_code == 400 and response.json["error"]["fields"]
    response = client.put(url, data="rating=2", headers=bearer(token))
    assert_error(response, 400, "bad_request")
    response = client.put(
        f"/api/v1/placement/{placement['placement_id']}/areas/XX", json={"rating": 2}, headers=bearer(token)
    )
    assert_error(response, 404, "not_found")
    assert load_placement(session, world.learner.id).answers == {}  # nothing was saved


def test_other_people_and_finished_placements(client, session, world):
    token = token_for(client, "hoc.vien")
    placement = client.post("/api/v1/placement", headers=bearer(token)).json
    other = token_for(client, "hoc.vien.b")
    assert_error(client.get(f"/api/v1/placement/{placement['placement_id']}", headers=bearer(other)), 403, "forbidden")
    assert_error(client.get("/api/v1/placement/999999", headers=bearer(token)), 404, "not_found")
    skipped = client.post("/api/v1/placement/skip", headers=bearer(token))
    assert skipped.json == {"placement_id": placement["placement_id"], "state": "skipped"}
    url = f"/api/v1/placement/{placement['placement_id']}/areas/TB"
    assert_error(client.put(url, json={"rating": 2}, headers=bearer(token)), 409, "conflict")
    assert_error(
        client.post(f"/api/v1/placement/{placement['placement_id']}/submit", headers=bearer(token)), 409, "conflict"
    )
    assert client.get("/api/v1/me/levels", headers=bearer(token)).json["placement"]["state"] == "skipped"


def test_course_path_needs_enrolment_and_a_token(client, world):
    assert_error(client.get(f"/api/v1/courses/{world.course_id}/path"), 401, "unauthorized")
    other = token_for(client, "hoc.vien.b")
    assert_error(client.get(f"/api/v1/courses/{world.course_id}/path", headers=bearer(other)), 403, "forbidden")
    token = token_for(client, "hoc.vien")
    path = client.get(f"/api/v1/courses/{world.course_id}/path", headers=bearer(token)).json
    assert not path["has_levels"] and [m["area"] for m in path["modules"]] == ["AT", "TB", "TT"]
    assert all(m["advice"] == "Học theo thứ tự" for m in path["modules"])


def test_openapi_documents_every_learning_path_route(client):
    spec = client.get("/api/openapi.json").json
    for path in (
        "/me/levels",
        "/placement",
        "/placement/skip",
        "/placement/{placement_id}",
        "/placement/{placement_id}/areas/{area}",
        "/placement/{placement_id}/submit",
        "/courses/{course_id}/path",
    ):
        assert path in spec["paths"]
