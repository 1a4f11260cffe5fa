"""Monitoring pages: the dashboard, the people behind each number, report exports."""

from io import BytesIO

from flask import Blueprint, current_app, render_template, request, send_file
from flask_login import login_required

from courses.models import Course
from lms.audit import record
from lms.auth.models import STAFF_CATEGORY_LABELS
from lms.errors import NotFound
from lms.extensions import db
from lms.models import now_utc
from lms.org.scope import load_unit, start_at
from lms.permissions import current_account
from lms.reports import charts, exports, people, services, stats
from lms.reports.periods import parse_period, period_choices
from lms.reports.stats import get_programme
from lms.reports.targets import parse_targets
from lms.web import today

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.record_once
def _live_cache(state) -> None:  # type: ignore[no-untyped-def]
    """Live dashboard figures are reused for REPORTS_CACHE_SECONDS within a process (default 60 s, 0 in tests)."""
    app = state.app
    stats.LIVE_CACHE_SECONDS = app.config["REPORTS_CACHE_SECONDS"]


FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.to_xlsx),
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "pdf": ("application/pdf", exports.to_pdf),
}
SORTS = {
    "name": (lambda r: r.name, False),
    "rate": (lambda r: r.rate, False),
    "-rate": (lambda r: r.rate, True),
    "staff": (lambda r: r.staff_total, True),
}


def programme() -> Course:
    course = get_programme(db.session, current_app.config["PROGRAMME_COURSE"])
    if course is None:
        raise NotFound("Chưa có khóa học của chương trình. Hãy chạy lệnh `flask --app app content sync`.")
    return course


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Open the province dashboard (monitors) or one's own unit (managers; asked which one if several)."""
    return start_at("reports.dashboard", current_account())


@bp.get("/<code>")
@login_required
def dashboard(code: str):  # type: ignore[no-untyped-def]
    """Completion against the target, by unit and staff category, with trend and forecast."""
    unit = load_unit(code)
    course = programme()
    data = services.build_dashboard(
        db.session, unit, course, now_utc(), today(), parse_targets(current_app.config["TARGETS"])
    )
    sort = request.args.get("sort", "rate")
    key, reverse = SORTS.get(sort, SORTS["rate"])
    rows = sorted(data.by_child, key=key, reverse=reverse)
    targets = [(m.due, m.percent) for m in data.milestones]
    return render_template(
        "reports/dashboard.html",
        data=data,
        rows=rows,
        sort=sort,
        course=course,
        trend_svg=charts.line_chart(data.trend, title="Tỷ lệ đạt cộng dồn (%)", target=targets),
        weekly_svg=charts.bar_chart(
            [(f"{week:%d/%m}", count) for week, count in data.per_week], title="Số người đạt mỗi tuần"
        ),
        periods=period_choices(today()),
    )


@bp.get("/<code>/people")
@login_required
def people_list(code: str):  # type: ignore[no-untyped-def]
    """The people behind a number: filter by state and category, search without diacritics."""
    unit = load_unit(code)
    course = programme()
    status = request.args.get("status", "all")
    category = request.args.get("category", "")
    category = category if category in STAFF_CATEGORY_LABELS else ""
    q = request.args.get("q", "")[:100]
    page = max(1, request.args.get("page", 1, type=int) or 1)
    result = people.list_people(db.session, unit, course, status, q, category, page)
    return render_template(
        "reports/people.html",
        unit=unit,
        page=result,
        status=status,
        statuses=people.STATUSES,
        category=category,
        categories=STAFF_CATEGORY_LABELS,
        q=q,
    )


@bp.get("/<code>/report.<fmt>")
@login_required
def report(code: str, fmt: str):  # type: ignore[no-untyped-def]
    """Download the report for a period (figures as of its cut-off) as XLSX, CSV or PDF."""
    unit = load_unit(code)
    if fmt not in FORMATS:
        raise NotFound("Định dạng tệp không được hỗ trợ.")
    period = parse_period(request.args.get("period"), request.args.get("from"), request.args.get("to"), today())
    data = services.build_report(
        db.session,
        unit,
        programme(),
        period,
        current_app.config["BABEL_DEFAULT_TIMEZONE"],
        current_app.config["ORG_NAME"],
        now_utc(),
    )
    mimetype, writer = FORMATS[fmt]
    record(db.session, current_account().id, "report.export", unit, request.remote_addr, period=period.key, format=fmt)
    db.session.commit()
    name = f"bao-cao-ky-nang-so-{unit.code}-{period.cutoff:%Y%m%d}.{fmt}"
    return send_file(BytesIO(writer(data)), mimetype=mimetype, download_name=name, as_attachment=True)
