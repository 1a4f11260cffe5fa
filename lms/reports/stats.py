"""Completion statistics from per-person state (enrolments, confirmations, certificates), never from attempts.

Every figure is "as of" a moment: the end of the cut-off day. People count where they work now; inactive
people are left out.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from courses.models import Course, Enrolment
from lms.auth.models import STAFF_CATEGORY_LABELS, User
from lms.certificates.models import Certificate
from lms.models import now_utc
from lms.org.models import Unit
from lms.reports.report import ReportRow
from quizzes.models import Confirmation

#: Figures computed per group; their names match ReportRow's fields.
FIGURES = ("staff_total", "enrolled", "in_progress", "completed", "assessed", "confirmed", "certified")


def get_programme(session: Session, slug: str) -> Course | None:
    return session.scalar(select(Course).where(Course.slug == slug))


def _certified_at(as_of: datetime):  # type: ignore[no-untyped-def]
    """Per person, the first issue date of a certificate still valid at `as_of` (a re-issue keeps it counted)."""
    return (
        select(Certificate.user_id, func.min(Certificate.issued_on).label("issued_on"))
        .where(Certificate.created_at < as_of, or_(Certificate.revoked_at.is_(None), Certificate.revoked_at >= as_of))
        .group_by(Certificate.user_id)
        .subquery()
    )


def grouped_figures(session: Session, root: Unit, course: Course, as_of: datetime) -> Select:  # type: ignore[type-arg]
    """One grouped query: the figures per (unit path, staff category) for everyone in the subtree."""
    certified = _certified_at(as_of)
    e, c = Enrolment, Confirmation
    before = as_of
    return (
        select(
            Unit.path,
            User.staff_category,
            func.count(User.id).label("staff_total"),
            func.count(e.id).filter(e.enrolled_at < before).label("enrolled"),
            func.count(e.id)
            .filter(e.started_at < before, or_(e.lessons_completed_at.is_(None), e.lessons_completed_at >= before))
            .label("in_progress"),
            func.count(e.id).filter(e.lessons_completed_at < before).label("completed"),
            func.count(e.id).filter(e.assessed_at < before).label("assessed"),
            func.count(c.id).filter(c.confirmed_at < before).label("confirmed"),
            func.count(certified.c.user_id).label("certified"),
        )
        .join(Unit, User.unit_id == Unit.id)
        .outerjoin(e, and_(e.user_id == User.id, e.course_id == course.id))
        .outerjoin(c, and_(c.user_id == User.id, c.framework_id == course.framework_id))
        .outerjoin(certified, certified.c.user_id == User.id)
        .where(User.active.is_(True), Unit.path.like(root.path + "%"))
        .group_by(Unit.path, User.staff_category)
    )


@dataclass
class Breakdown:
    total: ReportRow
    by_child: list[ReportRow] = field(default_factory=list)
    by_category: list[ReportRow] = field(default_factory=list)


def _child_path(root_path: str, path: str) -> str | None:
    """The path of the root's direct child that `path` lies under (None for the root itself): paths are
    "<parent path><id>/", so this is a slice, not a search over the children."""
    rest = path[len(root_path) :]
    return root_path + rest.split("/", 1)[0] + "/" if rest else None


def breakdown(session: Session, root: Unit, course: Course, as_of: datetime) -> Breakdown:
    """Totals for a unit subtree, per direct child unit and per staff category (2 queries)."""
    return live_cached(
        _key(session, "breakdown", root, course), as_of, lambda: _breakdown(session, root, course, as_of)
    )


def _breakdown(session: Session, root: Unit, course: Course, as_of: datetime) -> Breakdown:
    children = list(session.scalars(select(Unit).where(Unit.parent_id == root.id).order_by(Unit.kind, Unit.name)))
    child_rows = {child.path: ReportRow(child.name, child.code) for child in children}
    own = ReportRow(f"{root.name} (trực thuộc trực tiếp)", root.code)
    categories = {key: ReportRow(label, key) for key, label in STAFF_CATEGORY_LABELS.items()}
    total = ReportRow("Tổng cộng", root.code)
    for path, staff_category, *values in session.execute(grouped_figures(session, root, course, as_of)):
        figures = ReportRow("", **dict(zip(FIGURES, values, strict=True)))
        total.add(figures)
        child = _child_path(root.path, path)
        (child_rows.get(child, own) if child else own).add(figures)
        if staff_category in categories:
            categories[staff_category].add(figures)
    rows = list(child_rows.values()) + ([own] if own.staff_total else [])
    return Breakdown(total, rows, [r for r in categories.values() if r.staff_total])


# --- a short-lived cache for the live dashboard ----------------------------------------------

#: Seconds a live figure (as of "now") may be reused within one process; 0 turns the cache off. Set by the
#: reports blueprint from REPORTS_CACHE_SECONDS (default 60 s outside tests). Reports with a past cut-off are
#: never cached. At national scale the grouped query reads every person of the subtree (≈ 1–3 s for 500 000
#: people on 2 cores), so a monitor's dashboard reuses it for a minute instead of re-running it on every view.
LIVE_CACHE_SECONDS = 0
_LIVE: dict[tuple[object, ...], tuple[float, object]] = {}


def _key(session: Session, kind: str, root: Unit, course: Course) -> tuple[object, ...]:
    return (str(session.get_bind().url), kind, root.path, course.id)


def live_cached(key: tuple[object, ...], as_of: datetime, compute):  # type: ignore[no-untyped-def]
    """`compute()`, or its value from the last LIVE_CACHE_SECONDS when `as_of` is the present moment."""
    ttl = LIVE_CACHE_SECONDS
    moment = time.monotonic()
    if ttl <= 0 or abs((now_utc() - as_of).total_seconds()) > 5:
        return compute()
    hit = _LIVE.get(key)
    if hit is not None and moment - hit[0] < ttl:
        return hit[1]
    value = compute()
    if len(_LIVE) > 5000:
        _LIVE.clear()
    _LIVE[key] = (moment, value)
    return value


# --- trend and forecast --------------------------------------------------------------------


def confirmations_by_day(session: Session, root: Unit, course: Course, as_of: datetime) -> list[tuple[date, int]]:
    """How many people in the subtree were confirmed each day (one grouped query)."""
    day = func.date(Confirmation.confirmed_at)
    rows = live_cached(_key(session, "by_day", root, course), as_of, lambda: _by_day(session, root, course, as_of, day))
    return [(value if isinstance(value, date) else date.fromisoformat(str(value)), count) for value, count in rows]


def _by_day(session: Session, root: Unit, course: Course, as_of: datetime, day) -> list:  # type: ignore[no-untyped-def,type-arg]
    return session.execute(
        select(day, func.count(Confirmation.id))
        .join(User, Confirmation.user_id == User.id)
        .join(Unit, User.unit_id == Unit.id)
        .where(
            Confirmation.framework_id == course.framework_id,
            Confirmation.confirmed_at < as_of,
            User.active.is_(True),
            Unit.path.like(root.path + "%"),
        )
        .group_by(day)
        .order_by(day)
    ).all()


def weekly(days: list[tuple[date, int]]) -> list[tuple[date, int]]:
    """Sum daily counts into weeks starting on Monday."""
    weeks: dict[date, int] = defaultdict(int)
    for day, count in days:
        weeks[day - timedelta(days=day.weekday())] += count
    return sorted(weeks.items())


def cumulative_rate(days: list[tuple[date, int]], staff_total: int) -> list[tuple[date, float]]:
    """The confirmed rate (%) at the end of each week."""
    points, running = [], 0
    for week, count in weekly(days):
        running += count
        points.append((week + timedelta(days=6), round(running * 100 / staff_total, 1) if staff_total else 0.0))
    return points


@dataclass(frozen=True)
class Forecast:
    row: ReportRow
    per_week: float
    reaches_100_on: date | None  # None: no recent progress, will not finish at this pace
    on_track: bool
    risk: str  # "ok", "warn", "bad"
    risk_label: str


RECENT_DAYS = 28


def recent_confirmations_by_path(session: Session, root: Unit, course: Course, as_of: datetime) -> dict[str, int]:
    return live_cached(_key(session, "recent", root, course), as_of, lambda: _recent(session, root, course, as_of))


def _recent(session: Session, root: Unit, course: Course, as_of: datetime) -> dict[str, int]:
    since = as_of - timedelta(days=RECENT_DAYS)
    rows = session.execute(
        select(Unit.path, func.count(Confirmation.id))
        .join(User, Confirmation.user_id == User.id)
        .join(Unit, User.unit_id == Unit.id)
        .where(
            Confirmation.framework_id == course.framework_id,
            Confirmation.confirmed_at >= since,
            Confirmation.confirmed_at < as_of,
            User.active.is_(True),
            Unit.path.like(root.path + "%"),
        )
        .group_by(Unit.path)
    ).all()
    return dict(rows)


def forecast(row: ReportRow, recent: int, today: date, deadline: date) -> Forecast:
    """At the pace of the last four weeks, when does this unit reach 100 %?"""
    remaining = row.staff_total - row.confirmed
    per_day = recent / RECENT_DAYS
    if remaining <= 0:
        return Forecast(row, per_day * 7, today, True, "ok", "Đã đạt 100%")
    if per_day <= 0:
        return Forecast(row, 0.0, None, False, "bad", "Không kịp hạn — chưa có tiến triển 4 tuần qua")
    reaches = today + timedelta(days=int(-(-remaining // per_day)))
    if reaches > deadline:
        return Forecast(row, per_day * 7, reaches, False, "bad", "Không kịp hạn theo tốc độ hiện tại")
    if reaches > deadline - timedelta(days=14):
        return Forecast(row, per_day * 7, reaches, True, "warn", "Sát hạn — cần đẩy nhanh")
    return Forecast(row, per_day * 7, reaches, True, "ok", "Kịp hạn")


def forecasts(
    session: Session, root: Unit, course: Course, rows: list[ReportRow], as_of: datetime, today: date, deadline: date
) -> list[Forecast]:
    """Forecast every row (child units), those that will miss the deadline first."""
    recent_by_path = recent_confirmations_by_path(session, root, course, as_of)
    paths = {u.code: u.path for u in session.scalars(select(Unit).where(Unit.code.in_([r.code for r in rows])))}
    by_child: dict[str | None, int] = defaultdict(int)  # per direct child's path (None: the root itself)
    for p, n in recent_by_path.items():
        by_child[_child_path(root.path, p)] += n
    result = []
    for row in rows:
        path = paths.get(row.code, "")
        recent = by_child[None] if row.code == root.code else (by_child.get(path, 0) if path else 0)
        result.append(forecast(row, recent, today, deadline))
    order = {"bad": 0, "warn": 1, "ok": 2}
    return sorted(result, key=lambda f: (order[f.risk], f.row.rate, f.row.name))
