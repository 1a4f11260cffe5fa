"""Bulk export: a zip of every valid certificate in a unit subtree, built in the background with progress."""

import secrets
import threading
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit import record
from lms.auth.models import User
from lms.certificates.models import Certificate, CertificateStatus, ExportJob, IssuerSettings
from lms.certificates.pdf import Seal, render_certificate_pdf
from lms.extensions import db
from lms.models import now_utc
from lms.org.models import Unit

PROGRESS_EVERY = 25


def verify_url(base_url: str, certificate: Certificate) -> str:
    return f"{base_url.rstrip('/')}/verify/{certificate.token}"


def seal_of(session: Session) -> Seal | None:
    issuer = session.scalar(select(IssuerSettings).order_by(IssuerSettings.id).limit(1))
    return Seal(issuer.seal_image) if issuer and issuer.seal_image else None


def list_unit_certificates(session: Session, unit: Unit) -> list[Certificate]:
    """Valid certificates of people now in the unit's subtree, by serial."""
    return list(
        session.scalars(
            select(Certificate)
            .join(User, Certificate.user_id == User.id)
            .join(Unit, User.unit_id == Unit.id)
            .where(Certificate.status == CertificateStatus.VALID, Unit.path.like(unit.path + "%"))
            .order_by(Certificate.number)
        )
    )


def render_many(
    certificates: list[Certificate], base_url: str, seal: Seal | None, progress: Callable[[int], None] | None = None
) -> bytes:
    """Zip the PDFs (named by serial), reporting progress every few certificates."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for index, certificate in enumerate(certificates, start=1):
            pdf = render_certificate_pdf(certificate, verify_url(base_url, certificate), seal)
            archive.writestr(f"{certificate.serial}.pdf", pdf)
            if progress and (index % PROGRESS_EVERY == 0 or index == len(certificates)):
                progress(index)
    return buffer.getvalue()


def write_files(session: Session, unit: Unit, base_url: str, out: Path) -> int:
    """Write each certificate of a unit subtree to `out` as <serial>.pdf (for the CLI)."""
    out.mkdir(parents=True, exist_ok=True)
    seal = seal_of(session)
    certificates = list_unit_certificates(session, unit)
    for certificate in certificates:
        (out / f"{certificate.serial}.pdf").write_bytes(
            render_certificate_pdf(certificate, verify_url(base_url, certificate), seal)
        )
    return len(certificates)


def create_job(session: Session, user: User, unit: Unit, address: str | None) -> ExportJob:
    """Record an export request (audit-logged: certificates carry birth dates)."""
    job = ExportJob(token=secrets.token_urlsafe(24), user_id=user.id, unit_id=unit.id, status="pending")
    session.add(job)
    session.flush()
    record(session, user.id, "certificate.export", job, address, unit=unit.code)
    return job


def run_job(app: Flask, job_id: int) -> None:
    """Build the zip of a job, saving progress as it goes (runs in a background thread)."""
    with app.app_context():
        session = db.session
        job = session.get(ExportJob, job_id)
        if job is None:
            return
        try:
            unit = session.get_one(Unit, job.unit_id)
            certificates = list_unit_certificates(session, unit)
            job.status, job.total = "running", len(certificates)
            session.commit()

            def progress(done: int) -> None:
                job.done = done
                session.commit()

            data = render_many(certificates, app.config["PUBLIC_URL"], seal_of(session), progress)
            job.data, job.status, job.done, job.finished_at = data, "done", len(certificates), now_utc()
            session.commit()
        except Exception as error:  # noqa: BLE001 — a failed job must say so instead of hanging
            session.rollback()
            job = session.get_one(ExportJob, job_id)
            job.status, job.error, job.finished_at = "failed", str(error)[:500], now_utc()
            session.commit()
            app.logger.exception("certificate export %s failed", job_id)
        finally:
            db.session.remove()


def start_in_background(app: Flask, job_id: int) -> threading.Thread:
    thread = threading.Thread(target=run_job, args=(app, job_id), name=f"export-{job_id}", daemon=True)
    thread.start()
    return thread
