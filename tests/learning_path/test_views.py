"""The placement pages, the path on the course page, the home invitation and the distribution by unit."""

import re

import pytest

from lms.learning_path.models import PlacementState
from tests.learning_path.helpers import (
    build_world,
    levels,
    load_placement,
    pending,
    right,
    wrong,
)
from tests.quizzes.helpers import make_quiz

SECRETS = ("fraction", "feedback", "Dài và trộn ký tự", "Quá dễ đoán", "mật khẩu dùng một lần", "OTP là bí mật")


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    return build_world(session)


def form_for(questions, pattern, rating):  # type: ignore[no-untyped-def]
    """The HTML form fields: rating and q<ID> (option ids, or the text)."""
    data: dict[str, object] = {"rating": str(rating)}
    for question, ok in zip(questions, pattern, strict=True):
        answer = right(question) if ok else wrong(question)
        data[f"q{question['id']}"] = answer["text"] if "text" in answer else [str(i) for i in answer["option_ids"]]
    return data


def start(client):  # type: ignore[no-untyped-def]
    response = client.post("/lo-trinh/tu-danh-gia")
    assert response.status_code == 302
    return int(re.search(r"/tu-danh-gia/(\d+)", response.headers["Location"]).group(1))


def do_area(client, session, user_id, area, pattern, rating):  # type: ignore[no-untyped-def]
    placement = load_placement(session, user_id)
    data = form_for(pending(placement, area), pattern, rating)
    return client.post(f"/lo-trinh/tu-danh-gia/{placement.id}/{area}", data=data)


def test_home_invites_to_the_placement_check_and_skip_stops_it(client, auth, world):
    auth.login("hoc.vien")
    home = client.get("/").get_data(as_text=True)
    assert "Tự đánh giá trong 10 phút" in home and "/lo-trinh/tu-danh-gia/bo-qua" in home
    assert client.post("/lo-trinh/tu-danh-gia/bo-qua").status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Tự đánh giá trong 10 phút" not in home
    page = client.get(f"/courses/{world.course_id}").get_data(as_text=True)
    assert "Lộ trình của bạn" not in page  # skipped: the course order, no invitation either
    assert "Học nhanh hơn với lộ trình riêng" not in page


def test_placement_sets_the_path_shown_on_the_course_page(client, auth, session, world):
    auth.login("hoc.vien")
    page = client.get(f"/courses/{world.course_id}").get_data(as_text=True)
    assert "Học nhanh hơn với lộ trình riêng" in page
    placement_id = start(client)
    step = client.get(f"/lo-trinh/tu-danh-gia/{placement_id}").get_data(as_text=True)
    assert "Lĩnh vực 1/3" in step and "Sử dụng thiết bị và phần mềm" in step
    assert do_area(client, session, world.learner.id, "TB", [False, False], 1).status_code == 302
    assert do_area(client, session, world.learner.id, "TT", [True, True], 2).status_code == 302
    done = do_area(client, session, world.learner.id, "AT", [True, True], 4)
    assert done.status_code == 302 and done.headers["Location"].endswith("/lo-trinh/")
    assert load_placement(session, world.learner.id).state == PlacementState.SUBMITTED
    mine = client.get("/lo-trinh/").get_data(as_text=True)
    assert "Thành thạo" in mine and "Cần học" in mine and "Làm lại phần tự đánh giá" in mine

    page = client.get(f"/courses/{world.course_id}").get_data(as_text=True)
    assert "Lộ trình của bạn" in page
    path = page[page.index("Lộ trình của bạn") : page.index("lp-path-list") + 2000]
    order = [path.index(f"Học phần {name}") for name in ("Sử dụng thiết bị", "Khai thác dữ liệu", "An toàn số")]
    assert order == sorted(order), "weak areas first, mastered last"
    assert "Có thể đọc lướt" in page and "Nên học kỹ" in page
    assert "Bạn trả lời đúng 2/2 câu phần tự đánh giá lĩnh vực “An toàn số” và tự nhận mức “Thành thạo”." in page
    assert "Bạn trả lời đúng 0/2 câu phần tự đánh giá lĩnh vực “Sử dụng thiết bị và phần mềm”" in page
    # "Bắt đầu học" leads to the weakest area's first lesson, and so does "continue".
    button = re.search(r'<a class="button primary wide" href="([^"]+)">', page)
    assert button and button.group(1).endswith(f"/lessons/{world.first_lessons['TB']}")
    follow = client.get(f"/courses/{world.course_id}/continue")
    assert follow.headers["Location"].endswith(f"/lessons/{world.first_lessons['TB']}")


