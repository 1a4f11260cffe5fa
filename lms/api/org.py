"""API: the units a person may see."""

from flask import jsonify, request

from lms.api.core import BadRequest, api_user, bp, page_args, token_required
from lms.errors import NotFound
from lms.extensions import db
from lms.org import queries
from lms.org.models import Unit
from lms.permissions import can_browse_units, can_monitor_province, can_view_unit, require


def unit_json(unit: Unit) -> dict[str, object]:
    return {"code": unit.code, "name": unit.name, "kind": unit.kind, "active": unit.active}


@bp.get("/v1/units")
@token_required
def list_units():  # type: ignore[no-untyped-def]
    """List units in my scope, paginated; `?parent=CODE` lists that unit's direct children."""
    user = api_user()
    require(can_browse_units(user), "Chỉ người theo dõi, quản lý đơn vị và quản trị viên được xem danh sách đơn vị.")
    page, per_page = page_args()
    parent = None
    if code := request.args.get("parent"):
        if len(code) > 40:
            raise BadRequest("Mã đơn vị quá dài.", fields={"parent": "Tối đa 40 ký tự."})
        parent = queries.get_unit_by_code(db.session, code)
        if parent is None:
            raise NotFound(f"Không có đơn vị mã “{code}”.", fields={"parent": "Mã đơn vị không tồn tại."})
        require(can_view_unit(user, parent), "Đơn vị này nằm ngoài phạm vi bạn được xem.")
    roots = None if parent or can_monitor_province(user) else user.managed_units
    result = queries.page_units(db.session, parent=parent, roots=roots, page=page, per_page=per_page)
    return jsonify(
        items=[unit_json(u) for u in result.items], page=result.page, per_page=result.per_page, total=result.total
    )
