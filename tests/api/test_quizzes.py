"""API v1: quizzes, question import, attempts."""

import io

import pytest
from sqlalchemy import func, select

from courses.models import EnrolmentSource
from courses.services import enrol
from lms.auth.models import Role
from quizzes.models import AttemptAnswer, Question, Quiz
from tests.api.test_auth import assert_error, bearer, token_for
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import GIFT, make_questions, make_quiz


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a)
    make_user(session, "nguoi.khac", unit=tree.commune_b)
    make_user(session, "giang.vien", Role.TRAINER, unit=tree.department)
    course = make_course(session, modules=1, lessons=1)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    questions = make_questions(session)
    quiz = make_quiz(session, course, questions, time_limit_s=600, max_attempts=1)
    session.commit()
    return {"course": course.id, "quiz": quiz.id, "questions": [q.id for q in questions]}


def start(client, token, quiz_id):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/quizzes/{quiz_id}/attempts", headers=bearer(token))


def test_attempt_json_never_contains_correctness(client, world):
    token = token_for(client, "hoc.vien")
    response = start(client, token, world["quiz"])
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    for secret in ("fraction", "feedback", "correct", "weight", "Dài và trộn ký tự", "mật khẩu dùng một lần"):
        assert secret not in body
    data = response.json
    assert data["deadline"] and data["answers"] == {}
    assert {q["type"] for q in data["questions"]} == {"single", "multiple", "true_false", "short_text"}


def test_resume_returns_saved_answers(client, world):
    token = token_for(client, "hoc.vien")
    attempt = start(client, token, world["quiz"]).json
    short = next(q for q in attempt["questions"] if q["type"] == "short_text")
    url = f"/api/v1/attempts/{attempt['attempt_id']}/answers/{short['id']}"
    assert client.put(url, json={"text": "OTP"}, headers=bearer(token)).status_code == 200
    assert client.put(url, json={"text": "OTP"}, headers=bearer(token)).status_code == 200  # idempotent
    again = start(client, token, world["quiz"]).json
    assert again["attempt_id"] == attempt["attempt_id"]
    assert again["answers"] == {str(short["id"]): {"text": "OTP"}}


def test_submit_twice_returns_the_same_result_and_saves_after_are_409(client, world):
    token = token_for(client, "hoc.vien")
    attempt = start(client, token, world["quiz"]).json
    short = next(q for q in attempt["questions"] if q["type"] == "short_text")
    client.put(
        f"/api/v1/attempts/{attempt['attempt_id']}/answers/{short['id']}", json={"text": "otp"}, headers=bearer(token)
    )
    first = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=bearer(token))
    second = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=bearer(token))
    assert first.status_code == second.status_code == 200
    assert (
        first.json
        == second.json
        == {"score": 1.0, "max_score": 4.0, "percent": 25.0, "passed": False, "certificate": None}
    )
    late = client.put(
        f"/api/v1/attempts/{attempt['attempt_id']}/answers/{short['id']}", json={"text": "x"}, headers=bearer(token)
    )
    assert_error(late, 409, "conflict")
    assert_error(start(client, token, world["quiz"]), 409, "conflict")  # max_attempts = 1


def test_bad_answers_get_clear_errors_and_nothing_is_stored(client, session, world):
    token = token_for(client, "hoc.vien")
    attempt = start(client, token, world["quiz"]).json
    by_type = {q["type"]: q for q in attempt["questions"]}
    base = f"/api/v1/attempts/{attempt['attempt_id']}/answers"
    other_option = by_type["true_false"]["options"][0]["id"]
    assert_error(
        client.put(f"{base}/{by_type['single']['id']}", json={"option_ids": [other_option]}, headers=bearer(token)),
        400,
        "bad_request",
    )
    assert_error(client.put(f"{base}/999999", json={"option_ids": []}, headers=bearer(token)), 404, "not_found")
    huge = client.put(f"{base}/{by_type['short_text']['id']}", json={"text": "x" * 1_000_000}, headers=bearer(token))
    assert_error(huge, 413, "payload_too_large")
    assert_error(
        client.put(
            f"{base}/{by_type['single']['id']}", data="{", content_type="application/json", headers=bearer(token)
        ),
        400,
        "bad_request",
    )
    other = token_for(client, "nguoi.khac")
    assert_error(
        client.put(f"{base}/{by_type['short_text']['id']}", json={"text": "x"}, headers=bearer(other)), 403, "forbidden"
    )
    assert_error(
        client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=bearer(other)), 403, "forbidden"
    )
    assert session.scalar(select(func.count(AttemptAnswer.id))) == 0


def test_not_enrolled_cannot_start(client, world):
    token = token_for(client, "nguoi.khac")
    assert_error(start(client, token, world["quiz"]), 403, "forbidden")
    assert_error(start(client, token, 999_999), 404, "not_found")


