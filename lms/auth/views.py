"""Sign-in, sign-out and password change pages."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms import limits
from lms.auth import services
from lms.auth.forms import ChangePasswordForm, ConfirmForm, LoginForm
from lms.errors import LMSError, TooManyAttempts
from lms.extensions import db
from lms.permissions import current_account

bp = Blueprint("auth", __name__, url_prefix="/auth")

#: Endpoints open to a person who must still change their password.
PASSWORD_CHANGE_ALLOWED = {
    "auth.change_password",
    "auth.logout",
    "static",
    "main.healthz",
    "offline.service_worker",
    "offline.page",
}


def sign_in_settings() -> services.SignInSettings:
    cfg = current_app.config
    return services.SignInSettings(
        max_failures=cfg["LOGIN_MAX_FAILURES"],
        max_failures_per_ip=cfg["LOGIN_MAX_FAILURES_PER_IP"],
        lock=timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"]),
        hash_method=cfg["PASSWORD_HASH_METHOD"],
    )


def safe_next(target: str | None) -> str | None:
    """Accept only a local path as the place to go after sign-in (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limits.sign_in
def login():  # type: ignore[no-untyped-def]
    """Sign in with username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                db.session, form.username.data, form.password.data, request.remote_addr or "-", sign_in_settings()
            )
        except TooManyAttempts as error:
            db.session.commit()
            form.password.errors.append(error.message)
            return render_template("auth/login.html", form=form), 429, {"Retry-After": str(error.retry_after)}
        except LMSError as error:
            db.session.commit()  # keep the failure count
            form.password.errors.append(error.message)
            status = 401
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            if user.must_change_password:
                flash(_("Đây là lần đăng nhập đầu tiên: vui lòng đặt mật khẩu mới của riêng bạn."), "info")
                return redirect(url_for("auth.change_password"))
            return redirect(safe_next(form.next.data) or url_for("main.home"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    """Sign out (POST with a CSRF token, so no other site can sign people out)."""
    if ConfirmForm().validate_on_submit() and current_user.is_authenticated:
        # Signed cookies can't be recalled: bumping the version ends this person's sessions on every device.
        services.end_every_session(db.session, current_account())
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Bạn đã đăng xuất."), "info")
    response = redirect(url_for("auth.login"))
    # Shared office computers: leave no cached lesson, queued answer or offline copy behind.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():  # type: ignore[no-untyped-def]
    """Change one's own password (forced at first sign-in)."""
    user = current_account()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                db.session,
                user,
                form.current_password.data,
                form.new_password.data,
                current_app.config["PASSWORD_HASH_METHOD"],
            )
        except LMSError as error:
            for name, message in error.fields.items():
                getattr(form, name).errors.append(message)
        else:
            db.session.commit()
            login_user(user)  # the session version changed: renew this session, others end
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form, forced=user.must_change_password)


def register_password_gate(app: Flask) -> None:
    """Send people who must change their password to that page before anything else."""

    @app.before_request
    def require_password_change():  # type: ignore[no-untyped-def]
        if request.path.startswith("/api/") or request.endpoint in PASSWORD_CHANGE_ALLOWED:
            return None
        if current_user.is_authenticated and current_user.must_change_password:
            return redirect(url_for("auth.change_password"))
        return None
