"""Who may download which certificate."""

from lms.auth.models import User
from lms.certificates.models import Certificate
from lms.permissions import can_monitor_province, can_view_unit, is_admin


def can_download(user: User, certificate: Certificate) -> bool:
    """The holder, monitors and admins, and managers of the holder's unit."""
    if certificate.user_id == user.id or can_monitor_province(user):
        return True
    holder_unit = certificate.user.unit
    return holder_unit is not None and can_view_unit(user, holder_unit)


def can_administer(user: User) -> bool:
    """Revoking, re-issuing and the issuer settings are for admins."""
    return is_admin(user)
