"""Journey: a learner on a phone asks the learning assistant "cách tạo chữ ký số" (the menu's "Hỏi trợ lý") and
follows the link to the lesson; on a desktop the box under the menu asks the same."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in

NEW_PASSWORD = "Tro-ly-hoc-tap-2026"


def test_ask_the_assistant_and_open_the_lesson(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)

    # On a phone the assistant is a link in the menu (the header keeps one search entry); its page asks.
    page.get_by_role("link", name="Hỏi trợ lý").click()
    box = page.get_by_role("search", name="Hỏi lại trợ lý")
    box.get_by_label("Câu hỏi của bạn").fill("cách tạo chữ ký số")
    box.get_by_role("button", name="Hỏi").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Trợ lý học tập")
    expect(page.get_by_role("heading", name="Bài học liên quan")).to_be_visible()
    link = page.locator("ol.assistant-sources a.assistant-source-link").first
    title = link.inner_text()
    assert "Chữ ký số" in title
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    link.click()
    expect(page).to_have_url(re.compile(r"/courses/\d+/lessons/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_the_box_under_the_menu_asks_on_a_desktop(page):  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)
    box = page.get_by_role("search", name="Trợ lý học tập")
    box.get_by_label("Hỏi trợ lý học tập").fill("cách tạo chữ ký số")
    box.get_by_role("button", name="Hỏi").click()
    expect(page.get_by_role("heading", name="Bài học liên quan")).to_be_visible()
