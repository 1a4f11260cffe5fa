"""Read-only queries for the admin pages: totals, people, the unit tree and the audit log."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from lms.audit import AuditEvent
from lms.auth.models import Role, RoleAssignment, User
from lms.org.models import Unit


@dataclass(frozen=True)
class Totals:
    people: int
    active_people: int
    units: int
    staff_roles: int


@dataclass(frozen=True)
class UnitTreeRow:
    unit: Unit
    depth: int
    people: int
    merged_into: Unit | None


def count_totals(session: Session) -> Totals:
    people, active = session.execute(
        select(func.count(User.id), func.count(User.id).filter(User.active.is_(True)))
    ).one()
    units = session.scalar(select(func.count(Unit.id))) or 0
    staff = session.scalar(select(func.count(RoleAssignment.id)).where(RoleAssignment.role != Role.LEARNER)) or 0
    return Totals(people, active, units, staff)


def list_role_holders(session: Session, limit: int = 200) -> list[User]:
    """People who hold a role other than learner, with their roles and units loaded."""
    holder_ids = select(RoleAssignment.user_id).where(RoleAssignment.role != Role.LEARNER)
    stmt = (
        select(User)
        .options(selectinload(User.role_assignments), selectinload(User.unit))
        .where(User.id.in_(holder_ids))
        .order_by(User.username)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def get_user(session: Session, user_id: int) -> User | None:
    """A person with their roles and unit loaded."""
    return session.scalar(
        select(User).options(selectinload(User.role_assignments), selectinload(User.unit)).where(User.id == user_id)
    )


# --- units ---------------------------------------------------------------------------


def list_unit_tree(session: Session) -> list[UnitTreeRow]:
    """List every unit in tree order (siblings by name) with its subtree's active people, in two queries."""
    all_units = list(session.scalars(select(Unit)))
    direct = session.execute(
        select(User.unit_id, func.count(User.id))
        .where(User.active.is_(True), User.unit_id.is_not(None))
        .group_by(User.unit_id)
    ).all()
    by_id = {unit.id: unit for unit in all_units}
    people: Counter[int] = Counter()
    for unit_id, count in direct:
        unit = by_id.get(unit_id)
        for part in unit.path.strip("/").split("/") if unit else ():
            people[int(part)] += count  # the unit and each unit above it
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in all_units:
        children[unit.parent_id].append(unit)
    rows: list[UnitTreeRow] = []
    stack = [(unit, 0) for unit in sorted(children[None], key=lambda u: u.search_name, reverse=True)]
    while stack:
        unit, depth = stack.pop()
        rows.append(UnitTreeRow(unit, depth, people[unit.id], by_id.get(unit.merged_into_id or 0)))
        below = sorted(children[unit.id], key=lambda u: (not u.active, u.search_name), reverse=True)
        stack.extend((child, depth + 1) for child in below)
    return rows


def list_children(session: Session, unit: Unit) -> list[Unit]:
    """The units directly under `unit`, by name."""
    return list(session.scalars(select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.search_name)))


def get_merged_into(session: Session, unit: Unit) -> Unit | None:
    """The unit that `unit` was merged into, if it was."""
    return session.get(Unit, unit.merged_into_id) if unit.merged_into_id else None


# --- audit log -----------------------------------------------------------------------


def list_audit_actions(session: Session) -> list[str]:
    """Every action the audit log holds, for the filter's choices."""
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def select_audit_events(
    action: str | None, username: str | None, start: datetime | None, end: datetime | None
) -> Select[Any]:
    """Select (event, actor's username) rows, newest first, filtered by action, actor and [start, end)."""
    stmt = (
        select(AuditEvent, User.username)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if username:
        stmt = stmt.where(User.username == username)
    if start is not None:
        stmt = stmt.where(AuditEvent.at >= start)
    if end is not None:
        stmt = stmt.where(AuditEvent.at < end)
    return stmt
