"""Every limit /api/openapi.json states is the limit the code enforces.

The test walks the document — request bodies, upload fields and query parameters, through $refs, nullable
anyOfs, arrays and maps — and collects each limit it states: maximum, minimum, maxLength, minLength,
maxItems, minItems, enum, pattern. For each it starts from a request that is accepted (a `Base`), then
- sends the value one past the limit: the API must refuse it (400, 413 or 422) naming that field;
- sends the value at the limit (every member, for an enum): the API must not refuse that field for it.
A limit of the document that no `Base` reaches fails the test, so a new limit needs a request that tries it.
"""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lms.extensions import db
from quizzes.models import Attempt, Question
from tests.api.conftest import fresh_token
from tests.factories import PASSWORD
from tests.quizzes.helpers import GIFT

LIMITS = ("maximum", "minimum", "maxLength", "minLength", "maxItems", "minItems", "enum", "pattern")
REFUSED = (400, 413, 422)


@dataclass
class Base:
    """A well-formed request of one operation, answered `accepted`; `domain` names fields whose value a rule of
    the data may refuse even within the limit (a wrong current password, an area code not in the framework)."""

    method: str
    path: str
    url: str
    json: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, Any] | None = None
    upload: tuple[bytes, str] | None = None
    domain: set[str] = field(default_factory=set)
    accepted: tuple[int, ...] = (200, 201)


# --- the document ----------------------------------------------------------------------------------


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = {
            **doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]],
            **{k: v for k, v in schema.items() if k != "$ref"},
        }
    return schema


def limits_of(doc: dict[str, Any], schema: dict[str, Any], where: tuple[Any, ...] = ()) -> Iterator[tuple]:
    """(where, keyword, limit) for each limit in `schema`; `where` is a path of names, 0 (first item), "*"."""
    schema = resolve(doc, schema)
    for branch in schema.get("anyOf", []):
        if branch.get("type") != "null" and ("type" in branch or "$ref" in branch):
            yield from limits_of(doc, branch, where)
    for keyword in LIMITS:
        if keyword in schema:
            yield where, keyword, tuple(schema[keyword]) if keyword == "enum" else schema[keyword]
    for name, prop in schema.get("properties", {}).items():
        yield from limits_of(doc, prop, (*where, name))
    if isinstance(schema.get("additionalProperties"), dict):
        yield from limits_of(doc, schema["additionalProperties"], (*where, "*"))
    if "items" in schema:
        yield from limits_of(doc, schema["items"], (*where, 0))


def documented_limits(doc: dict[str, Any]) -> dict[tuple[str, str], set[tuple]]:
    """Operation → {(input, where, keyword, limit)} with input "json", "form" or "query"."""
    found: dict[tuple[str, str], set[tuple]] = {}
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            limits: set[tuple] = set()
            for media, kind in (("application/json", "json"), ("multipart/form-data", "form")):
                body = operation.get("requestBody", {}).get("content", {}).get(media)
                if body:
                    limits |= {(kind, *limit) for limit in limits_of(doc, body["schema"])}
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    limits |= {("query", *limit) for limit in limits_of(doc, parameter["schema"], (parameter["name"],))}
            if limits:
                found[(method.upper(), path)] = limits
    return found


# --- values past and at a limit -------------------------------------------------------------------


def past(keyword: str, limit: Any, current: Any) -> Any:
    if keyword == "maximum":
        return limit + 1
    if keyword == "minimum":
        return limit - 1
    if keyword == "maxLength":
        return "x" * (limit + 1)
    if keyword == "minLength":
        return "x" * (limit - 1)
    if keyword == "maxItems":
        return [current[0]] * (limit + 1)
    if keyword == "minItems":
        return [current[0]] * (limit - 1)
    if keyword == "enum":
        return "khong-co-gia-tri-nay"
    return next(text for text in ("", " ", "   \t") if not re.search(limit, text))  # pattern


def at(keyword: str, limit: Any, current: Any) -> list[Any]:
    if keyword in ("maximum", "minimum"):
        return [limit]
    if keyword in ("maxLength", "minLength"):
        return ["x" * limit]
    if keyword in ("maxItems", "minItems"):
        return [[current[0]] * limit]
    if keyword == "enum":
        return list(limit)
    return ["x"]  # pattern: the only pattern is "not blank"


def field_name(where: tuple[Any, ...]) -> str:
    name = ""
    for part in where:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def placed(data: Any, where: tuple[Any, ...], value: Any) -> tuple[Any, tuple[Any, ...]] | None:
    """A copy of `data` with `value` at `where` ("*" = the first key there), and the concrete path; None when
    the base has no container there."""
    if not where:
        return value, ()
    head, rest = where[0], where[1:]
    if head == "*":
        if not isinstance(data, dict) or not data:
            return None
        head = next(iter(data))
    if isinstance(head, int):
        if not isinstance(data, list) or not data:
            return None
        inner = placed(data[head], rest, value) if rest else (value, ())
        if inner is None:
            return None
        return [inner[0], *data[1:]], (head, *inner[1])
    if not isinstance(data, dict) or (rest and head not in data):
        return None
    inner = placed(data.get(head), rest, value) if rest else (value, ())
    if inner is None:
        return None
    return {**data, head: inner[0]}, (head, *inner[1])


