"""Trainer quiz pages: access, importing and exporting banks, quiz settings, results and item analysis."""

import html
import re
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.models import now_utc
from quizzes.bank import add_question, get_or_create_bank
from quizzes.building import QuizSettings, create_quiz
from quizzes.gift import Option, ParsedQuestion
from quizzes.models import Question, QuestionBank, Quiz, QuizKind, ReviewPolicy
from quizzes.services import save_answer, start_attempt, submit_attempt
from tests.courses.helpers import make_course
from tests.factories import PASSWORD, Tree, make_user

BASE = "/manage/quizzes"

#: Every route, with placeholders filled from the `world` fixture.
ROUTES = [
    ("get", "/banks"),
    ("get", "/banks/import"),
    ("post", "/banks/import"),
    ("get", "/banks/template.csv"),
    ("get", "/banks/{bank}"),
    ("get", "/banks/{bank}/export.gift"),
    ("get", "/course/{course}"),
    ("get", "/{quiz}/settings"),
    ("post", "/{quiz}/settings"),
    ("get", "/{quiz}/results"),
]
PAGES = [path for method, path in ROUTES if method == "get"]

GOOD_GIFT = """$CATEGORY: KNS/AT

::Mật khẩu mạnh::Mật khẩu nào mạnh nhất?{
=Tôi-thích-ăn-phở-2026!#Đúng, dài và khó đoán.
~123456#Quá ngắn.
~matkhau#Dễ đoán.
}

::Sao lưu::Nên sao lưu dữ liệu quan trọng ở đâu? {~%50%Ổ cứng ngoài ~%50%Dịch vụ lưu trữ của cơ quan ~%-100%Không cần}

// [difficulty:1]
::Tệp lạ::Thư điện tử lạ có tệp đính kèm thì nên mở ngay.{F}

::Sao chép::Phím tắt sao chép trong Windows là gì?{=Ctrl+C =Ctrl + C}
"""

#: Line 3 has no correct answer and line 5 never closes its answers.
BAD_GIFT = """::Q1::Câu hợp lệ {=A ~B}

::Q2::Không có đáp án đúng {~A ~B}

::Q3::Thiếu dấu đóng {=A ~B
"""


def single(title: str, text: str, right: str, *wrong: str) -> ParsedQuestion:
    options = [Option(right, 100.0), *(Option(w, 0.0) for w in wrong)]
    return ParsedQuestion(line=0, kind="single", text=text, options=options, title=title)


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    make_user(session, "trainer", Role.TRAINER, unit=tree.department)
    make_user(session, "learner", unit=tree.commune_a)
    people = {
        "an": make_user(session, "hv.an", unit=tree.commune_a, full_name="Lò Văn An"),
        "binh": make_user(session, "hv.binh", unit=tree.commune_a_sub, full_name="Hà Thị Bình"),
        "cuong": make_user(session, "hv.cuong", unit=tree.commune_b, full_name="Vi Văn Cường"),
        "dung": make_user(session, "hv.dung", unit=tree.commune_b, full_name="Lường Thị Dung"),
    }
    course = make_course(session, "Kỹ năng bảo mật", modules=1, lessons=1)
    bank = get_or_create_bank(session, "Ngân hàng An toàn", None)
    q1 = add_question(
        session, bank, single("Mật khẩu", "Mật khẩu nào **mạnh** nhất?", "A dài", "B ngắn", "C tên"), "AT"
    )
    q2 = add_question(
        session, bank, single("Lừa đảo", "Cuộc gọi đòi mã OTP thì làm gì?", "X cúp máy", "Y đọc mã"), "AT"
    )
    settings = QuizSettings(title="Kiểm tra học phần 1", shuffle_questions=False, shuffle_options=False)
    quiz = create_quiz(session, course, settings, question_ids=[q1.id, q2.id], module=course.modules[0])
    for n in (1, 2):  # the final draws from its own pool
        final_item = single(f"Cuối khóa {n}", f"Câu cuối khóa {n}?", "Đúng", "Sai 1", "Sai 2")
        final_item.pool = "final"
        add_question(session, bank, final_item, "AT")
    drawing = create_quiz(
        session, course, QuizSettings(title="Đánh giá cuối khóa", kind=QuizKind.FINAL), draws=[("AT", 1)]
    )
    session.commit()
    return {
        "course": course.id,
        "bank": bank.id,
        "quiz": quiz.id,
        "drawing": drawing.id,
        "q1": q1.id,
        "q2": q2.id,
        "options": {q.id: [o.id for o in q.options] for q in (q1, q2)},
        "people": {key: user.id for key, user in people.items()},
    }


