"""Plain functions that add and flush test data."""

from datetime import date

from sqlalchemy.orm import Session

from lms.auth.models import Role, RoleAssignment, StaffCategory, User
from lms.auth.passwords import hash_password
from lms.org.models import Unit, UnitKind
from lms.org.services import create_unit

PASSWORD = "Mot-mat-khau-dai-2026"
HASH_METHOD = "pbkdf2:sha256:1000"


class Tree:
    """A small province: two communes (A with a sub-unit), one department."""

    def __init__(self, session: Session) -> None:
        self.province = create_unit(session, "tinh", "Tỉnh Thử nghiệm", UnitKind.PROVINCE, None)
        self.commune_a = create_unit(session, "xa-a", "Xã Mường Kim", UnitKind.COMMUNE, self.province)
        self.commune_a_sub = create_unit(
            session, "xa-a-ttdv", "Trung tâm Dịch vụ xã A", UnitKind.SUB_UNIT, self.commune_a
        )
        self.commune_b = create_unit(session, "xa-b", "Xã Khoen On", UnitKind.COMMUNE, self.province)
        self.department = create_unit(session, "so-noi-vu", "Sở Nội vụ", UnitKind.DEPARTMENT, self.province)


def make_user(
    session: Session,
    username: str,
    *roles: Role,
    unit: Unit | None = None,
    manages: Unit | None = None,
    password: str = PASSWORD,
    must_change_password: bool = False,
    full_name: str | None = None,
    category: StaffCategory = StaffCategory.CONG_CHUC,
    **fields: object,
) -> User:
    full_name = full_name or f"Người {username}"
    user = User(
        username=username,
        full_name=full_name,
        unit=unit,
        staff_category=category,
        date_of_birth=date(1990, 1, 2),
        password_hash=hash_password(password, HASH_METHOD),
        must_change_password=must_change_password,
        **fields,
    )
    for role in roles or (Role.LEARNER,):
        user.role_assignments.append(RoleAssignment(role=role, unit=manages if role == Role.MANAGER else None))
    session.add(user)
    session.flush()
    return user
