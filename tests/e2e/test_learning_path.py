"""Browser journey (headless Chromium, real CSP): the demo learner takes the placement check on a phone, stops
half-way, resumes, and sees the path on the course page; axe finds no serious problem on the new pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_accessibility import check
from tests.e2e.test_sign_in import change_password, sign_in

COURSE = "Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức"


def rate_and_continue(tab, rating: str) -> None:  # type: ignore[no-untyped-def]
    tab.get_by_role("radio", name=rating).check()
    tab.get_by_role("button", name="Tiếp tục").click()


def test_placement_check_resumes_and_orders_the_path(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, "Tu-danh-gia-2026")
    page.get_by_role("button", name="Bắt đầu tự đánh giá").click()
    expect(page.get_by_text("Lĩnh vực 1/8")).to_be_visible()
    # Leave the questions blank ("I don't know") and rate oneself low: the area needs study.
    rate_and_continue(page, "Chưa biết Tôi chưa làm việc này bao giờ")
    expect(page.get_by_text("Lĩnh vực 2/8")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The connection drops; later the learner comes back through the home page and carries on where they were.
    page.goto("/")
    page.get_by_role("button", name="Làm tiếp").click()
    expect(page.get_by_text("Lĩnh vực 2/8")).to_be_visible()
    for n in range(2, 9):
        expect(page.get_by_text(f"Lĩnh vực {n}/8")).to_be_visible()
        page.get_by_role("radio", name="Biết một chút Tôi đã nghe nói, cần người hướng dẫn").check()
        page.get_by_role("button", name="Xong" if n == 8 else "Tiếp tục").click()
    expect(page.get_by_text("Bạn đã hoàn thành phần tự đánh giá.")).to_be_visible()
    expect(page.get_by_role("heading", name="Mức của tôi theo lĩnh vực")).to_be_visible()
    expect(page.locator(".lp-levels .lp-level-needs").first).to_be_visible()

    page.get_by_role("link", name=COURSE).click()
    expect(page.get_by_role("heading", name="Lộ trình của bạn")).to_be_visible()
    expect(page.get_by_text("câu phần tự đánh giá lĩnh vực “Hiểu biết về chuyển đổi số”").first).to_be_visible()


@pytest.mark.inject_scripts
def test_placement_and_distribution_pages_have_no_serious_violations(page, axe_source):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.manager", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, "Quan-ly-lo-trinh-2026")
    page.goto("/lo-trinh/")
    check(page, axe_source, "my path")
    page.get_by_role("button", name="Bắt đầu tự đánh giá").click()
    check(page, axe_source, "placement step")
    page.get_by_role("button", name="Tiếp tục").click()  # no rating: the browser asks for one first
    page.goto("/lo-trinh/don-vi/")
    expect(page.get_by_role("heading", name="Mức kỹ năng số theo đơn vị: Xã Mường Kim")).to_be_visible()
    check(page, axe_source, "distribution")
