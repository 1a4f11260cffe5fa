"""Append-only audit log of sensitive actions (who did what, when, to what)."""

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from lms.extensions import db
from lms.models import UTCDateTime, intpk, now_utc


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"), Index("ix_audit_events_action", "action"))

    id: Mapped[intpk]
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Dotted verb, e.g. "certificate.revoke", "certificate.export".
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(60))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    address: Mapped[str | None] = mapped_column(String(64))


def record(
    session: Session,
    actor_id: int | None,
    action: str,
    subject: Any = None,
    address: str | None = None,
    /,
    **details: Any,
) -> AuditEvent:
    """Append one audit event (flushed with the change it describes, so both commit or neither).

    An action done over HTTP always records the client's address: when the caller passes none (a service that
    does not know about requests), the current request's is used (after the configured proxies, `PROXY_COUNT`).
    """
    if address is None and has_request_context():
        address = request.remote_addr
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        target_type=type(subject).__name__ if subject is not None else None,
        target_id=str(getattr(subject, "id", "")) if subject is not None else None,
        details=details,
        address=address,
    )
    session.add(event)
    session.flush()
    return event
