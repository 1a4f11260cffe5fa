"""Certificate pages: mine, download, public verification, administration, bulk export."""

from io import BytesIO

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import or_, select

from courses import queries as course_queries
from lms import limits
from lms.audit import record
from lms.auth.models import User
from lms.certificates import export, services
from lms.certificates.forms import ExportForm, IssuerForm, RevokeForm
from lms.certificates.models import Certificate, ExportJob
from lms.certificates.pdf import render_certificate_pdf
from lms.certificates.permissions import can_administer, can_download
from lms.errors import LMSError, NotFound
from lms.extensions import db
from lms.org.queries import get_unit_by_code
from lms.org.scope import load_unit
from lms.permissions import can_browse_units, can_view_unit, current_account, require
from lms.text import like_pattern

bp = Blueprint("certificates", __name__)

OUT_OF_SCOPE = "Đơn vị này nằm ngoài phạm vi bạn quản lý."


def pdf_response(certificate: Certificate):  # type: ignore[no-untyped-def]
    config = current_app.config
    url = export.verify_url(config["PUBLIC_URL"], certificate)
    pdf = render_certificate_pdf(certificate, url, export.seal_of(db.session), config["BABEL_DEFAULT_TIMEZONE"])
    return send_file(BytesIO(pdf), mimetype="application/pdf", download_name=f"{certificate.serial}.pdf")


def load_for_download(serial: str, user: User) -> Certificate:
    """404 for an unknown serial, 403 for someone else's certificate outside one's scope."""
    certificate = services.find_by_serial(db.session, serial)
    if certificate is None:
        raise NotFound("Không tìm thấy giấy chứng nhận.")
    require(can_download(user, certificate), "Bạn không có quyền tải giấy chứng nhận này.")
    return certificate


@bp.get("/certificates/")
@login_required
def mine():  # type: ignore[no-untyped-def]
    """My certificates, and for each course still without one exactly what is missing (lessons, with links)."""
    user = current_account()
    certificates = services.list_for_user(db.session, user)
    certified = {c.course_id for c in certificates if c.is_valid}
    waiting = [e for e in course_queries.list_my_enrolments(db.session, user) if e.course_id not in certified]
    missing = course_queries.missing_lessons(db.session, user.id, [e.course_id for e in waiting])
    return render_template("certificates/mine.html", certificates=certificates, waiting=waiting, missing=missing)


@bp.get("/certificates/<serial>.pdf")
@login_required
def download(serial: str):  # type: ignore[no-untyped-def]
    """Download a certificate as PDF (the holder, managers in scope, monitors, admins)."""
    user = current_account()
    certificate = load_for_download(serial, user)
    log_download(user, certificate)
    return pdf_response(certificate)


def log_download(user: User, certificate: Certificate) -> None:
    """Someone else's certificate carries personal data (birth date): record who fetched it."""
    if certificate.user_id != user.id:
        record(db.session, user.id, "certificate.download", certificate, request.remote_addr, serial=certificate.serial)
        db.session.commit()


