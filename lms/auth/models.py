"""People, their roles and their API tokens."""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.extensions import db
from lms.models import UTCDateTime, created_at, intpk, now_utc
from lms.text import clean, fold

if TYPE_CHECKING:
    from lms.org.models import Unit


#: A username is at most this long (the users.username column); the API's sign-in and enrolment share it.
MAX_USERNAME = 64


class Role(StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    MANAGER = "manager"
    MONITOR = "monitor"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.LEARNER: "Học viên",
    Role.TRAINER: "Giảng viên",
    Role.MANAGER: "Quản lý đơn vị",
    Role.MONITOR: "Theo dõi cấp tỉnh",
    Role.ADMIN: "Quản trị",
}


class StaffCategory(StrEnum):
    CAN_BO = "can_bo"
    CONG_CHUC = "cong_chuc"
    VIEN_CHUC = "vien_chuc"
    KHONG_CHUYEN_TRACH = "khong_chuyen_trach"


STAFF_CATEGORY_LABELS = {
    StaffCategory.CAN_BO: "Cán bộ",
    StaffCategory.CONG_CHUC: "Công chức",
    StaffCategory.VIEN_CHUC: "Viên chức",
    StaffCategory.KHONG_CHUYEN_TRACH: "Người hoạt động không chuyên trách",
}


class Gender(StrEnum):
    MALE = "nam"
    FEMALE = "nu"
    OTHER = "khac"


GENDER_LABELS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ", Gender.OTHER: "Khác"}


def _in(values: type[StrEnum]) -> str:
    return "(" + ", ".join(repr(v.value) for v in values) + ")"


#: Folding can lengthen text (ß → ss, Hangul syllables → jamo): the stored search text is cut to fit.
SEARCH_TEXT_LENGTH = 200


class User(db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"staff_category IS NULL OR staff_category IN {_in(StaffCategory)}", name="staff_category"),
        CheckConstraint(f"gender IS NULL OR gender IN {_in(Gender)}", name="gender"),
    )

    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(MAX_USERNAME), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    #: Folded "name username" for diacritic-insensitive search.
    search_text: Mapped[str] = mapped_column(String(SEARCH_TEXT_LENGTH), default="", index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(10))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    position: Mapped[str | None] = mapped_column(String(200))
    staff_category: Mapped[str | None] = mapped_column(String(30), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    national_id: Mapped[str | None] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: None means no password is set yet: the person cannot sign in until an admin sets one.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Raised whenever sessions must end (password change, deactivation): old cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-step sign-in (TOTP): the shared secret, when it was turned on, and the last time step used (no replays).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    unit: Mapped["Unit | None"] = relationship()
    role_assignments: Mapped[list["RoleAssignment"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @validates("username")
    def _normalise_username(self, key: str, value: str) -> str:
        value = clean(value).lower()
        self.search_text = fold(f"{self.full_name or ''} {value}")[:SEARCH_TEXT_LENGTH]
        return value

    @validates("full_name")
    def _normalise_full_name(self, key: str, value: str) -> str:
        value = clean(value)
        self.search_text = fold(f"{value} {self.username or ''}")[:SEARCH_TEXT_LENGTH]
        return value

    @validates("position", "email", "phone", "national_id")
    def _normalise_text(self, key: str, value: str | None) -> str | None:
        return clean(value) or None

    # Flask-Login protocol
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def roles(self) -> set[Role]:
        return {Role(a.role) for a in self.role_assignments}

    def has_role(self, *roles: Role) -> bool:
        return any(a.role in roles for a in self.role_assignments)

    @property
    def managed_units(self) -> list["Unit"]:
        return [a.unit for a in self.role_assignments if a.role == Role.MANAGER and a.unit is not None]

    @property
    def masked_national_id(self) -> str:
        return mask(self.national_id)

    @property
    def masked_phone(self) -> str:
        return mask(self.phone)

    def __repr__(self) -> str:
        return f"<User {self.username}>"


def mask(value: str | None, keep: int = 3) -> str:
    """Hide all but the last few characters of personal data ("001234567890" → "•••••••••890")."""
    if not value:
        return ""
    return "•" * max(len(value) - keep, 0) + value[-keep:]


class RoleAssignment(db.Model):
    """One role held by one person; a manager's role is scoped to a unit and its sub-units."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "unit_id", name="uq_role_assignments_user_role_unit"),
        CheckConstraint(f"role IN {_in(Role)}", name="role"),
        CheckConstraint("role <> 'manager' OR unit_id IS NOT NULL", name="manager_has_unit"),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    created_at: Mapped[created_at]

    user: Mapped[User] = relationship(back_populates="role_assignments")
    unit: Mapped["Unit | None"] = relationship(lazy="joined")


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[created_at]
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginThrottle(db.Model):
    """Failed sign-ins per key ("user:<name>" or "ip:<address>"), shared by every app process."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
