"""The people behind a number: who is in which state, with their progress, score and certificate."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from courses.models import Course, Enrolment
from lms.auth.models import User
from lms.certificates.models import Certificate, CertificateStatus
from lms.errors import ValidationFailed
from lms.org.models import Unit
from lms.pagination import Page, paginate_rows
from lms.text import like_pattern
from quizzes.models import Confirmation

#: Drill-down filters, with their Vietnamese labels.
STATUSES = {
    "all": "Tất cả",
    "not_enrolled": "Chưa đăng ký học",
    "not_started": "Đã đăng ký, chưa học",
    "in_progress": "Đang học",
    "completed": "Hoàn thành khóa học",
    "assessed": "Đã dự đánh giá",
    "not_completed": "Chưa đạt (chưa được xác nhận)",
    "confirmed": "Đạt (được xác nhận)",
    "certified": "Được cấp giấy chứng nhận",
}


@dataclass(frozen=True)
class PersonRow:
    user: User
    unit: Unit
    progress_percent: int | None
    last_activity_at: datetime | None
    best_percent: Decimal | None
    confirmed_at: datetime | None
    certificate_serial: str | None

    @property
    def status_label(self) -> str:
        if self.confirmed_at:
            return STATUSES["confirmed"]
        if self.progress_percent is None:
            return STATUSES["not_enrolled"]
        return STATUSES["in_progress"] if self.last_activity_at else STATUSES["not_started"]


def list_people(
    session: Session,
    root: Unit,
    course: Course,
    status: str = "all",
    query: str = "",
    category: str = "",
    page: int = 1,
    per_page: int = 50,
) -> Page[PersonRow]:
    """Page through the active people of a subtree in one state (current state, not a past cut-off)."""
    if status not in STATUSES:
        raise ValidationFailed(f"Trạng thái “{status}” không hợp lệ.", fields={"status": ", ".join(STATUSES)})
    e, c = aliased(Enrolment), aliased(Confirmation)
    cert = aliased(Certificate)
    stmt = (
        select(User, Unit, e.progress_percent, e.last_activity_at, e.best_percent, c.confirmed_at, cert.serial)
        .join(Unit, User.unit_id == Unit.id)
        .outerjoin(e, and_(e.user_id == User.id, e.course_id == course.id))
        .outerjoin(c, and_(c.user_id == User.id, c.framework_id == course.framework_id))
        .outerjoin(cert, and_(cert.confirmation_id == c.id, cert.status == CertificateStatus.VALID))
        .where(User.active.is_(True), Unit.path.like(root.path + "%"))
        .order_by(Unit.name, User.search_text, User.id)
    )
    conditions = {
        "not_enrolled": e.id.is_(None),
        "not_started": and_(e.id.is_not(None), e.started_at.is_(None)),
        "in_progress": and_(e.started_at.is_not(None), e.lessons_completed_at.is_(None)),
        "completed": e.lessons_completed_at.is_not(None),
        "assessed": e.assessed_at.is_not(None),
        "not_completed": c.id.is_(None),
        "confirmed": c.id.is_not(None),
        "certified": cert.id.is_not(None),
    }
    if status in conditions:
        stmt = stmt.where(conditions[status])
    if query.strip():
        stmt = stmt.where(User.search_text.like(like_pattern(query), escape="\\"))
    if category:
        stmt = stmt.where(User.staff_category == category)
    return paginate_rows(session, stmt, page, per_page, PersonRow)