def test_placement_pages_never_contain_correct_answers(client, auth, session, world):
    auth.login("hoc.vien")
    placement_id = start(client)
    for area in ("TB", "TT", "AT"):
        html = client.get(f"/lo-trinh/tu-danh-gia/{placement_id}").get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in html
        pattern = [True, False] if area == "TT" else [True, True]
        do_area(client, session, world.learner.id, area, pattern, 3)
        if area == "TT":  # the extra question page
            html = client.get(f"/lo-trinh/tu-danh-gia/{placement_id}").get_data(as_text=True)
            assert "Thêm một câu nữa" in html
            for secret in SECRETS:
                assert secret not in html
            do_area(client, session, world.learner.id, "TT", [True], 3)


def test_missing_rating_is_a_vietnamese_error_and_keeps_the_answers(client, auth, session, world):
    auth.login("hoc.vien")
    placement_id = start(client)
    placement = load_placement(session, world.learner.id)
    data = form_for(pending(placement, "TB"), [True, True], 1)
    del data["rating"]
    response = client.post(f"/lo-trinh/tu-danh-gia/{placement_id}/TB", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Vui lòng chọn mức tự đánh giá của bạn cho lĩnh vực này" in html
    assert "checked" in html  # the answers given are kept on the page
    assert load_placement(session, world.learner.id).answers == {}  # nothing saved


def test_resume_after_a_dropped_connection(client, auth, session, world):
    auth.login("hoc.vien")
    placement_id = start(client)
    do_area(client, session, world.learner.id, "TB", [True, True], 3)
    # The connection drops; later the learner comes back from the home page.
    home = client.get("/").get_data(as_text=True)
    assert "Làm tiếp phần tự đánh giá" in home
    assert start(client) == placement_id
    step = client.get(f"/lo-trinh/tu-danh-gia/{placement_id}").get_data(as_text=True)
    assert "Lĩnh vực 2/3" in step and "Khai thác dữ liệu và thông tin" in step


def test_someone_elses_placement_is_403(client, auth, session, world):
    auth.login("hoc.vien")
    placement_id = start(client)
    auth.logout()
    auth.login("hoc.vien.b")
    assert client.get(f"/lo-trinh/tu-danh-gia/{placement_id}").status_code == 403
    assert client.post(f"/lo-trinh/tu-danh-gia/{placement_id}/TB", data={"rating": "3"}).status_code == 403


def test_path_updates_after_a_practice_quiz(client, auth, session, world):
    from sqlalchemy import select

    from courses.models import Course
    from quizzes.models import Question

    auth.login("hoc.vien")
    start(client)
    for area in ("TB", "TT", "AT"):
        do_area(client, session, world.learner.id, area, [True, True], 4)
    assert levels(session, world.learner.id)["AT"].level == "mastered"
    course = session.get(Course, world.course_id)
    at = list(session.scalars(select(Question).where(Question.area_code == "AT")))
    quiz = make_quiz(session, course, at, title="Luyện tập: An toàn số")
    session.commit()
    client.post(f"/quizzes/{quiz.id}/start")
    attempt_id = _open_attempt(session, world.learner.id)
    attempt = _attempt(session, attempt_id)
    data = {"submit": "1"}
    for question in attempt.snapshot:
        answer = wrong(question)
        data[f"q{question['id']}"] = answer["text"] if "text" in answer else [str(i) for i in answer["option_ids"]]
    assert client.post(f"/quizzes/attempts/{attempt_id}/save", data=data).status_code == 302
    assert levels(session, world.learner.id)["AT"].level == "needs"
    page = client.get(f"/courses/{world.course_id}").get_data(as_text=True)
    assert "Bài “Luyện tập: An toàn số” ngày" in page
    assert "bạn làm đúng 0\xa0% các câu thuộc lĩnh vực “An toàn số”" in page
    path = page[page.index("lp-path-list") :]
    assert path.index("Học phần An toàn số") < path.index("Học phần Sử dụng thiết bị")


def _open_attempt(session, user_id):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from quizzes.models import Attempt

    session.expire_all()
    return session.scalar(select(Attempt.id).where(Attempt.user_id == user_id, Attempt.state == "open"))


def _attempt(session, attempt_id):  # type: ignore[no-untyped-def]
    from quizzes.models import Attempt

    return session.get(Attempt, attempt_id)


def test_a_mastered_learner_may_start_the_final_at_once(client, auth, session, world):
    from sqlalchemy import select

    from courses.models import Course
    from quizzes.models import Question

    course = session.get(Course, world.course_id)
    final = make_quiz(session, course, list(session.scalars(select(Question))), kind="final", title="Đánh giá cuối")
    session.commit()
    auth.login("hoc.vien")
    start(client)
    for area in ("TB", "TT", "AT"):
        do_area(client, session, world.learner.id, area, [True, True], 4)
    page = client.get(f"/courses/{world.course_id}").get_data(as_text=True)
    assert page.count("Có thể đọc lướt") >= 3 and f"/quizzes/{final.id}" in page
    response = client.post(f"/quizzes/{final.id}/start")  # no lesson done yet: not blocked
    assert response.status_code == 302 and "/quizzes/attempts/" in response.headers["Location"]


# --- distribution by unit -----------------------------------------------------------------------


def _levels_for_both_communes(session, world):  # type: ignore[no-untyped-def]
    from lms.learning_path.services import upsert_levels
    from lms.models import now_utc
    from tests.factories import make_user

    b = make_user(session, "hoc.vien.b2", unit=world.tree.commune_b)
    sub = make_user(session, "hoc.vien.a2", unit=world.tree.commune_a_sub)
    rows = []
    for user, level in ((world.learner, "mastered"), (sub, "needs"), (b, "progressing")):
        rows.append(
            {"user_id": user.id, "area_code": "AT", "level": level, "source": "placement", "updated_at": now_utc()}
        )
    upsert_levels(session, rows, keep_rating=False)
    session.commit()


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        (None, "/lo-trinh/don-vi/tinh", 302),
        ("hoc.vien", "/lo-trinh/don-vi/", 403),
        ("hoc.vien", "/lo-trinh/don-vi/tinh", 403),
        ("hoc.vien", "/lo-trinh/don-vi/xa-a", 403),
        ("quan.ly.b", "/lo-trinh/don-vi/xa-b", 200),
        ("quan.ly.b", "/lo-trinh/don-vi/xa-a", 403),
        ("quan.ly.b", "/lo-trinh/don-vi/tinh", 403),
        ("giang.vien", "/lo-trinh/don-vi/tinh", 200),
        ("giang.vien", "/lo-trinh/don-vi/xa-a", 200),
        ("theo.doi", "/lo-trinh/don-vi/tinh", 200),
        ("theo.doi", "/lo-trinh/don-vi/khong-co", 404),
    ],
)
def test_distribution_access(client, auth, world, who, url, status):
    if who:
        auth.login(who)
    assert client.get(url).status_code == status


