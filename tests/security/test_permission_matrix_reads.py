"""The permission matrix for the GET-only routes, which all share one world (built once for this module).

No test here may use the function-scoped `app` fixture: it empties the tables after each test.
"""

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from lms import create_app
from lms.extensions import db
from tests.conftest import empty_all_tables, make_config
from tests.security.harness import READ_ONLY, run_endpoint
from tests.security.world import World, build_world


@pytest.fixture(scope="module")
def shared(_schema: None, database_url: str) -> Iterator[tuple[Flask, World]]:
    app = create_app(make_config(database_url))
    with app.app_context():
        engine = db.engine
    with Session(engine) as session:
        world = build_world(session)
    yield app, world
    with app.app_context():
        db.session.rollback()
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("endpoint", READ_ONLY)
def test_read_route_permissions(shared, endpoint):
    app, world = shared
    run_endpoint(app, endpoint, world)
