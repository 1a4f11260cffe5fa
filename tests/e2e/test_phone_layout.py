"""The header and the way on, as a commune official sees them on a 360×640 phone (and on a 1366×768 desktop)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_assessment import COURSE, NEW_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1366, "height": 768}


def fully_visible(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    """Inside the viewport and not cut by its own box (no ellipsis, nothing hidden)."""
    return page.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect();
                   return r.width > 0 && r.right <= innerWidth && r.bottom <= innerHeight && r.top >= 0
                          && el.scrollWidth <= el.clientWidth + 1; }""",
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_header_is_compact_and_continue_is_above_the_fold(page, viewport):  # type: ignore[no-untyped-def]
    page.set_viewport_size(viewport)
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)
    page.goto("/")
    header = page.locator("header.site-header").bounding_box()
    if viewport is PHONE:
        assert header["height"] <= 120, header
        # One search entry: the assistant is a link in the menu, not a second box.
        expect(page.locator(".assistant-box")).to_be_hidden()
        expect(page.get_by_role("link", name="Hỏi trợ lý")).to_be_attached()
    assert fully_visible(page, ".not-you"), "“Không phải bạn?” is cut"
    start = page.get_by_role("link", name="Bắt đầu học")
    expect(start).to_be_visible()
    assert fully_visible(page, ".course-card .button.primary")

    page.get_by_role("link", name=COURSE).first.click()
    expect(page.locator("a.button.primary.wide")).to_be_visible()
    assert fully_visible(page, "a.button.primary.wide"), "the course page's way on is below the fold"
