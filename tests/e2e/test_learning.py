"""Journey: the demo learner opens the course, reads a lesson, marks it complete and sees progress rise;
after signing out and in again, "Tiếp tục học" leads to the next lesson."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in

NEW_PASSWORD = "Hoc-ky-nang-so-2026"
COURSE = "Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức"


def test_read_lesson_mark_complete_and_continue_after_sign_in_again(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)

    page.get_by_role("link", name="Học tập").click()
    expect(page.get_by_text("0\xa0% — 0/32 bài học · 0/9 bài kiểm tra")).to_be_visible()
    page.get_by_role("link", name=COURSE).click()
    expect(page.get_by_role("heading", name=COURSE)).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Bắt đầu học: ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chuyển đổi số là gì?")
    expect(page.locator("article.lesson-body h2").first).to_be_visible()
    page.get_by_role("button", name="Đánh dấu đã học xong").click()

    # The next lesson opens, with the progress risen and the confirmation shown.
    expect(page.get_by_text("Đã hoàn thành bài “Chuyển đổi số là gì?”")).to_be_visible()
    expect(page.get_by_text("3\xa0% — 1/32 bài học · 0/9 bài kiểm tra")).to_be_visible()
    second_title = page.get_by_role("heading", level=1).inner_text()
    assert second_title != "Chuyển đổi số là gì?"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.locator("details.account summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    sign_in(page, "demo.learner", NEW_PASSWORD)
    page.get_by_role("link", name="Tiếp tục học").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second_title)
