"""Changes to the unit tree by admins: rename, move, merge, deactivate. Flush, never commit.

They live here rather than in lms.org because a merge also moves course assignments.
"""

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from courses.models import CourseAssignment
from lms.audit import record
from lms.auth.models import RoleAssignment, User
from lms.errors import Conflict, ValidationFailed
from lms.org.models import Unit
from lms.text import clean


def _subtree(session: Session, unit: Unit) -> list[Unit]:
    return list(session.scalars(select(Unit).where(Unit.path.like(unit.path + "%")).order_by(Unit.path)))


def rename(session: Session, unit: Unit, name: str, actor: User) -> None:
    name = clean(name)
    if not name or len(name) > 200:
        raise ValidationFailed(
            "Tên đơn vị là bắt buộc, tối đa 200 ký tự.", fields={"name": "Bắt buộc, tối đa 200 ký tự."}
        )
    old = unit.name
    unit.name = name
    record(session, actor.id, "unit.rename", unit, None, old=old, new=name)


def move(session: Session, unit: Unit, new_parent: Unit, actor: User) -> None:
    """Put a unit (and everything under it) under another parent; paths of the whole subtree follow."""
    if not new_parent.active:
        raise ValidationFailed("Đơn vị cha đã ngừng hoạt động.", fields={"parent": "Đơn vị đã ngừng hoạt động."})
    if new_parent.path.startswith(unit.path):
        raise ValidationFailed("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
                               fields={"parent": "Đơn vị cha không hợp lệ."})  # fmt: skip
    old_prefix, new_prefix = unit.path, f"{new_parent.path}{unit.id}/"
    old_parent = unit.parent.code if unit.parent else None
    for node in _subtree(session, unit):
        node.path = new_prefix + node.path[len(old_prefix) :]
    unit.parent = new_parent
    session.flush()
    record(session, actor.id, "unit.move", unit, None, old_parent=old_parent, new_parent=new_parent.code)


def count_active_people(session: Session, unit: Unit) -> int:
    """Active people in the unit and every unit below it."""
    return session.scalar(
        select(func.count(User.id)).join(Unit, User.unit_id == Unit.id)
        .where(User.active.is_(True), Unit.path.like(unit.path + "%"))
    ) or 0  # fmt: skip


def deactivate(session: Session, unit: Unit, actor: User) -> None:
    """Deactivate a unit that no longer has active people (merge it first otherwise)."""
    people = count_active_people(session, unit)
    if people:
        raise Conflict(f"Đơn vị còn {people} người đang hoạt động; hãy sáp nhập hoặc chuyển họ trước.")
    for node in _subtree(session, unit):
        node.active = False
    record(session, actor.id, "unit.deactivate", unit, None, code=unit.code)


def merge(session: Session, source: Unit, target: Unit, actor: User) -> int:
    """Merge `source` into `target`: its people, sub-units and manager scopes move; enrolments, completions and
    certificates follow the people. The old unit stays (inactive, `merged_into`) for history. Returns people moved."""
    if source.id == target.id or target.path.startswith(source.path):
        raise ValidationFailed("Không thể sáp nhập một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
                               fields={"target": "Đơn vị nhận không hợp lệ."})  # fmt: skip
    if not target.active:
        raise ValidationFailed("Đơn vị nhận đã ngừng hoạt động.", fields={"target": "Đơn vị đã ngừng hoạt động."})
    if not source.active:
        raise Conflict(f"Đơn vị “{source.name}” đã ngừng hoạt động hoặc đã được sáp nhập.")
    moved = session.execute(update(User).where(User.unit_id == source.id).values(unit_id=target.id)).rowcount or 0
    for child in list(session.scalars(select(Unit).where(Unit.parent_id == source.id))):
        move(session, child, target, actor)
    session.execute(update(RoleAssignment).where(RoleAssignment.unit_id == source.id).values(unit_id=target.id))
    _move_course_assignments(session, source, target)
    source.active = False
    source.merged_into_id = target.id
    session.flush()
    record(session, actor.id, "unit.merge", source, None, source=source.code, target=target.code, people=moved)
    return moved


def _move_course_assignments(session: Session, source: Unit, target: Unit) -> None:
    session.execute(update(CourseAssignment).where(CourseAssignment.unit_id == source.id).values(unit_id=target.id))
