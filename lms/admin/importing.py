"""Apply a parsed roster to the database: create, update, optionally deactivate — all or nothing by default.

Re-importing the same file changes nothing. Bulk statements keep 20 000 rows to a few seconds.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from courses.services import enrol_new_people
from lms.admin.roster import RosterFile, RosterProblem, RosterRow
from lms.audit import record
from lms.auth.models import Role, RoleAssignment, User
from lms.org.models import Unit
from lms.text import fold

#: Roster fields copied onto the person (unit is handled separately, by code).
FIELDS = ("full_name", "date_of_birth", "gender", "position", "staff_category", "email", "phone", "national_id")
SEARCH_TEXT_LENGTH: int = User.__table__.c.search_text.type.length


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    enrolled: int = 0
    errors: list[RosterProblem] = field(default_factory=list)
    written: bool = False


def check_against_database(session: Session, roster: RosterFile) -> tuple[dict[str, Unit], list[RosterProblem]]:
    """Problems only the database can see: unknown or inactive unit codes, national IDs of other people."""
    codes = {r.unit_code for r in roster.rows}
    units = {u.code: u for u in session.scalars(select(Unit).where(Unit.code.in_(codes)))} if codes else {}
    problems = []
    for row in roster.rows:
        unit = units.get(row.unit_code)
        if unit is None:
            problems.append(RosterProblem(row.row, "unit_code", f"Không có đơn vị mã “{row.unit_code}”."))
        elif not unit.active:
            problems.append(RosterProblem(row.row, "unit_code", f"Đơn vị “{row.unit_code}” đã ngừng hoạt động."))
    ids = {r.national_id: r for r in roster.rows if r.national_id}
    if ids:
        owners = session.execute(select(User.national_id, User.username).where(User.national_id.in_(ids))).all()
        for national_id, username in owners:
            row = ids[national_id]
            if username != row.username:
                problems.append(
                    RosterProblem(row.row, "national_id", f"Số định danh đã thuộc về tài khoản “{username}”.")
                )
    return units, problems


def import_roster(
    session: Session,
    roster: RosterFile,
    actor: User | None,
    *,
    dry_run: bool = False,
    partial: bool = False,
    deactivate_missing: bool = False,
) -> ImportResult:
    """Import people; with any problem and not `partial`, nothing is written."""
    units, db_problems = check_against_database(session, roster)
    result = ImportResult(errors=sorted(roster.problems + db_problems, key=lambda p: (p.row, p.field)))
    bad = {p.row for p in result.errors}
    rows = [r for r in roster.rows if r.row not in bad]
    existing = {
        u.username: u for u in session.scalars(select(User).where(User.username.in_([r.username for r in rows])))
    }
    creates, updates = _plan(rows, existing, units, result)
    if dry_run or (result.errors and not partial):
        return result
    new_ids = _create(session, creates)
    if updates:
        session.execute(update(User), updates)
    moved_ids = [u["id"] for u in updates if "unit_id" in u]
    if deactivate_missing:
        result.deactivated = _deactivate_missing(session, rows, units)
    result.enrolled = enrol_new_people(session, new_ids + moved_ids)
    result.written = True
    record(session, actor.id if actor else None, "roster.import", None, None, created=result.created,
           updated=result.updated, unchanged=result.unchanged, deactivated=result.deactivated,
           skipped_rows=sorted(bad))  # fmt: skip
    return result


def _search_text(full_name: str, username: str) -> str:
    """The folded name for searching, cut to its column: folding can lengthen text (Hangul, "ß" → "ss")."""
    return fold(f"{full_name} {username}")[:SEARCH_TEXT_LENGTH]


def _values(row: RosterRow, unit: Unit) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in FIELDS}
    values["unit_id"] = unit.id
    return values


def _plan(
    rows: list[RosterRow], existing: dict[str, User], units: dict[str, Unit], result: ImportResult
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    creates, updates = [], []
    for row in rows:
        values = _values(row, units[row.unit_code])
        user = existing.get(row.username)
        if user is None:
            creates.append({"username": row.username, **values})
            result.created += 1
            continue
        changes = {k: v for k, v in values.items() if getattr(user, k) != v}
        if not user.active:
            changes["active"] = True  # listed again in the roster: working again
        if changes:
            if "full_name" in changes:
                changes["search_text"] = _search_text(values["full_name"], user.username)
            updates.append({"id": user.id, **changes})
            result.updated += 1
        else:
            result.unchanged += 1
    return creates, updates


def _create(session: Session, creates: list[dict[str, Any]]) -> list[int]:
    """Bulk-insert new people (no password: an admin gives one) as learners."""
    if not creates:
        return []
    rows = [
        {**c, "search_text": _search_text(c["full_name"], c["username"]), "active": True, "password_hash": None,
         "must_change_password": True, "session_version": 1}
        for c in creates
    ]  # fmt: skip
    ids = list(session.scalars(insert(User).returning(User.id), rows))
    session.execute(insert(RoleAssignment), [{"user_id": i, "role": Role.LEARNER, "unit_id": None} for i in ids])
    return ids


def _deactivate_missing(session: Session, rows: list[RosterRow], units: dict[str, Unit]) -> int:
    """People of the units in this file (the units themselves, not their sub-units) who are not listed."""
    listed = {r.username for r in rows}
    unit_ids = {units[r.unit_code].id for r in rows}
    admins = select(RoleAssignment.user_id).where(RoleAssignment.role == Role.ADMIN)  # never lock out the admins
    missing = session.scalars(
        select(User).where(
            User.unit_id.in_(unit_ids), User.active.is_(True), User.username.not_in(listed), User.id.not_in(admins)
        )
    ).all()
    for user in missing:
        user.active = False
        user.session_version += 1
    return len(missing)