def test_distribution_entry_goes_to_the_top_of_my_scope(client, auth, world):
    auth.login("quan.ly.b")
    assert client.get("/lo-trinh/don-vi/").headers["Location"].endswith("/lo-trinh/don-vi/xa-b")
    auth.logout()
    auth.login("theo.doi")
    assert client.get("/lo-trinh/don-vi/").headers["Location"].endswith("/lo-trinh/don-vi/tinh")


def test_distribution_counts_per_unit_area_and_level(client, auth, session, world):
    _levels_for_both_communes(session, world)
    from lms.learning_path.queries import level_distribution
    from lms.org.models import Unit

    province = session.get(Unit, world.tree.province.id)
    data = level_distribution(session, province)
    assert [(c, n) for c, n in data.areas][:1] == [("CDS", "Hiểu biết về chuyển đổi số")]
    assert {lvl: data.total.count("AT", lvl) for lvl in ("needs", "progressing", "mastered")} == {
        "needs": 1,
        "progressing": 1,
        "mastered": 1,
    }
    by_code = {row.unit.code: row for row in data.children}
    assert (by_code["xa-a"].count("AT", "mastered"), by_code["xa-a"].count("AT", "needs")) == (1, 1)
    assert by_code["xa-b"].count("AT", "progressing") == 1
    # Commune B: hoc.vien.b, quan.ly.b, hoc.vien.b2 → 3 staff, 2 without a level in AT.
    assert (by_code["xa-b"].staff_total, by_code["xa-b"].not_assessed("AT")) == (3, 2)

    auth.login("quan.ly.b")
    html = client.get("/lo-trinh/don-vi/xa-b?area=AT").get_data(as_text=True)
    assert "Xã Khoen On" in html and "Xã Mường Kim" not in html
    assert client.get("/lo-trinh/don-vi/xa-b?area=XX").status_code == 404
    auth.logout()
    auth.login("theo.doi")
    html = client.get("/lo-trinh/don-vi/tinh?area=AT").get_data(as_text=True)
    assert "Xã Mường Kim" in html and "Xã Khoen On" in html and "Thành thạo" in html


def test_course_page_queries_do_not_grow_with_levels_or_modules(client, auth, session, world, count_queries):
    from courses import authoring
    from courses.models import Course
    from lms.learning_path.services import upsert_levels
    from lms.models import now_utc

    auth.login("hoc.vien")
    url = f"/courses/{world.course_id}"

    def statements() -> int:
        with count_queries() as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    without = statements()
    rows = [
        {
            "user_id": world.learner.id,
            "area_code": area,
            "level": "mastered",
            "source": "placement",
            "updated_at": now_utc(),
        }
        for area in ("AT", "TB", "TT", "GT", "ND")
    ]
    upsert_levels(session, rows, keep_rating=False)
    course = session.get(Course, world.course_id)
    for area in ("GT", "ND"):
        module = authoring.add_module(session, course, f"Thêm {area}", area)
        authoring.add_lesson(session, module, f"Bài thêm {area}", "Nội dung.", 3)
    session.commit()
    assert statements() == without <= 15
