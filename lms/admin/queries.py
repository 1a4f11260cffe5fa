"""Read-only figures for the admin home page."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.auth.models import Role, RoleAssignment, User
from lms.org.models import Unit


@dataclass(frozen=True)
class Totals:
    people: int
    active_people: int
    units: int
    staff_roles: int


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
