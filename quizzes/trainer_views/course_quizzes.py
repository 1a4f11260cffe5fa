"""Trainer pages for a course's quizzes: the list, each quiz's settings, and its results with item analysis."""

from collections import defaultdict

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import inspect

from lms.audit import record
from lms.errors import ValidationFailed
from lms.extensions import db
from lms.org.queries import get_unit_by_code
from lms.permissions import current_account
from lms.web import form_status, show_errors
from quizzes import queries
from quizzes.building import apply_settings, set_draws
from quizzes.forms import QuizSettingsForm, make_settings_form
from quizzes.models import Quiz
from quizzes.trainer_views.blueprint import PER_PAGE, bp, load_course, load_quiz


def _draw_areas(quiz: Quiz) -> list[tuple[str, str]]:
    """List the areas a quiz may draw from: its course's framework, plus any area it already draws from."""
    framework = quiz.course.framework
    areas = [(a.code, a.name) for a in framework.areas] if framework else queries.list_area_names(db.session)
    # Keep a draw the framework no longer lists visible rather than silently dropping it on save.
    known = {code for code, _name in areas}
    areas += [(d.area_code, d.area_code) for d in quiz.draws if d.area_code not in known]
    return areas


def _update_draws(quiz: Quiz, counts: list[tuple[str, int]]) -> None:
    """Replace a quiz's draw rules, but only when the counts changed.

    set_draws rebuilds the rules without a bank, so rewriting unchanged rules would drop a bank restriction.
    """
    if not counts:
        raise ValidationFailed("Cần rút ít nhất một câu hỏi.", fields={"draw": "Cần rút ít nhất một câu hỏi."})
    current: dict[str, int] = defaultdict(int)
    for draw in quiz.draws:
        current[draw.area_code] += draw.count
    if dict(counts) != current:
        set_draws(db.session, quiz, counts)


@bp.get("/course/<int:course_id>")
@login_required
def course_quizzes(course_id: int) -> ResponseReturnValue:
    """List a course's quizzes with their questions, rules and attempts so far."""
    course = load_course(course_id)
    rows = queries.list_course_quiz_rows(db.session, course)
    return render_template("quiz_admin/course_quizzes.html", course=course, rows=rows)


@bp.route("/<int:quiz_id>/settings", methods=["GET", "POST"])
@login_required
def settings(quiz_id: int) -> ResponseReturnValue:
    """Edit a quiz's pass mark, time, attempts, window, shuffling, review policy and (if it draws) its draw."""
    quiz = load_quiz(quiz_id)
    # A draw to the blueprint is set by its file (the page shows it); a draw per area is edited here.
    draws = bool(quiz.draws) and not quiz.balance
    form = make_settings_form(_draw_areas(quiz) if draws else (), data=QuizSettingsForm.initial(quiz))
    attempts = queries.count_attempts(db.session, [quiz.id]).get(quiz.id, 0)
    if form.validate_on_submit():
        try:
            apply_settings(quiz, form.to_settings(quiz.kind))
            if draws:
                _update_draws(quiz, form.draw_counts())
        except ValidationFailed as error:
            # The service names the time limit in seconds; the form asks for minutes, and the draw is a group.
            show_errors(form, error, {"time_limit_s": "time_limit_minutes", "draw": form.draw_errors})
        else:
            if attempts:
                # Settings that change after people have taken the quiz affect fairness: keep a trace.
                changed = sorted(attr.key for attr in inspect(quiz).attrs if attr.history.has_changes())
                record(db.session, current_account().id, "quiz.settings_change", quiz, request.remote_addr,
                       attempts=attempts, fields=changed)  # fmt: skip
            db.session.commit()
            flash(_("Đã lưu cài đặt bài kiểm tra “%(title)s”.", title=quiz.title), "success")
            return redirect(url_for("quiz_admin.course_quizzes", course_id=quiz.course_id, _anchor=f"quiz-{quiz.id}"))
    return render_template("quiz_admin/settings.html", quiz=quiz, form=form, attempts=attempts), form_status()


@bp.get("/<int:quiz_id>/results")
@login_required
def results(quiz_id: int) -> ResponseReturnValue:
    """Show a quiz's results (optionally for one unit's subtree) and the item analysis of its questions."""
    quiz = load_quiz(quiz_id)
    code = request.args.get("unit", "").strip()[:40]
    unit = get_unit_by_code(db.session, code) if code else None
    conditions = queries.submitted_attempts(quiz, unit)
    summary, items = queries.analyse_attempts(db.session, quiz, conditions)
    page = queries.list_attempts(db.session, conditions, request.args.get("page", 1, type=int) or 1, PER_PAGE)
    return render_template(
        "quiz_admin/results.html",
        quiz=quiz,
        unit=unit,
        unit_code=code,
        unknown_unit=bool(code) and unit is None,
        summary=summary,
        items=items,
        attempts=page,
    )
