"""Realistic demo data for Lai Châu: the unit tree, ~2 500 officials and five demo accounts.

Deterministic (fixed seeds) and idempotent: running it again adds nothing and changes nothing.
"""

import random
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from courses.models import Course, CourseAssignment
from courses.services import DEFAULT_DEADLINE, assign_course, enrol_new_people
from lms.auth.models import Gender, Role, RoleAssignment, StaffCategory, User
from lms.auth.passwords import hash_password, password_problems
from lms.demo_progress import seed_progress
from lms.models import now_utc
from lms.org import data
from lms.org.models import Unit, UnitKind
from lms.org.services import create_unit
from lms.text import fold, slugify

SEED = 2026
SHIPPED_COURSE = "kns-co-ban"


@dataclass
class DemoAccount:
    username: str
    full_name: str
    unit_code: str
    roles: tuple[Role, ...]
    category: StaffCategory
    position: str
    manages_own_unit: bool = False
    female: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("demo.learner", "Lò Văn Thắng", "xa-muong-kim", (Role.LEARNER,), StaffCategory.CONG_CHUC,
                "Công chức Văn phòng HĐND và UBND xã"),
    DemoAccount("demo.manager", "Hoàng Thị Mai", "xa-muong-kim", (Role.LEARNER, Role.MANAGER), StaffCategory.CAN_BO,
                "Phó Chủ tịch UBND xã", manages_own_unit=True, female=True),
    DemoAccount("demo.trainer", "Nguyễn Thu Hà", "phong-cong-chuc-vien-chuc", (Role.LEARNER, Role.TRAINER),
                StaffCategory.CONG_CHUC, "Chuyên viên Phòng Công chức, viên chức", female=True),
    DemoAccount("demo.monitor", "Trần Minh Đức", "so-noi-vu", (Role.LEARNER, Role.MONITOR), StaffCategory.CONG_CHUC,
                "Phó Giám đốc Sở Nội vụ"),
    DemoAccount("demo.admin", "Phạm Quang Huy", "trung-tam-chuyen-doi-so", (Role.ADMIN,), StaffCategory.VIEN_CHUC,
                "Viên chức Trung tâm Chuyển đổi số"),
]  # fmt: skip


@dataclass
class SeedReport:
    units_created: int = 0
    people_created: int = 0
    accounts_created: list[str] = field(default_factory=list)
    password: str | None = None
    enrolled: int = 0
    with_progress: int = 0


def seed_demo(
    session: Session, password: str | None, hash_method: str, issuer_name: str = "Sở Nội vụ tỉnh Lai Châu"
) -> SeedReport:
    """Create whatever part of the demo data is missing; flush, never commit."""
    report = SeedReport()
    units = _seed_units(session, report)
    _seed_officials(session, units, report)
    _seed_accounts(session, units, password, hash_method, report)
    course = session.scalar(select(Course).where(Course.slug == SHIPPED_COURSE))
    if course is not None:  # only once `content sync` has loaded it
        report.enrolled = _assign_shipped_course(session, units, course)
        report.with_progress = seed_progress(session, course, now_utc(), issuer_name)
    return report


# --- units ------------------------------------------------------------------


def _seed_units(session: Session, report: SeedReport) -> dict[str, Unit]:
    units = {u.code: u for u in session.scalars(select(Unit))}

    def ensure(code: str, name: str, kind: UnitKind, parent: Unit | None) -> Unit:
        if code not in units:
            units[code] = create_unit(session, code, name, kind, parent)
            report.units_created += 1
        return units[code]

    province = ensure(data.PROVINCE[0], data.PROVINCE[1], UnitKind.PROVINCE, None)
    for name in data.WARDS:
        ensure(f"phuong-{slugify(name)}", f"Phường {name}", UnitKind.WARD, province)
    for name in data.COMMUNES:
        ensure(f"xa-{slugify(name)}", f"Xã {name}", UnitKind.COMMUNE, province)
    for name, subs in data.DEPARTMENTS.items():
        department = ensure(slugify(name)[:40], name, UnitKind.DEPARTMENT, province)
        for sub in subs:
            ensure(slugify(sub)[:40], sub, UnitKind.SUB_UNIT, department)
    return units


# --- officials --------------------------------------------------------------

ETHNIC_SURNAMES = {
    "thai": ["Lò", "Lường", "Tao", "Quàng", "Cầm", "Điêu", "Hoàng"],
    "mong": ["Giàng", "Sùng", "Vàng", "Thào", "Lầu", "Ly", "Hầu", "Chang"],
    "dao": ["Phàn", "Tẩn", "Chảo", "Lý"],
    "ha_nhi": ["Chu", "Pờ", "Lỳ", "Phìn"],
}
ETHNIC_GIVEN_MALE = ["Phong", "Sơn", "Dũng", "Chinh", "Pháo", "Sử", "Dình", "Tủa", "Thắng", "Hùng", "Cường",
                     "Chung", "Páo", "Súa", "Khánh", "Tuấn", "Lả", "Seo"]  # fmt: skip
