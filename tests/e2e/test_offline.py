"""Journeys: offline reading. Lessons opened earlier, or saved with "Tải về để học khi không có mạng", open without
a connection; other pages show the offline page listing them; logging out leaves nothing behind; on a weak 3G
profile a lesson is readable within 5 seconds."""

import re
import time

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_sign_in import change_password, sign_in

NEW_PASSWORD = "Hoc-khi-mat-mang-2026"
COURSE = "Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức"
OFFLINE_HEADING = "Bạn đang không có kết nối mạng"
NOTHING_SAVED = "Chưa có bài học nào được lưu"
SAVE_BUTTON = re.compile(r"^Tải về để học khi không có mạng")

# Paths kept in the service worker's per-person page caches (kns-pages-<user id>).
SAVED_PATHS = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("kns-pages-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
  }
  return paths;
}"""


def open_course_as_learner(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Sign in as the demo learner and open the course; return (path, title) of the first module's lessons."""
    sign_in(page, "demo.learner", DEMO_PASSWORD)
    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)
    page.get_by_role("link", name="Học tập").click()
    page.get_by_role("link", name=COURSE).click()
    expect(page.get_by_role("heading", name=COURSE)).to_be_visible()
    links = page.locator("section.module").first.locator(".lesson-list a")
    return [(str(link.get_attribute("href")), link.inner_text().strip()) for link in links.all()]


def wait_for_service_worker(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until a worker is active, then reload so that it controls this page as well."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def saved_paths(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(SAVED_PATHS)


def wait_until_saved(page, path: str) -> None:  # type: ignore[no-untyped-def]
    """The worker keeps a page just after handing it over; wait for that before cutting the connection."""
    page.wait_for_function(f"async (path) => ({SAVED_PATHS})().then((paths) => paths.includes(path))", arg=path)


def test_lesson_opened_earlier_is_readable_offline(page):  # type: ignore[no-untyped-def]
    lessons = open_course_as_learner(page)
    (first_path, first_title), (other_path, _other_title) = lessons[0], lessons[1]
    page.goto(first_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)
    wait_for_service_worker(page)
    wait_until_saved(page, first_path)

    page.context.set_offline(True)
    page.goto(first_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)
    expect(page.locator("article.lesson-body h2").first).to_be_visible()

    # A lesson never opened: the offline page, in Vietnamese, listing the one that was.
    page.goto(other_path)
    expect(page.get_by_role("heading", name=OFFLINE_HEADING)).to_be_visible()
    saved = page.locator("#offline-lessons")
    expect(saved.get_by_role("link", name=first_title)).to_have_attribute("href", first_path)
    expect(saved.locator("li")).to_have_count(1)
    expect(page.get_by_text(COURSE)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The link works offline too.
    saved.get_by_role("link", name=first_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)


def test_save_button_keeps_every_lesson_of_the_module(page):  # type: ignore[no-untyped-def]
    lessons = open_course_as_learner(page)
    assert len(lessons) >= 2
    wait_for_service_worker(page)

    module = page.locator("section.module").first
    status = module.locator(".offline-status")
    expect(status).to_have_attribute("aria-live", "polite")
    # Record every progress message the screen reader would hear.
    status.evaluate(
        """(el) => {
            window.heard = [];
            new MutationObserver(() => window.heard.push(el.textContent)).observe(el, {childList: true});
        }"""
    )
    # Without a connection nothing is saved, and the learner is told to try again.
    page.context.set_offline(True)
    module.get_by_role("button", name=SAVE_BUTTON).click()
    expect(status).to_have_text(f"Chưa lưu được hết (0/{len(lessons)} bài). Kiểm tra kết nối mạng rồi bấm lại.")
    page.context.set_offline(False)

    module.get_by_role("button", name=SAVE_BUTTON).click()
    expect(status).to_have_text("Đã lưu — có thể học khi không có mạng")
    heard = page.evaluate("window.heard")
    assert f"Đã lưu 1/{len(lessons)} bài" in heard
    assert f"Đã lưu {len(lessons) - 1}/{len(lessons)} bài" in heard
    assert {path for path, _title in lessons} <= set(saved_paths(page))

    page.context.set_offline(True)
    for path, title in lessons:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)

    page.goto("/offline")
    expect(page.locator("#offline-lessons li")).to_have_count(len(lessons))

    # Back on the course page (saved when it was opened), the button says the module is already saved.
    page.context.set_offline(False)
    page.goto(lessons[0][0])
    page.get_by_role("link", name=COURSE).click()
    expect(page.locator("section.module").first.locator(".offline-status")).to_have_text(
        "Đã lưu — có thể học khi không có mạng"
    )


def test_logging_out_leaves_no_saved_lesson(page):  # type: ignore[no-untyped-def]
    lessons = open_course_as_learner(page)
    first_path, first_title = lessons[0]
    page.goto(first_path)
    wait_for_service_worker(page)
    wait_until_saved(page, first_path)
    assert first_path in saved_paths(page)

    page.locator("details.account summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert not [name for name in page.evaluate("caches.keys()") if name.startswith("kns-pages-")]

    # The worker comes back on the sign-in page (Clear-Site-Data removed it), with nobody's lessons.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.context.set_offline(True)
    page.goto(first_path)
    expect(page.get_by_role("heading", name=OFFLINE_HEADING)).to_be_visible()
    expect(page.get_by_text(NOTHING_SAVED)).to_be_visible()
    expect(page.locator("#offline-lessons li")).to_have_count(0)
    expect(page.get_by_text(first_title)).to_have_count(0)
    expect(page.get_by_text("Lò Văn Thắng")).to_have_count(0)  # the kept offline page names nobody


def test_another_person_signing_in_removes_the_saved_lessons(page):  # type: ignore[no-untyped-def]
    # A shared office computer where the learner's session simply ran out, without logging out.
    lessons = open_course_as_learner(page)
    first_path, _first_title = lessons[0]
    page.goto(first_path)
    wait_for_service_worker(page)
    wait_until_saved(page, first_path)
    learner = page.evaluate("document.body.dataset.user")
    assert learner in "".join(page.evaluate("caches.keys()"))

    # The next person signs in (through the request API, so no signed-out page runs in between).
    page.context.clear_cookies()
    form = page.request.get("/auth/login").text()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    assert token is not None
    page.request.post(
        "/auth/login",
        form={"csrf_token": token.group(1), "username": "demo.manager", "password": DEMO_PASSWORD, "next": ""},
    )
    page.goto("/")
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    assert page.evaluate("document.body.dataset.user") not in ("", learner)
    page.wait_for_function("async () => (await caches.keys()).every((name) => !name.startsWith('kns-pages-'))")

    page.context.set_offline(True)
    page.goto(first_path)
    expect(page.get_by_role("heading", name=OFFLINE_HEADING)).to_be_visible()
    expect(page.get_by_text(NOTHING_SAVED)).to_be_visible()


def test_idle_page_reloads_so_the_server_can_sign_out(page):  # type: ignore[no-untyped-def]
    page.clock.install()
    path, _title = open_course_as_learner(page)[0]
    page.goto(path)
    assert page.evaluate("document.body.dataset.idleSeconds") == "1800"
    page.evaluate("window.stillHere = true")

    page.clock.fast_forward("25:00")
    page.keyboard.press("ArrowDown")  # reading: input restarts the count
    page.clock.fast_forward("10:00")
    assert page.evaluate("window.stillHere") is True

    with page.expect_navigation():
        page.clock.fast_forward("21:00")
    assert page.evaluate("window.stillHere") is None
    assert page.url.endswith(path)


def test_lesson_is_readable_within_5_seconds_on_weak_3g(page, browser, live_server):  # type: ignore[no-untyped-def]
    path, title = open_course_as_learner(page)[0]
    # A first visit: a new context holding only the sign-in cookie, so the page, CSS and JS all come over the
    # slow link. No service worker either: the throttling below slows only the page's own requests, and a
    # worker's fetches (or saved copies) would make the figure look better than a first visit really is.
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": 360, "height": 640},
        locale="vi-VN",
        service_workers="block",
        storage_state=page.context.storage_state(),
    )
    phone = context.new_page()
    try:
        cdp = context.new_cdp_session(phone)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 400,
                "downloadThroughput": 400 * 1024 / 8,
                "uploadThroughput": 400 * 1024 / 8,
            },
        )
        started = time.perf_counter()
        phone.goto(path, wait_until="commit")
        expect(phone.get_by_role("heading", level=1)).to_have_text(title, timeout=10_000)
        expect(phone.locator("article.lesson-body > p:not(.muted)").first).to_be_visible(timeout=10_000)
        # Readable means styled: the stylesheet blocks painting, so wait until it applies (the page background).
        # expect() runs in Playwright's own world, so the page's strict CSP (no eval) does not block it.
        expect(phone.locator("body")).to_have_css("background-color", "rgb(245, 247, 249)")
        elapsed = time.perf_counter() - started
        assert elapsed < 5, f"bài học hiện sau {elapsed:.1f} giây trên mạng 3G yếu"
        css_bytes = phone.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter((e) => e.name.includes('app.css')).map((e) => e.transferSize)"
        )
        assert css_bytes and css_bytes[0] > 0  # the stylesheet really came over the slow link, not from a cache
    finally:
        context.close()