def test_trainer_creates_a_quiz_with_a_draw_or_fixed_questions(client, session, world):
    token = token_for(client, "giang.vien")
    # A final draws from the final pool: import the same four questions into it first.
    data = {"file": (io.BytesIO(GIFT.encode()), "cuoi.gift"), "bank": "Cuối khóa", "area": "AT", "pool": "final"}
    imported = client.post(
        "/api/v1/questions/import", data=data, headers=bearer(token), content_type="multipart/form-data"
    )
    assert imported.status_code == 200 and imported.json["imported"] == 4
    body = {"title": "Đánh giá", "course_id": world["course"], "kind": "final", "pass_percent": 70,
            "time_limit_s": 1800, "max_attempts": 3, "shuffle": True, "draw": [{"area": "AT", "count": 4}]}  # fmt: skip
    response = client.post("/api/v1/quizzes", json=body, headers=bearer(token))
    assert response.status_code == 201
    quiz = session.get(Quiz, response.json["id"])
    assert (quiz.kind, quiz.time_limit_s, [(d.area_code, d.count) for d in quiz.draws]) == ("final", 1800, [("AT", 4)])
    fixed = {"title": "Cố định", "course_id": world["course"], "questions": world["questions"][:2]}
    assert client.post("/api/v1/quizzes", json=fixed, headers=bearer(token)).status_code == 201


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"title": "A", "course_id": 1, "draw": [{"area": "AT", "count": 50}]}, 422, "draw"),
        ({"title": "A", "course_id": 1, "draw": [{"area": "XX", "count": 1}]}, 422, "draw"),
        ({"title": "A", "course_id": 1, "pass_percent": 150, "questions": [1]}, 422, "pass_percent"),
        ({"title": "A", "course_id": 1}, 422, "questions"),
        ({"title": "A", "course_id": 999}, 404, "course_id"),
        ({"course_id": 1}, 400, "title"),
        ({"title": "A", "course_id": "1"}, 400, "course_id"),
    ],
)
def test_quiz_creation_errors_name_the_field(client, world, body, status, field):
    token = token_for(client, "giang.vien")
    if body.get("course_id") == 1:
        body = {**body, "course_id": world["course"]}
    error = assert_error(client.post("/api/v1/quizzes", json=body, headers=bearer(token)), status, error_code(status))
    assert field in error.get("fields", {})


def error_code(status: int) -> str:
    return {400: "bad_request", 404: "not_found", 422: "validation_failed"}[status]


def test_import_dry_run_then_import(client, session, world):
    token = token_for(client, "giang.vien")
    before = session.scalar(select(func.count(Question.id)))

    def upload(dry: bool):  # type: ignore[no-untyped-def]
        data = {"file": (io.BytesIO(GIFT.encode()), "cau-hoi.gift"), "bank": "Ngân hàng mới"}
        url = "/api/v1/questions/import" + ("?dry_run=1" if dry else "")
        return client.post(url, data=data, headers=bearer(token), content_type="multipart/form-data")

    dry = upload(True)
    assert dry.status_code == 200
    warnings = dict(dry.json).pop("warnings")
    assert {k: v for k, v in dry.json.items() if k != "warnings"} == {
        "imported": 4,
        "skipped": 0,
        "errors": [],
        "question_ids": [],
    }
    # The linter's notes come along: these questions carry no competency tag.
    assert {"question": "Q-single", "severity": "error", "code": "competency"}.items() <= next(
        w for w in warnings if w["question"] == "Q-single" and w["code"] == "competency"
    ).items()
    assert session.scalar(select(func.count(Question.id))) == before
    real = upload(False)
    assert real.json["imported"] == 4 and len(real.json["question_ids"]) == 4
    session.expire_all()
    assert session.scalar(select(func.count(Question.id))) == before + 4


def test_import_of_a_malformed_file_reports_lines_and_imports_nothing(client, session, world):
    token = token_for(client, "giang.vien")
    before = session.scalar(select(func.count(Question.id)))
    text = "Câu tốt {=a ~b}\n\nCâu lỗi {=a ~b\n\nCâu tốt nữa {T}\n"
    data = {"file": (io.BytesIO(text.encode()), "x.gift"), "bank": "B"}
    response = client.post(
        "/api/v1/questions/import", data=data, headers=bearer(token), content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert response.json["imported"] == 0 and response.json["skipped"] == 2
    assert response.json["errors"][0]["line"] == 3
    assert session.scalar(select(func.count(Question.id))) == before


def test_learner_cannot_import_or_create(client, world):
    token = token_for(client, "hoc.vien")
    data = {"file": (io.BytesIO(b"x"), "x.gift"), "bank": "B"}
    assert_error(
        client.post("/api/v1/questions/import", data=data, headers=bearer(token), content_type="multipart/form-data"),
        403,
        "forbidden",
    )
    assert_error(client.post("/api/v1/quizzes", json={"title": "A"}, headers=bearer(token)), 403, "forbidden")


def test_course_detail_lists_quizzes_with_best_result(client, world):
    token = token_for(client, "hoc.vien")
    detail = client.get(f"/api/v1/courses/{world['course']}", headers=bearer(token)).json
    quizzes = detail["quizzes"] + [q for m in detail["modules"] for q in m["quizzes"]]
    assert [q["id"] for q in quizzes] == [world["quiz"]]
    assert quizzes[0] == {
        "id": world["quiz"],
        "title": "Bài kiểm tra thử",
        "kind": "module",
        "best_percent": None,
        "passed": False,
    }
