"""Journey: the learner starts the final assessment, answers half (some while offline), reloads the page as after
a dropped connection, finds every answer still there, finishes and sees the result."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in

NEW_PASSWORD = "Danh-gia-cuoi-khoa-2026"
COURSE = "Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức"


def answer(question) -> None:  # type: ignore[no-untyped-def]
    """Give an answer the way a person would: go to its page with the navigator, tap the first option, or type."""
    if not question.is_visible():
        number = question.get_attribute("data-number")
        question.page.locator("#q-nav button").nth(int(number) - 1).click()
    text_box = question.locator("input[type=text]")
    if text_box.count():
        text_box.fill("mật khẩu")
        text_box.press("Tab")
    else:
        question.locator("label.choice").first.click()


def test_final_assessment_survives_a_reload_and_offline_answers(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)
    page.goto("/courses/")
    page.get_by_role("link", name=COURSE).click()
    page.get_by_role("link", name="Bài đánh giá cuối khóa").click()
    expect(page.get_by_text("30", exact=True)).to_be_visible()  # questions
    page.get_by_role("button", name="Bắt đầu làm bài").click()

    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(30)
    expect(page.locator("#countdown")).to_contain_text("Còn lại")
    for index in range(10):
        answer(questions.nth(index))
    expect(page.locator(".save-state.saved")).to_have_count(10)

    page.context.set_offline(True)
    for index in range(10, 15):
        answer(questions.nth(index))
    expect(questions.nth(14).locator(".save-state")).to_have_text(re.compile("Chưa lưu — đang thử lại|Đang lưu"))
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator(".save-state.saved")).to_have_count(15, timeout=15000)

    page.reload()
    expect(page.locator(".save-state.saved")).to_have_count(15)
    expect(page.locator("#q-nav .answered")).to_have_count(15)
    for index in range(15):
        question = questions.nth(index)
        if question.locator("input[type=text]").count():
            expect(question.locator("input[type=text]")).to_have_value("mật khẩu")
        else:
            expect(question.locator("input").first).to_be_checked()
    expect(page.locator("#save-summary")).to_have_text("Đã lưu 15/30 câu")

    for index in range(15, 30):
        answer(questions.nth(index))
    expect(page.locator(".save-state.saved")).to_have_count(30)
    page.get_by_role("button", name="Nộp bài", exact=True).click()
    expect(page.locator("#review-unanswered")).to_have_text("Bạn đã trả lời tất cả các câu.")
    page.get_by_role("button", name="Nộp bài ngay").click()

    expect(page.get_by_role("heading", name="Kết quả bài làm")).to_be_visible()
    expect(page.locator(".big-score")).to_have_text(re.compile(r"^\d+(,\d+)?\xa0%$"))
    expect(page.get_by_role("heading", name="Kết quả theo lĩnh vực")).to_be_visible()
    # The final assessment shows the score only, never the answers.
    expect(page.get_by_text("Đáp án không được công bố")).to_be_visible()


def test_answers_given_after_the_session_ended_are_kept_and_sent_after_signing_in_again(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)
    page.goto("/courses/")
    page.get_by_role("link", name=COURSE).click()
    page.get_by_role("link", name="Bài đánh giá cuối khóa").click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    questions = page.locator("fieldset.question")
    answer(questions.nth(0))
    expect(page.locator(".save-state.saved")).to_have_count(1)

    page.context.clear_cookies()  # the session ends (idle, signed out on another device, password changed)
    answer(questions.nth(1))
    expect(page.locator("#signed-out-notice")).to_be_visible()
    expect(questions.nth(1).locator(".save-state")).to_have_text("Chưa lưu — giữ trên máy, cần đăng nhập lại")

    page.locator("#signed-out-notice a").click()
    page.get_by_label("Tên đăng nhập").fill("demo.learner")
    page.get_by_label("Mật khẩu", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("fieldset.question")).to_have_count(30)
    expect(page.locator(".save-state.saved")).to_have_count(2, timeout=15000)
    page.reload()
    expect(page.locator("#save-summary")).to_have_text("Đã lưu 2/30 câu")
