"""Shapes of certificates and their public verification."""

from datetime import date

from pydantic import Field

from lms.api.schemas.common import Out, PageOut, Query
from lms.certificates.models import CertificateStatus

#: The verification token in the QR code (the certificates.token column).
MAX_VERIFY_TOKEN = 64


class CertificateOut(Out):
    serial: str
    course_title: str
    issued_on: date
    score_percent: float
    grade: str
    status: CertificateStatus
    verify_url: str


class CertificatePage(PageOut):
    items: list[CertificateOut]


class VerifyQuery(Query):
    # Without the right token the answer is 404, as for an unknown serial: serials cannot be enumerated.
    token: str = Field("", max_length=MAX_VERIFY_TOKEN, description="Mã kiểm tra in trong mã QR (bắt buộc)")


class VerificationOut(Out):
    valid: bool
    revoked: bool
    status: CertificateStatus
    holder_name: str
    unit_name: str
    course_title: str
    issued_on: date
    score_percent: float
