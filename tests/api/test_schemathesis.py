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

Beyond conformance, schemathesis checks that the document and the code agree on what input is acceptable:
`positive_data_acceptance` (input the document allows is never refused as malformed: no 400) and
`negative_data_rejection` (input the document forbids is always refused). A valid-looking request may still
meet a rule no static document can state — a draw area without questions, a password the policy refuses, an
option id of another question — so some operations may also answer 422 (or 400) to positive data; each is
listed in ALSO_REFUSED with the reason.
"""

import io

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, CheckFunction, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lms import create_app
from lms.config import TestingConfig
from tests.api.conftest import fresh_token

#: Examples per operation (each tried twice: generated ids, then ids that exist).
EXAMPLES = 8
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
CHECKS = [*CONFORMANCE, positive_data_acceptance, negative_data_rejection]

#: Statuses that never mean "the document and the code disagree about the input".
ACCEPTED = ["2xx", "401", "403", "404", "409", "429"]
#: Operation → statuses it may also give to input the document allows, and why.
ALSO_REFUSED = {
    # Rules about the data, not the shape (422): unknown area or unit, too few questions in an area, fixed
    # questions xor a draw, closes_at before opens_at, the password policy, a blank title, an empty roster.
    ("POST", "/courses"): ["422"],
    ("POST", "/courses/{course_id}/enrolments"): ["422"],
    ("POST", "/quizzes"): ["422"],
    ("POST", "/me/password"): ["422"],
    ("POST", "/assistant/ask"): ["422"],
    ("POST", "/questions/import"): ["422"],
    ("POST", "/admin/users/import"): ["422"],
    # An answer must fit its question: option ids of that question, one of them for a single choice, text for
    # a short-text question (400, as the quiz page's autosave has always answered); in the placement check the
    # question must also be one of the step's (422).
    ("PUT", "/attempts/{attempt_id}/answers/{question_id}"): ["400"],
    ("PUT", "/placement/{placement_id}/areas/{area}"): ["400", "422"],
}
#: 413 is a refusal too (a short-text answer over its limit).
REFUSED = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]


def schemathesis_config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            # NUL is refused everywhere (lms/input_guard.py, said in the document's description; tested below).
            "generation": {"allow-x00": False},
            "checks": {
                "positive_data_acceptance": {"expected-statuses": ACCEPTED},
                "negative_data_rejection": {"expected-statuses": REFUSED},
            },
            "operations": [
                {
                    "include-method": method,
                    "include-path": path,
                    "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, *also]}},
                }
                for (method, path), also in ALSO_REFUSED.items()
            ],
        }
    )


def checks_for(case: Case) -> list[CheckFunction]:
    """Every check, except for a case negative only in its headers: the only header is Authorization, which the
    fresh token replaces, so such a request is a valid one and is judged on conformance alone."""
    meta = case.meta
    if meta is None or meta.generation.mode.is_positive:
        return CHECKS
    negated = {location for location in ParameterLocation if location.value and meta.is_negative_at(location)}
    return CHECKS if negated - {ParameterLocation.HEADER} else CONFORMANCE


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every documented operation, read when the tests are collected."""
    spec = create_app(TestingConfig).test_client().get("/api/openapi.json").json
    methods = {"get", "put", "post", "delete", "patch"}
    return [(method.upper(), path) for path, item in spec["paths"].items() for method in item if method in methods]


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda value: value)
def test_api_conforms_to_its_openapi_document(app, api_world, method, path):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=schemathesis_config())
    operation = schema[path][method]
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    def headers() -> dict[str, str]:
        # A fresh token per call; plain bodies (the in-process client does not undo gzip/brotli compression).
        return {"Authorization": f"Bearer {fresh_token(app, api_world['user_id'])}", "Accept-Encoding": "identity"}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=strategy)
    def run(case):  # type: ignore[no-untyped-def]
        case.call_and_validate(headers=headers(), checks=checks_for(case))
        # Replacing ids may repair the very part a negative case broke: those calls check conformance only.
        again = CHECKS if case.meta is None or case.meta.generation.mode.is_positive else CONFORMANCE
        known = {name: value for name, value in api_world["path"].items() if name in (case.path_parameters or {})}
        if known:  # the same input against things that exist
            case.path_parameters = {**case.path_parameters, **known}
            case.call_and_validate(headers=headers(), checks=again)
        known_query = {name: value for name, value in api_world["query"].items() if name in (case.query or {})}
        if known_query:  # the verification token, unit codes that exist
            case.query = {**case.query, **known_query}
            case.call_and_validate(headers=headers(), checks=again)

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
