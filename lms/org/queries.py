"""Read-only queries over the unit tree."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, contains_eager

from lms.auth.models import User
from lms.org.models import Unit, UnitKind
from lms.pagination import Page, paginate
from lms.text import like_pattern


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    staff_total: int


def get_unit_by_code(session: Session, code: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.code == code))


def get_province(session: Session) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.kind == UnitKind.PROVINCE).order_by(Unit.id).limit(1))


def count_staff_by_child(session: Session, parent: Unit) -> list[UnitRow]:
    """List the direct children of a unit with the active staff in each child's whole subtree (2 queries)."""
    children = list(session.scalars(select(Unit).where(Unit.parent_id == parent.id).order_by(Unit.kind, Unit.name)))
    if not children:
        return []
    # One grouped query: each person's unit path tells which child subtree they are in.
    rows = session.execute(
        select(Unit.path, func.count(User.id))
        .join(User, User.unit_id == Unit.id)
        .where(User.active.is_(True), Unit.path.like(parent.path + "%"))
        .group_by(Unit.path)
    ).all()
    totals = {child.path: 0 for child in children}
    for path, count in rows:
        for child_path in totals:
            if path.startswith(child_path):
                totals[child_path] += count
                break
    return [UnitRow(child, totals[child.path]) for child in children]


def count_staff(session: Session, unit: Unit) -> int:
    """Count active staff in a unit's subtree."""
    return (
        session.scalar(
            select(func.count(User.id))
            .join(Unit, User.unit_id == Unit.id)
            .where(User.active.is_(True), Unit.path.like(unit.path + "%"))
        )
        or 0
    )


def summarise_units(session: Session, units: list[Unit]) -> list[UnitRow]:
    return [UnitRow(unit, count_staff(session, unit)) for unit in units]


@dataclass(frozen=True)
class ProvinceSummary:
    province: Unit
    units: int
    staff_total: int


def province_summary(session: Session) -> ProvinceSummary | None:
    province = get_province(session)
    if province is None:
        return None
    units = session.scalar(select(func.count(Unit.id)).where(Unit.active.is_(True), Unit.parent_id == province.id))
    return ProvinceSummary(province, units or 0, count_staff(session, province))


def list_people(
    session: Session, unit: Unit, query: str = "", category: str = "", page: int = 1, per_page: int = 50
) -> Page[User]:
    """Page through the active people in a unit's subtree, searchable without diacritics."""
    stmt = (
        select(User)
        .join(Unit, User.unit_id == Unit.id)
        .options(contains_eager(User.unit))
        .where(User.active.is_(True), Unit.path.like(unit.path + "%"))
        .order_by(User.search_text, User.id)
    )
    if query.strip():
        stmt = stmt.where(User.search_text.like(like_pattern(query), escape="\\"))
    if category:
        stmt = stmt.where(User.staff_category == category)
    return paginate(session, stmt, page, per_page)


def search_units(session: Session, query: str, within: Unit | None = None) -> list[Unit]:
    stmt = select(Unit).where(Unit.search_name.like(like_pattern(query), escape="\\")).order_by(Unit.name).limit(50)
    if within is not None:
        stmt = stmt.where(or_(Unit.id == within.id, Unit.path.like(within.path + "%")))
    return list(session.scalars(stmt))


def list_ancestors(session: Session, unit: Unit) -> list[Unit]:
    """Return the units above `unit`, root first, in one query (from its materialised path)."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    if not ids:
        return []
    found = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def page_units(session: Session, parent: Unit | None, roots: list[Unit] | None, page: int, per_page: int) -> Page[Unit]:
    """Page through units: the children of `parent`, or every unit under `roots` (None: all units)."""
    stmt = select(Unit).order_by(Unit.path)
    if parent is not None:
        stmt = stmt.where(Unit.parent_id == parent.id)
    elif roots is not None:
        stmt = stmt.where(or_(*[Unit.path.like(root.path + "%") for root in roots]))
    return paginate(session, stmt, page, per_page)