ETHNIC_GIVEN_FEMALE = ["Mai", "Lan", "Dung", "Hoa", "Ua", "Mỷ", "Pà", "Xuân", "Hương", "Thu", "Nga", "Vân",
                       "Chi", "Dợ", "Sinh"]  # fmt: skip
KINH_MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thanh", "Ngọc", "Tiến", "Mạnh"]
KINH_MIDDLE_FEMALE = ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Thùy", "Kim", "Phương"]

COMMUNE_POSITIONS = {
    StaffCategory.CAN_BO: ["Bí thư Đảng ủy xã", "Phó Bí thư Đảng ủy xã", "Chủ tịch HĐND xã", "Phó Chủ tịch HĐND xã",
                           "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", "Chủ tịch Ủy ban MTTQ Việt Nam xã",
                           "Phó Chủ tịch Ủy ban MTTQ Việt Nam xã", "Bí thư Đoàn Thanh niên xã"],
    StaffCategory.CONG_CHUC: ["Chánh Văn phòng HĐND và UBND xã", "Chuyên viên Văn phòng HĐND và UBND xã",
                              "Trưởng phòng Kinh tế", "Chuyên viên Phòng Kinh tế", "Trưởng phòng Văn hóa - Xã hội",
                              "Chuyên viên Phòng Văn hóa - Xã hội", "Công chức Tư pháp - Hộ tịch",
                              "Công chức Tài chính - Kế toán", "Công chức Địa chính - Xây dựng"],
    StaffCategory.VIEN_CHUC: ["Viên chức Trung tâm Phục vụ hành chính công xã", "Viên chức Trung tâm Dịch vụ tổng hợp",
                              "Kế toán Trung tâm Dịch vụ tổng hợp"],
    StaffCategory.KHONG_CHUYEN_TRACH: ["Trưởng bản", "Bí thư Chi bộ bản", "Nhân viên thú y", "Văn thư - Thủ quỹ",
                                       "Phó Chỉ huy trưởng Quân sự xã"],
}  # fmt: skip
DEPARTMENT_POSITIONS = {
    StaffCategory.CAN_BO: ["Giám đốc", "Phó Giám đốc"],
    StaffCategory.CONG_CHUC: ["Chuyên viên", "Chuyên viên chính", "Trưởng phòng", "Phó Trưởng phòng", "Thanh tra viên"],
    StaffCategory.VIEN_CHUC: ["Viên chức", "Kế toán viên", "Chuyên viên kỹ thuật"],
    StaffCategory.KHONG_CHUYEN_TRACH: ["Nhân viên"],
}  # fmt: skip

COMMUNE_MIX = {StaffCategory.CAN_BO: 20, StaffCategory.CONG_CHUC: 40, StaffCategory.VIEN_CHUC: 15,
               StaffCategory.KHONG_CHUYEN_TRACH: 25}  # fmt: skip
DEPARTMENT_MIX = {StaffCategory.CAN_BO: 5, StaffCategory.CONG_CHUC: 65, StaffCategory.VIEN_CHUC: 30,
                  StaffCategory.KHONG_CHUYEN_TRACH: 0}  # fmt: skip


def _make_name(rng: random.Random, faker: Faker, male: bool, local_share: float) -> tuple[str, str, str]:
    """Return (family, middle, given): Lai Châu mixes Thái, Mông, Dao, Hà Nhì and Kinh names."""
    if rng.random() < local_share:
        group = rng.choice(list(ETHNIC_SURNAMES))
        family = rng.choice(ETHNIC_SURNAMES[group])
        if group in ("mong", "ha_nhi"):
            middle = "A" if male else rng.choice(["Thị", "Mỷ"])
        else:
            middle = "Văn" if male else "Thị"
        given = rng.choice(ETHNIC_GIVEN_MALE if male else ETHNIC_GIVEN_FEMALE)
        return family, middle, given
    family = faker.last_name()
    middle = rng.choice(KINH_MIDDLE_MALE if male else KINH_MIDDLE_FEMALE)
    given = faker.first_name_male() if male else faker.first_name_female()
    return family, middle, given


