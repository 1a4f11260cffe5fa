"""Jinja filters and globals: Vietnamese dates, role predicates, labels."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from lms.auth.forms import ConfirmForm
from lms.auth.models import GENDER_LABELS, ROLE_LABELS, STAFF_CATEGORY_LABELS
from lms.permissions import TEMPLATE_PREDICATES
from lms.text import vn_number


def format_date(value: date | datetime | None, tz: str = "Asia/Ho_Chi_Minh") -> str:
    """dd/mm/yyyy; aware datetimes are shown in local time."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(ZoneInfo(tz))
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None, tz: str = "Asia/Ho_Chi_Minh") -> str:
    """dd/mm/yyyy HH:MM in local time."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(ZoneInfo(tz))
    return value.strftime("%d/%m/%Y %H:%M")


def register_template_helpers(app: Flask) -> None:
    tz = app.config["BABEL_DEFAULT_TIMEZONE"]
    app.jinja_env.filters["date"] = lambda v: format_date(v, tz)
    app.jinja_env.filters["datetime"] = lambda v: format_datetime(v, tz)
    app.jinja_env.filters["number"] = vn_number
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
    app.jinja_env.globals.update(
        role_labels=ROLE_LABELS,
        category_labels=STAFF_CATEGORY_LABELS,
        gender_labels=GENDER_LABELS,
        confirm_form=ConfirmForm,
        org_name=app.config["ORG_NAME"],
    )
