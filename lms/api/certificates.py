"""API: my certificates, download, public verification."""

import hmac

from flask import current_app
from flask.typing import ResponseReturnValue

from lms import limits
from lms.api.core import api_user, bp, respond
from lms.api.openapi import operation
from lms.api.schemas.certificates import CertificateOut, CertificatePage, VerificationOut, VerifyQuery
from lms.api.schemas.common import PageQuery
from lms.certificates import services
from lms.certificates.export import verify_url
from lms.certificates.models import Certificate, CertificateStatus
from lms.certificates.views import load_for_download, log_download, pdf_response
from lms.errors import NotFound
from lms.extensions import db
from lms.pagination import page_list
from lms.validation import read_query


def certificate_out(certificate: Certificate) -> CertificateOut:
    return CertificateOut(
        serial=certificate.serial,
        course_title=certificate.course_title,
        issued_on=certificate.issued_on,
        score_percent=float(certificate.score_percent),
        grade=certificate.grade,
        status=CertificateStatus(certificate.status),
        verify_url=verify_url(current_app.config["PUBLIC_URL"], certificate),
    )


@bp.get("/v1/certificates")
@operation(
    "Giấy chứng nhận của tôi",
    tag="certificates",
    query=PageQuery,
    ok=(200, CertificatePage, "Danh sách"),
    errors=(400, 401, 403),
)
def my_certificates() -> ResponseReturnValue:
    """My certificates, newest first."""
    query = read_query(PageQuery)
    page = page_list(services.list_for_user(db.session, api_user()), query.page, query.per_page)
    items = [certificate_out(c) for c in page.items]
    return respond(CertificatePage(items=items, page=page.page, per_page=page.per_page, total=page.total))


@bp.get("/v1/certificates/<serial>.pdf")
@operation(
    "Tải PDF (người được cấp, quản lý đơn vị, theo dõi, quản trị)",
    tag="certificates",
    ok=(200, None, "PDF"),
    media="application/pdf",
    errors=(401, 403, 404),
)
def certificate_pdf(serial: str) -> ResponseReturnValue:
    """The PDF: the holder, managers of the holder's unit, monitors and admins."""
    certificate = load_for_download(serial, api_user())
    log_download(api_user(), certificate)
    return pdf_response(certificate)


@bp.get("/v1/certificates/<serial>/verify")
@limits.verify
@operation(
    "Kiểm tra công khai (cần mã kiểm tra `token` in trong mã QR)",
    tag="certificates",
    query=VerifyQuery,
    ok=(200, VerificationOut, "Trạng thái giấy"),
    errors=(400, 404, 429),
    public=True,
)
def verify(serial: str) -> ResponseReturnValue:
    """Public check. The serial alone is not enough: the `token` from the QR code must match,
    so nobody can list holders by counting serials. Unknown or mismatched → 404."""
    token = read_query(VerifyQuery).token
    certificate = services.find_by_serial(db.session, serial)
    # A constant-time comparison: the time taken must not tell how much of a guessed token was right.
    if certificate is None or not token or not hmac.compare_digest(token.encode(), certificate.token.encode()):
        raise NotFound("Không tìm thấy giấy chứng nhận với số hiệu và mã kiểm tra này.")
    return respond(
        VerificationOut(
            valid=certificate.is_valid,
            revoked=certificate.status == CertificateStatus.REVOKED,
            status=CertificateStatus(certificate.status),
            holder_name=certificate.holder_name,
            unit_name=certificate.unit_name,
            course_title=certificate.course_title,
            issued_on=certificate.issued_on,
            score_percent=float(certificate.score_percent),
        )
    )
