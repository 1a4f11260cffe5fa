"""Who may see levels of other people. Pure predicates."""

from lms.auth.models import User
from lms.org.models import Unit
from lms.permissions import can_author, can_browse_units, can_view_unit


def can_view_levels(user: User) -> bool:
    """Trainers, managers, monitors and admins see the distribution of levels (each within their scope)."""
    return user.is_authenticated and (can_author(user) or can_browse_units(user))


def can_view_unit_levels(user: User, unit: Unit) -> bool:
    """Trainers plan teaching for the whole province; managers see their own subtree; monitors and admins all."""
    return user.is_authenticated and (can_author(user) or can_view_unit(user, unit))