def current_value(data: Any, where: tuple[Any, ...]) -> Any:
    """The base's value at `where`, or None where the base has none."""
    for part in where:
        if isinstance(data, dict) and data:
            data = data.get(next(iter(data)) if part == "*" else part)
        elif isinstance(data, list) and isinstance(part, int) and data:
            data = data[part]
        else:
            return None
    return data


# --- the requests ---------------------------------------------------------------------------------


def bases(app, world: dict[str, Any]) -> list[Base]:  # type: ignore[no-untyped-def]
    ids, query = world["path"], world["query"]
    with app.app_context():
        attempt = db.session.get(Attempt, ids["attempt_id"])
        assert attempt is not None
        question = attempt.snapshot[0]
        option = question["options"][0]["id"]
        practice_ids = [q.id for q in db.session.query(Question).filter_by(area_code="AT").limit(2)]
    token = fresh_token(app, world["user_id"])
    placement = app.test_client().post("/api/v1/placement", headers={"Authorization": f"Bearer {token}"}).json
    area = placement["areas"][0]
    pending = area["questions"][0]
    # Both fields: the service reads the one the question's type needs, so each limit can be tried.
    answer = {"option_ids": [o["id"] for o in pending["options"][:1]] or [1], "text": "OTP"}
    module_id = world["module_id"]
    quiz = {
        "title": "Bài thử giới hạn",
        "course_id": ids["course_id"],
        "module_id": module_id,
        "kind": "module",
        "pass_percent": 70,
        "time_limit_s": 600,
        "max_attempts": 3,
        "shuffle": True,
        "review_policy": "full",
    }
    return [
        Base(
            "POST",
            "/auth/token",
            "/api/v1/auth/token",
            json={"username": "ca.nhan", "password": PASSWORD, "otp": "123456"},
        ),  # fmt: skip
        Base(
            "POST",
            "/me/password",
            "/api/v1/me/password",
            json={"current_password": "sai-mat-khau", "new_password": "Mat-khau-moi-that-dai-1"},
            domain={"current_password"},
            accepted=(422,),  # the current password is wrong: nothing changes, each call can try a limit
        ),
        Base("GET", "/units", "/api/v1/units", query={"parent": query["parent"], "page": "1", "per_page": "50"}),
        Base("GET", "/courses", "/api/v1/courses", query={"page": "1", "per_page": "50"}),
        Base("GET", "/certificates", "/api/v1/certificates", query={"page": "1", "per_page": "50"}),
        Base("GET", "/stats/units", "/api/v1/stats/units", query={"parent": query["parent"]}),
        Base(
            "GET",
            "/stats/people",
            "/api/v1/stats/people",
            query={"unit": query["unit"], "status": "all", "q": "a", "category": "", "page": "1", "per_page": "50"},
        ),
        Base(
            "GET",
            "/certificates/{serial}/verify",
            f"/api/v1/certificates/{ids['serial']}/verify",
            query={"token": query["token"]},
        ),
        Base(
            "POST",
            "/courses",
            "/api/v1/courses",
            json={
                "title": "Khóa thử giới hạn",
                "published": False,
                "modules": [
                    {
                        "title": "Học phần",
                        "area": "AT",
                        "lessons": [{"title": "Bài", "body_markdown": "x", "minutes": 5}],
                    }
                ],
            },
            domain={"modules[0].area"},
        ),
        Base(
            "POST",
            "/courses/{course_id}/enrolments",
            f"/api/v1/courses/{ids['course_id']}/enrolments",
            json={
                "unit_codes": [query["unit"]],
                "staff_categories": ["cong_chuc"],
                "usernames": ["hoc.vien"],
                "deadline": "2030-12-31",
            },
        ),
        Base(
            "POST",
            "/quizzes",
            "/api/v1/quizzes",
            json={**quiz, "draw": [{"area": "AT", "competency": None, "count": 1}]},
            domain={"course_id", "module_id", "draw[0].area"},
        ),
        Base(
            "POST",
            "/quizzes",
            "/api/v1/quizzes",
            json={**quiz, "questions": practice_ids},
            domain={"course_id", "module_id"},
        ),
        Base(
            "POST",
            "/questions/import",
            "/api/v1/questions/import",
            query={"dry_run": "true"},
            form={"bank": "Ngân hàng giới hạn", "format": "gift", "area": "AT", "pool": "practice"},
            upload=(GIFT.encode(), "cau-hoi.gift"),
            domain={"area"},
        ),
        Base(
            "PUT",
            "/attempts/{attempt_id}/answers/{question_id}",
            f"/api/v1/attempts/{ids['attempt_id']}/answers/{question['id']}",
            json={"option_ids": [option], "text": "bỏ qua"},  # a choice question: the text is not read
        ),
        Base(
            "PUT",
            "/placement/{placement_id}/areas/{area}",
            f"/api/v1/placement/{placement['placement_id']}/areas/{area['code']}",
            json={"rating": 2, "answers": {str(pending["id"]): answer}},
        ),
        Base("POST", "/assistant/ask", "/api/v1/assistant/ask", json={"question": "mật khẩu mạnh là gì"}),
    ]


