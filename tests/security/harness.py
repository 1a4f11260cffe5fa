"""Run the permission matrix: read the routes from the URL map, call each as every actor, check the status."""

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for
from werkzeug.routing import Rule

from lms import create_app
from lms.config import TestingConfig
from tests.security.matrix import DEFAULT_ARGS, MATRIX, Access
from tests.security.world import ACTORS, ANONYMOUS, World, signed_in_client

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
LOGIN_PATH = "/auth/login"


def read_routes() -> dict[str, list[tuple[Rule, str]]]:
    """endpoint → [(rule, method)], from a fresh app's URL map (creating the app touches no database)."""
    app = create_app(TestingConfig)
    routes: dict[str, list[tuple[Rule, str]]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - SKIPPED_METHODS):
            routes.setdefault(rule.endpoint, []).append((rule, method))
    return routes


ROUTES = read_routes()
#: Endpoints answering GET only: they share one world (tests/security/test_permission_matrix_reads.py).
READ_ONLY = sorted(name for name, pairs in ROUTES.items() if {m for _r, m in pairs} == {"GET"})
#: Endpoints with a method that may change data: a fresh world for each (test_permission_matrix.py).
WRITING = sorted(set(ROUTES) - set(READ_ONLY))


def entry(endpoint: str) -> Access:
    access = MATRIX.get(endpoint)
    if access is None:
        routes = ", ".join(f"{m} {r.rule}" for r, m in ROUTES[endpoint])
        pytest.fail(
            f"no permission-matrix entry for endpoint “{endpoint}” ({routes}): add it to tests/security/matrix.py"
        )
    return access


def build_url(app: Flask, rule: Rule, access: Access, world: World) -> str:
    values = {}
    for name in rule.arguments:
        attribute = access.args.get(name) or DEFAULT_ARGS.get(name)
        assert attribute is not None, f"{rule.endpoint}: no way to fill the path argument “{name}” (add it to args)"
        values[name] = getattr(world, attribute)
    values.update({name: getattr(world, attribute) for name, attribute in access.query.items()})
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def send(app: Flask, world: World, actor: str, method: str, url: str):  # type: ignore[no-untyped-def]
    """HTML routes get the actor's session cookie and a form; /api routes their bearer token and a JSON body."""
    client = signed_in_client(app, world, actor)
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {world.tokens[actor]}"} if actor != ANONYMOUS else {}
        body = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
        return client.open(url, method=method, headers=headers, **body)
    return client.open(url, method=method, data={} if method != "GET" else None)


def describe(actor: str, method: str, url: str, response) -> str:  # type: ignore[no-untyped-def]
    body = response.get_data(as_text=True)[:300] if response.mimetype != "application/pdf" else "<pdf>"
    return f"{actor} {method} {url} → {response.status_code} {response.location or ''} {body!r}"


def is_login_redirect(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code in (301, 302, 303) and urlsplit(response.location or "").path == LOGIN_PATH


def check_allowed(access: Access, actor: str, method: str, url: str, response) -> None:  # type: ignore[no-untyped-def]
    status = response.status_code
    what = describe(actor, method, url, response)
    if access.ok is not None:
        assert status in access.ok, what
        return
    assert status not in (401, 403, 404, 405) and status < 500, what
    if method == "GET":
        assert status < 400, what
    assert not is_login_redirect(response), what


def check_denied(access: Access, actor: str, method: str, url: str, response) -> None:  # type: ignore[no-untyped-def]
    status = response.status_code
    what = describe(actor, method, url, response)
    api = url.startswith("/api/")
    if actor == ANONYMOUS:
        if api:
            assert status == 401, what
            assert response.json["error"]["code"] == "unauthorized", what
        else:
            assert is_login_redirect(response), what
        return
    expected = 404 if actor in access.hidden else access.deny
    assert status == expected, what
    body = response.get_data(as_text=True)
    assert "Traceback" not in body, what
    if api:
        error = response.json["error"]
        assert error["code"] == {403: "forbidden", 404: "not_found"}[expected], what
        assert error["message"], what
    else:
        assert 'lang="vi"' in body, what


def run_endpoint(app: Flask, endpoint: str, world: World, rebuild: Callable[[], World] | None = None) -> None:
    """Call every method of the endpoint as every actor; `rebuild` makes a fresh world (for `fresh` entries)."""
    access = entry(endpoint)
    # Denied actors first, so that an allowed request that changes the world cannot hide a denial.
    actors = sorted(ACTORS, key=lambda a: a in access.allow)
    for rule, method in ROUTES[endpoint]:
        allowed_before = 0
        for actor in actors:
            allowed = actor in access.allow
            if allowed and access.fresh and allowed_before:
                assert rebuild is not None, f"{endpoint}: a `fresh` entry needs its own world"
                world = rebuild()
            url = build_url(app, rule, access, world)
            response = send(app, world, actor, method, url)
            try:
                if allowed:
                    allowed_before += 1
                    check_allowed(access, actor, method, url, response)
                else:
                    check_denied(access, actor, method, url, response)
            finally:
                response.close()  # files sent with send_file stay open until then
