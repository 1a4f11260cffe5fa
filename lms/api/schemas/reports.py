"""Shapes of the completion statistics and the roster import."""

from enum import StrEnum

from pydantic import Field, RootModel

from lms.admin.forms import MAX_UNIT_CODE
from lms.api.schemas.auth import UnitRef
from lms.api.schemas.common import Error, Form, Out, PageOut, PageQuery, Query, Timestamp, Upload
from lms.auth.models import StaffCategory
from lms.reports.people import STATUSES

#: The people filters of the drill-down (`lms.reports.people.STATUSES`).
PeopleStatus = StrEnum("PeopleStatus", [(name, name) for name in STATUSES])  # type: ignore[misc]  # from STATUSES

#: A staff category, or "" for all of them.
CategoryFilter = StrEnum(  # type: ignore[misc]  # members from StaffCategory
    "CategoryFilter", [("ALL", ""), *((category.name, category.value) for category in StaffCategory)]
)

#: The drill-down's search box is this long.
MAX_SEARCH = 100


class UnitsStatsQuery(Query):
    parent: str = Field(
        "", max_length=MAX_UNIT_CODE, description="Mã đơn vị; mặc định: cả tỉnh, hoặc đơn vị mình quản lý"
    )


class PeopleQuery(PageQuery):
    unit: str = Field("", max_length=MAX_UNIT_CODE, description="Mã đơn vị (gồm các đơn vị trực thuộc)")
    status: PeopleStatus = Field(PeopleStatus("all"), description="Tình trạng, ví dụ not_completed")
    q: str = Field("", max_length=MAX_SEARCH, description="Tìm theo tên (có dấu hoặc không dấu)")
    category: CategoryFilter = Field(CategoryFilter(""), description="Chỉ một đối tượng (bỏ trống: mọi đối tượng)")


class StatsRow(Out):
    code: str
    name: str
    staff_total: int
    enrolled: int
    in_progress: int
    lessons_completed: int
    assessed: int
    completed: int = Field(description="Số người đạt (được xác nhận); như confirmed")
    confirmed: int
    certified: int
    completion_rate: float = Field(description="Tỷ lệ đạt trên tổng số cán bộ (%)")


class UnitsStatsOut(Out):
    parent: StatsRow = Field(description="Tổng của đơn vị cha")
    items: list[StatsRow] = Field(description="Từng đơn vị trực thuộc")
    by_category: list[StatsRow] = Field(description="Theo đối tượng")


class PersonOut(Out):
    id: int
    username: str
    full_name: str
    unit: UnitRef
    staff_category: StaffCategory | None
    progress_percent: int | None
    last_activity_at: Timestamp | None
    best_percent: float | None
    confirmed_at: Timestamp | None
    certificate_serial: str | None


class PeoplePage(PageOut):
    items: list[PersonOut]


class RosterForm(Form):
    file: Upload = Field(description="Danh sách CSV (UTF-8) hoặc XLSX")


class RosterQuery(Query):
    dry_run: bool = Field(False, description="true: chỉ kiểm tra, không ghi gì")
    partial: bool = Field(False, description="true: ghi các dòng đúng dù có dòng lỗi")
    deactivate_missing: bool = Field(False, description="true: khóa tài khoản không có trong danh sách")


class RowError(Out):
    row: int
    field: str
    message: str


class RosterImportOut(Out):
    created: int
    updated: int
    unchanged: int
    deactivated: int
    enrolled: int
    written: bool
    errors: list[RowError]


class RosterImportRefused(RootModel[RosterImportOut | Error]):
    """422: the file's report (nothing was written), or an error about the request."""