def _pick(rng: random.Random, mix: dict[StaffCategory, int]) -> StaffCategory:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def _official_rows(units: dict[str, Unit]) -> list[dict[str, object]]:
    """Generate the same officials every time (seeded), as rows for a bulk insert."""
    rng = random.Random(SEED)
    faker = Faker("vi_VN")
    faker.seed_instance(SEED)
    rows: list[dict[str, object]] = []
    taken: set[str] = set()
    placements: list[tuple[Unit, dict[StaffCategory, int], dict[StaffCategory, list[str]], int]] = []
    for unit in sorted(units.values(), key=lambda u: u.code):
        if unit.kind in (UnitKind.COMMUNE, UnitKind.WARD):
            placements.append((unit, COMMUNE_MIX, COMMUNE_POSITIONS, rng.randint(40, 70)))
        elif unit.kind in (UnitKind.DEPARTMENT, UnitKind.SUB_UNIT):
            placements.append((unit, DEPARTMENT_MIX, DEPARTMENT_POSITIONS, rng.randint(8, 25)))
    for unit, mix, positions, size in placements:
        commune = unit.kind in (UnitKind.COMMUNE, UnitKind.WARD)
        suffix = unit.code.split("-", 1)[1].replace("-", "") if commune else unit.code.replace("-", "")[:16]
        for _ in range(size):
            male = rng.random() < 0.55
            family, middle, given = _make_name(rng, faker, male, 0.6 if commune else 0.3)
            initials = "".join(fold(part)[0] for part in (family, middle) if part)
            base = f"{fold(given).replace(' ', '')}{initials}.{suffix}"
            username, n = base, 1
            while username in taken:
                n += 1
                username = f"{base}{n}"
            taken.add(username)
            category = _pick(rng, mix)
            full_name = f"{family} {middle} {given}"
            born = date(1966, 1, 1) + timedelta(days=rng.randint(0, 36 * 365))
            rows.append(
                {
                    "username": username,
                    "full_name": full_name,
                    "search_text": fold(f"{full_name} {username}"),
                    "date_of_birth": born,
                    "gender": Gender.MALE if male else Gender.FEMALE,
                    "unit_id": unit.id,
                    "position": rng.choice(positions[category]),
                    "staff_category": category,
                    "email": f"{username}@laichau.gov.vn" if category != StaffCategory.KHONG_CHUYEN_TRACH else None,
                    "phone": "0" + rng.choice("389") + "".join(rng.choice("0123456789") for _ in range(8)),
                    "national_id": "012"
                    + ("0" if male else "1")
                    + f"{born.year % 100:02d}"
                    + "".join(rng.choice("0123456789") for _ in range(6)),
                    "active": True,
                    "password_hash": None,  # officials get a password from an admin (roster import)
                    "must_change_password": True,
                    "session_version": 1,
                }
            )
    return rows


def _seed_officials(session: Session, units: dict[str, Unit], report: SeedReport) -> None:
    rows = _official_rows(units)
    existing = set(session.scalars(select(User.username)))
    new_rows = [row for row in rows if row["username"] not in existing]
    if not new_rows:
        return
    ids = session.scalars(insert(User).returning(User.id), new_rows).all()
    session.execute(insert(RoleAssignment), [{"user_id": i, "role": Role.LEARNER, "unit_id": None} for i in ids])
    report.people_created = len(ids)


# --- demo accounts ----------------------------------------------------------


def _new_demo_password() -> str:
    while True:
        candidate = "Kns-" + secrets.token_urlsafe(9)
        if not password_problems(candidate):
            return candidate


def _seed_accounts(
    session: Session, units: dict[str, Unit], password: str | None, hash_method: str, report: SeedReport
) -> None:
    existing = set(session.scalars(select(User.username).where(User.username.like("demo.%"))))
    missing = [a for a in DEMO_ACCOUNTS if a.username not in existing]
    if not missing:
        return
    password = password or _new_demo_password()
    report.password = password
    password_hash = hash_password(password, hash_method)  # one hash: the five accounts share a password
    for account in missing:
        unit = units[account.unit_code]
        user = User(
            username=account.username,
            full_name=account.full_name,
            unit=unit,
            position=account.position,
            staff_category=account.category,
            gender=Gender.MALE
            if account.full_name.split()[1] != "Thị" and account.username != "demo.trainer"
            else Gender.FEMALE,
            date_of_birth=date(1985, 5, 19),
            email=f"{account.username}@laichau.gov.vn",
            password_hash=password_hash,
            must_change_password=True,
            active=True,
        )
        for role in account.roles:
            user.role_assignments.append(
                RoleAssignment(role=role, unit=unit if role == Role.MANAGER and account.manages_own_unit else None)
            )
        session.add(user)
        report.accounts_created.append(account.username)
    session.flush()


# --- the shipped course -------------------------------------------------------


def _assign_shipped_course(session: Session, units: dict[str, Unit], course: Course) -> int:
    """Assign the shipped course to the whole province (once), and enrol anyone the rule has not reached yet."""
    province = units[data.PROVINCE[0]]
    rule = session.scalar(
        select(CourseAssignment).where(CourseAssignment.course_id == course.id, CourseAssignment.unit_id == province.id)
    )
    if rule is None:
        return assign_course(session, course, [province.code], [], [], DEFAULT_DEADLINE).enrolled
    return enrol_new_people(session, session.scalars(select(User.id)).all())
