"""Sign-in, sign-out and password change pages."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms import limits
from lms.auth import services, two_factor
from lms.auth.forms import ChangePasswordForm, ConfirmForm, LoginForm, TwoStepForm
from lms.auth.models import User
from lms.errors import LMSError, TooManyAttempts
from lms.extensions import db
from lms.models import now_utc
from lms.permissions import current_account

bp = Blueprint("auth", __name__, url_prefix="/auth")

#: Endpoints open to a person who must still change their password.
PASSWORD_CHANGE_ALLOWED = {
    "auth.change_password",
    "auth.logout",
    "auth.two_step_setup",
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
            if user.totp_enabled:  # the password is right; the code from the phone comes next
                session["two_step"] = {
                    "id": user.id,
                    "v": user.session_version,
                    "at": int(time.time()),
                    "remember": bool(form.remember.data),
                    "next": form.next.data or "",
                }
                return redirect(url_for("auth.two_step"))
            return _finish_sign_in(user, bool(form.remember.data), form.next.data)
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


def _finish_sign_in(user: User, remember: bool, next_page: str | None):  # type: ignore[no-untyped-def]
    login_user(user, remember=remember)
    if user.must_change_password:
        flash(_("Đây là lần đăng nhập đầu tiên: vui lòng đặt mật khẩu mới của riêng bạn."), "info")
        return redirect(url_for("auth.change_password"))
    return redirect(safe_next(next_page) or url_for("main.home"))


#: Seconds between the right password and the code before the person must start again.
TWO_STEP_SECONDS = 300


def _pending_two_step() -> tuple[User, dict] | None:
    pending = session.get("two_step")
    if not pending or time.time() - pending["at"] > TWO_STEP_SECONDS:
        return None
    user = db.session.get(User, pending["id"])
    if user is None or not user.active or user.session_version != pending["v"] or not user.totp_enabled:
        return None
    return user, pending


@bp.route("/two-step", methods=["GET", "POST"])
@limits.sign_in
def two_step():  # type: ignore[no-untyped-def]
    """Second step of signing in: the 6-digit code from the authenticator app."""
    found = _pending_two_step()
    if found is None:
        session.pop("two_step", None)
        flash(_("Hết thời gian nhập mã. Vui lòng đăng nhập lại."), "info")
        return redirect(url_for("auth.login"))
    user, pending = found
    form = TwoStepForm()
    status = 200
    if form.validate_on_submit():
        try:
            two_factor.check_code(db.session, user, form.code.data, now_utc())
        except TooManyAttempts as error:
            db.session.commit()
            session.pop("two_step", None)
            form.code.errors.append(error.message)
            return render_template("auth/two_step.html", form=form), 429, {"Retry-After": str(error.retry_after)}
        except LMSError as error:
            db.session.commit()  # keep the failure count
            form.code.errors.append(error.message)
            status = 401
        else:
            db.session.commit()
            session.pop("two_step", None)
            return _finish_sign_in(user, pending["remember"], pending["next"])
    return render_template("auth/two_step.html", form=form), status


@bp.route("/two-step/setup", methods=["GET", "POST"])
@login_required
def two_step_setup():  # type: ignore[no-untyped-def]
    """Turn two-step sign-in on (scan the QR code, type a code), or see that it is on and turn it off."""
    user = current_account()
    required = two_factor.is_required(user, current_app.config["TWO_FACTOR_ROLES"])
    form = TwoStepForm()
    if user.totp_enabled:
        return render_template("auth/two_step_status.html", form=form, required=required)
    secret = session.get("totp_setup") or two_factor.new_secret()
    session["totp_setup"] = secret
    status = 200
    if form.validate_on_submit():
        try:
            two_factor.enable(db.session, user, secret, form.code.data, now_utc())
        except LMSError as error:
            form.code.errors.append(error.message)
            status = 400
        else:
            db.session.commit()
            session.pop("totp_setup", None)
            flash(_("Đã bật xác thực hai bước. Từ nay, sau mật khẩu bạn sẽ nhập mã trong ứng dụng."), "success")
            return redirect(url_for("main.home"))
    uri = two_factor.provisioning_uri(secret, user.username)
    return render_template(
        "auth/two_step_setup.html",
        form=form,
        required=required,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr=two_factor.qr_svg(uri),
    ), status


@bp.post("/two-step/disable")
@login_required
def two_step_disable():  # type: ignore[no-untyped-def]
    """Turn two-step sign-in off, proving it with a current code; not for roles that require it."""
    user = current_account()
    if two_factor.is_required(user, current_app.config["TWO_FACTOR_ROLES"]):
        raise LMSError(_("Vai trò của bạn bắt buộc dùng xác thực hai bước; không thể tắt."))
    form = TwoStepForm()
    if form.validate_on_submit():
        try:
            two_factor.check_code(db.session, user, form.code.data, now_utc())
        except LMSError as error:
            db.session.commit()
            form.code.errors.append(error.message)
            return render_template("auth/two_step_status.html", form=form, required=False), error.status
        two_factor.disable(db.session, user)
        db.session.commit()
        flash(_("Đã tắt xác thực hai bước."), "info")
    return redirect(url_for("auth.two_step_setup"))


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
        if current_user.is_authenticated and two_factor.needs_setup(current_user, app.config["TWO_FACTOR_ROLES"]):
            flash(_("Vai trò của bạn cần xác thực hai bước. Vui lòng bật trước khi tiếp tục."), "info")
            return redirect(url_for("auth.two_step_setup"))
        return None
