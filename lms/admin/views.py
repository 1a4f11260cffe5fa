"""Admin pages: the home page, people and their roles, the unit tree, roster import and the audit log."""

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload
from wtforms import Field

from lms import limits
from lms.admin import queries, units
from lms.admin.forms import (
    AuditFilterForm,
    ImportForm,
    MergeUnitForm,
    MoveUnitForm,
    NewUnitForm,
    ProfileForm,
    RenameUnitForm,
    RoleForm,
    UserFilterForm,
)
from lms.admin.importing import import_roster
from lms.admin.roster import LABELS as ROSTER_LABELS
from lms.admin.roster import parse_roster
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
from lms.audit import AuditEvent, record
from lms.auth.forms import ConfirmForm
from lms.auth.models import User
from lms.errors import LMSError, NotFound, ValidationFailed
from lms.extensions import db
from lms.org.models import Unit, UnitKind
from lms.org.queries import get_unit_by_code
from lms.org.services import create_unit
from lms.pagination import paginate_rows
from lms.permissions import current_account, is_admin, require
from lms.reports.exports import safe_text, vn_datetime

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_PER_PAGE = 100
USERS_PER_PAGE = 50
CSV_MIMETYPE = "text/csv; charset=utf-8"
#: The roster template's columns, in the Vietnamese spellings parse_roster accepts.
TEMPLATE_HEADERS = (
    "ten_dang_nhap",
    "ho_ten",
    "ngay_sinh",
    "gioi_tinh",
    "ma_don_vi",
    "chuc_vu",
    "doi_tuong",
    "email",
    "dien_thoai",
    "cccd",
)
TEMPLATE_ROWS = (
    ("lo.van.thang", "Lò Văn Thắng", "15/03/1985", "Nam", "xa-muong-kim", "Công chức Văn phòng - Thống kê",
     "Công chức", "thanglv@laichau.gov.vn", "0912345678", "012085001234"),
    ("hoang.thi.mai", "Hoàng Thị Mai", "02/09/1990", "Nữ", "so-noi-vu", "Chuyên viên", "Viên chức", "",
     "0987654321", "012190004321"),
)  # fmt: skip
AUDIT_CSV_HEADERS = (
    "Thời điểm",
    "Người thực hiện",
    "Hành động",
    "Loại đối tượng",
    "Mã đối tượng",
    "Chi tiết",
    "Địa chỉ IP",
)


@dataclass(frozen=True)
class UnitTreeRow:
    unit: Unit
    depth: int
    people: int
    merged_into: Unit | None


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor: str | None

    @property
    def details_text(self) -> str:
        return details_text(self.event.details)


# --- helpers -------------------------------------------------------------------------


def _require_admin() -> User:
    """Stop with 403 unless the signed-in person is an admin, and return them."""
    actor = current_account()
    require(is_admin(actor))
    return actor


def _load_user(user_id: int) -> User:
    person = db.session.scalar(
        select(User).options(selectinload(User.role_assignments), selectinload(User.unit)).where(User.id == user_id)
    )
    if person is None:
        raise NotFound("Không tìm thấy người dùng.")
    return person


def _load_unit(code: str) -> Unit:
    unit = get_unit_by_code(db.session, code)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị có mã này.")
    return unit


