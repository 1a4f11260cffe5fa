"""Page-weight budget: ≤ 60 KB transferred on a first visit, ≤ 15 KB on later pages (static files cached).

Sizes come from the browser's own Resource Timing (`transferSize`: bytes over the wire, headers included,
0 for cached files). Service workers are blocked here so only the network is measured.
"""

import re

import pytest

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in

FIRST_VISIT = 60 * 1024
LATER_PAGE = 15 * 1024
TRANSFERRED = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const isImage = r => /\\.(png|jpe?g|webp|gif)(\\?|$)/.test(r.name);
    const resources = performance.getEntriesByType('resource').filter(r => !isImage(r));
    return (nav ? nav.transferSize : 0) + resources.reduce((sum, r) => sum + r.transferSize, 0);
}"""


@pytest.fixture
def context(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 640}, service_workers="block")
    yield context
    context.close()


def weight(page, url: str) -> int:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate(TRANSFERRED)


def test_learner_pages_stay_within_budget(context):  # type: ignore[no-untyped-def]
    page = context.new_page()
    first = weight(page, "/auth/login")
    assert first <= FIRST_VISIT, f"login, first visit: {first} bytes"
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, "Trang-nhe-cho-dien-thoai-2026")
    course_url = page.locator("a[href^='/courses/']").filter(has_text="Kiến thức").first.get_attribute("href")
    pages = {"home": "/", "my courses": "/courses/", "course": course_url}
    for name, url in pages.items():
        size = weight(page, url)
        assert size <= LATER_PAGE, f"{name}: {size} bytes (budget {LATER_PAGE})"
    # Still on the course page: take a lesson and a quiz from it.
    lesson = page.locator("a[href*='/lessons/']").first.get_attribute("href")
    quiz = page.locator("a[href^='/quizzes/']").first.get_attribute("href")
    for name, url in (("lesson", lesson), ("quiz", quiz)):
        size = weight(page, url)
        assert size <= LATER_PAGE, f"{name}: {size} bytes (budget {LATER_PAGE})"


def test_a_first_visit_of_the_dashboard_stays_within_budget(context):  # type: ignore[no-untyped-def]
    page = context.new_page()
    sign_in(page, "demo.monitor", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, "Trang-nhe-cho-dien-thoai-2026")
    fresh = context.browser.new_context(base_url=page.url.split("/", 3)[0] + "//" + page.url.split("/")[2],
                                        service_workers="block", storage_state=context.storage_state())  # fmt: skip
    try:
        dashboard = fresh.new_page()
        size = weight(dashboard, "/reports/")
        assert re.search(r"\d", dashboard.locator(".big-score").inner_text())
        assert size <= FIRST_VISIT, f"dashboard, first visit with an empty cache: {size} bytes"
    finally:
        fresh.close()
