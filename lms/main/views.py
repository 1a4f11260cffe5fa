"""The role-aware home page and the load balancer's health check."""


from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text

from courses import queries as course_queries
from lms.certificates import services as certificate_services
from lms.extensions import db
from lms.learning_path import queries as path_queries
from lms.org import queries as org_queries
from lms.permissions import can_monitor_province, current_account
from lms.web import today

bp = Blueprint("main", __name__)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    """Show each role the person holds as a section of one home page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    user = current_account()
    managed = org_queries.summarise_units(db.session, user.managed_units)
    province = org_queries.province_summary(db.session) if can_monitor_province(user) else None
    enrolments = course_queries.list_my_enrolments(db.session, user)
    placement = path_queries.placement_state(db.session, user.id) if enrolments else None
    return render_template(
        "main/home.html",
        user=user,
        placement=placement,
        managed=managed,
        province=province,
        enrolments=enrolments,
        counts=course_queries.study_counts(db.session, user.id, [e.course_id for e in enrolments]),
        certificates={c.course_id: c for c in certificate_services.list_for_user(db.session, user) if c.is_valid},
        today=today(),
        days_left=course_queries.days_left,
    )


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """Answer 200 when the database is reachable, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 — any failure means "not healthy"
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
