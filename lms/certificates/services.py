"""Issue, revoke and re-issue certificates. Flush, never commit."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from courses.models import Course, Enrolment, Framework
from lms.audit import record
from lms.auth.models import User
from lms.certificates.models import Certificate, CertificateStatus, IssuerSettings
from lms.clock import DEFAULT_TZ, local_date
from lms.errors import Conflict, ValidationFailed
from lms.models import now_utc
from quizzes.models import Confirmation

#: Xếp loại thresholds (domain.md, an assumption until the official annex is read).
GRADES = ((Decimal(90), "Giỏi"), (Decimal(80), "Khá"))
MAX_SEAL_BYTES = 1024 * 1024
MAX_SEAL_SIDE = 3000


def grade_for(percent: Decimal) -> str:
    """Giỏi ≥ 90, Khá ≥ 80, otherwise Đạt (certificates exist only for a pass)."""
    for threshold, label in GRADES:
        if percent >= threshold:
            return label
    return "Đạt"


@dataclass(frozen=True)
class IssuerDefaults:
    """What a new installation's issuer settings start from (`LMS_ORG_NAME`, `LMS_ISSUER_HEADER`)."""

    name: str
    header: str = ""  # one line per body, as printed

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "IssuerDefaults":
        lines = [part.strip() for part in str(config.get("ISSUER_HEADER") or "").split("|") if part.strip()]
        return cls(str(config["ORG_NAME"]), "\n".join(lines))


def get_issuer(session: Session, defaults: IssuerDefaults | str) -> IssuerSettings:
    """The issuer settings row, created from the configured defaults the first time."""
    if isinstance(defaults, str):
        defaults = IssuerDefaults(defaults)
    settings = session.scalar(select(IssuerSettings).order_by(IssuerSettings.id).limit(1))
    if settings is None:
        settings = IssuerSettings(
            issuer_name=defaults.name, header=defaults.header, place="Lai Châu", signer_title="GIÁM ĐỐC", signer_name=""
        )
        session.add(settings)
        session.flush()
    return settings


def _framework_label(framework: Framework | None) -> str:
    return f"{framework.name}, phiên bản {framework.version}" if framework else ""


def issue_certificate(
    session: Session, confirmation: Confirmation, issuer: IssuerSettings, tz: str = DEFAULT_TZ
) -> Certificate:
    """Issue the certificate of a confirmation once; a second call returns the existing one. Its dates are the
    local dates (`tz`) of the confirmation: what the person and the dashboard call that day."""
    existing = valid_certificate_for(session, confirmation.id)
    if existing is not None:
        return existing
    user = session.get_one(User, confirmation.user_id)
    course = session.get_one(Course, confirmation.course_id)
    enrolment = session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id))
    certificate = _new_certificate(
        session, user, course, confirmation, enrolment, issuer, confirmation.confirmed_at, tz
    )
    try:
        with session.begin_nested():
            session.add(certificate)
            session.flush()
            _number(certificate)
    except IntegrityError:
        # Another request issued it a moment ago.
        again = valid_certificate_for(session, confirmation.id)
        if again is None:
            raise
        return again
    return certificate


def _new_certificate(
    session: Session,
    user: User,
    course: Course,
    confirmation: Confirmation,
    enrolment: Enrolment | None,
    issuer: IssuerSettings,
    issued_at: datetime,
    tz: str,
) -> Certificate:
    token = secrets.token_urlsafe(24)
    started = enrolment.started_at or enrolment.enrolled_at if enrolment else None
    return Certificate(
        serial=f"TMP-{token[:30]}",
        register_number="",
        token=token,
        user_id=user.id,
        course_id=course.id,
        confirmation_id=confirmation.id,
        status=CertificateStatus.VALID,
        holder_name=user.full_name,
        holder_birth_date=user.date_of_birth,
        unit_name=user.unit.name if user.unit else "",
        course_title=course.title,
        framework_label=_framework_label(course.framework),
        score_percent=confirmation.score_percent,
        grade=grade_for(confirmation.score_percent),
        study_from=local_date(started, tz) if started else None,
        study_to=local_date(confirmation.confirmed_at, tz),
        issued_on=local_date(issued_at, tz),
        issuer_name=issuer.issuer_name,
        issuer_header=issuer.header or "",
        holder_gender=user.gender,
        place=issuer.place,
        signer_title=issuer.signer_title,
        signer_name=issuer.signer_name,
    )


