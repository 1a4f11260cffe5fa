"""Schemathesis against /api/openapi.json, in-process (WSGI): every documented operation is called with generated
input, as a person holding every role, and must never answer 5xx, and must answer only documented status codes,
with the documented content type and a body matching the documented schema.

Each example is sent as generated (path ids mostly unknown → 404), then again with the path ids, the certificate
token and the unit codes replaced by ones that exist, so the 200 bodies are checked too. Generation is positive and
negative (schema-violating input), derandomised, a few examples per operation.

Destructive operations: every call gets a fresh bearer token, so DELETE /auth/token (logout) only ever revokes the
token of its own call; POST /me/password is called with generated passwords, which never match the current one,
so it answers 400/422 and the password stays; the attempt is a practice quiz with unlimited attempts, so
submitting it early only makes later answer saves answer 409, which is documented. Every operation runs on a
database of its own (the `app` fixture empties it after each test), so no operation's writes reach another.
Rate limits get limit strings of their own here, which leaves the counters of the other tests alone.
"""

import io
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from courses.models import EnrolmentSource
from courses.services import enrol
from lms.auth import services as auth_services
from lms.auth.models import Role, User
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.models import now_utc
from quizzes import services as quiz_services
from quizzes.models import QuizKind
from tests.certificates.conftest import pass_final
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import make_questions, make_quiz

#: Examples per operation (each tried twice: generated ids, then ids that exist).
EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def api_world(app, session):  # type: ignore[no-untyped-def]
    """A province, a course with a final quiz the person has passed (so a certificate), and an open practice attempt."""
    for name in ("RATELIMIT_IMPORT", "RATELIMIT_SIGN_IN", "RATELIMIT_VERIFY"):
        app.config[name] = "100000 per minute"  # its own counters: the other tests' limits are left alone
    tree = Tree(session)
    person = make_user(session, "ca.nhan", Role.LEARNER, Role.TRAINER, Role.MONITOR, Role.ADMIN, unit=tree.commune_a)
    make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=1, lessons=1)
    app.config["PROGRAMME_COURSE"] = course.slug  # so /stats has its programme
    enrolment = enrol(session, person, course, EnrolmentSource.DIRECT)
    final = make_quiz(session, course, make_questions(session), kind=QuizKind.FINAL, pass_percent=70)
    passed = pass_final(session, person, final, enrolment, now_utc() - timedelta(minutes=5))
    quiz_services.submit_attempt(session, person, passed, now_utc())  # confirms the person: a certificate
    practice = make_quiz(session, course, make_questions(session, "TB"), max_attempts=None, time_limit_s=None)
    attempt = quiz_services.start_attempt(session, person, practice, now_utc())
    session.commit()
    certificate = session.query(Certificate).filter_by(user_id=person.id).one()
    module = course.modules[0]
    return {
        "user_id": person.id,
        "path": {
            "course_id": course.id,
            "lesson_id": module.lessons[0].id,
            "quiz_id": practice.id,
            "attempt_id": attempt.id,
            "question_id": attempt.snapshot[0]["id"],
            "serial": certificate.serial,
        },
        "query": {"token": certificate.token, "parent": tree.province.code, "unit": tree.commune_a.code},
    }


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every documented operation, read when the tests are collected."""
    from lms.api.docs import SPEC

    methods = {"get", "put", "post", "delete", "patch"}
    return [(method.upper(), path) for path, item in SPEC["paths"].items() for method in item if method in methods]


def fresh_token(app, user_id: int) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        token, _ = auth_services.issue_token(db.session, db.session.get(User, user_id), timedelta(hours=1))
        db.session.commit()
    return token


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda value: value)
def test_api_conforms_to_its_openapi_document(app, api_world, method, path):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operation = schema[path][method]
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    def headers() -> dict[str, str]:
        # A fresh token per call; plain bodies (the in-process client does not undo gzip/brotli compression).
        return {"Authorization": f"Bearer {fresh_token(app, api_world['user_id'])}", "Accept-Encoding": "identity"}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=strategy)
    def run(case):  # type: ignore[no-untyped-def]
        case.call_and_validate(headers=headers(), checks=CHECKS)
        known = {name: value for name, value in api_world["path"].items() if name in (case.path_parameters or {})}
        if known:  # the same input against things that exist
            case.path_parameters = {**case.path_parameters, **known}
            case.call_and_validate(headers=headers(), checks=CHECKS)
        known_query = {name: value for name, value in api_world["query"].items() if name in (case.query or {})}
        if known_query:  # the verification token, unit codes that exist
            case.query = {**case.query, **known_query}
            case.call_and_validate(headers=headers(), checks=CHECKS)

    run()


def _nul_requests(world: dict) -> list[tuple[str, str, dict]]:  # type: ignore[type-arg]
    ids = world["path"]
    upload = {"file": (io.BytesIO(b"Q {=a ~b}"), "a.gift")}
    return [
        ("get", "/api/v1/units?parent=a%00b", {}),
        ("get", "/api/v1/stats/units?parent=a%00b", {}),
        ("get", "/api/v1/stats/people?q=a%00b", {}),
        ("get", "/api/v1/certificates/a%00b.pdf", {}),
        ("get", f"/api/v1/certificates/{ids['serial']}/verify?token=x%00", {}),
        ("post", "/api/v1/auth/token", {"json": {"username": "a\x00", "password": "x"}}),
        ("post", "/api/v1/courses", {"json": {"title": "a\x00"}}),
        ("post", f"/api/v1/courses/{ids['course_id']}/enrolments", {"json": {"usernames": ["b\x00"]}}),
        (
            "post",
            "/api/v1/quizzes",
            {"json": {"title": "Q", "course_id": ids["course_id"], "draw": [{"area": "\x00"}]}},
        ),
        ("post", "/api/v1/questions/import", {"data": {"bank": "a\x00", **upload}}),
    ]


def test_nul_characters_are_refused_not_crashed(client, app, api_world):  # type: ignore[no-untyped-def]
    """PostgreSQL text cannot hold NUL: it is refused with 400/404 instead of failing in the database (500)."""
    for method, url, kwargs in _nul_requests(api_world):
        headers = {"Authorization": f"Bearer {fresh_token(app, api_world['user_id'])}"}
        response = getattr(client, method)(url, headers=headers, **kwargs)
        assert response.status_code in (400, 404), (url, response.status_code)
        assert response.json["error"]["code"] in ("bad_request", "not_found")
