"""API: GET /api/v1/units — scoping and pagination."""

import pytest

from lms.auth.models import Role
from tests.api.test_auth import assert_error, bearer, token_for
from tests.factories import Tree, make_user


@pytest.fixture
def tree(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    make_user(session, "manager.a", Role.MANAGER, unit=tree.commune_a, manages=tree.commune_a)
    make_user(session, "monitor", Role.MONITOR, unit=tree.department)
    session.commit()
    return tree


def test_monitor_pages_through_every_unit(client, tree):
    token = token_for(client, "monitor")
    first = client.get("/api/v1/units?per_page=2", headers=bearer(token)).json
    assert first["total"] == 5
    assert first["page"] == 1
    assert first["per_page"] == 2
    assert len(first["items"]) == 2
    third = client.get("/api/v1/units?per_page=2&page=3", headers=bearer(token)).json
    assert len(third["items"]) == 1
    codes = {u["code"] for u in first["items"]} | {u["code"] for u in third["items"]}
    assert "tinh" in codes


def test_manager_lists_only_their_subtree(client, tree):
    token = token_for(client, "manager.a")
    body = client.get("/api/v1/units", headers=bearer(token)).json
    assert {u["code"] for u in body["items"]} == {"xa-a", "xa-a-ttdv"}
    assert_error(client.get("/api/v1/units?parent=tinh", headers=bearer(token)), 403, "forbidden")


def test_children_of_a_parent(client, tree):
    token = token_for(client, "monitor")
    body = client.get("/api/v1/units?parent=tinh", headers=bearer(token)).json
    assert {u["code"] for u in body["items"]} == {"xa-a", "xa-b", "so-noi-vu"}


@pytest.mark.parametrize("query", ["page=0", "per_page=501", "per_page=0", "page=abc"])
def test_bad_pagination_is_400(client, tree, query):
    token = token_for(client, "monitor")
    assert_error(client.get(f"/api/v1/units?{query}", headers=bearer(token)), 400, "bad_request")
