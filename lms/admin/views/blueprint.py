"""The admin blueprint and what its pages share: admins only, unit codes typed into forms, CSV downloads."""

from collections.abc import Iterable, Sequence

from flask import Blueprint
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from wtforms import Field

from lms.extensions import db
from lms.org.models import Unit
from lms.org.queries import get_unit_by_code
from lms.permissions import is_admin
from lms.spreadsheets import csv_bytes
from lms.web import add_error, guard_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_blueprint(bp, is_admin)

CSV_MIMETYPE = "text/csv; charset=utf-8"


def unit_from(field: Field, *, active: bool = False) -> Unit | None:
    """Find the unit whose code was typed in `field`; an unknown (or, with `active`, inactive) one is its error."""
    if not field.data:
        return None
    unit = get_unit_by_code(db.session, field.data)
    if unit is None:
        add_error(field, _("Không có đơn vị mã “%(code)s”.", code=field.data))
    elif active and not unit.active:
        add_error(field, _("Đơn vị “%(code)s” đã ngừng hoạt động.", code=field.data))
        return None
    return unit


def csv_download(header: Sequence[str], rows: Iterable[Sequence[object]], filename: str) -> ResponseReturnValue:
    """Send CSV that Excel opens in Vietnamese, every text cell formula-safe (lms.spreadsheets.csv_bytes)."""
    headers = {"Content-Type": CSV_MIMETYPE, "Content-Disposition": f"attachment; filename={filename}"}
    return csv_bytes(header, rows), headers
