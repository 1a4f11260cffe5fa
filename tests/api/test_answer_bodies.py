"""One answer body, one verdict: the quiz page's autosave and the API read an answer with the same schema.

400 when the body is not the documented shape (not JSON, not an object, option_ids not a list of integers,
text not a string, neither field), 413 when the text is too long; the quiz page used to answer 422 to a body
that was not a JSON object (docs/adr/0002-api-schemas.md).
"""

import pytest
from sqlalchemy import func, select

from courses.models import EnrolmentSource
from courses.services import enrol
from quizzes.models import AttemptAnswer
from quizzes.services import MAX_TEXT_ANSWER
from tests.api.test_auth import bearer, token_for
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import make_questions, make_quiz

BAD_BODIES = [
    ({"data": "{", "content_type": "application/json"}, 400),
    ({"data": "option_ids=1", "content_type": "application/x-www-form-urlencoded"}, 400),
    ({"json": ["x"]}, 400),
    ({"json": {}}, 400),
    ({"json": {"option_ids": "1"}}, 400),
    ({"json": {"option_ids": [True]}}, 400),
    ({"json": {"option_ids": ["1"]}}, 400),
    ({"json": {"option_ids": [1.5]}}, 400),
    ({"json": {"option_ids": [10**30]}}, 400),
    ({"json": {"option_ids": None}}, 400),
    ({"json": {"text": 5}}, 400),
    ({"json": {"text": "x" * (MAX_TEXT_ANSWER + 1)}}, 413),
]


@pytest.fixture
def attempt(client, session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=1, lessons=1)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    quiz = make_quiz(session, course, make_questions(session), max_attempts=None)
    session.commit()
    token = token_for(client, "hoc.vien")
    started = client.post(f"/api/v1/quizzes/{quiz.id}/attempts", headers=bearer(token)).json
    question = next(q for q in started["questions"] if q["type"] == "single")
    return {
        "id": started["attempt_id"],
        "question": question["id"],
        "option": question["options"][0]["id"],
        "token": token,
    }


@pytest.mark.parametrize(("body", "status"), BAD_BODIES, ids=repr)
def test_the_quiz_page_and_the_api_refuse_a_bad_answer_alike(client, auth, session, attempt, body, status):
    api = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{attempt['question']}", headers=bearer(attempt["token"]), **body
    )
    auth.login("hoc.vien")
    page = client.post(f"/quizzes/attempts/{attempt['id']}/answers/{attempt['question']}", **body)
    assert api.status_code == page.status_code == status, (api.get_data(as_text=True), page.get_data(as_text=True))
    assert api.json["error"]["code"] == {400: "bad_request", 413: "payload_too_large"}[status]
    if page.is_json:
        assert page.json["error"]["code"] == api.json["error"]["code"]
    assert session.scalar(select(func.count(AttemptAnswer.id))) == 0


def test_option_ids_that_are_not_integers_are_named(client, attempt):
    response = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{attempt['question']}",
        headers=bearer(attempt["token"]),
        json={"option_ids": ["a", 2]},
    )
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"option_ids[0]"}


def test_a_good_answer_is_saved_by_either_door(client, auth, session, attempt):
    url = f"/attempts/{attempt['id']}/answers/{attempt['question']}"
    option = attempt["option"]
    assert (
        client.put(f"/api/v1{url}", headers=bearer(attempt["token"]), json={"option_ids": [option]}).status_code == 200
    )
    auth.login("hoc.vien")
    # 5.0 is the integer 5 in JSON Schema, so the schema takes it (true and "5" stay refused).
    assert client.post(f"/quizzes{url}", json={"option_ids": [float(option)]}).status_code == 200
    assert session.scalar(select(AttemptAnswer.answer)) == {"option_ids": [option]}
