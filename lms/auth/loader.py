"""Flask-Login wiring: load the signed-in person from the session cookie."""

from flask import Flask, flash, redirect, request
from flask_login import login_url
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.auth.models import User
from lms.errors import SESSION_EXPIRED_MESSAGE, error_json, wants_json
from lms.extensions import db, login_manager


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "info"
    # "basic": mobile networks change addresses often, so a stricter mode would sign people out.
    login_manager.session_protection = "basic"
    login_manager.unauthorized_handler(_unauthorized)


def _unauthorized():  # type: ignore[no-untyped-def]
    """Pages go to the sign-in page; JSON calls (quiz autosave) get 401, which a redirect would hide."""
    if wants_json():
        return error_json(401, "session_expired", SESSION_EXPIRED_MESSAGE)
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.full_path.rstrip("?")))


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load by "id:version"; a stale version (password changed, account disabled) signs the person out."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    # One statement on every request: the roles come joined, not as a second query.
    user = (
        db.session.scalars(select(User).options(joinedload(User.role_assignments)).where(User.id == int(user_id)))
        .unique()
        .one_or_none()
    )
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
