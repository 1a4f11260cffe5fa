"""Attempts: start/resume, autosave, deadlines on a frozen clock, grading, limits, confirmation."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from courses.models import Enrolment, EnrolmentSource
from courses.services import enrol
from lms.errors import Conflict, Forbidden, LMSError, NotFound
from lms.models import now_utc
from quizzes import services
from quizzes.models import Attempt, AttemptAnswer, Confirmation, QuizKind
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import by_title, make_questions, make_quiz, option_id

T0 = now_utc().replace(microsecond=0)


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a)
    other = make_user(session, "nguoi.khac", unit=tree.commune_b)
    course = make_course(session, modules=1, lessons=1)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    questions = make_questions(session)
    quiz = make_quiz(session, course, questions, time_limit_s=600, max_attempts=2)
    session.commit()
    return {"learner": learner, "other": other, "course": course, "quiz": quiz, "questions": questions}


def answer_all_right(session, user, attempt, now):  # type: ignore[no-untyped-def]
    q = by_title(attempt)
    services.save_answer(
        session,
        user,
        attempt,
        q["Q-single"]["id"],
        {"option_ids": [option_id(q["Q-single"], "Lai-Chau-xanh-2026")]},
        now,
    )
    multiple = [option_id(q["Q-multiple"], t) for t in ("Bật xác thực hai lớp", "Cập nhật phần mềm")]
    services.save_answer(session, user, attempt, q["Q-multiple"]["id"], {"option_ids": multiple}, now)
    services.save_answer(session, user, attempt, q["Q-tf"]["id"], {"option_ids": [option_id(q["Q-tf"], "Sai")]}, now)
    services.save_answer(session, user, attempt, q["Q-short"]["id"], {"text": " MẬT KHẨU dùng  một lần "}, now)


def test_start_then_resume_returns_the_same_attempt(session, world):
    first = services.start_attempt(session, world["learner"], world["quiz"], T0)
    again = services.start_attempt(session, world["learner"], world["quiz"], T0 + timedelta(seconds=30))
    assert first.id == again.id
    assert first.deadline_at == T0 + timedelta(seconds=600)


def test_public_questions_carry_no_correctness(session, world):
    attempt = services.start_attempt(session, world["learner"], world["quiz"], T0)
    payload = json.dumps(services.public_questions(attempt), ensure_ascii=False)
    for secret in (
        "fraction",
        "feedback",
        "Dài và trộn ký tự",
        "OTP là bí mật",
        "general_feedback",
        "mật khẩu dùng một lần",
        "One-Time",
    ):
        assert secret not in payload
    assert "Lai-Chau-xanh-2026" in payload  # options are shown, just not which is right


def test_full_marks_and_partial_credit(session, world):
    attempt = services.start_attempt(session, world["learner"], world["quiz"], T0)
    answer_all_right(session, world["learner"], attempt, T0)
    result = services.submit_attempt(session, world["learner"], attempt, T0 + timedelta(minutes=5))
    assert (result.score, result.max_score, result.percent, result.passed) == (4, 4, Decimal("100.00"), True)
    second = services.start_attempt(session, world["learner"], world["quiz"], T0 + timedelta(minutes=6))
    q = by_title(second)
    # One right option of two, plus a penalised wrong one: 50 - 100 → 0, never below zero.
    services.save_answer(
        session,
        world["learner"],
        second,
        q["Q-multiple"]["id"],
        {"option_ids": [option_id(q["Q-multiple"], "Bật xác thực hai lớp")]},
        T0,
    )
    services.save_answer(
        session, world["learner"], second, q["Q-single"]["id"], {"option_ids": [option_id(q["Q-single"], "123456")]}, T0
    )
    result = services.submit_attempt(session, world["learner"], second, T0 + timedelta(minutes=7))
    assert (result.score, result.percent, result.passed) == (Decimal("0.5"), Decimal("12.50"), False)
    assert services.best_attempt(session, world["learner"], world["quiz"]).id == attempt.id


def test_deadline_with_a_frozen_clock(session, world):
    attempt = services.start_attempt(session, world["learner"], world["quiz"], T0)
    q = by_title(attempt)
    services.save_answer(
        session, world["learner"], attempt, q["Q-short"]["id"], {"text": "OTP"}, T0 + timedelta(seconds=599)
    )
    with pytest.raises(Conflict, match="hết giờ"):
        services.save_answer(
            session,
            world["learner"],
            attempt,
            q["Q-tf"]["id"],
            {"option_ids": [option_id(q["Q-tf"], "Sai")]},
            T0 + timedelta(seconds=600),
        )
    # Graded later with what was saved; the submit time is the deadline.
    result = services.submit_attempt(session, world["learner"], attempt, T0 + timedelta(hours=2))
    assert result.score == 1
    assert attempt.submitted_at == T0 + timedelta(seconds=600)


def test_an_expired_open_attempt_is_graded_when_starting_again(session, world):
    first = services.start_attempt(session, world["learner"], world["quiz"], T0)
    second = services.start_attempt(session, world["learner"], world["quiz"], T0 + timedelta(hours=1))
    assert second.id != first.id
    assert not first.is_open and first.percent == 0


def test_double_submit_returns_the_same_result(session, world):
    attempt = services.start_attempt(session, world["learner"], world["quiz"], T0)
    answer_all_right(session, world["learner"], attempt, T0)
    first = services.submit_attempt(session, world["learner"], attempt, T0 + timedelta(minutes=1))
    second = services.submit_attempt(session, world["learner"], attempt, T0 + timedelta(minutes=2))
    assert first == second
    assert attempt.submitted_at == T0 + timedelta(minutes=1)


def test_saves_after_submit_are_409(session, world):
    attempt = services.start_attempt(session, world["learner"], world["quiz"], T0)
    services.submit_attempt(session, world["learner"], attempt, T0)
    q = by_title(attempt)
    with pytest.raises(Conflict, match="đã nộp"):
        services.save_answer(session, world["learner"], attempt, q["Q-short"]["id"], {"text": "OTP"}, T0)


def test_attempt_limit(session, world):
    for minute in (0, 1):
        attempt = services.start_attempt(session, world["learner"], world["quiz"], T0 + timedelta(minutes=minute))
        services.submit_attempt(session, world["learner"], attempt, T0 + timedelta(minutes=minute))
    with pytest.raises(Conflict, match="hết số lần"):
        services.start_attempt(session, world["learner"], world["quiz"], T0 + timedelta(minutes=2))


def test_window_is_enforced(session, world):
    quiz = world["quiz"]
    quiz.opens_at = T0 + timedelta(days=1)
    with pytest.raises(Conflict, match="chưa mở"):
        services.start_attempt(session, world["learner"], quiz, T0)
    quiz.opens_at, quiz.closes_at = None, T0
    with pytest.raises(Conflict, match="đã đóng"):
        services.start_attempt(session, world["learner"], quiz, T0)


def test_bad_answers_are_refused_and_nothing_is_stored(session, world):
    attempt = services.start_attempt(session, world["learner"], world["quiz"], T0)
    q = by_title(attempt)
    other_question_option = option_id(q["Q-tf"], "Sai")
    with pytest.raises(LMSError) as wrong_option:
        services.save_answer(
            session, world["learner"], attempt, q["Q-single"]["id"], {"option_ids": [other_question_option]}, T0
        )
    assert wrong_option.value.status == 400
    with pytest.raises(NotFound):
        services.save_answer(session, world["learner"], attempt, 999_999, {"option_ids": []}, T0)
    with pytest.raises(Forbidden):
        services.save_answer(session, world["other"], attempt, q["Q-short"]["id"], {"text": "OTP"}, T0)
    with pytest.raises(LMSError) as too_big:
        services.save_answer(session, world["learner"], attempt, q["Q-short"]["id"], {"text": "x" * 1_000_000}, T0)
    assert too_big.value.status == 413
    with pytest.raises(LMSError):
        services.save_answer(session, world["learner"], attempt, q["Q-single"]["id"], {"option_ids": [1, 2]}, T0)
    with pytest.raises(LMSError):
        services.save_answer(session, world["learner"], attempt, q["Q-single"]["id"], {"option_ids": "1"}, T0)
    assert session.scalar(select(func.count(AttemptAnswer.id))) == 0


def test_someone_elses_attempt_is_403_and_unknown_is_404(session, world):
    attempt = services.start_attempt(session, world["learner"], world["quiz"], T0)
    with pytest.raises(Forbidden):
        services.get_own_attempt(session, world["other"], attempt.id)
    with pytest.raises(NotFound):
        services.get_own_attempt(session, world["learner"], 999_999)
    with pytest.raises(Forbidden):
        services.submit_attempt(session, world["other"], attempt, T0)


def test_editing_a_question_never_changes_past_grades(session, world):
    attempt = services.start_attempt(session, world["learner"], world["quiz"], T0)
    answer_all_right(session, world["learner"], attempt, T0)
    single = next(q for q in world["questions"] if q.title == "Q-single")
    for option in single.options:
        option.fraction = Decimal(100) if option.text == "123456" else Decimal(0)
    session.flush()
    assert services.submit_attempt(session, world["learner"], attempt, T0).score == 4


def test_passing_the_final_completes_the_course_and_confirms_once(session, world):
    quiz = world["quiz"]
    quiz.kind = QuizKind.FINAL
    session.flush()
    learner, course = world["learner"], world["course"]
    enrolment = session.scalar(select(Enrolment).where(Enrolment.user_id == learner.id))
    from courses.services import complete_lesson, recompute_progress

    recompute_progress(session, enrolment)
    assert enrolment.items_total == 2  # one lesson + the final
    complete_lesson(session, learner, course.modules[0].lessons[0], enrolment)
    assert enrolment.completed_at is None
    attempt = services.start_attempt(session, learner, quiz, T0)
    assert enrolment.assessed_at == T0
    answer_all_right(session, learner, attempt, T0)
    services.submit_attempt(session, learner, attempt, T0 + timedelta(minutes=3))
    assert enrolment.completed_at is not None
    assert enrolment.passed_at == T0 + timedelta(minutes=3)
    assert enrolment.best_percent == Decimal("100.00")
    assert enrolment.area_scores == {"AT": 100.0}
    confirmation = session.scalar(select(Confirmation))
    assert (confirmation.user_id, confirmation.score_percent, confirmation.area_scores) == (
        learner.id,
        Decimal("100.00"),
        {"AT": 100.0},
    )
    again = services.start_attempt(session, learner, quiz, T0 + timedelta(minutes=10))
    services.submit_attempt(session, learner, again, T0 + timedelta(minutes=11))
    assert session.scalar(select(func.count(Confirmation.id))) == 1
    assert enrolment.best_percent == Decimal("100.00")  # the best attempt counts


def test_draw_takes_the_given_number_per_area(session, world):
    from quizzes.building import QuizSettings, create_quiz

    quiz = create_quiz(session, world["course"], QuizSettings(title="Rút"), draws=[("AT", 3)])
    attempt = services.start_attempt(session, world["learner"], quiz, T0)
    assert len(attempt.snapshot) == 3
    assert len({q["id"] for q in attempt.snapshot}) == 3
    assert session.scalar(select(func.count(Attempt.id))) == 1


def test_a_changed_pass_mark_applies_to_new_attempts_only(session, world):
    attempt = services.start_attempt(session, world["learner"], world["quiz"], T0)
    q = by_title(attempt)
    services.save_answer(session, world["learner"], attempt, q["Q-short"]["id"], {"text": "OTP"}, T0)
    world["quiz"].pass_percent = 20  # 1/4 = 25 % would pass now, but this attempt started under 50 %
    assert services.submit_attempt(session, world["learner"], attempt, T0).passed is False
