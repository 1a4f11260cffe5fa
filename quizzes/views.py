"""Trainer pages for question banks and quizzes. The Assessment issue fills these in."""

from flask import Blueprint, render_template
from flask_login import login_required

from lms.permissions import can_author, current_account, require

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")


@bp.get("/banks")
@login_required
def banks():  # type: ignore[no-untyped-def]
    """The trainer's question banks."""
    require(can_author(current_account()))
    return render_template("quizzes/banks.html")
