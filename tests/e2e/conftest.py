"""Browser journeys: the real app served on loopback, driven by Playwright in Debian's headless Chromium.

Never downloads a browser. Without /usr/bin/chromium the journeys are skipped, unless
LMS_REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
"""

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from lms import create_app
from lms.curriculum import sync_curriculum
from lms.demo import seed_demo
from lms.extensions import db
from tests.conftest import empty_all_tables, make_config

CHROMIUM = Path(os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "Mat-khau-demo-e2e-2026"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("LMS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} không có: cài gói Debian 'chromium' (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} không có; bỏ qua kiểm thử trình duyệt")
    return CHROMIUM


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from npm (CI installs it); skipped locally without it, a failure when LMS_REQUIRE_BROWSER=1."""
    if not AXE.exists():
        if os.environ.get("LMS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{AXE} không có: chạy `npm install --no-save axe-core@4.14.1`")
        pytest.skip("axe-core chưa được cài (npm install --no-save axe-core@4.14.1)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def live_app(_schema: None, database_url: str) -> Iterator[Flask]:
    """The app with CSRF on (as in production) and the demo data seeded."""
    app = create_app(make_config(database_url, WTF_CSRF_ENABLED=True))
    with app.app_context():
        sync_curriculum(db.session)
        seed_demo(db.session, DEMO_PASSWORD, app.config["PASSWORD_HASH_METHOD"])
        db.session.commit()
    yield app
    with app.app_context():
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture(scope="session")
def browser(chromium_path: Path):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)  # Playwright's 5 s is too short for a loaded CI machine
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):  # type: ignore[no-untyped-def]
    # Tests that inject tools (axe-core) as inline scripts mark themselves; every other journey runs under
    # the real Content-Security-Policy and fails on any violation.
    bypass = request.node.get_closest_marker("inject_scripts") is not None
    context = browser.new_context(
        base_url=live_server, viewport={"width": 360, "height": 640}, locale="vi-VN", bypass_csp=bypass
    )
    # Waits are for conditions, with room for a loaded 2-core machine: a slow step waits longer, a fast one
    # does not wait at all, and a genuinely broken page still fails (just later).
    context.set_default_timeout(60_000)
    context.set_default_navigation_timeout(90_000)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert refused == [], f"Content-Security-Policy violations: {refused}"
