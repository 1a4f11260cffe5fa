"""Journey: a learner asks the learning assistant "cách tạo chữ ký số" from the box on every page and follows
the link to the lesson."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in

NEW_PASSWORD = "Tro-ly-hoc-tap-2026"


def test_ask_the_assistant_and_open_the_lesson(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)

    box = page.get_by_role("search", name="Trợ lý học tập")
    box.get_by_label("Hỏi trợ lý học tập").fill("cách tạo chữ ký số")
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
