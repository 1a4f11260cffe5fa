"""Exam day on a phone and on a desktop: pages and a navigator, flags and the check before submitting, a timer
that warns and submits itself at 0:00, and an attempt graded by the server when its learner never comes back."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.extensions import db
from lms.models import now_utc
from quizzes.models import Attempt
from quizzes.services import close_expired_attempt
from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_assessment import COURSE, NEW_PASSWORD, answer
from tests.e2e.test_sign_in import change_password, sign_in

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1366, "height": 768}


def start_final(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)
    page.goto("/courses/")
    page.get_by_role("link", name=COURSE).click()
    page.get_by_role("link", name="Bài đánh giá cuối khóa").click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page.locator("fieldset.question")).to_have_count(30)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_navigator_flags_and_the_check_before_submitting(page, viewport):  # type: ignore[no-untyped-def]
    page.set_viewport_size(viewport)
    start_final(page)
    questions = page.locator("fieldset.question")
    expect(page.locator("fieldset.question:visible")).to_have_count(5)
    expect(page.locator("#page-label")).to_have_text("Trang 1/6")
    expect(page.locator("#q-nav button")).to_have_count(30)

    answer(questions.nth(0))
    answer(questions.nth(1))
    questions.nth(2).get_by_role("button", name="☆ Đánh dấu để xem lại").click()
    expect(page.locator("#q-nav button").nth(2)).to_have_class(re.compile("flagged"))
    expect(page.locator("#q-nav .answered")).to_have_count(2)

    page.get_by_role("button", name="Trang sau ›").click()
    expect(page.locator("#page-label")).to_have_text("Trang 2/6")
    expect(questions.nth(5)).to_be_visible()
    expect(questions.nth(0)).to_be_hidden()
    page.locator("#q-nav button").nth(29).click()  # straight to the last question
    expect(page.locator("#page-label")).to_have_text("Trang 6/6")
    answer(questions.nth(29))

    page.get_by_role("button", name="Nộp bài", exact=True).click()
    review = page.locator("#submit-review")
    expect(review).to_be_visible()
    expect(page.locator("#review-unanswered")).to_have_text(
        "Còn 27 câu chưa trả lời: " + ", ".join(str(n) for n in range(3, 30))
    )
    expect(page.locator("#review-flagged")).to_have_text("1 câu đang đánh dấu xem lại: 3")
    page.get_by_role("button", name="Làm tiếp").click()
    expect(review).to_be_hidden()
    # The flag is kept on this device: it is still there after a reload.
    page.reload()
    expect(page.locator("#q-nav button").nth(2)).to_have_class(re.compile("flagged"))
    expect(page.locator("#q-nav .answered")).to_have_count(3)


def test_the_timer_warns_then_submits_itself_at_zero(page):  # type: ignore[no-untyped-def]
    page.clock.install()  # the page's clock is frozen and moved by hand; the server keeps real time
    start_final(page)
    answer(page.locator("fieldset.question").nth(0))
    expect(page.locator(".save-state.saved")).to_have_count(1)
    expect(page.locator("#countdown")).to_contain_text(re.compile(r"Còn lại (29|30):"))
    expect(page.locator("#timer-alert")).to_be_hidden()

    page.clock.fast_forward("25:30")
    expect(page.locator("#timer-alert")).to_have_text("Còn 5 phút. Hãy xem lại các câu chưa trả lời.")
    page.clock.fast_forward("03:40")
    expect(page.locator("#timer-alert")).to_contain_text("Còn 1 phút!")
    page.clock.fast_forward("01:30")  # past 0:00: the page submits the attempt by itself
    expect(page.get_by_role("heading", name="Kết quả bài làm")).to_be_visible(timeout=20000)
    expect(page.locator(".big-score")).to_be_visible()


def test_an_attempt_whose_learner_never_returns_is_graded_by_the_server(page, live_app):  # type: ignore[no-untyped-def]
    start_final(page)
    answer(page.locator("fieldset.question").nth(0))
    expect(page.locator(".save-state.saved")).to_have_count(1)
    page.context.clear_cookies()  # the phone's battery dies; nobody comes back to this attempt

    with live_app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.state == "open"))
        assert attempt is not None
        close_expired_attempt(db.session, attempt.id, attempt.deadline_at + timedelta(minutes=1))
        db.session.commit()
        attempt_id, deadline = attempt.id, attempt.deadline_at
        assert attempt.state == "submitted" and attempt.submitted_at == deadline
        assert attempt.submitted_at < now_utc() + timedelta(minutes=31)

    sign_in(page, "demo.learner", NEW_PASSWORD)
    page.goto(f"/quizzes/attempts/{attempt_id}")
    expect(page.get_by_role("heading", name="Kết quả bài làm")).to_be_visible()