def test_service_worker_script_is_served_from_the_root(page):  # type: ignore[no-untyped-def]
    response = page.request.get("/sw.js")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert response.headers["service-worker-allowed"] == "/"
    assert "no-cache" in response.headers["cache-control"]
    assert response.text().startswith("/* build ")
    offline = page.request.get("/offline")
    assert offline.status == 200
    assert NOTHING_SAVED in offline.text()


def test_a_lesson_completed_offline_is_kept_and_sent_when_the_connection_returns(page, live_app):  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from courses.models import LessonCompletion
    from lms.extensions import db

    lessons = open_course_as_learner(page)
    first_path, first_title = lessons[0]
    page.goto(first_path)
    wait_for_service_worker(page)
    wait_until_saved(page, first_path)

    page.context.set_offline(True)
    page.goto(first_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)
    page.get_by_role("button", name="Đánh dấu đã học xong").click()
    note = page.locator(".offline-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("sẽ tự gửi khi có mạng")
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)  # not the browser's error page

    def completions() -> int:
        with live_app.app_context():
            return db.session.scalar(select(func.count(LessonCompletion.id))) or 0

    before = completions()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("!Object.keys(localStorage).some((key) => key.startsWith('kns-completions-'))")
    assert completions() == before + 1
    page.reload()
    expect(page.get_by_text("Đã hoàn thành", exact=False).first).to_be_visible()