def send(app, world: dict[str, Any], base: Base, kind: str, data: Any):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {fresh_token(app, world['user_id'])}"}
    kwargs: dict[str, Any] = {"headers": headers, "query_string": data if kind == "query" else base.query}
    if base.json is not None:
        kwargs["json"] = data if kind == "json" else base.json
    if base.form is not None:
        assert base.upload is not None
        content, name = base.upload
        kwargs["data"] = {**(data if kind == "form" else base.form), "file": (io.BytesIO(content), name)}
        kwargs["content_type"] = "multipart/form-data"
    return app.test_client().open(base.url, method=base.method, **kwargs)


def refused_for(response, name: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the response refuses the input naming the field `name` (or one inside it)."""
    if response.status_code not in REFUSED or not response.is_json or "error" not in response.json:
        return False
    return any(
        key == name or key.startswith((f"{name}.", f"{name}[")) for key in response.json["error"].get("fields", {})
    )


def test_every_documented_limit_is_the_enforced_one(app, api_world):  # type: ignore[no-untyped-def]
    doc = app.test_client().get("/api/openapi.json").json
    documented = documented_limits(doc)
    tried: dict[tuple[str, str], set[tuple]] = {}
    problems: list[str] = []
    for base in bases(app, api_world):
        operation = (base.method, base.path)
        accepted = send(app, api_world, base, "", None)
        assert accepted.status_code in base.accepted, (operation, accepted.status_code, accepted.get_data(True))
        inputs = {"json": base.json, "form": base.form, "query": base.query}
        for kind, where, keyword, limit in sorted(documented.get(operation, set()), key=repr):
            data = inputs[kind]
            if data is None:
                continue
            current = current_value(data, where)
            one_past = placed(data, where, past(keyword, limit, current))
            if one_past is None:
                continue
            tried.setdefault(operation, set()).add((kind, where, keyword, limit))
            body, concrete = one_past
            name = field_name(concrete)
            response = send(app, api_world, base, kind, body)
            if not refused_for(response, name):
                problems.append(f"{base.method} {base.path}: {name} {keyword} {limit!r}: one past answered "
                                f"{response.status_code} {response.get_data(as_text=True)[:200]}")  # fmt: skip
            if name in base.domain:
                continue
            for value in at(keyword, limit, current):
                body, _ = placed(data, where, value) or (None, ())
                response = send(app, api_world, base, kind, body)
                if response.status_code >= 500 or refused_for(response, name):
                    problems.append(f"{base.method} {base.path}: {name} {keyword} {limit!r}: at the limit "
                                    f"({value!r:.40}) answered {response.status_code} "
                                    f"{response.get_data(as_text=True)[:200]}")  # fmt: skip
    assert not problems, "\n".join(problems)
    untried = {
        operation: sorted(map(repr, limits - tried.get(operation, set()))) for operation, limits in documented.items()
    }
    assert not {op: limits for op, limits in untried.items() if limits}, untried


def test_the_document_uses_json_schema_words_only(client):  # type: ignore[no-untyped-def]
    """pydantic writes a range it cannot place as "ge"/"le": JSON Schema would ignore it and so would clients."""
    text = client.get("/api/openapi.json").get_data(as_text=True)
    assert not re.findall(r'"(ge|le|gt|lt|min_length|max_length|multiple_of)":', text)


def test_limits_come_from_the_shared_constants(client):  # type: ignore[no-untyped-def]
    from courses.authoring import MAX_TITLE
    from courses.forms import MAX_LESSON_MINUTES
    from lms.pagination import MAX_PER_PAGE
    from quizzes.building import MAX_ATTEMPTS, MAX_DRAW, MAX_TIME_LIMIT_S, MIN_TIME_LIMIT_S

    doc = client.get("/api/openapi.json").json
    quiz = doc["paths"]["/quizzes"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    draw = doc["components"]["schemas"]["DrawRule"]["properties"]["count"]
    assert (draw["minimum"], draw["maximum"]) == (1, MAX_DRAW)
    time_limit = quiz["properties"]["time_limit_s"]["anyOf"][0]
    assert (time_limit["minimum"], time_limit["maximum"]) == (MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S)
    assert quiz["properties"]["max_attempts"]["anyOf"][0]["maximum"] == MAX_ATTEMPTS
    course = doc["paths"]["/courses"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert course["properties"]["title"]["maxLength"] == MAX_TITLE
    assert doc["components"]["schemas"]["NewLesson"]["properties"]["minutes"]["maximum"] == MAX_LESSON_MINUTES
    per_page = next(p for p in doc["paths"]["/units"]["get"]["parameters"] if p["name"] == "per_page")
    assert per_page["schema"]["maximum"] == MAX_PER_PAGE
    enums = doc["components"]["schemas"]
    assert enums["QuizKind"]["enum"] == ["module", "final"]
    assert set(enums["StaffCategory"]["enum"]) == {"can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach"}
    assert set(enums["Role"]["enum"]) == {"learner", "trainer", "manager", "monitor", "admin"}
