"""Admin pages about people: find them, edit their profile, lock or unlock them, reset sign-in, grant roles."""

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from lms.admin import queries
from lms.admin.forms import ProfileForm, RoleForm, UserFilterForm
from lms.admin.users import (
    ProfileChange,
    UserFilter,
    grant_role,
    reset_password,
    reset_two_factor,
    revoke_role,
    search_users,
    set_active,
    update_profile,
)
from lms.admin.views.blueprint import bp, unit_from
from lms.auth.models import User
from lms.errors import LMSError, NotFound, ValidationFailed
from lms.extensions import db
from lms.permissions import current_account
from lms.web import check_confirm, form_status, show_errors

USERS_PER_PAGE = 50


def _load_user(user_id: int) -> User:
    person = queries.get_user(db.session, user_id)
    if person is None:
        raise NotFound("Không tìm thấy người dùng.")
    return person


@bp.get("/users")
@login_required
def users() -> ResponseReturnValue:
    """Find people by name (with or without diacritics), unit subtree, category, role and status."""
    form = UserFilterForm(formdata=request.args)
    valid = form.validate()
    unit = unit_from(form.unit)
    people = None
    if valid and not form.unit.errors:
        filters = UserFilter(form.q.data, unit, form.category.data, form.role.data, form.status.data)
        people = search_users(db.session, filters, request.args.get("page", 1, type=int) or 1, USERS_PER_PAGE)
    args = {name: form[name].data for name in ("q", "unit", "category", "role", "status") if form[name].data}
    return render_template("admin/users.html", form=form, people=people, args=args), (422 if people is None else 200)


def _profile_form(person: User) -> ProfileForm:
    return ProfileForm(obj=person, unit_code=person.unit.code if person.unit else "")


def _render_user(
    person: User,
    profile: ProfileForm | None = None,
    role_form: RoleForm | None = None,
    temporary_password: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return (
        render_template(
            "admin/user.html",
            person=person,
            form=profile or _profile_form(person),
            role_form=role_form or RoleForm(formdata=None),
            temporary_password=temporary_password,
        ),
        status,
    )


def _refused(person: User, error: LMSError) -> ResponseReturnValue:
    """Undo a refused change and show the person's page again with the reason."""
    db.session.rollback()
    flash(error.message, "error")
    return _render_user(person, status=error.status)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def user(user_id: int) -> ResponseReturnValue:
    """Show a person with their roles, and edit their profile (admins see personal data unmasked here)."""
    person = _load_user(user_id)
    form = _profile_form(person)
    if form.validate_on_submit():
        # Someone may stay in a unit that has since closed; only a move needs an active unit.
        unchanged = person.unit is not None and form.unit_code.data == person.unit.code
        unit = person.unit if unchanged else unit_from(form.unit_code, active=True)
        if not form.unit_code.errors:
            change = ProfileChange(
                full_name=form.full_name.data,
                date_of_birth=form.date_of_birth.data,
                gender=form.gender.data or None,
                unit=unit,
                position=form.position.data,
                staff_category=form.staff_category.data or None,
                email=form.email.data,
                phone=form.phone.data,
                national_id=form.national_id.data,
            )
            try:
                changed = update_profile(db.session, person, change, current_account(), request.remote_addr)
            except ValidationFailed as error:
                show_errors(form, error)
            else:
                db.session.commit()
                flash(_("Đã lưu thông tin.") if changed else _("Không có thay đổi nào."), "success")
                return redirect(url_for("admin.user", user_id=person.id))
    return _render_user(person, profile=form, status=form_status())


def _change_active(user_id: int, active: bool) -> ResponseReturnValue:
    person = _load_user(user_id)
    check_confirm()
    try:
        set_active(db.session, person, active, current_account(), request.remote_addr)
    except LMSError as error:
        return _refused(person, error)
    db.session.commit()
    if active:
        flash(_("Đã mở khóa tài khoản %(username)s.", username=person.username), "success")
    else:
        flash(_("Đã khóa tài khoản %(username)s và đăng xuất họ khỏi mọi thiết bị.", username=person.username),
              "success")  # fmt: skip
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/users/<int:user_id>/deactivate")
@login_required
def deactivate_user(user_id: int) -> ResponseReturnValue:
    """Lock an account: every session and API token ends; history and certificates stay."""
    return _change_active(user_id, False)


@bp.post("/users/<int:user_id>/activate")
@login_required
def activate_user(user_id: int) -> ResponseReturnValue:
    """Unlock an account."""
    return _change_active(user_id, True)


@bp.post("/users/<int:user_id>/password")
@login_required
def reset_user_password(user_id: int) -> ResponseReturnValue:
    """Give a temporary password, shown once in this response only (never flashed, stored or put in a URL)."""
    actor = current_account()
    person = _load_user(user_id)
    check_confirm()
    if person.id == actor.id:
        flash(_("Hãy đổi mật khẩu của chính bạn tại trang Đổi mật khẩu."), "info")
        return redirect(url_for("auth.change_password"))
    temporary = reset_password(
        db.session, person, actor, current_app.config["PASSWORD_HASH_METHOD"], request.remote_addr
    )
    db.session.commit()
    response = make_response(_render_user(person, temporary_password=temporary))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/users/<int:user_id>/two-step/reset")
@login_required
def reset_user_two_factor(user_id: int) -> ResponseReturnValue:
    """Turn off someone's two-step sign-in (lost phone); audit-logged."""
    person = _load_user(user_id)
    check_confirm()
    reset_two_factor(db.session, person, current_account(), request.remote_addr)
    db.session.commit()
    flash(_("Đã tắt xác thực hai bước của %(username)s; họ sẽ thiết lập lại khi đăng nhập.", username=person.username),
          "success")  # fmt: skip
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/users/<int:user_id>/roles")
@login_required
def grant(user_id: int) -> ResponseReturnValue:
    """Give a person a role; a unit manager's role covers the unit typed and its sub-units."""
    person = _load_user(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        unit = unit_from(form.scope_code, active=True)
        if not form.scope_code.errors:
            try:
                grant_role(db.session, person, form.role.data, unit, current_account(), request.remote_addr)
            except ValidationFailed as error:
                show_errors(form, error, {"unit": "scope_code"})
            else:
                db.session.commit()
                flash(_("Đã cập nhật vai trò của %(username)s.", username=person.username), "success")
                return redirect(url_for("admin.user", user_id=person.id, _anchor="roles"))
    return _render_user(person, role_form=form, status=422)


@bp.post("/users/<int:user_id>/roles/<int:assignment_id>/delete")
@login_required
def revoke(user_id: int, assignment_id: int) -> ResponseReturnValue:
    """Take one role away from a person."""
    person = _load_user(user_id)
    if not any(assignment.id == assignment_id for assignment in person.role_assignments):
        raise NotFound("Người này không có vai trò đó.")
    check_confirm()
    try:
        revoke_role(db.session, person, assignment_id, current_account(), request.remote_addr)
    except LMSError as error:
        return _refused(person, error)
    db.session.commit()
    flash(_("Đã bỏ vai trò của %(username)s.", username=person.username), "success")
    return redirect(url_for("admin.user", user_id=person.id, _anchor="roles"))
