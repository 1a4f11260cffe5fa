"""Trainer authoring pages: access, building a course, preview, order, retire, publish, assign."""

import re

import pytest
from sqlalchemy import func, select

from courses import authoring
from courses.models import (
    Area,
    Course,
    CourseAssignment,
    CourseStatus,
    Enrolment,
    Framework,
    Lesson,
    LessonCompletion,
    Module,
)
from courses.services import recompute_progress
from lms.auth.models import Role, User
from tests.courses.helpers import make_course
from tests.factories import PASSWORD, Tree, make_user

BASE = "/manage/courses"

#: Every authoring route, with placeholders filled from the `world` fixture.
ROUTES = [
    ("get", "/"),
    ("get", "/new"),
    ("post", "/new"),
    ("get", "/{course}"),
    ("post", "/{course}"),
    ("post", "/{course}/publish"),
    ("post", "/{course}/unpublish"),
    ("get", "/{course}/modules/new"),
    ("post", "/{course}/modules/new"),
    ("get", "/{course}/modules/{module}"),
    ("post", "/{course}/modules/{module}"),
    ("post", "/{course}/modules/{module}/move/up"),
    ("post", "/{course}/modules/{module}/move/down"),
    ("post", "/{course}/modules/{module}/retire"),
    ("get", "/{course}/modules/{module}/lessons/new"),
    ("post", "/{course}/modules/{module}/lessons/new"),
    ("get", "/{course}/lessons/{lesson}"),
    ("post", "/{course}/lessons/{lesson}"),
    ("post", "/{course}/lessons/{lesson}/move/up"),
    ("post", "/{course}/lessons/{lesson}/move/down"),
    ("post", "/{course}/lessons/{lesson}/retire"),
    ("get", "/{course}/assign"),
    ("post", "/{course}/assign"),
]
PAGES = [path for method, path in ROUTES if method == "get"]


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    make_user(session, "trainer", Role.TRAINER, unit=tree.department)
    make_user(session, "learner", unit=tree.commune_a)
    make_user(session, "staff.a.sub", unit=tree.commune_a_sub)
    make_user(session, "learner.b", unit=tree.commune_b)
    course = make_course(session, "Kỹ năng bảo mật", modules=2, lessons=2)
    other = make_course(session, "Khóa khác", modules=1, lessons=1)
    session.commit()
    return {
        "course": course.id,
        "module": course.modules[0].id,
        "lesson": course.modules[0].lessons[0].id,
        "lessons": [lesson.id for lesson in course.modules[0].lessons],
        "modules": [module.id for module in course.modules],
        "other": other.id,
        "other_module": other.modules[0].id,
        "other_lesson": other.modules[0].lessons[0].id,
    }


@pytest.fixture
def trainer(auth, world):  # type: ignore[no-untyped-def]
    auth.login("trainer")
    return world


def lesson_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Mật khẩu mạnh",
        "body_markdown": "Dùng **mật khẩu dài**.",
        "minutes": "7",
        "required": "y",
        "save": "Lưu",
    }
    data.update(overrides)
    return data


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


def positions(session, model, ids):  # type: ignore[no-untyped-def]
    session.expire_all()
    return [session.get(model, item).position for item in ids]


# --- access --------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_is_sent_to_login(client, world, method, path):
    response = getattr(client, method)(BASE + path.format(**world))
    assert response.status_code == 302
    assert response.location.startswith("/auth/login")


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_learner_is_forbidden(auth, client, world, method, path):
    auth.login("learner")
    assert getattr(client, method)(BASE + path.format(**world)).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_trainer_opens_every_page(client, trainer, path):
    assert client.get(BASE + path.format(**trainer)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/{course}/lessons/{other_lesson}",
        "/{course}/lessons/{other_lesson}/move/up",
        "/{course}/lessons/{other_lesson}/retire",
        "/{course}/modules/{other_module}",
        "/{course}/modules/{other_module}/lessons/new",
        "/{course}/modules/{other_module}/retire",
        "/{other}/lessons/{lesson}",
        "/999999",
        "/{course}/lessons/999999",
        "/{course}/modules/999999",
    ],
)
def test_ids_of_another_course_or_unknown_ids_give_404(client, session, trainer, path):
    method = client.post if path.endswith(("/up", "/retire")) else client.get
    assert method(BASE + path.format(**trainer)).status_code == 404
    session.expire_all()
    assert session.get(Lesson, trainer["other_lesson"]).retired_at is None
    assert session.get(Module, trainer["other_module"]).retired_at is None


