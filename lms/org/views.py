"""Unit pages: the tree a manager or monitor may see, and the people in it."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required

from lms.auth.models import STAFF_CATEGORY_LABELS
from lms.errors import NotFound
from lms.extensions import db
from lms.org import queries
from lms.permissions import (
    can_browse_units,
    can_monitor_province,
    can_see_personal_data,
    can_view_unit,
    current_account,
    require,
)

bp = Blueprint("org", __name__, url_prefix="/units")


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Start browsing at the province (monitors) or at the units one manages."""
    user = current_account()
    require(can_browse_units(user))
    if can_monitor_province(user):
        province = queries.get_province(db.session)
        if province is None:
            raise NotFound("Chưa có dữ liệu đơn vị. Hãy chạy lệnh seed-demo hoặc nhập danh sách đơn vị.")
        return redirect(url_for("org.detail", code=province.code))
    managed = user.managed_units
    if len(managed) == 1:
        return redirect(url_for("org.detail", code=managed[0].code))
    return render_template("org/index.html", rows=queries.summarise_units(db.session, managed))


@bp.get("/<code>")
@login_required
def detail(code: str):  # type: ignore[no-untyped-def]
    """Show a unit: its sub-units with staff totals, and its people (searchable, paginated)."""
    unit = queries.get_unit_by_code(db.session, code)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị có mã này.")
    user = current_account()
    require(can_view_unit(user, unit), "Bạn chỉ xem được đơn vị mình quản lý và các đơn vị trực thuộc.")
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
