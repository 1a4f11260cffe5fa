"""The assistant over the API and on the pages: auth, validation, the reply's shape, the entry point."""

import random

import pytest
from sqlalchemy import select

from lms.models import now_utc
from quizzes.models import Quiz, QuizKind
from quizzes.services import start_attempt
from tests.factories import PASSWORD

ASK = "/api/v1/assistant/ask"


@pytest.fixture
def token(client, learner) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/auth/token", json={"username": "hoc.vien", "password": PASSWORD})
    return response.json["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_answers_with_passages_linking_to_lessons(client, token):
    response = client.post(ASK, json={"question": "cach tao chu ky so"}, headers=bearer(token))
    assert response.status_code == 200
    body = response.json
    assert body["question"] == "cach tao chu ky so"
    assert body["answer"] is None and body["refused"] is False and body["reason"] is None
    assert body["model"] == "off"
    first = body["passages"][0]
    assert set(first) >= {"lesson_id", "lesson_title", "course_id", "heading", "excerpt", "url", "score"}
    assert "Chữ ký số" in first["lesson_title"]
    assert first["url"] == f"/courses/{first['course_id']}/lessons/{first['lesson_id']}"
    assert client.get(first["url"]).status_code in (200, 302)  # the link is a real lesson page


def test_api_says_when_there_is_no_answer(client, token):
    body = client.post(ASK, json={"question": "giá vàng hôm nay bao nhiêu"}, headers=bearer(token)).json
    assert body["reason"] == "no_answer" and body["passages"] == []
    assert body["message"].startswith("Nội dung khóa học chưa có câu trả lời")


def test_api_refuses_during_a_final_assessment(client, token, session, learner):
    final = session.scalars(select(Quiz).where(Quiz.kind == QuizKind.FINAL)).first()
    start_attempt(session, learner, final, now_utc(), random.Random(1))
    session.commit()
    body = client.post(ASK, json={"question": "mật khẩu mạnh"}, headers=bearer(token)).json
    assert body["refused"] is True and body["reason"] == "final_in_progress" and body["passages"] == []
    assert "bài kiểm tra cuối khóa" in body["message"]


def test_api_needs_a_token(client, learner):
    response = client.post(ASK, json={"question": "chữ ký số"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert client.post(ASK, json={"question": "x"}, headers=bearer("sai")).status_code == 401


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({}, 400, "question"),
        ({"question": 5}, 400, "question"),
        ({"question": "   "}, 400, "question"),
        ({"question": "x" * 501}, 400, "question"),
        ({"question": "?!… ---"}, 422, "question"),
    ],
)
def test_api_rejects_bad_questions_naming_the_field(client, token, payload, status, field):
    response = client.post(ASK, json=payload, headers=bearer(token))
    assert response.status_code == status
    assert field in response.json["error"]["fields"]


def test_api_needs_json(client, token):
    response = client.post(ASK, data="question=abc", headers=bearer(token))
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_api_is_documented(client):
    spec = client.get("/api/openapi.json").json
    operation = spec["paths"]["/assistant/ask"]["post"]
    assert "passages" in operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]


def test_page_needs_sign_in(client):
    response = client.get("/tro-ly/?q=chu+ky+so")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_page_shows_passages_links_and_a_next_step(client, auth, learner):
    auth.login("hoc.vien")
    page = client.get("/tro-ly/", query_string={"q": "mat khau manh la gi"}).get_data(as_text=True)
    assert "Mật khẩu mạnh và xác thực hai lớp" in page
    assert "Bước tiếp theo:" in page and "/lessons/" in page
    empty = client.get("/tro-ly/", query_string={"q": "cách nấu phở bò ngon"}).get_data(as_text=True)
    assert "Nội dung khóa học chưa có câu trả lời cho câu hỏi này" in empty
    bad = client.get("/tro-ly/", query_string={"q": "?!"}).get_data(as_text=True)
    assert "Hãy nhập câu hỏi bằng chữ." in bad
    assert client.get("/tro-ly/").status_code == 200


def test_the_box_is_on_every_page_but_not_during_an_attempt(client, auth, session, learner):
    auth.login("hoc.vien")
    assert 'class="assistant-box"' in client.get("/").get_data(as_text=True)
    assert 'class="assistant-box"' in client.get("/courses/").get_data(as_text=True)
    practice = session.scalars(select(Quiz).where(Quiz.slug == "module:at")).first()
    attempt = start_attempt(session, learner, practice, now_utc(), random.Random(1))
    session.commit()
    page = client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    assert "assistant-box" not in page and "/tro-ly/" not in page
