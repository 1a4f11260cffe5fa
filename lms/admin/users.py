"""People administration: search, edit, deactivate, reset passwords, roles. Flush, never commit."""

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from courses.services import enrol_new_people
from lms.audit import record
from lms.auth import two_factor
from lms.auth.models import STAFF_CATEGORY_LABELS, Gender, Role, RoleAssignment, User
from lms.auth.passwords import hash_password
from lms.auth.services import end_every_session
from lms.errors import Conflict, ValidationFailed
from lms.org.models import Unit
from lms.pagination import Page, paginate
from lms.text import clean, like_pattern


@dataclass(frozen=True)
class UserFilter:
    q: str = ""
    unit: Unit | None = None
    category: str = ""
    role: str = ""
    status: str = "active"  # active, inactive, all


def search_users(session: Session, filters: UserFilter, page: int = 1, per_page: int = 50) -> Page[User]:
    """Find people by name or username without diacritics, filtered by unit subtree, category, role, status."""
    stmt = (
        select(User)
        .options(selectinload(User.role_assignments), selectinload(User.unit))
        .order_by(User.search_text, User.id)
    )
    if filters.q.strip():
        stmt = stmt.where(User.search_text.like(like_pattern(filters.q), escape="\\"))
    if filters.unit is not None:
        stmt = stmt.join(Unit, User.unit_id == Unit.id).where(Unit.path.like(filters.unit.path + "%"))
    if filters.category:
        stmt = stmt.where(User.staff_category == filters.category)
    if filters.role:
        stmt = stmt.where(User.id.in_(select(RoleAssignment.user_id).where(RoleAssignment.role == filters.role)))
    if filters.status in ("active", "inactive"):
        stmt = stmt.where(User.active.is_(filters.status == "active"))
    return paginate(session, stmt, page, per_page)


@dataclass
class ProfileChange:
    full_name: str
    date_of_birth: date | None
    gender: str | None
    unit: Unit | None
    position: str | None
    staff_category: str | None
    email: str | None
    phone: str | None
    national_id: str | None


def update_profile(
    session: Session, user: User, change: ProfileChange, actor: User, address: str | None = None
) -> list[str]:
    """Apply an edit; people who change unit are enrolled by that unit's assignments. Returns the changed fields."""
    if change.gender and change.gender not in set(Gender):
        raise ValidationFailed("Giới tính không hợp lệ.", fields={"gender": "Không hợp lệ."})
    if change.staff_category and change.staff_category not in STAFF_CATEGORY_LABELS:
        raise ValidationFailed("Đối tượng không hợp lệ.", fields={"staff_category": "Không hợp lệ."})
    if change.national_id:
        other = session.scalar(select(User.id).where(User.national_id == change.national_id, User.id != user.id))
        if other is not None:
            raise ValidationFailed("Số định danh đã thuộc về người khác.", fields={"national_id": "Đã có người dùng."})
    changed = []
    for name in ("full_name", "date_of_birth", "gender", "position", "staff_category", "email", "phone", "national_id"):
        value = getattr(change, name)
        if isinstance(value, str):
            value = clean(value) or None  # compare what would be stored: NFC, trimmed, "" as None
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    moved = change.unit is not None and user.unit_id != change.unit.id
    if moved:
        user.unit = change.unit
        changed.append("unit")
    session.flush()
    if moved:
        enrol_new_people(session, [user.id])
    if changed:
        # Personal fields are masked in the log: it records what changed, not the values.
        record(session, actor.id, "user.update", user, address, fields=changed)
    return changed


def set_active(session: Session, user: User, active: bool, actor: User, address: str | None = None) -> None:
    """Deactivate (ending every session and token; history and certificates stay) or reactivate a person."""
    if user.id == actor.id and not active:
        raise Conflict("Bạn không thể tự khóa tài khoản của mình.")
    if user.active == active:
        return
    user.active = active
    if not active:
        end_every_session(session, user)
    record(session, actor.id, "user.activate" if active else "user.deactivate", user, address, username=user.username)


def reset_password(session: Session, user: User, actor: User, hash_method: str, address: str | None = None) -> str:
    """Give a one-time temporary password (shown once); the person must change it at next sign-in."""
    temporary = "Tam-" + secrets.token_urlsafe(9)
    user.password_hash = hash_password(temporary, hash_method)
    user.must_change_password = True
    end_every_session(session, user)
    record(session, actor.id, "user.password_reset", user, address, username=user.username)
    return temporary


def reset_two_factor(session: Session, user: User, actor: User, address: str | None = None) -> None:
    """Turn off two-step sign-in for someone who lost their phone; they sign in again (and set it up anew)."""
    two_factor.disable(session, user)
    end_every_session(session, user)
    record(session, actor.id, "user.two_factor_reset", user, address, username=user.username)


def grant_role(
    session: Session, user: User, role: str, unit: Unit | None, actor: User, address: str | None = None
) -> None:
    """Give a role; a manager's role needs the unit it covers."""
    if role not in set(Role):
        raise ValidationFailed("Vai trò không hợp lệ.", fields={"role": "Không hợp lệ."})
    if role == Role.MANAGER and unit is None:
        raise ValidationFailed(
            "Vai trò quản lý đơn vị cần chọn đơn vị.", fields={"unit": "Bắt buộc với vai trò quản lý."}
        )
    scope = unit if role == Role.MANAGER else None
    if any(a.role == role and a.unit_id == (scope.id if scope else None) for a in user.role_assignments):
        return
    user.role_assignments.append(RoleAssignment(role=role, unit=scope))
    session.flush()
    record(session, actor.id, "role.grant", user, address, role=role, unit=scope.code if scope else None)


def revoke_role(session: Session, user: User, assignment_id: int, actor: User, address: str | None = None) -> None:
    """Take a role away (an admin cannot drop their own admin role)."""
    assignment = next((a for a in user.role_assignments if a.id == assignment_id), None)
    if assignment is None:
        raise ValidationFailed("Không tìm thấy vai trò này của người dùng.", fields={"role": "Không có."})
    if assignment.role == Role.ADMIN and user.id == actor.id:
        raise Conflict("Bạn không thể tự bỏ vai trò quản trị của mình.")
    user.role_assignments.remove(assignment)
    session.flush()
    record(session, actor.id, "role.revoke", user, address, role=assignment.role,
           unit=assignment.unit.code if assignment.unit else None)  # fmt: skip