def _confirm() -> None:
    """Check the button's ConfirmForm token, so the view stays safe even if CSRFProtect ever exempts it."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


def _status() -> int:
    """Answer 422 when a submitted form is shown again: a successful POST always redirects."""
    return 422 if request.method == "POST" else 200


def _add_error(field: Field, message: str) -> None:
    field.errors = [*field.errors, message]


def _unit_from(field: Field, *, active: bool = False) -> Unit | None:
    """Find the unit whose code was typed in `field`; an unknown (or, with `active`, inactive) one is its error."""
    if not field.data:
        return None
    unit = get_unit_by_code(db.session, field.data)
    if unit is None:
        _add_error(field, _("Không có đơn vị mã “%(code)s”.", code=field.data))
    elif active and not unit.active:
        _add_error(field, _("Đơn vị “%(code)s” đã ngừng hoạt động.", code=field.data))
        return None
    return unit


def _show_errors(form: FlaskForm, error: ValidationFailed, fields: dict[str, str] | None = None) -> None:
    """Undo the failed change and put the service's messages beside the fields they name (`fields` renames)."""
    db.session.rollback()
    placed = False
    for name, message in error.fields.items():
        name = (fields or {}).get(name, name)
        if name in form:
            _add_error(form[name], message)
            placed = True
    if not placed:
        flash(error.message, "error")


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """Write UTF-8 CSV with a BOM (so Excel reads Vietnamese), CRLF ends and formula-safe text cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_text("" if value is None else str(value)) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_response(data: bytes, filename: str) -> ResponseReturnValue:
    return data, {"Content-Type": CSV_MIMETYPE, "Content-Disposition": f"attachment; filename={filename}"}


def details_text(details: dict[str, Any] | None, *, for_csv: bool = False) -> str:
    """Show an audit event's details compactly: "key: value; key: a, b".

    With `for_csv` each value is formula-safe too, so the cell stays safe when someone splits it into columns.
    """
    parts = []
    for key, value in (details or {}).items():
        if isinstance(value, list | tuple):
            value = ", ".join(str(item) for item in value)
        text = "—" if value is None else str(value)
        parts.append(f"{key}: {safe_text(text) if for_csv else text}")
    return "; ".join(parts)


# --- home ----------------------------------------------------------------------------


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """Show the platform's totals and who holds which staff role."""
    _require_admin()
    return render_template(
        "admin/index.html",
        totals=queries.count_totals(db.session),
        role_holders=queries.list_role_holders(db.session),
    )


# --- people --------------------------------------------------------------------------


@bp.get("/users")
@login_required
def users() -> ResponseReturnValue:
    """Find people by name (with or without diacritics), unit subtree, category, role and status."""
    _require_admin()
    form = UserFilterForm(formdata=request.args)
    valid = form.validate()
    unit = _unit_from(form.unit)
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


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def user(user_id: int) -> ResponseReturnValue:
    """Show a person with their roles, and edit their profile (admins see personal data unmasked here)."""
    actor = _require_admin()
    person = _load_user(user_id)
    form = _profile_form(person)
    if form.validate_on_submit():
        # Someone may stay in a unit that has since closed; only a move needs an active unit.
        unchanged = person.unit is not None and form.unit_code.data == person.unit.code
        unit = person.unit if unchanged else _unit_from(form.unit_code, active=True)
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
                changed = update_profile(db.session, person, change, actor, request.remote_addr)
            except ValidationFailed as error:
                _show_errors(form, error)
            else:
                db.session.commit()
                flash(_("Đã lưu thông tin.") if changed else _("Không có thay đổi nào."), "success")
                return redirect(url_for("admin.user", user_id=person.id))
    return _render_user(person, profile=form, status=_status())


