"""The admin home page: the platform's totals and who holds which staff role."""

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import login_required

from lms.admin import queries
from lms.admin.views.blueprint import bp
from lms.extensions import db


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """Show the platform's totals and who holds which staff role."""
    return render_template(
        "admin/index.html",
        totals=queries.count_totals(db.session),
        role_holders=queries.list_role_holders(db.session),
    )
