"""Admin pages. Roster import, user editing and the audit log come with the Administration issue."""

from flask import Blueprint, render_template
from flask_login import login_required

from lms.admin import queries
from lms.extensions import db
from lms.permissions import current_account, is_admin, require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Show the platform's totals and who holds which staff role."""
    require(is_admin(current_account()))
    return render_template(
        "admin/index.html",
        totals=queries.count_totals(db.session),
        role_holders=queries.list_role_holders(db.session),
    )
