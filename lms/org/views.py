"""Unit pages: the tree a manager or monitor may see, and the people in it."""

from flask import Blueprint, render_template, request
from flask_login import login_required

from lms.auth.models import STAFF_CATEGORY_LABELS
from lms.extensions import db
from lms.org import queries
from lms.org.scope import load_unit, start_at
from lms.permissions import can_see_personal_data, can_view_unit, current_account

bp = Blueprint("org", __name__, url_prefix="/units")


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Start browsing at the province (monitors) or at the units one manages."""
    return start_at("org.detail", current_account())


@bp.get("/<code>")
@login_required
def detail(code: str):  # type: ignore[no-untyped-def]
    """Show a unit: its sub-units with staff totals, and its people (searchable, paginated)."""
    unit = load_unit(code)
    user = current_account()
    q = request.args.get("q", "")[:100]
    category = request.args.get("category", "")
    if category not in STAFF_CATEGORY_LABELS:
        category = ""
    page = request.args.get("page", 1, type=int) or 1
    people = queries.list_people(db.session, unit, q, category, page)
    children = queries.count_staff_by_child(db.session, unit)
    breadcrumbs = [u for u in queries.list_ancestors(db.session, unit) if can_view_unit(user, u)]
    return render_template(
        "org/detail.html",
        unit=unit,
        children=children,
        people=people,
        q=q,
        category=category,
        categories=STAFF_CATEGORY_LABELS,
        breadcrumbs=breadcrumbs,
        show_personal_data=can_see_personal_data(user),
    )