def _change_active(user_id: int, active: bool) -> ResponseReturnValue:
    actor = _require_admin()
    person = _load_user(user_id)
    _confirm()
    try:
        set_active(db.session, person, active, actor, request.remote_addr)
    except LMSError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _render_user(person, status=error.status)
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
    actor = _require_admin()
    person = _load_user(user_id)
    _confirm()
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
    actor = _require_admin()
    person = _load_user(user_id)
    _confirm()
    reset_two_factor(db.session, person, actor, request.remote_addr)
    db.session.commit()
    flash(_("Đã tắt xác thực hai bước của %(username)s; họ sẽ thiết lập lại khi đăng nhập.", username=person.username),
          "success")  # fmt: skip
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/users/<int:user_id>/roles")
@login_required
def grant(user_id: int) -> ResponseReturnValue:
    """Give a person a role; a unit manager's role covers the unit typed and its sub-units."""
    actor = _require_admin()
    person = _load_user(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        unit = _unit_from(form.scope_code, active=True)
        if not form.scope_code.errors:
            try:
                grant_role(db.session, person, form.role.data, unit, actor, request.remote_addr)
            except ValidationFailed as error:
                _show_errors(form, error, {"unit": "scope_code"})
            else:
                db.session.commit()
                flash(_("Đã cập nhật vai trò của %(username)s.", username=person.username), "success")
                return redirect(url_for("admin.user", user_id=person.id, _anchor="roles"))
    return _render_user(person, role_form=form, status=422)


@bp.post("/users/<int:user_id>/roles/<int:assignment_id>/delete")
@login_required
def revoke(user_id: int, assignment_id: int) -> ResponseReturnValue:
    """Take one role away from a person."""
    actor = _require_admin()
    person = _load_user(user_id)
    if not any(assignment.id == assignment_id for assignment in person.role_assignments):
        raise NotFound("Người này không có vai trò đó.")
    _confirm()
    try:
        revoke_role(db.session, person, assignment_id, actor, request.remote_addr)
    except LMSError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _render_user(person, status=error.status)
    db.session.commit()
    flash(_("Đã bỏ vai trò của %(username)s.", username=person.username), "success")
    return redirect(url_for("admin.user", user_id=person.id, _anchor="roles"))


# --- roster import ---------------------------------------------------------------------


@bp.route("/users/import", methods=["GET", "POST"])
@limits.imports
@login_required
def import_users() -> ResponseReturnValue:
    """Check, then import, a roster of officials from CSV or Excel; every problem is listed by row."""
    actor = _require_admin()
    form = ImportForm()
    result = None
    checked_only = False
    status = _status()
    if form.validate_on_submit():
        upload = form.file.data
        with upload.stream as stream:  # large uploads are spooled to a temporary file: close it
            data = stream.read()
        checked_only = form.dry_run.data
        roster = parse_roster(data, upload.filename or "")
        result = import_roster(
            db.session,
            roster,
            actor,
            dry_run=checked_only,
            partial=form.partial.data,
            deactivate_missing=form.deactivate_missing.data,
        )
        if result.written:
            db.session.commit()
        else:
            db.session.rollback()
        blocked = bool(result.errors) and not result.written
        status = 422 if blocked else 200
        if checked_only and not blocked:
            form.dry_run.data = False  # the next step: choose the file again and import it
    return (
        render_template(
            "admin/import.html", form=form, result=result, checked_only=checked_only, column_labels=ROSTER_LABELS
        ),
        status,
    )


@bp.get("/users/import/template.csv")
@login_required
def import_template() -> ResponseReturnValue:
    """Download an empty roster with the expected Vietnamese headers and two example rows."""
    _require_admin()
    return _csv_response(_csv(TEMPLATE_HEADERS, TEMPLATE_ROWS), "mau-danh-sach-can-bo.csv")


# --- units ---------------------------------------------------------------------------


def _unit_tree() -> list[UnitTreeRow]:
    """List every unit in tree order (siblings by name) with its subtree's active people, in two queries."""
    all_units = list(db.session.scalars(select(Unit)))
    direct = db.session.execute(
        select(User.unit_id, func.count(User.id))
        .where(User.active.is_(True), User.unit_id.is_not(None))
        .group_by(User.unit_id)
    ).all()
    by_id = {unit.id: unit for unit in all_units}
    people: Counter[int] = Counter()
    for unit_id, count in direct:
        unit = by_id.get(unit_id)
        for part in unit.path.strip("/").split("/") if unit else ():
            people[int(part)] += count  # the unit and each unit above it
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in all_units:
        children[unit.parent_id].append(unit)
    rows: list[UnitTreeRow] = []
    stack = [(unit, 0) for unit in sorted(children[None], key=lambda u: u.search_name, reverse=True)]
    while stack:
        unit, depth = stack.pop()
        rows.append(UnitTreeRow(unit, depth, people[unit.id], by_id.get(unit.merged_into_id or 0)))
        below = sorted(children[unit.id], key=lambda u: (not u.active, u.search_name), reverse=True)
        stack.extend((child, depth + 1) for child in below)
    return rows


def _render_tree(form: NewUnitForm, adding: bool, status: int = 200) -> ResponseReturnValue:
    return render_template("admin/units.html", rows=_unit_tree(), form=form, adding=adding), status


@bp.get("/units")
@login_required
def unit_tree() -> ResponseReturnValue:
    """Show the unit tree with each unit's kind, code, state and active people."""
    _require_admin()
    return _render_tree(NewUnitForm(formdata=None), adding=False)


@bp.route("/units/new", methods=["GET", "POST"])
@login_required
def new_unit() -> ResponseReturnValue:
    """Add a unit under a parent."""
    actor = _require_admin()
    form = NewUnitForm(parent_code=request.args.get("parent", ""))
    if form.validate_on_submit():
        parent = _unit_from(form.parent_code, active=True)
        if not form.parent_code.errors:
            try:
                unit = create_unit(db.session, form.code.data, form.name.data, UnitKind(form.kind.data), parent)
            except ValidationFailed as error:
                _show_errors(form, error)
            else:
                record(db.session, actor.id, "unit.create", unit, request.remote_addr, code=unit.code,
                       parent=parent.code if parent else None)  # fmt: skip
                db.session.commit()
                flash(_("Đã tạo đơn vị “%(name)s”.", name=unit.name), "success")
                return redirect(url_for("admin.unit", code=unit.code))
    return _render_tree(form, adding=True, status=_status())


def _render_unit(
    unit: Unit,
    rename_form: RenameUnitForm | None = None,
    move_form: MoveUnitForm | None = None,
    merge_form: MergeUnitForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    children = db.session.scalars(select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.search_name)).all()
    merged_into = db.session.get(Unit, unit.merged_into_id) if unit.merged_into_id else None
    return (
        render_template(
            "admin/unit.html",
            unit=unit,
            children=children,
            merged_into=merged_into,
            people=units.count_active_people(db.session, unit),
            rename_form=rename_form or RenameUnitForm(formdata=None, name=unit.name),
            move_form=move_form or MoveUnitForm(formdata=None),
            merge_form=merge_form or MergeUnitForm(formdata=None),
        ),
        status,
    )


@bp.get("/units/<code>")
@login_required
def unit(code: str) -> ResponseReturnValue:
    """Show a unit with the forms to rename, move, merge or deactivate it."""
    _require_admin()
    return _render_unit(_load_unit(code))


@bp.post("/units/<code>/rename")
@login_required
def rename_unit(code: str) -> ResponseReturnValue:
    """Give a unit a new name (after an administrative change)."""
    actor = _require_admin()
    unit = _load_unit(code)
    form = RenameUnitForm()
    if form.validate_on_submit():
        try:
            units.rename(db.session, unit, form.name.data, actor)
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Đã đổi tên đơn vị thành “%(name)s”.", name=unit.name), "success")
            return redirect(url_for("admin.unit", code=unit.code))
    return _render_unit(unit, rename_form=form, status=422)


@bp.post("/units/<code>/move")
@login_required
def move_unit(code: str) -> ResponseReturnValue:
    """Put a unit, with everything under it, under another parent."""
    actor = _require_admin()
    unit = _load_unit(code)
    form = MoveUnitForm()
    if form.validate_on_submit():
        parent = _unit_from(form.parent_code, active=True)
        if parent is not None:
            try:
                units.move(db.session, unit, parent, actor)
            except ValidationFailed as error:
                _show_errors(form, error, {"parent": "parent_code"})
            else:
                db.session.commit()
                flash(_("Đã chuyển “%(unit)s” về “%(parent)s”.", unit=unit.name, parent=parent.name), "success")
                return redirect(url_for("admin.unit", code=unit.code))
    return _render_unit(unit, move_form=form, status=422)


@bp.post("/units/<code>/merge")
@login_required
def merge_unit(code: str) -> ResponseReturnValue:
    """Merge a unit into another: its people and their records follow; the old unit stays for history."""
    actor = _require_admin()
    unit = _load_unit(code)
    form = MergeUnitForm()
    if not unit.active:
        flash(_("Đơn vị này đã ngừng hoạt động hoặc đã được sáp nhập."), "error")
        return _render_unit(unit, status=409)
    if form.validate_on_submit():
        target = _unit_from(form.target_code)
        if target is not None:
            try:
                moved = units.merge(db.session, unit, target, actor)
            except ValidationFailed as error:
                _show_errors(form, error, {"target": "target_code"})
            else:
                db.session.commit()
                flash(_("Đã sáp nhập “%(unit)s” vào “%(target)s”; %(n)s người được chuyển sang.",
                        unit=unit.name, target=target.name, n=moved), "success")  # fmt: skip
                return redirect(url_for("admin.unit", code=target.code))
    return _render_unit(unit, merge_form=form, status=422)


@bp.post("/units/<code>/deactivate")
@login_required
def deactivate_unit(code: str) -> ResponseReturnValue:
    """Deactivate a unit (and its sub-units) once nobody active works there."""
    actor = _require_admin()
    unit = _load_unit(code)
    _confirm()
    try:
        units.deactivate(db.session, unit, actor)
    except LMSError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _render_unit(unit, status=error.status)
    db.session.commit()
    flash(_("Đã ngừng hoạt động đơn vị “%(name)s”.", name=unit.name), "success")
    return redirect(url_for("admin.unit", code=unit.code))


# --- audit log -----------------------------------------------------------------------


def _audit_form() -> AuditFilterForm:
    form = AuditFilterForm(formdata=request.args)
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    form.set_actions(list(actions))
    return form


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def _audit_query(form: AuditFilterForm) -> Select[Any]:
    """Select events with their actor's username, newest first, as the (validated) filters say."""
    stmt = (
        select(AuditEvent, User.username)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if form.action.data:
        stmt = stmt.where(AuditEvent.action == form.action.data)
    if form.actor.data:
        stmt = stmt.where(User.username == form.actor.data)
    if form.date_from.data:
        stmt = stmt.where(AuditEvent.at >= _local_midnight(form.date_from.data))
    if form.date_to.data:
        stmt = stmt.where(AuditEvent.at < _local_midnight(form.date_to.data + timedelta(days=1)))
    return stmt


def _audit_args() -> dict[str, str]:
    """The filters as typed, to carry into the pager and the CSV link."""
    return {name: request.args[name] for name in ("action", "actor", "date_from", "date_to") if request.args.get(name)}


@bp.get("/audit")
@login_required
def audit() -> ResponseReturnValue:
    """Read the audit log, newest first, filtered by action, person and dates."""
    _require_admin()
    form = _audit_form()
    events = None
    if form.validate():
        page = request.args.get("page", 1, type=int) or 1
        events = paginate_rows(db.session, _audit_query(form), page, AUDIT_PER_PAGE, AuditRow)
    return (
        render_template("admin/audit.html", form=form, events=events, args=_audit_args()),
        422 if events is None else 200,
    )


@bp.get("/audit.csv")
@login_required
def audit_csv() -> ResponseReturnValue:
    """Download the filtered audit log as CSV; the download is itself recorded."""
    actor = _require_admin()
    form = _audit_form()
    if not form.validate():
        return render_template("admin/audit.html", form=form, events=None, args=_audit_args()), 422
    tz = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    rows = [
        (vn_datetime(event.at, tz), username, event.action, event.target_type, event.target_id,
         details_text(event.details, for_csv=True), event.address)
        for event, username in db.session.execute(_audit_query(form))
    ]  # fmt: skip
    filters = _audit_args()
    # The filters go in one detail: their names ("action") would clash with record()'s own parameters.
    record(db.session, actor.id, "audit.export", None, request.remote_addr, rows=len(rows), filters=filters)
    db.session.commit()
    today = datetime.now(ZoneInfo(tz)).date()
    return _csv_response(_csv(AUDIT_CSV_HEADERS, rows), f"nhat-ky-he-thong-{today:%Y%m%d}.csv")
