"""Assemble dashboards and reports from the statistics (no Flask globals)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from courses.models import Course
from lms.org.models import Unit
from lms.reports import stats
from lms.reports.periods import Period
from lms.reports.report import Report, ReportRow
from lms.reports.targets import Milestone, next_milestone


@dataclass
class Dashboard:
    unit: Unit
    total: ReportRow
    by_child: list[ReportRow]
    by_category: list[ReportRow]
    forecasts: list[stats.Forecast]
    trend: list[tuple[date, float]]
    per_week: list[tuple[date, int]]
    milestone: Milestone | None
    days_left: int | None
    milestones: list[Milestone]


def build_dashboard(
    session: Session, unit: Unit, course: Course, now: datetime, today: date, milestones: list[Milestone]
) -> Dashboard:
    """Everything the dashboard shows for a unit subtree, today (a fixed number of queries)."""
    figures = stats.breakdown(session, unit, course, now)
    milestone = next_milestone(milestones, today)
    deadline = milestone.due if milestone else date(today.year, 12, 31)
    days = stats.confirmations_by_day(session, unit, course, now)
    return Dashboard(
        unit=unit,
        total=figures.total,
        by_child=figures.by_child,
        by_category=figures.by_category,
        forecasts=stats.forecasts(session, unit, course, figures.by_child, now, today, deadline),
        trend=stats.cumulative_rate(days, figures.total.staff_total),
        per_week=stats.weekly(days)[-12:],
        milestone=milestone,
        days_left=(milestone.due - today).days if milestone else None,
        milestones=milestones,
    )


def build_report(
    session: Session, unit: Unit, course: Course, period: Period, tz: str, issuer: str, now: datetime
) -> Report:
    """The 6-monthly / annual report for a unit subtree, with figures as of the period's cut-off."""
    figures = stats.breakdown(session, unit, course, period.cutoff_end(tz))
    report = Report(
        title="Báo cáo kết quả bồi dưỡng kiến thức, kỹ năng số cơ bản",
        unit_name=unit.name,
        period_label=period.label,
        cutoff=period.cutoff,
        generated_at=now,
        rows=figures.by_child,
        total=figures.total,
        issuer=issuer,
    )
    return report
