"""Every route of the URL map × every actor → the expected status (the rules are in tests/security/matrix.py).

The routes come from app.url_map, so a new route without an entry in the matrix fails here, naming the endpoint.
This module runs the endpoints that accept POST/PUT/DELETE, each in a fresh world; the GET-only ones share a
world in test_permission_matrix_reads.py.
"""

import pytest

from lms.config import DevelopmentConfig, ProductionConfig
from lms.extensions import db
from tests.conftest import empty_all_tables
from tests.security.harness import ROUTES, WRITING, run_endpoint
from tests.security.matrix import HIDDEN_BY_404, MATRIX
from tests.security.world import build_world


def test_every_route_has_an_entry_in_the_matrix():
    missing = sorted(set(ROUTES) - set(MATRIX))
    described = [f"{name} ({', '.join(f'{m} {r.rule}' for r, m in ROUTES[name])})" for name in missing]
    assert not missing, "routes without a permission-matrix entry (add them to tests/security/matrix.py): " + "; ".join(
        described
    )


def test_the_matrix_names_no_route_that_is_gone():
    stale = sorted(set(MATRIX) - set(ROUTES))
    assert not stale, f"matrix entries for endpoints that no longer exist: {stale}"


def test_forms_skip_csrf_only_in_the_test_configuration(app):
    """The matrix posts without CSRF tokens so that it reaches the permission checks; the real configs keep CSRF."""
    assert app.config["TESTING"] is True
    assert app.config["WTF_CSRF_ENABLED"] is False
    for config in (DevelopmentConfig, ProductionConfig):
        assert getattr(config, "WTF_CSRF_ENABLED", True) is True
    # Two-step sign-in is off in tests too (so admins and monitors reach the pages under test); on by default.
    assert not app.config.get("TWO_FACTOR_ROLES")
    assert ProductionConfig.TWO_FACTOR_ROLES


def test_hidden_denials_are_the_reviewed_ones():
    """Denials answered 404 rather than 403 (the object's existence is private) — a short, reviewed list."""
    assert HIDDEN_BY_404 == ["certificates.export_download", "certificates.export_status"]


@pytest.mark.parametrize("endpoint", WRITING)
def test_route_permissions(app, session, endpoint):
    def rebuild():  # type: ignore[no-untyped-def]
        with app.app_context():
            empty_all_tables()
            db.session.remove()
        session.expunge_all()
        return build_world(session)

    run_endpoint(app, endpoint, build_world(session), rebuild)
