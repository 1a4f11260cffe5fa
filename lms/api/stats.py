"""API: completion statistics by unit, and the people behind them."""

from flask import current_app
from flask.typing import ResponseReturnValue

from courses.models import Course
from lms.api.core import api_user, bp, respond
from lms.api.openapi import operation
from lms.api.schemas.auth import UnitRef
from lms.api.schemas.reports import PeoplePage, PeopleQuery, PersonOut, StatsRow, UnitsStatsOut, UnitsStatsQuery
from lms.auth.models import StaffCategory
from lms.errors import NotFound
from lms.extensions import db
from lms.models import now_utc
from lms.org.models import Unit
from lms.org.queries import get_province, get_unit_by_code
from lms.permissions import can_browse_units, can_monitor_province, can_view_unit, require
from lms.reports import people, stats
from lms.reports.report import ReportRow
from lms.validation import read_query


def _can_browse() -> None:
    require(can_browse_units(api_user()), "Chỉ người theo dõi, quản lý đơn vị và quản trị viên được xem số liệu.")


def _unit(code: str, name: str) -> Unit:
    user = api_user()
    if not code:
        unit = get_province(db.session) if can_monitor_province(user) else user.managed_units[0]
    else:
        unit = get_unit_by_code(db.session, code)
    if unit is None:
        raise NotFound(f"Không có đơn vị mã “{code}”.", fields={name: "Mã đơn vị không tồn tại."})
    require(can_view_unit(user, unit), "Đơn vị này nằm ngoài phạm vi bạn được xem.")
    return unit


def _course() -> Course:
    course = stats.get_programme(db.session, current_app.config["PROGRAMME_COURSE"])
    if course is None:
        raise NotFound("Chưa có khóa học của chương trình.")
    return course


def stats_row(row: ReportRow, code: str | None = None, name: str | None = None) -> StatsRow:
    return StatsRow(
        code=row.code if code is None else code,
        name=row.name if name is None else name,
        staff_total=row.staff_total,
        enrolled=row.enrolled,
        in_progress=row.in_progress,
        lessons_completed=row.completed,
        assessed=row.assessed,
        completed=row.confirmed,
        confirmed=row.confirmed,
        certified=row.certified,
        completion_rate=row.rate,
    )


@bp.get("/v1/stats/units")
@operation(
    "Số liệu theo đơn vị trực thuộc (kèm tổng của đơn vị cha)",
    tag="stats",
    query=UnitsStatsQuery,
    ok=(200, UnitsStatsOut, "Số liệu"),
    errors=(400, 401, 403, 404),
)
def stats_units() -> ResponseReturnValue:
    """Figures per direct child unit of `parent` (default: the province or one's unit), with the parent's totals."""
    _can_browse()
    unit = _unit(read_query(UnitsStatsQuery).parent, "parent")
    figures = stats.breakdown(db.session, unit, _course(), now_utc())
    return respond(
        UnitsStatsOut(
            parent=stats_row(figures.total, unit.code, unit.name),
            items=[stats_row(r) for r in figures.by_child],
            by_category=[stats_row(r) for r in figures.by_category],
        )
    )


@bp.get("/v1/stats/people")
@operation(
    "Danh sách người theo tình trạng (phân trang)",
    tag="stats",
    query=PeopleQuery,
    ok=(200, PeoplePage, "Một trang"),
    errors=(400, 401, 403, 404),
)
def stats_people() -> ResponseReturnValue:
    """The people of a unit subtree in a state (e.g. status=not_completed), paginated."""
    _can_browse()
    args = read_query(PeopleQuery)
    unit = _unit(args.unit, "unit")
    result = people.list_people(
        db.session, unit, _course(), args.status, args.q, args.category, args.page, args.per_page
    )
    return respond(
        PeoplePage(
            items=[
                PersonOut(
                    id=p.user.id,
                    username=p.user.username,
                    full_name=p.user.full_name,
                    unit=UnitRef(code=p.unit.code, name=p.unit.name),
                    staff_category=StaffCategory(p.user.staff_category) if p.user.staff_category else None,
                    progress_percent=p.progress_percent,
                    last_activity_at=p.last_activity_at,
                    best_percent=float(p.best_percent) if p.best_percent is not None else None,
                    confirmed_at=p.confirmed_at,
                    certificate_serial=p.certificate_serial,
                )
                for p in result.items
            ],
            page=result.page,
            per_page=result.per_page,
            total=result.total,
        )
    )