def test_buttons_carry_a_csrf_token_when_protection_is_on(app_factory, session, world):
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"username": "trainer", "password": PASSWORD, "csrf_token": token})
    page = client.get(f"{BASE}/{world['course']}").get_data(as_text=True)
    first, second = world["lessons"]
    move_up = f"{BASE}/{world['course']}/lessons/{second}/move/up"
    assert f'action="{move_up}"' in page
    assert client.post(move_up).status_code == 400
    assert positions(session, Lesson, [first, second]) == [1, 2]
    assert client.post(move_up, data={"csrf_token": csrf_token(page)}).status_code == 302
    assert positions(session, Lesson, [first, second]) == [2, 1]


# --- building a course ----------------------------------------------------------------


def test_index_lists_courses_with_status_and_live_counts(client, session, trainer):
    authoring.retire(session, session.get(Lesson, trainer["lesson"]))
    authoring.create_course(session, "Khóa mới toanh")
    session.commit()
    page = client.get(BASE + "/").get_data(as_text=True)
    assert "Kỹ năng bảo mật" in page and "Khóa mới toanh" in page
    assert "Bản nháp" in page and "Đã xuất bản" in page
    assert 'class="num">3</td>' in page  # 4 lessons, one retired
    assert "Tạo khóa học" in page


def test_index_runs_the_same_number_of_queries_for_more_courses(client, session, trainer, count_queries):
    client.get(BASE + "/")
    with count_queries() as few:
        client.get(BASE + "/")
    for n in range(3):
        make_course(session, f"Khóa thêm {n}", modules=2, lessons=3)
    session.commit()
    with count_queries() as many:
        page = client.get(BASE + "/").get_data(as_text=True)
    assert "Khóa thêm 2" in page
    assert len(many) == len(few)


def test_trainer_creates_a_draft_course(client, session, trainer):
    response = client.post(
        BASE + "/new", data={"title": "  An toàn thông tin  ", "summary": "Cơ bản.", "deadline": "2026-06-30"}
    )
    course = session.scalar(select(Course).where(Course.title == "An toàn thông tin"))
    assert course is not None
    assert response.location == f"{BASE}/{course.id}"
    assert course.status == CourseStatus.DRAFT
    assert course.deadline.isoformat() == "2026-06-30"
    page = client.get(response.location).get_data(as_text=True)
    assert "Đã tạo khóa học" in page
    assert "30/06/2026" in page
    assert f'href="/courses/{course.id}"' in page  # "Xem như học viên"


def test_course_without_title_is_refused_with_422(client, session, trainer):
    response = client.post(BASE + "/new", data={"title": "   ", "summary": "x"})
    assert response.status_code == 422
    assert "Vui lòng nhập tiêu đề." in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Course.id))) == 2


def test_trainer_edits_course_details(client, session, trainer):
    url = f"{BASE}/{trainer['course']}"
    response = client.post(url, data={"title": "Bảo mật cơ bản", "summary": "Mới.", "is_open": "y", "deadline": ""})
    assert response.location == url
    session.expire_all()
    course = session.get(Course, trainer["course"])
    assert (course.title, course.summary, course.is_open, course.deadline) == ("Bảo mật cơ bản", "Mới.", True, None)


def test_trainer_builds_a_course_with_an_area_and_a_safe_lesson(client, session, trainer):
    response = client.post(BASE + "/new", data={"title": "Khóa của tôi"})
    course = session.scalar(select(Course).where(Course.title == "Khóa của tôi"))
    assert response.location == f"{BASE}/{course.id}"
    framework = Framework(code="kns-thu", version="test", name="Khung thử")
    framework.areas.append(Area(code="XX", name="Lĩnh vực thử", position=1))
    course.framework = framework
    session.commit()
    form = client.get(f"{BASE}/{course.id}/modules/new").get_data(as_text=True)
    assert "(không gắn lĩnh vực)" in form and "XX — Lĩnh vực thử" in form

    response = client.post(
        f"{BASE}/{course.id}/modules/new", data={"title": "Bảo vệ tài khoản", "area_code": "XX", "required": "y"}
    )
    module = session.scalar(select(Module).where(Module.course_id == course.id))
    assert response.location == f"{BASE}/{course.id}#module-{module.id}"
    assert (module.title, module.area_code, module.required) == ("Bảo vệ tài khoản", "XX", True)

    body = "Xin chào <script>alert(1)</script> và [x](javascript:alert(1)) nhé."
    response = client.post(f"{BASE}/{course.id}/modules/{module.id}/lessons/new", data=lesson_data(body_markdown=body))
    lesson = session.scalar(select(Lesson).where(Lesson.module_id == module.id))
    assert response.location == f"{BASE}/{course.id}#lesson-{lesson.id}"
    assert lesson.body_markdown == body
    assert "<script" not in lesson.body_html
    assert "<a " not in lesson.body_html and "href" not in lesson.body_html  # the javascript: link stays text
    assert "Xin chào" in lesson.body_html
    assert (lesson.minutes, lesson.required) == (7, True)
    page = client.get(f"{BASE}/{course.id}").get_data(as_text=True)
    assert "Mật khẩu mạnh" in page and "XX — Lĩnh vực thử" in page


