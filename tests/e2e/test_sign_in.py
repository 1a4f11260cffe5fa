"""Journey: a demo learner signs in, must change the password, lands on the learner home; admin pages are closed."""

import time

import pyotp
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD

NEW_PASSWORD = "Muong-Kim-hoc-so-2026"


def sign_in(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/auth/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def change_password(page, current: str, new: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Mật khẩu hiện tại").fill(current)
    page.get_by_label("Mật khẩu mới", exact=True).fill(new)
    page.get_by_label("Nhập lại mật khẩu mới").fill(new)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()


def test_learner_first_sign_in_changes_password_and_lands_home(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    assert page.url.endswith("/auth/password")

    # Trying to go elsewhere first still ends on the change form.
    page.goto("/")
    assert page.url.endswith("/auth/password")

    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)

    expect(page.get_by_role("heading", name="Xin chào, Lò Văn Thắng")).to_be_visible()
    expect(page.get_by_role("heading", name="Khóa học của tôi")).to_be_visible()
    expect(page.get_by_text("Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức")).to_be_visible()
    expect(page.get_by_text("Đã đổi mật khẩu.")).to_be_visible()
    # Usable at 360 px: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # A learner opening an admin page gets the Vietnamese 403 page.
    response = page.goto("/admin/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", name="Không có quyền truy cập")).to_be_visible()


def test_wrong_password_shows_one_neutral_message(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", "khong-phai-mat-khau")
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    sign_in(page, "nobody.here", "khong-phai-mat-khau")
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()


def test_a_learner_turns_on_two_step_sign_in_and_signs_in_with_the_code(page):  # type: ignore[no-untyped-def]
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, "Hai-buoc-dang-nhap-2026")
    page.locator("details.account summary").click()
    page.get_by_role("link", name="Xác thực hai bước").click()
    expect(page.get_by_role("img", name="Mã QR")).to_be_visible()
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.get_by_label("Mã xác thực 6 số").fill(totp.now())
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    expect(page.get_by_text("Đã bật xác thực hai bước")).to_be_visible()

    page.locator("details.account summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, "demo.learner", "Hai-buoc-dang-nhap-2026")
    expect(page.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
    page.get_by_label("Mã xác thực 6 số").fill(totp.at(time.time() + 30))  # the next code: the first was used
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("link", name="Học tập")).to_be_visible()
