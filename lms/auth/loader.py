"""Flask-Login wiring: load the signed-in person from the session cookie."""

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.auth.models import User
from lms.extensions import db, login_manager


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "info"
    # "basic": mobile networks change addresses often, so a stricter mode would sign people out.
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load by "id:version"; a stale version (password changed, account disabled) signs the person out."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.scalar(select(User).options(selectinload(User.role_assignments)).where(User.id == int(user_id)))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
