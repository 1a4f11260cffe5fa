"""API: my certificates, download, public verification."""

from typing import Any

from flask import current_app, jsonify, request

from lms import limits
from lms.api.core import api_user, bp, token_required
from lms.certificates import services
from lms.certificates.export import verify_url
from lms.certificates.models import Certificate
from lms.certificates.views import load_for_download, log_download, pdf_response
from lms.errors import NotFound
from lms.extensions import db


def certificate_json(certificate: Certificate) -> dict[str, Any]:
    return {
        "serial": certificate.serial,
        "course_title": certificate.course_title,
        "issued_on": certificate.issued_on.isoformat(),
        "score_percent": float(certificate.score_percent),
        "grade": certificate.grade,
        "status": certificate.status,
        "verify_url": verify_url(current_app.config["PUBLIC_URL"], certificate),
    }


@bp.get("/v1/certificates")
@token_required
def my_certificates():  # type: ignore[no-untyped-def]
    """My certificates, newest first."""
    items = [certificate_json(c) for c in services.list_for_user(db.session, api_user())]
    return jsonify(items=items, page=1, per_page=max(len(items), 1), total=len(items))


@bp.get("/v1/certificates/<serial>.pdf")
@token_required
def certificate_pdf(serial: str):  # type: ignore[no-untyped-def]
    """The PDF: the holder, managers of the holder's unit, monitors and admins."""
    certificate = load_for_download(serial, api_user())
    log_download(api_user(), certificate)
    return pdf_response(certificate)


@bp.get("/v1/certificates/<serial>/verify")
@limits.verify
def verify(serial: str):  # type: ignore[no-untyped-def]
    """Public check. The serial alone is not enough: the `token` from the QR code must match,
    so nobody can list holders by counting serials. Unknown or mismatched → 404."""
    certificate = services.find_by_serial(db.session, serial)
    token = request.args.get("token", "")
    if certificate is None or not token or token != certificate.token:
        raise NotFound("Không tìm thấy giấy chứng nhận với số hiệu và mã kiểm tra này.")
    return jsonify(
        valid=certificate.is_valid,
        revoked=certificate.status == "revoked",
        status=certificate.status,
        holder_name=certificate.holder_name,
        unit_name=certificate.unit_name,
        course_title=certificate.course_title,
        issued_on=certificate.issued_on.isoformat(),
        score_percent=float(certificate.score_percent),
    )