@bp.get("/certificates/unit/<code>")
@login_required
def unit_list(code: str):  # type: ignore[no-untyped-def]
    """Valid certificates of the people in a unit subtree (managers in scope, monitors, admins)."""
    unit = load_unit(code, message=OUT_OF_SCOPE)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    certificates = export.list_unit_certificates(db.session, unit)
    per_page = 100
    shown = certificates[(page - 1) * per_page : page * per_page]
    return render_template(
        "certificates/unit.html",
        unit=unit,
        certificates=shown,
        total=len(certificates),
        page=page,
        pages=max(1, -(-len(certificates) // per_page)),
    )


@bp.get("/verify/<token>")
@limits.verify
def verify(token: str):  # type: ignore[no-untyped-def]
    """Public check from the QR code: status, name, unit, course, date — never birth date or ID."""
    certificate = services.find_by_token(db.session, token)
    return render_template("certificates/verify.html", certificate=certificate), (200 if certificate else 404)


# --- administration ---------------------------------------------------------------------


def _admin_certificate(certificate_id: int) -> Certificate:
    require(can_administer(current_account()))
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise NotFound("Không tìm thấy giấy chứng nhận.")
    return certificate


@bp.get("/certificates/manage")
@login_required
def manage():  # type: ignore[no-untyped-def]
    """Find certificates by serial or holder name (admins)."""
    require(can_administer(current_account()))
    q = request.args.get("q", "")[:100].strip()
    certificates: list[Certificate] = []
    if q:
        holder = select(User.id).where(User.search_text.like(like_pattern(q), escape="\\"))
        certificates = list(
            db.session.scalars(
                select(Certificate)
                .where(or_(Certificate.serial == q.upper(), Certificate.user_id.in_(holder)))
                .order_by(Certificate.id.desc())
                .limit(100)
            )
        )
    return render_template("certificates/manage.html", q=q, certificates=certificates)


@bp.route("/certificates/manage/<int:certificate_id>", methods=["GET", "POST"])
@login_required
def detail(certificate_id: int):  # type: ignore[no-untyped-def]
    """One certificate: revoke with a reason, or re-issue after a data correction (admins)."""
    certificate = _admin_certificate(certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke(db.session, certificate, current_account(), form.reason.data, request.remote_addr)
        except LMSError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Đã thu hồi giấy chứng nhận %(serial)s.", serial=certificate.serial), "success")
            return redirect(url_for("certificates.detail", certificate_id=certificate.id))
    replaced_by = db.session.get(Certificate, certificate.replaced_by_id) if certificate.replaced_by_id else None
    return render_template("certificates/detail.html", certificate=certificate, form=form, replaced_by=replaced_by)


@bp.post("/certificates/manage/<int:certificate_id>/reissue")
@login_required
def reissue(certificate_id: int):  # type: ignore[no-untyped-def]
    """Issue a corrected certificate from the person's current data; the old one reads "đã thay thế"."""
    certificate = _admin_certificate(certificate_id)
    issuer = services.get_issuer(db.session, services.IssuerDefaults.from_config(current_app.config))
    tz = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    replacement = services.reissue(db.session, certificate, current_account(), issuer, request.remote_addr, tz)
    db.session.commit()
    flash(_("Đã cấp lại: số hiệu mới %(serial)s.", serial=replacement.serial), "success")
    return redirect(url_for("certificates.detail", certificate_id=replacement.id))


@bp.route("/certificates/settings", methods=["GET", "POST"])
@login_required
def settings():  # type: ignore[no-untyped-def]
    """Issuer name, place, signer and the optional signature/seal image (admins)."""
    require(can_administer(current_account()))
    issuer = services.get_issuer(db.session, services.IssuerDefaults.from_config(current_app.config))
    form = IssuerForm(obj=issuer)
    status = 200
    if form.validate_on_submit():
        try:
            upload = form.seal.data
            if upload and getattr(upload, "filename", ""):
                with upload.stream as stream:  # large uploads are spooled to a temporary file: close it
                    data = stream.read(services.MAX_SEAL_BYTES + 1)
                issuer.seal_mime = services.check_seal_image(data)
                issuer.seal_image = data
            elif form.remove_seal.data:
                issuer.seal_image, issuer.seal_mime = None, None
        except LMSError as error:
            db.session.rollback()
            form.seal.errors = [error.message]
            status = 422
        else:
            issuer.issuer_name = form.issuer_name.data.strip()
            issuer.header = "\n".join(line.strip() for line in (form.header.data or "").splitlines() if line.strip())
            issuer.place = form.place.data.strip()
            issuer.signer_title = form.signer_title.data.strip()
            issuer.signer_name = (form.signer_name.data or "").strip()
            db.session.commit()
            flash(_("Đã lưu thông tin cơ quan cấp. Giấy cấp từ nay dùng thông tin mới."), "success")
            return redirect(url_for("certificates.settings"))
    elif request.method == "POST":
        status = 422
    return render_template("certificates/settings.html", form=form, issuer=issuer), status


# --- bulk export ------------------------------------------------------------------------


@bp.route("/certificates/export", methods=["GET", "POST"])
@login_required
def export_start():  # type: ignore[no-untyped-def]
    """Ask for a zip of every valid certificate in a unit (built in the background)."""
    user = current_account()
    require(can_browse_units(user))
    form = ExportForm(unit_code=request.args.get("unit", ""))
    if form.validate_on_submit():
        unit = get_unit_by_code(db.session, form.unit_code.data.strip().lower())
        if unit is None:
            form.unit_code.errors = [_("Không có đơn vị mã “%(code)s”.", code=form.unit_code.data)]
        else:
            require(can_view_unit(user, unit), OUT_OF_SCOPE)
            job = export.create_job(db.session, user, unit, request.remote_addr)
            db.session.commit()
            export.start_in_background(current_app._get_current_object(), job.id)  # type: ignore[attr-defined]
            return redirect(url_for("certificates.export_status", token=job.token))
    return render_template("certificates/export.html", form=form)


def _own_job(token: str) -> ExportJob:
    job = db.session.scalar(select(ExportJob).where(ExportJob.token == token))
    if job is None or job.user_id != current_account().id:
        raise NotFound("Không tìm thấy yêu cầu xuất tệp.")
    return job


@bp.get("/certificates/export/<token>")
@login_required
def export_status(token: str):  # type: ignore[no-untyped-def]
    """Progress of a bulk export; the page refreshes itself until the zip is ready."""
    job = _own_job(token)
    return render_template("certificates/export_status.html", job=job)


@bp.get("/certificates/export/<token>/download")
@login_required
def export_download(token: str):  # type: ignore[no-untyped-def]
    job = _own_job(token)
    if job.status != "done" or job.data is None:
        raise NotFound("Tệp chưa sẵn sàng.")
    return send_file(BytesIO(job.data), mimetype="application/zip", download_name=f"giay-chung-nhan-{job.id}.zip")
