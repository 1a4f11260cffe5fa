"""Jinja filters and globals: Vietnamese dates and numbers (lms.formatting), role predicates, labels."""

from flask import Flask

from lms.auth.forms import ConfirmForm
from lms.auth.models import GENDER_LABELS, ROLE_LABELS, STAFF_CATEGORY_LABELS
from lms.formatting import day, moment, number, percent, score, share
from lms.models import now_utc
from lms.permissions import TEMPLATE_PREDICATES


def register_template_helpers(app: Flask) -> None:
    tz = app.config["BABEL_DEFAULT_TIMEZONE"]
    app.jinja_env.filters["date"] = lambda v: day(v, tz)
    app.jinja_env.filters["datetime"] = lambda v: moment(v, tz)
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["share"] = share
    app.jinja_env.globals["score"] = score
    app.jinja_env.globals["utcnow"] = now_utc  # the server's clock, for timers that must not trust the device
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
    app.jinja_env.globals.update(
        role_labels=ROLE_LABELS,
        category_labels=STAFF_CATEGORY_LABELS,
        gender_labels=GENDER_LABELS,
        confirm_form=ConfirmForm,
        org_name=app.config["ORG_NAME"],
    )
