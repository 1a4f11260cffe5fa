"""API: completion statistics by unit, and the people behind them."""

from typing import Any

from flask import current_app, jsonify, request

from lms.api.core import BadRequest, api_user, bp, page_args, token_required
from lms.errors import NotFound
from lms.extensions import db
from lms.models import now_utc
from lms.org.queries import get_province, get_unit_by_code
from lms.permissions import can_browse_units, can_monitor_province, can_view_unit, require
from lms.reports import people, stats
from lms.reports.report import ReportRow


def _unit(code: str | None, name: str):  # type: ignore[no-untyped-def]
    user = api_user()
    require(can_browse_units(user), "Chỉ người theo dõi, quản lý đơn vị và quản trị viên được xem số liệu.")
    if not code:
        unit = get_province(db.session) if can_monitor_province(user) else user.managed_units[0]
    else:
        if len(code) > 40:
            raise BadRequest("Mã đơn vị quá dài.", fields={name: "Tối đa 40 ký tự."})
        unit = get_unit_by_code(db.session, code)
    if unit is None:
        raise NotFound(f"Không có đơn vị mã “{code}”.", fields={name: "Mã đơn vị không tồn tại."})
    require(can_view_unit(user, unit), "Đơn vị này nằm ngoài phạm vi bạn được xem.")
    return unit


def _course():  # type: ignore[no-untyped-def]
    course = stats.get_programme(db.session, current_app.config["PROGRAMME_COURSE"])
    if course is None:
        raise NotFound("Chưa có khóa học của chương trình.")
    return course


def row_json(row: ReportRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "staff_total": row.staff_total,
        "enrolled": row.enrolled,
        "in_progress": row.in_progress,
        "lessons_completed": row.completed,
        "assessed": row.assessed,
        "completed": row.confirmed,
        "confirmed": row.confirmed,
        "certified": row.certified,
        "completion_rate": row.rate,
    }


@bp.get("/v1/stats/units")
@token_required
def stats_units():  # type: ignore[no-untyped-def]
    """Figures per direct child unit of `parent` (default: the province or one's unit), with the parent's totals."""
    unit = _unit(request.args.get("parent"), "parent")
    figures = stats.breakdown(db.session, unit, _course(), now_utc())
    return jsonify(
        parent={**row_json(figures.total), "code": unit.code, "name": unit.name},
        items=[row_json(r) for r in figures.by_child],
        by_category=[row_json(r) for r in figures.by_category],
    )


@bp.get("/v1/stats/people")
@token_required
def stats_people():  # type: ignore[no-untyped-def]
    """The people of a unit subtree in a state (e.g. status=not_completed), paginated."""
    unit = _unit(request.args.get("unit"), "unit")
    page, per_page = page_args()
    status = request.args.get("status", "all")
    result = people.list_people(
        db.session,
        unit,
        _course(),
        status,
        request.args.get("q", "")[:100],
        request.args.get("category", ""),
        page,
        per_page,
    )
    return jsonify(
        items=[
            {
                "id": p.user.id,
                "username": p.user.username,
                "full_name": p.user.full_name,
                "unit": {"code": p.unit.code, "name": p.unit.name},
                "staff_category": p.user.staff_category,
                "progress_percent": p.progress_percent,
                "last_activity_at": p.last_activity_at.isoformat() if p.last_activity_at else None,
                "best_percent": float(p.best_percent) if p.best_percent is not None else None,
                "confirmed_at": p.confirmed_at.isoformat() if p.confirmed_at else None,
                "certificate_serial": p.certificate_serial,
            }
            for p in result.items
        ],
        page=result.page,
        per_page=result.per_page,
        total=result.total,
    )
