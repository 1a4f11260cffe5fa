"""axe-core (the npm package, injected into each page) finds no serious or critical problems.

The quiz also works with the keyboard alone.

CI installs axe-core with npm; without it these journeys are skipped locally (or fail when LMS_REQUIRE_BROWSER=1).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in

COURSE = "Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức"


def serious_violations(page, axe_source: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """async () => {
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '));
        }"""
    )
    return result


def check(page, axe_source: str, label: str) -> None:  # type: ignore[no-untyped-def]
    problems = serious_violations(page, axe_source)
    assert problems == [], f"{label}: {problems}"


@pytest.mark.inject_scripts
def test_learner_pages_have_no_serious_violations_and_the_quiz_works_by_keyboard(page, axe_source):  # type: ignore[no-untyped-def]
    page.goto("/auth/login")
    check(page, axe_source, "login")
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, "Kiem-tra-tiep-can-2026")
    check(page, axe_source, "home")
    page.goto("/courses/")
    check(page, axe_source, "my courses")
    page.get_by_role("link", name=COURSE).click()
    check(page, axe_source, "course")
    page.get_by_role("link", name=re.compile(r"^Bắt đầu học: ")).click()
    check(page, axe_source, "lesson")
    page.goto("/courses/")
    page.get_by_role("link", name=COURSE).click()
    page.get_by_role("link", name=re.compile("^Luyện tập: Hiểu biết về chuyển đổi số")).click()
    check(page, axe_source, "quiz")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    check(page, axe_source, "attempt")

    # Keyboard only: reach the first answer with Tab, choose with the arrow keys / space, and it is saved.
    first = page.locator("fieldset.question[data-type=single]").first
    first_input = first.locator("input").first
    target = first.get_attribute("data-question")
    inside = (
        "document.activeElement && document.activeElement.tagName === 'INPUT' && "
        f"document.activeElement.closest('fieldset[data-question=\"{target}\"]') !== null"
    )
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate(inside):
            break
    assert page.evaluate(inside)
    page.keyboard.press("Space")
    expect(first.locator(".save-state")).to_have_text("Đã lưu")
    expect(first_input).to_be_checked()
    page.get_by_role("button", name="Nộp bài", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#submit-review")).to_be_focused()
    check(page, axe_source, "submit check")
    page.get_by_role("button", name="Nộp bài ngay").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kết quả bài làm")).to_be_visible()
    check(page, axe_source, "result")
    page.goto("/certificates/")
    check(page, axe_source, "certificates")


@pytest.mark.inject_scripts
def test_monitor_and_admin_pages_have_no_serious_violations(page, axe_source):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.monitor", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, "Kiem-tra-tiep-can-2026")
    page.goto("/reports/")
    check(page, axe_source, "dashboard")
    page.goto("/reports/xa-muong-kim/people?status=not_completed")
    check(page, axe_source, "people")
    page.locator("details.account summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, "demo.admin", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, "Kiem-tra-tiep-can-2026")
    for url in ("/admin/", "/admin/users", "/admin/units", "/admin/audit", "/admin/users/import"):
        page.goto(url)
        check(page, axe_source, url)
