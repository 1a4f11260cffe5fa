"""API: the units a person may see."""

from flask.typing import ResponseReturnValue

from lms.api.core import api_user, bp, respond
from lms.api.openapi import operation
from lms.api.schemas.org import UnitOut, UnitPage, UnitsQuery
from lms.errors import NotFound
from lms.extensions import db
from lms.org import queries
from lms.org.models import UnitKind
from lms.permissions import can_browse_units, can_monitor_province, can_view_unit, require
from lms.validation import read_query


@bp.get("/v1/units")
@operation(
    "Các đơn vị trong phạm vi được xem (phân trang)",
    tag="org",
    query=UnitsQuery,
    ok=(200, UnitPage, "Một trang đơn vị"),
    errors=(400, 401, 403, 404),
)
def list_units() -> ResponseReturnValue:
    """List units in my scope, paginated; `?parent=CODE` lists that unit's direct children."""
    user = api_user()
    require(can_browse_units(user), "Chỉ người theo dõi, quản lý đơn vị và quản trị viên được xem danh sách đơn vị.")
    args = read_query(UnitsQuery)
    parent = None
    if args.parent:
        parent = queries.get_unit_by_code(db.session, args.parent)
        if parent is None:
            raise NotFound(f"Không có đơn vị mã “{args.parent}”.", fields={"parent": "Mã đơn vị không tồn tại."})
        require(can_view_unit(user, parent), "Đơn vị này nằm ngoài phạm vi bạn được xem.")
    roots = None if parent or can_monitor_province(user) else user.managed_units
    result = queries.page_units(db.session, parent=parent, roots=roots, page=args.page, per_page=args.per_page)
    return respond(
        UnitPage(
            items=[UnitOut(code=u.code, name=u.name, kind=UnitKind(u.kind), active=u.active) for u in result.items],
            page=result.page,
            per_page=result.per_page,
            total=result.total,
        )
    )
