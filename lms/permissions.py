"""Who may do what. Pure predicates plus `require`, used by every view and API endpoint."""

from typing import TYPE_CHECKING, cast

from flask_login import current_user

from lms.auth.models import Role, User
from lms.errors import HTTP_MESSAGES, Forbidden

if TYPE_CHECKING:
    from lms.org.models import Unit

STAFF_ROLES = (Role.TRAINER, Role.MANAGER, Role.MONITOR, Role.ADMIN)


def current_account() -> User:
    """Return the signed-in person (views only; services take the user as an argument)."""
    return cast(User, current_user._get_current_object())  # type: ignore[attr-defined]


def require(ok: bool, message: str | None = None) -> None:
    """Stop with 403 unless `ok`."""
    if not ok:
        raise Forbidden(message or HTTP_MESSAGES[403][1])


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN)


def can_monitor_province(user: User) -> bool:
    """Monitors and admins see every unit's figures and people."""
    return user.is_authenticated and user.has_role(Role.MONITOR, Role.ADMIN)


def can_view_unit(user: User, unit: "Unit") -> bool:
    """Monitors and admins see every unit; a manager sees the units under the ones they manage."""
    if can_monitor_province(user):
        return True
    return any(root.contains(unit) for root in user.managed_units)


def can_browse_units(user: User) -> bool:
    return can_monitor_province(user) or bool(user.managed_units)


def can_author(user: User) -> bool:
    """Trainers and admins write courses and question banks."""
    return user.is_authenticated and user.has_role(Role.TRAINER, Role.ADMIN)


def can_see_personal_data(user: User) -> bool:
    """Only admins see national ID numbers and phone numbers unmasked."""
    return is_admin(user)


TEMPLATE_PREDICATES = {
    "is_admin": is_admin,
    "can_monitor_province": can_monitor_province,
    "can_view_unit": can_view_unit,
    "can_browse_units": can_browse_units,
    "can_author": can_author,
    "can_see_personal_data": can_see_personal_data,
}
