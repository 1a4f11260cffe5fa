"""Learner quiz pages: no correctness in the HTML, the no-JavaScript form, autosave, results."""

import re

import pytest
from sqlalchemy import select

from courses.models import EnrolmentSource
from courses.services import enrol
from lms.models import now_utc
from quizzes.models import Attempt, ReviewPolicy
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import by_title, make_questions, make_quiz, option_id


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a)
    make_user(session, "nguoi.khac", unit=tree.commune_b)
    course = make_course(session, modules=1, lessons=1)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    questions = make_questions(session)
    quiz = make_quiz(session, course, questions, time_limit_s=600, review_policy=ReviewPolicy.FULL)
    session.commit()
    return {"quiz": quiz.id, "course": course.id}


def start(client, quiz_id):  # type: ignore[no-untyped-def]
    response = client.post(f"/quizzes/{quiz_id}/start")
    assert response.status_code == 302
    return int(response.location.rsplit("/", 1)[1])


def test_course_page_links_the_quiz(auth, client, world):
    auth.login("hoc.vien")
    page = client.get(f"/courses/{world['course']}").get_data(as_text=True)
    assert f"/quizzes/{world['quiz']}" in page


def test_attempt_page_has_no_correctness_or_feedback(auth, client, world):
    auth.login("hoc.vien")
    attempt_id = start(client, world["quiz"])
    page = client.get(f"/quizzes/attempts/{attempt_id}").get_data(as_text=True)
    assert "Lai-Chau-xanh-2026" in page
    for secret in (
        "fraction",
        "Dài và trộn ký tự",
        "Quá dễ đoán",
        "OTP là bí mật",
        "mật khẩu dùng một lần",
        "One-Time",
    ):
        assert secret not in page


def test_no_javascript_form_saves_and_submits(auth, client, session, world):
    auth.login("hoc.vien")
    attempt_id = start(client, world["quiz"])
    attempt = session.get(Attempt, attempt_id)
    q = by_title(attempt)
    right = option_id(q["Q-single"], "Lai-Chau-xanh-2026")
    form = {f"q{q['Q-single']['id']}": str(right), f"q{q['Q-short']['id']}": "otp", "save": "1"}
    assert client.post(f"/quizzes/attempts/{attempt_id}/save", data=form).location.endswith(f"/attempts/{attempt_id}")
    page = client.get(f"/quizzes/attempts/{attempt_id}").get_data(as_text=True)
    assert re.search(rf'value="{right}"\s+checked', page)
    assert 'value="otp"' in page
    response = client.post(f"/quizzes/attempts/{attempt_id}/save", data={"submit": "1"})
    assert response.location.endswith(f"/attempts/{attempt_id}/result")
    result = client.get(response.location).get_data(as_text=True)
    assert "50\xa0%" in result
    assert "Dài và trộn ký tự" in result  # full review after submitting, as the quiz allows


def test_the_form_sent_after_the_deadline_grades_what_was_saved_in_time(auth, client, session, world):
    from datetime import timedelta

    auth.login("hoc.vien")
    attempt_id = start(client, world["quiz"])
    attempt = session.get(Attempt, attempt_id)
    q = by_title(attempt)
    right = option_id(q["Q-single"], "Lai-Chau-xanh-2026")
    client.post(f"/quizzes/attempts/{attempt_id}/answers/{q['Q-single']['id']}", json={"option_ids": [right]})
    attempt.deadline_at = now_utc() - timedelta(seconds=5)
    session.commit()
    late = {f"q{q['Q-short']['id']}": "otp", "submit": "1"}
    response = client.post(f"/quizzes/attempts/{attempt_id}/save", data=late)
    assert response.location.endswith(f"/attempts/{attempt_id}/result")
    session.expire_all()
    graded = session.get(Attempt, attempt_id)
    assert graded.state == "submitted" and float(graded.percent) == 25.0  # the late short answer did not count


def test_autosave_endpoint_saves_and_reports_errors_as_json(auth, client, session, world):
    auth.login("hoc.vien")
    attempt_id = start(client, world["quiz"])
    q = by_title(session.get(Attempt, attempt_id))
    url = f"/quizzes/attempts/{attempt_id}/answers/{q['Q-short']['id']}"
    response = client.post(url, json={"text": "OTP"})
    assert response.status_code == 200 and response.json["saved"] is True
    bad = client.post(f"/quizzes/attempts/{attempt_id}/answers/{q['Q-single']['id']}", json={"option_ids": [123456]})
    assert bad.status_code == 400 and bad.json["error"]["code"] == "bad_request"
    client.post(f"/quizzes/attempts/{attempt_id}/submit")
    closed = client.post(url, json={"text": "x"})
    assert closed.status_code == 409 and "nộp" in closed.json["error"]["message"]


def test_someone_elses_attempt_is_403(auth, client, world):
    auth.login("hoc.vien")
    attempt_id = start(client, world["quiz"])
    auth.logout()
    auth.login("nguoi.khac")
    assert client.get(f"/quizzes/attempts/{attempt_id}").status_code == 403
    assert client.post(f"/quizzes/attempts/{attempt_id}/answers/1", json={"text": "x"}).status_code == 403
    assert client.get(f"/quizzes/{world['quiz']}").status_code == 403


def test_expired_attempt_is_graded_on_the_next_visit(auth, client, session, world):
    auth.login("hoc.vien")
    attempt_id = start(client, world["quiz"])
    attempt = session.get(Attempt, attempt_id)
    attempt.deadline_at = now_utc()
    session.commit()
    response = client.get(f"/quizzes/attempts/{attempt_id}")
    assert response.location.endswith("/result")
    session.expire_all()
    assert session.scalar(select(Attempt.state)) == "submitted"


def test_score_only_policy_hides_the_answers(auth, client, session, world):
    from quizzes.models import Quiz

    session.get(Quiz, world["quiz"]).review_policy = ReviewPolicy.SCORE_ONLY
    session.commit()
    auth.login("hoc.vien")
    attempt_id = start(client, world["quiz"])
    client.post(f"/quizzes/attempts/{attempt_id}/submit")
    page = client.get(f"/quizzes/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "0\xa0%" in page
    assert "Dài và trộn ký tự" not in page and "OTP là bí mật" not in page


def test_the_review_marks_each_question_and_a_failed_practice_offers_a_retry_and_lessons(
    auth, client, session, world
):
    auth.login("hoc.vien")
    attempt_id = start(client, world["quiz"])
    attempt = session.get(Attempt, attempt_id)
    q = by_title(attempt)
    form = {
        f"q{q['Q-single']['id']}": str(option_id(q["Q-single"], "123456")),  # wrong
        f"q{q['Q-multiple']['id']}": str(option_id(q["Q-multiple"], "Bật xác thực hai lớp")),  # half
        f"q{q['Q-tf']['id']}": str(option_id(q["Q-tf"], "Sai")),  # right
        "submit": "1",
    }
    client.post(f"/quizzes/attempts/{attempt_id}/save", data=form)
    page = client.get(f"/quizzes/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "37,5\xa0%" in page  # (0 + 0.5 + 1 + 0) / 4
    for verdict in ("✗ Sai", "◐ Đúng một phần", "✓ Đúng", "✗ Bỏ trống"):
        assert verdict in page, verdict
    assert "An toàn số" in page and "<td>AT</td>" not in page  # the area by its name
    assert f'action="/quizzes/{world["quiz"]}/start"' in page and "Làm lại" in page
    assert "Nên ôn lại trước khi làm lại" in page and "Bài 1.1" in page
