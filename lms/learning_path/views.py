"""Pages of the placement check and learning path."""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from courses import queries as course_queries
from courses.models import Course
from lms.auth.forms import ConfirmForm
from lms.auth.models import User
from lms.errors import LMSError, NotFound
from lms.extensions import db
from lms.learning_path import queries, services, texts
from lms.learning_path.models import Placement
from lms.learning_path.permissions import can_view_levels, can_view_unit_levels
from lms.models import now_utc
from lms.org.scope import load_unit, start_at
from lms.permissions import can_author, can_monitor_province, current_account, require
from quizzes import types as question_types

bp = Blueprint("learning_path", __name__, url_prefix="/lo-trinh")


def course_page_path(user: User, course: Course, outline: course_queries.Outline) -> dict[str, Any]:
    """The course page's extra context: my path through the course and the next lesson along it."""
    path = queries.build_path(db.session, user, course, outline)
    return {"path": path, "next_lesson": path.next_lesson, "lp_texts": texts}


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """My level in each area, why, and the placement check (start, resume, retake or skip)."""
    user = current_account()
    return render_template(
        "learning_path/index.html",
        areas=queries.my_levels(db.session, user),
        latest=queries.placement_state(db.session, user.id),
        enrolments=course_queries.list_my_enrolments(db.session, user),
        texts=texts,
    )


@bp.post("/tu-danh-gia")
@login_required
def start():  # type: ignore[no-untyped-def]
    """Start the placement check, or resume the open one."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("learning_path.index"))
    placement = services.start_placement(db.session, current_account(), now_utc())
    db.session.commit()
    return redirect(url_for("learning_path.step", placement_id=placement.id))


@bp.post("/tu-danh-gia/bo-qua")
@login_required
def skip():  # type: ignore[no-untyped-def]
    """Skip the placement check: every module is then recommended in the course order."""
    if ConfirmForm().validate_on_submit():
        services.skip_placement(db.session, current_account(), now_utc())
        db.session.commit()
        flash(_("Bạn đã bỏ qua phần tự đánh giá. Bạn có thể làm bất cứ lúc nào ở trang “Lộ trình của tôi”."), "info")
    return redirect(url_for("main.home"))


def _load(placement_id: int) -> Placement:
    return services.get_own_placement(db.session, current_account(), placement_id)


def _render_step(placement: Placement, error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    steps = services.area_steps(placement)
    step = next((s for s in steps if not s.done), None)
    if step is None:
        return redirect(url_for("learning_path.index"))
    return (
        render_template(
            "learning_path/placement.html",
            placement=placement,
            step=step,
            number=steps.index(step) + 1,
            count=len(steps),
            questions=[services.public_question(q) for q in step.pending],
            extra=any(q.get("stage") == 2 for q in step.pending),
            ratings=texts.RATING_LABELS,
            hints=texts.RATING_HINTS,
            error=error,
        ),
        status,
    )


@bp.get("/tu-danh-gia/<int:placement_id>")
@login_required
def step(placement_id: int):  # type: ignore[no-untyped-def]
    """The next unfinished area: self-rating and a few questions (no answer is ever in the page)."""
    placement = _load(placement_id)
    if not placement.is_open:
        return redirect(url_for("learning_path.index"))
    return _render_step(placement)


def _answers_from_form(placement: Placement, area: str) -> dict[str, dict[str, Any]]:
    """Read q<ID> fields of the area's pending questions (works without JavaScript)."""
    step = next((s for s in services.area_steps(placement) if s.code == area), None)
    answers: dict[str, dict[str, Any]] = {}
    for question in step.pending if step else []:
        answer = question_types.get(question["kind"]).from_form(request.form.getlist(f"q{question['id']}"))
        answers[str(question["id"])] = answer if any(answer.values()) else {}  # nothing given: still to answer
    return answers


@bp.post("/tu-danh-gia/<int:placement_id>/<area>")
@login_required
def save(placement_id: int, area: str):  # type: ignore[no-untyped-def]
    """Save one area's self-rating and answers, then go on (the last area finishes the check)."""
    user = current_account()
    placement = _load(placement_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("learning_path.step", placement_id=placement.id))
    if not placement.is_open:
        return redirect(url_for("learning_path.index"))
    try:
        services.save_area(
            db.session,
            user,
            placement,
            area,
            request.form.get("rating"),
            _answers_from_form(placement, area),
            now_utc(),
        )
    except LMSError as error:
        if error.status not in (400, 422):
            raise
        db.session.rollback()
        return _render_step(_load(placement_id), error.message, 422)
    db.session.commit()
    if placement.is_open:
        return redirect(url_for("learning_path.step", placement_id=placement.id))
    flash(_("Bạn đã hoàn thành phần tự đánh giá. Lộ trình học của bạn đã được sắp xếp lại."), "success")
    return redirect(url_for("learning_path.index"))


@bp.post("/tu-danh-gia/<int:placement_id>/ket-thuc")
@login_required
def finish(placement_id: int):  # type: ignore[no-untyped-def]
    """Finish now with the areas done so far (areas not reached get no level)."""
    placement = _load(placement_id)
    if ConfirmForm().validate_on_submit() and placement.is_open:
        services.submit_placement(db.session, current_account(), placement, now_utc())
        db.session.commit()
        flash(_("Đã ghi nhận phần tự đánh giá với các lĩnh vực bạn đã làm."), "success")
    return redirect(url_for("learning_path.index"))


# --- distribution by unit ---------------------------------------------------------------------


@bp.get("/don-vi/")
@login_required
def units():  # type: ignore[no-untyped-def]
    """Open the distribution of levels at the top of my scope (province, or the unit I manage: asked if several)."""
    user = current_account()
    require(can_view_levels(user), "Chỉ giảng viên, cán bộ quản lý và theo dõi được xem trang này.")
    return start_at("learning_path.unit_levels", user, whole_province=can_monitor_province(user) or can_author(user))


@bp.get("/don-vi/<code>")
@login_required
def unit_levels(code: str):  # type: ignore[no-untyped-def]
    """How many people are at each level in each area, for a unit and each unit under it."""
    user = current_account()
    require(can_view_levels(user), "Chỉ giảng viên, cán bộ quản lý và theo dõi được xem trang này.")
    unit = load_unit(code, can_view_unit_levels)
    data = queries.level_distribution(db.session, unit)
    codes = [c for c, _name in data.areas]
    area = request.args.get("area", "")
    if area and area not in codes:
        raise NotFound("Không có lĩnh vực này trong khung năng lực.")
    return render_template(
        "learning_path/units.html",
        data=data,
        area=area or (codes[0] if codes else ""),
        area_names=dict(data.areas),
        levels=queries.LEVELS,
        texts=texts,
        parent=unit.parent if unit.parent and can_view_unit_levels(user, unit.parent) else None,
    )