def test_unknown_area_code_is_refused(client, session, trainer):
    response = client.post(f"{BASE}/{trainer['course']}/modules/new", data={"title": "Học phần lạ", "area_code": "ZZ"})
    assert response.status_code == 422
    assert "Lĩnh vực này không có trong khung năng lực." in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Module.id)).where(Module.title == "Học phần lạ")) == 0


def test_area_the_framework_dropped_is_shown_and_refused_by_the_service(client, session, trainer):
    session.get(Module, trainer["module"]).area_code = "CU"
    session.commit()
    url = f"{BASE}/{trainer['course']}/modules/{trainer['module']}"
    assert '<option selected value="CU">' in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"title": "Tên mới", "area_code": "CU", "required": "y"})
    assert response.status_code == 422
    assert "Lĩnh vực “CU” không có trong khung năng lực của khóa học." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Module, trainer["module"]).title == "Học phần 1"


def test_minutes_out_of_range_is_refused_in_vietnamese(client, session, trainer):
    url = f"{BASE}/{trainer['course']}/modules/{trainer['module']}/lessons/new"
    response = client.post(url, data=lesson_data(title="Bài quá dài", minutes="601"))
    assert response.status_code == 422
    assert "Số phút phải từ 0 đến 600." in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Lesson.id)).where(Lesson.title == "Bài quá dài")) == 0


def test_preview_shows_sanitised_html_and_saves_nothing(client, session, trainer):
    url = f"{BASE}/{trainer['course']}/lessons/{trainer['lesson']}"
    before = session.get(Lesson, trainer["lesson"]).body_markdown
    data = lesson_data(body_markdown="## Mục mới\n\n**đậm** <script>alert(1)</script>", preview="Xem trước")
    del data["save"]
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<article class="lesson-body">' in page
    assert "<h2>Mục mới</h2>" in page and "<strong>đậm</strong>" in page
    assert "<script>alert(1)</script>" not in page
    session.expire_all()
    lesson = session.get(Lesson, trainer["lesson"])
    assert lesson.body_markdown == before
    assert lesson.title != "Mật khẩu mạnh"


def test_new_lesson_preview_saves_nothing(client, session, trainer):
    url = f"{BASE}/{trainer['course']}/modules/{trainer['module']}/lessons/new"
    data = lesson_data(title="Bài chỉ xem trước", preview="Xem trước")
    del data["save"]
    assert client.post(url, data=data).status_code == 200
    assert session.scalar(select(func.count(Lesson.id)).where(Lesson.title == "Bài chỉ xem trước")) == 0


def test_move_lessons_and_modules_up_and_down(client, session, trainer):
    first, second = trainer["lessons"]
    client.post(f"{BASE}/{trainer['course']}/lessons/{second}/move/up")
    assert positions(session, Lesson, [first, second]) == [2, 1]
    client.post(f"{BASE}/{trainer['course']}/lessons/{second}/move/down")
    assert positions(session, Lesson, [first, second]) == [1, 2]

    one, two = trainer["modules"]
    response = client.post(f"{BASE}/{trainer['course']}/modules/{one}/move/down")
    assert response.location == f"{BASE}/{trainer['course']}#module-{one}"
    assert positions(session, Module, [one, two]) == [2, 1]
    page = client.get(f"{BASE}/{trainer['course']}").get_data(as_text=True)
    assert page.index("Học phần 2") < page.index("Học phần 1")


def test_retired_lesson_leaves_the_edit_page(client, session, trainer):
    url = f"{BASE}/{trainer['course']}"
    assert "Bài 1.1" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/lessons/{trainer['lesson']}/retire")
    session.expire_all()
    assert session.get(Lesson, trainer["lesson"]).retired_at is not None
    assert "Đã ngừng dùng bài học “Bài 1.1”" in client.get(url).get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)  # the flash is gone now
    assert "Bài 1.1" not in page and "Bài 1.2" in page
    assert client.get(f"{url}/lessons/{trainer['lesson']}").status_code == 404


