"""Changes to the unit tree."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.errors import ValidationFailed
from lms.org.models import Unit, UnitKind
from lms.text import clean


def create_unit(session: Session, code: str, name: str, kind: UnitKind, parent: Unit | None) -> Unit:
    """Add a unit under `parent` and set its materialised path.

    :raises ValidationFailed: the code is taken or a field is empty.
    """
    code, name = clean(code).lower(), clean(name)
    if not code or not name:
        raise ValidationFailed("Mã và tên đơn vị là bắt buộc.", fields={"code" if not code else "name": "Bắt buộc."})
    if parent is not None and not parent.active:
        raise ValidationFailed("Đơn vị cha đã ngừng hoạt động.", fields={"parent": "Đơn vị đã ngừng hoạt động."})
    if session.scalar(select(Unit.id).where(Unit.code == code)) is not None:
        raise ValidationFailed(f"Mã đơn vị “{code}” đã tồn tại.", fields={"code": "Mã đã tồn tại."})
    unit = Unit(code=code, name=name, kind=kind, parent=parent, active=True)
    session.add(unit)
    session.flush()  # the id is part of the path
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.flush()
    return unit