def _number(certificate: Certificate) -> None:
    """Serial and register number come from the row id, so two issues never collide."""
    year = certificate.issued_on.year
    certificate.number = certificate.id
    certificate.serial = f"KNS-{year}-{certificate.id:06d}"
    certificate.register_number = f"{certificate.id:06d}/GCN-{year}"


def valid_certificate_for(session: Session, confirmation_id: int) -> Certificate | None:
    return session.scalar(
        select(Certificate).where(
            Certificate.confirmation_id == confirmation_id, Certificate.status == CertificateStatus.VALID
        )
    )


def revoke(session: Session, certificate: Certificate, actor: User, reason: str, address: str | None = None) -> None:
    """Revoke a valid certificate with a reason (audit-logged)."""
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise ValidationFailed("Cần ghi lý do thu hồi (ít nhất 5 ký tự).", fields={"reason": "Cần ghi lý do."})
    if not certificate.is_valid:
        raise Conflict(f"Giấy chứng nhận {certificate.serial} không còn hiệu lực nên không thể thu hồi.")
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = now_utc()
    certificate.revoked_by_id = actor.id
    certificate.revoke_reason = reason[:1000]
    record(session, actor.id, "certificate.revoke", certificate, address, serial=certificate.serial, reason=reason)


def reissue(
    session: Session,
    certificate: Certificate,
    actor: User,
    issuer: IssuerSettings,
    address: str | None = None,
    tz: str = DEFAULT_TZ,
) -> Certificate:
    """Replace a certificate after a data correction: new serial and snapshot; the old one reads "đã thay thế"."""
    if certificate.status == CertificateStatus.SUPERSEDED:
        raise Conflict(f"Giấy chứng nhận {certificate.serial} đã được thay thế.")
    confirmation = session.get_one(Confirmation, certificate.confirmation_id)
    user = session.get_one(User, certificate.user_id)
    course = session.get_one(Course, certificate.course_id)
    certificate.status = CertificateStatus.SUPERSEDED
    session.flush()
    enrolment = session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id))
    replacement = _new_certificate(session, user, course, confirmation, enrolment, issuer, now_utc(), tz)
    session.add(replacement)
    session.flush()
    _number(replacement)
    certificate.replaced_by_id = replacement.id
    record(
        session,
        actor.id,
        "certificate.reissue",
        replacement,
        address,
        old_serial=certificate.serial,
        new_serial=replacement.serial,
    )
    return replacement


def check_seal_image(data: bytes) -> str:
    """Accept a PNG or JPEG up to 1 MB and 3000 px; return its MIME type or raise a clear message."""
    if len(data) > MAX_SEAL_BYTES:
        raise ValidationFailed("Ảnh con dấu/chữ ký quá lớn (tối đa 1 MB).", fields={"seal": "Tối đa 1 MB."})
    try:
        with Image.open(BytesIO(data)) as image:
            image.verify()
            kind, size = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        message = "Tệp ảnh bị hỏng hoặc không phải ảnh PNG/JPEG."
        raise ValidationFailed(message, fields={"seal": message}) from error
    if kind not in ("PNG", "JPEG"):
        raise ValidationFailed("Chỉ nhận ảnh PNG hoặc JPEG.", fields={"seal": "Chỉ nhận PNG hoặc JPEG."})
    if max(size) > MAX_SEAL_SIDE:
        message = f"Ảnh quá lớn ({size[0]}×{size[1]} điểm ảnh); tối đa {MAX_SEAL_SIDE} điểm ảnh mỗi chiều."
        raise ValidationFailed(message, fields={"seal": message})
    return "image/png" if kind == "PNG" else "image/jpeg"


def list_for_user(session: Session, user: User) -> list[Certificate]:
    return list(
        session.scalars(select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id.desc()))
    )


def find_by_token(session: Session, token: str) -> Certificate | None:
    if not token or len(token) > 64:
        return None
    return session.scalar(select(Certificate).where(Certificate.token == token))


def find_by_serial(session: Session, serial: str) -> Certificate | None:
    if not serial or len(serial) > 40:
        return None
    return session.scalar(select(Certificate).where(Certificate.serial == serial.upper()))


def issue_for_confirmations(
    session: Session, default_issuer: IssuerDefaults | str, confirmations: list[Confirmation], tz: str = DEFAULT_TZ
) -> list[Certificate]:
    """Issue certificates for confirmations that have none (used after a quiz submit and in bulk)."""
    issuer = get_issuer(session, default_issuer)
    return [issue_certificate(session, c, issuer, tz) for c in confirmations]
