"""Learner and trainer pages for courses. The Learning issue fills these in."""

from flask import Blueprint, render_template
from flask_login import login_required

from lms.permissions import can_author, current_account, require

bp = Blueprint("courses", __name__, url_prefix="/courses")


@bp.get("/")
@login_required
def my_courses():  # type: ignore[no-untyped-def]
    """List the courses assigned to me, with progress."""
    return render_template("courses/my_courses.html")


@bp.get("/manage")
@login_required
def manage():  # type: ignore[no-untyped-def]
    """The trainer's workspace: courses and lessons they author."""
    require(can_author(current_account()))
    return render_template("courses/manage.html")