@pytest.fixture
def trainer(auth, world):  # type: ignore[no-untyped-def]
    auth.login("trainer")
    return world


def upload(text: str, name: str = "cau-hoi.gift", **fields: str) -> dict[str, object]:
    return {"file": (BytesIO(text.encode("utf-8")), name), "format": "auto", "area": "", **fields}


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model))


def bank_contents(session, bank_id: int) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    questions = session.scalars(select(Question).where(Question.bank_id == bank_id).order_by(Question.id))
    return [
        (
            q.kind,
            q.title,
            q.text,
            q.area_code,
            q.difficulty,
            [(o.text, float(o.fraction), o.feedback) for o in q.options],
        )
        for q in questions
    ]


#: The options of the fixed quiz's questions, by the letter their text starts with.
LETTERS = {"q1": "ABC", "q2": "XY"}


def take(session, world, who: str, choices: dict[str, str | None]) -> None:  # type: ignore[no-untyped-def]
    """Start, answer and submit the fixed quiz as one person; choices map "q1"/"q2" to an option letter or None."""
    user = session.get(User, world["people"][who])
    quiz = session.get(Quiz, world["quiz"])
    now = now_utc()
    attempt = start_attempt(session, user, quiz, now)
    for key, letter in choices.items():
        if letter is not None:
            option = world["options"][world[key]][LETTERS[key].index(letter)]
            save_answer(session, user, attempt, world[key], {"option_ids": [option]}, now)
    submit_attempt(session, user, attempt, now)


def item_row(page: str, question_id: int) -> str:
    match = re.search(rf'<tr id="item-{question_id}">(.*?)</tr>', page, re.S)
    assert match is not None
    return match.group(1)


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
    response = client.get(BASE + path.format(**trainer))
    assert response.status_code == 200
    response.close()


@pytest.mark.parametrize(
    "path", ["/banks/999999", "/banks/999999/export.gift", "/course/999999", "/999999/settings", "/999999/results"]
)
def test_unknown_ids_give_404(client, trainer, path):
    assert client.get(BASE + path).status_code == 404


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


