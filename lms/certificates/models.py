"""Certificates and the issuer's settings."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.extensions import db
from lms.models import UTCDateTime, created_at, intpk, partial_index


class CertificateStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"  # replaced by a re-issue after a data correction


STATUS_LABELS = {
    CertificateStatus.VALID: "Còn hiệu lực",
    CertificateStatus.REVOKED: "Đã thu hồi",
    CertificateStatus.SUPERSEDED: "Đã thay thế",
}


class IssuerSettings(db.Model):
    """Who issues and signs certificates (one row, edited by admins)."""

    __tablename__ = "issuer_settings"

    id: Mapped[intpk]
    issuer_name: Mapped[str] = mapped_column(String(200))
    #: The header above the title as Nghị định 30/2020 writes it: the governing body, then the issuing body
    #: ("UBND TỈNH LAI CHÂU" / "SỞ NỘI VỤ"), one per line; empty prints the issuer's name alone.
    header: Mapped[str] = mapped_column(Text, default="", server_default="")
    place: Mapped[str] = mapped_column(String(100), default="Lai Châu")
    signer_title: Mapped[str] = mapped_column(String(200), default="GIÁM ĐỐC")
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    #: Optional signature/seal image (PNG or JPEG), drawn above the signer's name.
    seal_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    seal_mime: Mapped[str | None] = mapped_column(String(20))


class Certificate(db.Model):
    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint("status IN ('valid', 'revoked', 'superseded')", name="status"),
        # One valid certificate per confirmation, even when two requests issue at once.
        partial_index("uq_certificates_one_valid", "confirmation_id", where="status = 'valid'", unique=True),
    )

    id: Mapped[intpk]
    #: Human serial printed on the certificate (số hiệu), e.g. KNS-2026-000123.
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    #: Register number (số vào sổ).
    register_number: Mapped[str] = mapped_column(String(40))
    #: Unguessable token in the verification URL, so certificates cannot be enumerated.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    confirmation_id: Mapped[int] = mapped_column(ForeignKey("confirmations.id"))
    status: Mapped[str] = mapped_column(String(20), default=CertificateStatus.VALID)
    # Snapshot at issue time: re-rendering always prints the same certificate.
    holder_name: Mapped[str] = mapped_column(String(300))
    holder_birth_date: Mapped[date | None] = mapped_column(Date)
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    course_title: Mapped[str] = mapped_column(String(200))
    framework_label: Mapped[str] = mapped_column(String(300), default="")
    score_percent: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    grade: Mapped[str] = mapped_column(String(20))
    study_from: Mapped[date | None] = mapped_column(Date)
    study_to: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date)
    issuer_name: Mapped[str] = mapped_column(String(200))
    issuer_header: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: The holder's gender when issued, for "ông" or "bà" (None: "ông/bà").
    holder_gender: Mapped[str | None] = mapped_column(String(10))
    place: Mapped[str] = mapped_column(String(100))
    signer_title: Mapped[str] = mapped_column(String(200))
    signer_name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[created_at]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    #: Sequence number behind the serial (the certificate id), kept for sorting registers.
    number: Mapped[int] = mapped_column(Integer, default=0)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[CertificateStatus(self.status)]

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


class ExportJob(db.Model):
    """A bulk export (zip of a unit's certificates) built in the background, with its progress."""

    __tablename__ = "export_jobs"

    id: Mapped[intpk]
    #: Unguessable id used in the progress URL.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, running, done, failed
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
