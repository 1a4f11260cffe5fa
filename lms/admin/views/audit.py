"""Admin pages for the audit log: read it with filters, and download it as CSV."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import login_required
from sqlalchemy import Select

from lms.admin import queries
from lms.admin.forms import AuditFilterForm
from lms.admin.views.blueprint import bp, csv_download
from lms.audit import AuditEvent, record
from lms.extensions import db
from lms.pagination import paginate_rows
from lms.permissions import current_account
from lms.reports.exports import vn_datetime
from lms.spreadsheets import safe_text
from lms.web import today

AUDIT_PER_PAGE = 100
AUDIT_CSV_HEADERS = (
    "Thời điểm",
    "Người thực hiện",
    "Hành động",
    "Loại đối tượng",
    "Mã đối tượng",
    "Chi tiết",
    "Địa chỉ IP",
)


def details_text(details: dict[str, Any] | None, *, for_csv: bool = False) -> str:
    """Show an audit event's details compactly: "key: value; key: a, b".

    With `for_csv` each value is formula-safe too, so the cell stays safe when someone splits it into columns.
    """
    parts = []
    for key, value in (details or {}).items():
        if isinstance(value, list | tuple):
            value = ", ".join(str(item) for item in value)
        text = "—" if value is None else str(value)
        parts.append(f"{key}: {safe_text(text) if for_csv else text}")
    return "; ".join(parts)


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor: str | None

    @property
    def details_text(self) -> str:
        return details_text(self.event.details)


def _audit_form() -> AuditFilterForm:
    form = AuditFilterForm(formdata=request.args)
    form.set_actions(queries.list_audit_actions(db.session))
    return form


def _local_midnight(day: date | None) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def _audit_query(form: AuditFilterForm) -> Select[Any]:
    """Select events with their actor's username, newest first, as the (validated) filters say."""
    end = form.date_to.data + timedelta(days=1) if form.date_to.data else None
    return queries.select_audit_events(
        form.action.data, form.actor.data, _local_midnight(form.date_from.data), _local_midnight(end)
    )


def _audit_args() -> dict[str, str]:
    """The filters as typed, to carry into the pager and the CSV link."""
    return {name: request.args[name] for name in ("action", "actor", "date_from", "date_to") if request.args.get(name)}


@bp.get("/audit")
@login_required
def audit() -> ResponseReturnValue:
    """Read the audit log, newest first, filtered by action, person and dates."""
    form = _audit_form()
    events = None
    if form.validate():
        page = request.args.get("page", 1, type=int) or 1
        events = paginate_rows(db.session, _audit_query(form), page, AUDIT_PER_PAGE, AuditRow)
    return (
        render_template("admin/audit.html", form=form, events=events, args=_audit_args()),
        422 if events is None else 200,
    )


@bp.get("/audit.csv")
@login_required
def audit_csv() -> ResponseReturnValue:
    """Download the filtered audit log as CSV; the download is itself recorded."""
    form = _audit_form()
    if not form.validate():
        return render_template("admin/audit.html", form=form, events=None, args=_audit_args()), 422
    tz = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    rows = [
        (vn_datetime(event.at, tz), username, event.action, event.target_type, event.target_id,
         details_text(event.details, for_csv=True), event.address)
        for event, username in db.session.execute(_audit_query(form))
    ]  # fmt: skip
    filters = _audit_args()
    # The filters go in one detail: their names ("action") would clash with record()'s own parameters.
    record(db.session, current_account().id, "audit.export", None, request.remote_addr, rows=len(rows), filters=filters)
    db.session.commit()
    return csv_download(AUDIT_CSV_HEADERS, rows, f"nhat-ky-he-thong-{today():%Y%m%d}.csv")
