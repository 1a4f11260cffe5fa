"""Which units a person may open, in one place: load a unit for a page, and choose where a person starts.

Every page that shows one unit (the unit tree, the dashboard, certificates of a unit, the distribution of levels,
the admin's unit page) loads it with `load_unit`: 404 for a code that names no unit, 403 outside the person's
scope. Every page that opens "at the top of my scope" starts with `start_at`: monitors (and, where the page says so,
trainers) at the province, a manager of one unit at that unit, and a manager of several units is asked which one,
so that a manager of two communes reaches both.
"""

from collections.abc import Callable

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms.auth.models import User
from lms.errors import NotFound
from lms.extensions import db
from lms.org import queries
from lms.org.models import Unit
from lms.permissions import can_monitor_province, can_view_unit, current_account, require

SCOPE_MESSAGE = "Bạn chỉ xem được đơn vị mình quản lý và các đơn vị trực thuộc."
UNKNOWN_UNIT_MESSAGE = "Không tìm thấy đơn vị có mã này."
NO_UNITS_MESSAGE = "Chưa có dữ liệu đơn vị. Hãy chạy lệnh seed-demo hoặc nhập danh sách đơn vị."


def load_unit(
    code: str,
    allowed: Callable[[User, Unit], bool] = can_view_unit,
    message: str = SCOPE_MESSAGE,
    *,
    user: User | None = None,
) -> Unit:
    """Load the unit with this code: 404 if there is none, 403 if `allowed` says `user` may not see it.

    `user` is the signed-in person unless given (the API passes the token's owner).
    """
    unit = queries.get_unit_by_code(db.session, code)
    if unit is None:
        raise NotFound(UNKNOWN_UNIT_MESSAGE)
    require(allowed(user or current_account(), unit), message)
    return unit


def start_at(endpoint: str, user: User, *, whole_province: bool | None = None) -> ResponseReturnValue:
    """Open `endpoint` (a page taking a unit `code`) at the top of the person's scope.

    `whole_province` defaults to "is a monitor or admin"; a page whose readers see the whole province for another
    reason (trainers plan teaching for all of it) says so. A manager of several units is asked which one; someone
    who neither sees the province nor manages a unit gets 403.
    """
    if can_monitor_province(user) if whole_province is None else whole_province:
        province = queries.get_province(db.session)
        if province is None:
            raise NotFound(NO_UNITS_MESSAGE)
        return redirect(url_for(endpoint, code=province.code))
    managed = user.managed_units
    require(bool(managed))
    if len(managed) == 1:
        return redirect(url_for(endpoint, code=managed[0].code))
    return render_template("org/index.html", rows=queries.summarise_units(db.session, managed), endpoint=endpoint)