def test_import_needs_a_csrf_token_when_protection_is_on(app_factory, session, world):
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"username": "trainer", "password": PASSWORD, "csrf_token": token})
    page = client.get(BASE + "/banks/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    questions = count(session, Question)
    assert client.post(BASE + "/banks/import", data=upload(GOOD_GIFT, bank="B", submit="Nhập")).status_code == 400
    assert count(session, Question) == questions
    data = upload(GOOD_GIFT, bank="B", submit="Nhập", csrf_token=csrf_token(page))
    assert client.post(BASE + "/banks/import", data=data).status_code == 302
    assert count(session, Question) == questions + 4


# --- banks ---------------------------------------------------------------------------


def test_banks_page_counts_live_questions_per_area(client, session, trainer):
    page = client.get(BASE + "/banks").get_data(as_text=True)
    assert "Ngân hàng An toàn" in page
    assert "AT: 4" in page  # two practice items, two final ones
    assert f'href="{BASE}/banks/import"' in page


def test_bank_page_ticks_correct_options(client, trainer):
    page = client.get(f"{BASE}/banks/{trainer['bank']}").get_data(as_text=True)
    assert "Mật khẩu nào mạnh nhất?" in page  # Markdown stripped to plain text
    assert "Một đáp án" in page
    row = re.search(rf'<tr id="question-{trainer["q1"]}">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r"✓</span>\s*<span[^>]*>[^<]*</span>A dài", row)
    assert "✓</span> <span" not in row.split("B ngắn")[0].split("A dài")[1]
    assert f'href="{BASE}/banks/{trainer["bank"]}/export.gift"' in page


def test_template_csv_is_sent_as_an_attachment(client, trainer):
    response = client.get(BASE + "/banks/template.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "mau-cau-hoi.csv" in response.headers["Content-Disposition"]
    response.close()
    page = client.get(BASE + "/banks/import").get_data(as_text=True)
    assert f'href="{BASE}/banks/template.csv"' in page and "Mẫu tệp CSV/Excel" in page


def test_dry_run_lists_errors_with_line_numbers_and_writes_nothing(client, session, trainer):
    questions, banks = count(session, Question), count(session, QuestionBank)
    response = client.post(BASE + "/banks/import", data=upload(BAD_GIFT, bank="Ngân hàng mới", check="Kiểm tra"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kết quả kiểm tra — chưa ghi gì" in page
    assert re.search(r'<td class="num">3</td><td>không có đáp án đúng', page)
    assert re.search(r'<td class="num">5</td><td>thiếu dấu } đóng phần đáp án', page)
    assert "đọc được 1 câu hỏi hợp lệ" in page
    assert (count(session, Question), count(session, QuestionBank)) == (questions, banks)


def test_dry_run_of_a_good_file_counts_what_would_be_imported(client, session, trainer):
    questions = count(session, Question)
    response = client.post(BASE + "/banks/import", data=upload(GOOD_GIFT, bank="Ngân hàng mới", check="Kiểm tra"))
    assert response.status_code == 200
    assert "sẽ nhập 4 câu hỏi" in response.get_data(as_text=True)
    assert count(session, Question) == questions
    assert session.scalar(select(QuestionBank).where(QuestionBank.name == "Ngân hàng mới")) is None


def test_malformed_file_imports_nothing(client, session, trainer):
    questions, banks = count(session, Question), count(session, QuestionBank)
    response = client.post(BASE + "/banks/import", data=upload(BAD_GIFT, bank="Ngân hàng mới", submit="Nhập"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Chưa nhập câu hỏi nào" in page and "thiếu dấu } đóng phần đáp án" in page
    assert (count(session, Question), count(session, QuestionBank)) == (questions, banks)


def test_unknown_format_is_explained_in_vietnamese(client, session, trainer):
    response = client.post(
        BASE + "/banks/import", data=upload("chỉ là vài dòng chữ", name="ghi-chu.doc", bank="X", submit="Nhập")
    )
    assert response.status_code == 422
    assert "Không nhận ra định dạng tệp." in response.get_data(as_text=True)
    assert session.scalar(select(QuestionBank).where(QuestionBank.name == "X")) is None


def test_import_without_a_file_is_refused(client, trainer):
    response = client.post(BASE + "/banks/import", data={"bank": "X", "format": "auto", "submit": "Nhập"})
    assert response.status_code == 422
    assert "Vui lòng chọn tệp câu hỏi." in response.get_data(as_text=True)


def test_good_gift_import_fills_the_named_bank(client, session, trainer):
    response = client.post(BASE + "/banks/import", data=upload(GOOD_GIFT, bank="  Ngân hàng  Bảo mật ", submit="Nhập"))
    bank = session.scalar(select(QuestionBank).where(QuestionBank.name == "Ngân hàng Bảo mật"))
    assert bank is not None
    assert response.location == f"{BASE}/banks/{bank.id}"
    contents = bank_contents(session, bank.id)
    assert [(kind, title, area) for kind, title, _text, area, _d, _o in contents] == [
        ("single", "Mật khẩu mạnh", "AT"),
        ("multiple", "Sao lưu", "AT"),
        ("true_false", "Tệp lạ", "AT"),
        ("short_text", "Sao chép", "AT"),
    ]
    assert bank.owner.username == "trainer"
    page = client.get(response.location).get_data(as_text=True)
    assert "Đã nhập 4 câu hỏi vào ngân hàng “Ngân hàng Bảo mật”." in page
    assert "Đúng/Sai" in page and "Trả lời ngắn" in page


def test_import_with_a_chosen_area_overrides_the_category(client, session, trainer):
    client.post(BASE + "/banks/import", data=upload(GOOD_GIFT, bank="Theo lĩnh vực", area="CDS", submit="Nhập"))
    bank = session.scalar(select(QuestionBank).where(QuestionBank.name == "Theo lĩnh vực"))
    assert {area for _k, _t, _x, area, _d, _o in bank_contents(session, bank.id)} == {"CDS"}


def test_exported_gift_reimports_as_the_same_questions(client, session, trainer):
    client.post(BASE + "/banks/import", data=upload(GOOD_GIFT, bank="Gốc", submit="Nhập"))
    first = session.scalar(select(QuestionBank).where(QuestionBank.name == "Gốc"))
    response = client.get(f"{BASE}/banks/{first.id}/export.gift")
    assert response.content_type == "text/plain; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    exported = response.get_data(as_text=True)
    response = client.post(
        BASE + "/banks/import", data=upload(exported, name="goc.gift", bank="Bản sao", submit="Nhập")
    )
    assert response.status_code == 302
    second = session.scalar(select(QuestionBank).where(QuestionBank.name == "Bản sao"))
    assert bank_contents(session, second.id) == bank_contents(session, first.id)


# --- quizzes of a course, settings ----------------------------------------------------


def test_course_page_lists_quizzes_with_their_rules(client, session, trainer):
    take(session, trainer, "an", {"q1": "A", "q2": "X"})
    session.commit()
    page = client.get(f"{BASE}/course/{trainer['course']}").get_data(as_text=True)
    fixed = re.search(rf'<tr id="quiz-{trainer["quiz"]}">(.*?)</tr>', page, re.S).group(1)
    assert "Kiểm tra học phần 1" in fixed and "Luyện tập" in fixed and "2 câu cố định" in fixed
    assert '<td class="num">1</td>' in fixed  # one attempt
    drawing = re.search(rf'<tr id="quiz-{trainer["drawing"]}">(.*?)</tr>', page, re.S).group(1)
    assert "Đánh giá cuối khóa" in drawing and "AT×1" in drawing
    assert page.index("Kiểm tra học phần 1") < page.index("Đánh giá cuối khóa</td>")  # the final comes last
    assert f'href="{BASE}/{trainer["quiz"]}/settings"' in page
    assert f'href="{BASE}/{trainer["quiz"]}/results"' in page


def settings_data(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Kiểm tra bảo mật",
        "pass_percent": "80",
        "time_limit_minutes": "20",
        "max_attempts": "",
        "shuffle_questions": "y",
        "opens_at": "2026-03-01T08:00",
        "closes_at": "2026-03-31T17:30",
        "review_policy": "after_close",
    }
    data.update(overrides)
    return data


def test_pass_percent_out_of_range_is_refused_and_nothing_changes(client, session, trainer):
    response = client.post(f"{BASE}/{trainer['quiz']}/settings", data=settings_data(pass_percent="150"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Điểm đạt phải từ 0 đến 100 (%)." in page
    assert 'id="pass_percent-error"' in page
    session.expire_all()
    quiz = session.get(Quiz, trainer["quiz"])
    assert (quiz.title, quiz.pass_percent, quiz.time_limit_s) == ("Kiểm tra học phần 1", 70, None)


def test_closing_before_opening_is_refused_by_the_service(client, session, trainer):
    response = client.post(
        f"{BASE}/{trainer['quiz']}/settings",
        data=settings_data(opens_at="2026-03-31T08:00", closes_at="2026-03-01T08:00"),
    )
    assert response.status_code == 422
    assert "Thời điểm đóng phải sau thời điểm mở." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Quiz, trainer["quiz"]).opens_at is None


def test_settings_are_saved_in_utc_and_shown_in_local_time(client, session, trainer):
    url = f"{BASE}/{trainer['quiz']}/settings"
    response = client.post(url, data=settings_data())
    assert response.status_code == 302
    assert response.location == f"{BASE}/course/{trainer['course']}#quiz-{trainer['quiz']}"
    session.expire_all()
    quiz = session.get(Quiz, trainer["quiz"])
    assert (quiz.title, quiz.pass_percent, quiz.time_limit_s, quiz.max_attempts) == ("Kiểm tra bảo mật", 80, 1200, None)
    assert (quiz.shuffle_questions, quiz.shuffle_options) == (True, False)
    assert quiz.opens_at == datetime(2026, 3, 1, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội
    assert quiz.closes_at == datetime(2026, 3, 31, 10, 30, tzinfo=UTC)
    assert quiz.review_policy == ReviewPolicy.AFTER_CLOSE
    assert quiz.kind == QuizKind.MODULE
    page = client.get(url).get_data(as_text=True)
    assert 'value="2026-03-01T08:00"' in page and 'value="2026-03-31T17:30"' in page
    assert "Xem đáp án sau khi bài đóng" in page and "Chỉ xem điểm" in page


def test_settings_warn_when_attempts_exist(client, session, trainer):
    url = f"{BASE}/{trainer['quiz']}/settings"
    assert "lượt làm bài; thay đổi" not in client.get(url).get_data(as_text=True)
    take(session, trainer, "an", {"q1": "A", "q2": "X"})
    take(session, trainer, "binh", {"q1": "B", "q2": "Y"})
    session.commit()
    assert "Đã có 2 lượt làm bài; thay đổi chỉ áp dụng cho lượt làm mới." in client.get(url).get_data(as_text=True)


def test_fixed_quiz_has_no_draw_boxes(client, trainer):
    assert 'name="draw_AT"' not in client.get(f"{BASE}/{trainer['quiz']}/settings").get_data(as_text=True)


def test_draw_is_edited_per_area(client, session, trainer):
    url = f"{BASE}/{trainer['drawing']}/settings"
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'name="draw_AT"[^>]*value="1"', page)
    assert 'name="draw_CDS"' in page
    data = settings_data(title="Đánh giá cuối khóa", draw_AT="2", draw_CDS="0")
    assert client.post(url, data=data).status_code == 302
    session.expire_all()
    quiz = session.get(Quiz, trainer["drawing"])
    assert [(d.area_code, d.count) for d in quiz.draws] == [("AT", 2)]
    assert quiz.kind == QuizKind.FINAL


@pytest.mark.parametrize(
    ("draws", "message"),
    [
        ({"draw_AT": "5"}, "AT chỉ có 2 câu hỏi nhóm “Đánh giá cuối khóa”, không đủ 5 câu."),
        ({"draw_AT": "0"}, "Cần rút ít nhất một câu hỏi."),
        ({"draw_AT": "-1"}, "Số câu rút phải từ 0 đến 200."),
    ],
)
def test_impossible_draw_is_refused(client, session, trainer, draws, message):
    url = f"{BASE}/{trainer['drawing']}/settings"
    response = client.post(url, data=settings_data(title="Đổi tên", **draws))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    session.expire_all()
    quiz = session.get(Quiz, trainer["drawing"])
    assert quiz.title == "Đánh giá cuối khóa"
    assert [(d.area_code, d.count) for d in quiz.draws] == [("AT", 1)]


# --- results -----------------------------------------------------------------------------


@pytest.fixture
def four_attempts(session, trainer):  # type: ignore[no-untyped-def]
    """Four people in two communes: q1 right 3 of 4 times (75 %), q2 right 2 of 4 (one left blank)."""
    take(session, trainer, "an", {"q1": "A", "q2": "X"})  # 100 %, xã A
    take(session, trainer, "binh", {"q1": "A", "q2": "Y"})  # 50 %, a sub-unit of xã A
    take(session, trainer, "cuong", {"q1": "A", "q2": "X"})  # 100 %, xã B
    take(session, trainer, "dung", {"q1": "B", "q2": None})  # 0 %, xã B
    session.commit()
    return trainer


def test_results_summarise_attempts_and_analyse_items(client, four_attempts):
    world = four_attempts
    page = client.get(f"{BASE}/{world['quiz']}/results").get_data(as_text=True)
    assert "Lượt đã nộp</dt><dd>4</dd>" in page
    assert "Điểm trung bình</dt><dd>62,5\xa0%</dd>" in page  # (100 + 50 + 100 + 0) / 4
    assert "Điểm trung vị</dt><dd>75\xa0%</dd>" in page
    assert "Tỷ lệ đạt</dt><dd>50\xa0%</dd>" in page  # two of four reach 70 %
    for name in ("Lò Văn An", "Hà Thị Bình", "Vi Văn Cường", "Lường Thị Dung"):
        assert name in page
    assert "Xã Khoen On" in page and "Chưa đạt" in page
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", page)

    q1 = item_row(page, world["q1"])
    assert '<td class="num">75\xa0%</td>' in q1  # facility: 3 of 4 chose A
    assert '<td class="num">1,00</td>' in q1  # discrimination: the top attempt got it, the bottom one did not
    assert "A dài: <strong>75\xa0%</strong>" in q1 and "B ngắn: <strong>25\xa0%</strong>" in q1
    assert "C tên: <strong>0\xa0%</strong>" in q1
    q2 = item_row(page, world["q2"])
    assert '<td class="num">50\xa0%</td>' in q2  # the blank answer counts as wrong
    assert "X cúp máy: <strong>50\xa0%</strong>" in q2 and "Y đọc mã: <strong>25\xa0%</strong>" in q2


def test_unit_filter_shows_only_that_subtree(client, four_attempts):
    world = four_attempts
    page = client.get(f"{BASE}/{world['quiz']}/results?unit=xa-a").get_data(as_text=True)
    assert "Lò Văn An" in page and "Hà Thị Bình" in page
    assert "Vi Văn Cường" not in page and "Lường Thị Dung" not in page
    assert "Lượt đã nộp</dt><dd>2</dd>" in page
    assert "Điểm trung bình</dt><dd>75\xa0%</dd>" in page
    assert '<td class="num">100\xa0%</td>' in item_row(page, world["q1"])


def test_unknown_unit_is_named_and_not_filtered(client, four_attempts):
    page = client.get(f"{BASE}/{four_attempts['quiz']}/results?unit=khong-co").get_data(as_text=True)
    assert "Không có đơn vị mã “khong-co”" in page
    assert "Lượt đã nộp</dt><dd>4</dd>" in page


def test_results_without_attempts(client, trainer):
    page = client.get(f"{BASE}/{trainer['quiz']}/results").get_data(as_text=True)
    assert "Chưa có lượt làm bài nào được nộp." in page
    assert "Điểm trung bình</dt><dd>—</dd>" in page


def test_results_run_the_same_number_of_queries_for_more_attempts(client, session, trainer, count_queries):
    take(session, trainer, "an", {"q1": "A", "q2": "X"})
    session.commit()
    url = f"{BASE}/{trainer['quiz']}/results"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    take(session, trainer, "binh", {"q1": "A", "q2": "Y"})
    take(session, trainer, "cuong", {"q1": "B", "q2": "X"})
    take(session, trainer, "dung", {"q1": "A", "q2": None})
    session.commit()
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "Lượt đã nộp</dt><dd>4</dd>" in page
    assert len(many) == len(few)


def test_settings_change_after_attempts_is_audited(client, auth, session):
    from sqlalchemy import select

    from courses.models import EnrolmentSource
    from courses.services import enrol
    from lms.audit import AuditEvent
    from lms.auth.models import Role
    from lms.models import now_utc
    from quizzes.services import start_attempt
    from tests.courses.helpers import make_course
    from tests.factories import Tree, make_user
    from tests.quizzes.helpers import make_questions, make_quiz

    tree = Tree(session)
    make_user(session, "giang.vien.audit", Role.TRAINER, unit=tree.department)
    learner = make_user(session, "hoc.vien.audit", unit=tree.commune_a)
    course = make_course(session, modules=1, lessons=1)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    quiz = make_quiz(session, course, make_questions(session))
    start_attempt(session, learner, quiz, now_utc())
    session.commit()
    auth.login("giang.vien.audit")
    form = {"title": quiz.title, "pass_percent": "60", "review_policy": "full", "shuffle_questions": "y"}
    response = client.post(f"/manage/quizzes/{quiz.id}/settings", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "quiz.settings_change"))
    assert event.details["attempts"] == 1
    assert "pass_percent" in event.details["fields"]


def test_a_deliberately_bad_file_shows_each_linter_warning_on_the_import_page(client, trainer):
    bad = (Path(__file__).parent / "fixtures" / "bad-items.gift").read_text(encoding="utf-8")
    response = client.post(BASE + "/banks/import", data=upload(bad, bank="Ngân hàng thử", check="Kiểm tra"))
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "Chất lượng câu hỏi" in page
    for message in (
        "thiếu mức nhận thức",
        "thiếu năng lực",
        "đáp án dài hơn hẳn các phương án khác",
        "câu hỏi dạng phủ định",
        "phương án “Tất cả các ý trên” dựa vào các phương án khác",
        "chỉ có 2 phương án, cần ít nhất 3",
        "có từ tuyệt đối",
        "câu “Sai” có chữ “không”",
        "phương án sai không trừ điểm",
        "câu luyện tập nên có phản hồi cho từng phương án",
        "gần trùng với duplicate-b",
        "có nguyên văn đáp án của",
    ):
        assert message in page, message


def test_the_pool_chosen_on_the_import_page_is_kept_and_shown_on_the_bank_page(client, session, trainer):
    response = client.post(
        BASE + "/banks/import", data=upload(GOOD_GIFT, bank="Cuối khóa", pool="final", submit="Nhập")
    )
    bank = session.scalar(select(QuestionBank).where(QuestionBank.name == "Cuối khóa"))
    assert {q.pool for q in bank.questions} == {"final"}
    page = client.get(response.location).get_data(as_text=True)
    assert page.count("<strong>Đánh giá cuối khóa</strong>") == 4
    assert "Chất lượng câu hỏi" in page and "thiếu năng lực" in page
