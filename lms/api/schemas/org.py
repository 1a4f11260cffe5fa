"""Shapes of the unit list."""

from pydantic import Field

from lms.admin.forms import MAX_UNIT_CODE
from lms.api.schemas.common import Out, PageOut, PageQuery
from lms.org.models import UnitKind


class UnitsQuery(PageQuery):
    parent: str = Field("", max_length=MAX_UNIT_CODE, description="Mã đơn vị: chỉ liệt kê các đơn vị trực thuộc nó")


class UnitOut(Out):
    code: str
    name: str
    kind: UnitKind
    active: bool


class UnitPage(PageOut):
    items: list[UnitOut]
