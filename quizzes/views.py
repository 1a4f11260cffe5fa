"""Learner pages for quizzes: the quiz, the attempt (autosaved answers), the result."""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from lms.api.schemas.quizzes import Answer
from lms.auth.forms import ConfirmForm
from lms.errors import Conflict
from lms.extensions import db
from lms.models import now_utc
from lms.permissions import current_account
from lms.validation import read_json
from quizzes import queries, services
from quizzes import types as question_types
from quizzes.models import Attempt, Quiz, QuizKind, ReviewPolicy
from quizzes.results import mark, result_details

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")


def _load_quiz(quiz_id: int) -> Quiz:
    return services.get_quiz_for_study(db.session, current_account(), quiz_id)


def _load_attempt(attempt_id: int) -> Attempt:
    attempt = services.get_own_attempt(db.session, current_account(), attempt_id)
    if attempt.is_open and services.is_expired(attempt, now_utc()):
        # The deadline passed while away: grade what was saved.
        services.submit_attempt(db.session, current_account(), attempt, now_utc())
        db.session.commit()
    return attempt


@bp.get("/<int:quiz_id>")
@login_required
def detail(quiz_id: int):  # type: ignore[no-untyped-def]
    """Show the quiz rules, my attempts so far and a start/resume button."""
    quiz = _load_quiz(quiz_id)
    attempts = queries.list_my_attempts(db.session, quiz.id, current_account().id)
    graded = [a for a in attempts if not a.is_open]
    best = max(graded, key=lambda a: a.percent or 0, default=None)
    question_count = sum(d.count for d in quiz.draws) or len(quiz.fixed_questions)
    return render_template(
        "quizzes/detail.html",
        quiz=quiz,
        attempts=attempts,
        best=best,
        open_attempt=next((a for a in attempts if a.is_open), None),
        left=services.attempts_left(quiz, len(attempts)),
        question_count=question_count,
    )


@bp.post("/<int:quiz_id>/start")
@login_required
def start(quiz_id: int):  # type: ignore[no-untyped-def]
    """Start a new attempt or resume the open one."""
    quiz = _load_quiz(quiz_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("quizzes.detail", quiz_id=quiz.id))
    try:
        attempt = services.start_attempt(db.session, current_account(), quiz, now_utc())
    except Conflict as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("quizzes.detail", quiz_id=quiz.id))
    attempt_id = attempt.id  # read before the commit expires it (saves a SELECT)
    db.session.commit()
    return redirect(url_for("quizzes.attempt", attempt_id=attempt_id))


@bp.get("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):  # type: ignore[no-untyped-def]
    """The questions with my saved answers; answers save as they are given."""
    attempt = _load_attempt(attempt_id)
    if not attempt.is_open:
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))
    return render_template(
        "quizzes/attempt.html",
        attempt=attempt,
        quiz=attempt.quiz,
        questions=services.public_questions(attempt),
        answers=services.saved_answers(db.session, attempt),
    )


def _answers_from_form(attempt: Attempt) -> dict[int, dict[str, object]]:
    """Read the no-JavaScript form: q<ID> holds option ids or the text."""
    answers: dict[int, dict[str, object]] = {}
    for question in attempt.snapshot:
        name = f"q{question['id']}"
        if name not in request.form:
            continue
        answers[question["id"]] = question_types.get(question["kind"]).from_form(request.form.getlist(name))
    return answers


@bp.post("/attempts/<int:attempt_id>/save")
@login_required
def save(attempt_id: int):  # type: ignore[no-untyped-def]
    """Save every answer on the page (works without JavaScript); "Nộp bài" also submits."""
    attempt = _load_attempt(attempt_id)
    user = current_account()
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    if attempt.is_open:
        try:
            for question_id, answer in _answers_from_form(attempt).items():
                services.save_answer(db.session, user, attempt, question_id, answer, now_utc())
            if "submit" in request.form:
                services.submit_attempt(db.session, user, attempt, now_utc())
            db.session.commit()
        except Conflict:  # pressed twice (the first request graded it), or time is up: show the result
            db.session.rollback()
            db.session.refresh(attempt)
            if attempt.is_open:  # past the deadline: grade what was saved in time, as the next visit would
                services.submit_attempt(db.session, user, attempt, now_utc())
                db.session.commit()
    if not attempt.is_open:
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))
    flash(_("Đã lưu các câu trả lời."), "success")
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


@bp.post("/attempts/<int:attempt_id>/answers/<int:question_id>")
@login_required
def save_one(attempt_id: int, question_id: int):  # type: ignore[no-untyped-def]
    """Autosave one answer (JSON, CSRF token in the X-CSRFToken header); 409 after submit or deadline.

    The body is read by the API's answer schema, so a bad body gets the status the API gives it (400)."""
    attempt = services.get_own_attempt(db.session, current_account(), attempt_id)
    answer = read_json(Answer)
    now = now_utc()
    services.save_answer(db.session, current_account(), attempt, question_id, answer.given(), now)
    db.session.commit()
    return jsonify(saved=True, question_id=question_id, saved_at=now.isoformat())


@bp.post("/attempts/<int:attempt_id>/submit")
@login_required
def submit(attempt_id: int):  # type: ignore[no-untyped-def]
    """Grade and close the attempt (again: the same result)."""
    attempt = _load_attempt(attempt_id)
    if ConfirmForm().validate_on_submit():
        services.submit_attempt(db.session, current_account(), attempt, now_utc())
        db.session.commit()
    return redirect(url_for("quizzes.result", attempt_id=attempt_id))  # not attempt.id: expired by the commit


def can_review(quiz: Quiz) -> bool:
    """Whether correct answers and feedback may be shown now."""
    if quiz.review_policy == ReviewPolicy.FULL:
        return True
    if quiz.review_policy == ReviewPolicy.AFTER_CLOSE:
        return quiz.closes_at is not None and now_utc() >= quiz.closes_at
    return False


@bp.get("/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id: int):  # type: ignore[no-untyped-def]
    """My score, pass or not, results per area and — when the quiz allows — the answers with feedback."""
    attempt = _load_attempt(attempt_id)
    if attempt.is_open:
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    quiz = attempt.quiz
    return render_template(
        "quizzes/result.html",
        attempt=attempt,
        quiz=quiz,
        review=can_review(quiz),
        answers=services.saved_answers(db.session, attempt),
        is_final=quiz.kind == QuizKind.FINAL,
        left=services.attempts_left(quiz, len(queries.list_my_attempts(db.session, quiz.id, attempt.user_id))),
        details=result_details(db.session, attempt, quiz),
        mark=mark,
    )