def test_retired_module_leaves_the_edit_page(client, session, trainer):
    url = f"{BASE}/{trainer['course']}"
    client.post(f"{url}/modules/{trainer['module']}/retire")
    page = client.get(url).get_data(as_text=True)
    assert "Bài 1.1" not in page and "Bài 2.1" in page


def test_editing_a_lesson_of_a_published_course_keeps_progress(client, session, trainer):
    learner = session.scalar(select(User).where(User.username == "learner"))
    enrolment = Enrolment(user_id=learner.id, course_id=trainer["course"])
    session.add(enrolment)
    session.add(LessonCompletion(user_id=learner.id, lesson_id=trainer["lesson"]))
    session.flush()
    recompute_progress(session, enrolment)
    session.commit()
    assert (enrolment.items_done, enrolment.items_total, enrolment.progress_percent) == (1, 4, 25)

    response = client.post(
        f"{BASE}/{trainer['course']}/lessons/{trainer['lesson']}",
        data=lesson_data(title="Bài 1.1 (sửa)", body_markdown="Nội dung mới hơn."),
    )
    assert response.status_code == 302
    session.expire_all()
    lesson = session.get(Lesson, trainer["lesson"])
    assert (lesson.title, lesson.body_markdown) == ("Bài 1.1 (sửa)", "Nội dung mới hơn.")
    completions = session.scalars(select(LessonCompletion).where(LessonCompletion.lesson_id == lesson.id)).all()
    assert [c.user_id for c in completions] == [learner.id]
    enrolment = session.get(Enrolment, enrolment.id)
    assert (enrolment.items_done, enrolment.items_total, enrolment.progress_percent) == (1, 4, 25)
    assert session.get(Course, trainer["course"]).status == CourseStatus.PUBLISHED


# --- publishing --------------------------------------------------------------------------


def test_publishing_a_course_without_lessons_is_refused(client, session, trainer):
    course = authoring.create_course(session, "Khóa trống")
    authoring.add_module(session, course, "Học phần trống", None)
    session.commit()
    response = client.post(f"{BASE}/{course.id}/publish")
    assert response.status_code == 422
    assert "Khóa học cần ít nhất một bài học trước khi xuất bản." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Course, course.id).status == CourseStatus.DRAFT


def test_unpublish_then_publish_again(client, session, trainer):
    url = f"{BASE}/{trainer['course']}"
    assert client.post(f"{url}/unpublish").location == url
    session.expire_all()
    assert session.get(Course, trainer["course"]).status == CourseStatus.DRAFT
    assert "Xuất bản" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/publish")
    session.expire_all()
    assert session.get(Course, trainer["course"]).status == CourseStatus.PUBLISHED


# --- assigning --------------------------------------------------------------------------


def enrolled_usernames(session, course_id):  # type: ignore[no-untyped-def]
    session.expire_all()
    stmt = select(User.username).join(Enrolment, Enrolment.user_id == User.id).where(Enrolment.course_id == course_id)
    return set(session.scalars(stmt))


def test_assign_by_unit_code_enrols_the_unit_subtree(client, session, trainer):
    url = f"{BASE}/{trainer['course']}/assign"
    response = client.post(url, data={"unit_codes": "XA-A", "usernames": "", "deadline": "2026-12-31"})
    assert response.location == url
    assert enrolled_usernames(session, trainer["course"]) == {"learner", "staff.a.sub"}
    page = client.get(url).get_data(as_text=True)
    assert "Đã ghi danh thêm 2 người." in page
    assert "31/12/2026" in page


def test_assign_by_names_and_category_splits_on_commas_and_lines(client, session, trainer):
    url = f"{BASE}/{trainer['course']}/assign"
    client.post(url, data={"unit_codes": "xa-b,\n", "staff_categories": ["cong_chuc"], "usernames": "learner\n"})
    assert enrolled_usernames(session, trainer["course"]) == {"learner", "learner.b"}


def test_unknown_unit_code_is_named_and_nobody_is_enrolled(client, session, trainer):
    url = f"{BASE}/{trainer['course']}/assign"
    response = client.post(url, data={"unit_codes": "xa-a, khong-co", "usernames": "learner.b"})
    assert response.status_code == 422
    assert "Không có đơn vị mã: khong-co" in response.get_data(as_text=True)
    assert enrolled_usernames(session, trainer["course"]) == set()
    assert session.scalar(select(func.count(CourseAssignment.id))) == 0
