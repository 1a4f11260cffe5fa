"""Admin pages for the unit tree: add, rename, move, merge and deactivate units."""

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from lms.admin import queries, units
from lms.admin.forms import MergeUnitForm, MoveUnitForm, NewUnitForm, RenameUnitForm
from lms.admin.views.blueprint import bp, unit_from
from lms.audit import record
from lms.errors import LMSError, ValidationFailed
from lms.extensions import db
from lms.org.models import Unit, UnitKind
from lms.org.scope import load_unit
from lms.org.services import create_unit
from lms.permissions import current_account
from lms.web import check_confirm, form_status, show_errors


def _render_tree(form: NewUnitForm, adding: bool, status: int = 200) -> ResponseReturnValue:
    rows = queries.list_unit_tree(db.session)
    return render_template("admin/units.html", rows=rows, form=form, adding=adding), status


@bp.get("/units")
@login_required
def unit_tree() -> ResponseReturnValue:
    """Show the unit tree with each unit's kind, code, state and active people."""
    return _render_tree(NewUnitForm(formdata=None), adding=False)


@bp.route("/units/new", methods=["GET", "POST"])
@login_required
def new_unit() -> ResponseReturnValue:
    """Add a unit under a parent."""
    form = NewUnitForm(parent_code=request.args.get("parent", ""))
    if form.validate_on_submit():
        parent = unit_from(form.parent_code, active=True)
        if not form.parent_code.errors:
            try:
                unit = create_unit(db.session, form.code.data, form.name.data, UnitKind(form.kind.data), parent)
            except ValidationFailed as error:
                show_errors(form, error)
            else:
                record(db.session, current_account().id, "unit.create", unit, request.remote_addr, code=unit.code,
                       parent=parent.code if parent else None)  # fmt: skip
                db.session.commit()
                flash(_("Đã tạo đơn vị “%(name)s”.", name=unit.name), "success")
                return redirect(url_for("admin.unit", code=unit.code))
    return _render_tree(form, adding=True, status=form_status())


def _render_unit(unit: Unit, status: int = 200, **submitted: FlaskForm) -> ResponseReturnValue:
    """Show a unit's page; a form that was `submitted` (rename_form, move_form, merge_form) replaces its empty one."""
    forms = {
        "rename_form": RenameUnitForm(formdata=None, name=unit.name),
        "move_form": MoveUnitForm(formdata=None),
        "merge_form": MergeUnitForm(formdata=None),
    }
    children = queries.list_children(db.session, unit)
    merged_into = queries.get_merged_into(db.session, unit)
    people = units.count_active_people(db.session, unit)
    page = render_template(
        "admin/unit.html", unit=unit, children=children, merged_into=merged_into, people=people, **forms | submitted
    )
    return page, status


def _done(unit: Unit, message: str) -> ResponseReturnValue:
    """Keep a successful change and go to the unit's page (after a merge: the unit that took its people)."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("admin.unit", code=unit.code))


@bp.get("/units/<code>")
@login_required
def unit(code: str) -> ResponseReturnValue:
    """Show a unit with the forms to rename, move, merge or deactivate it."""
    return _render_unit(load_unit(code))


@bp.post("/units/<code>/rename")
@login_required
def rename_unit(code: str) -> ResponseReturnValue:
    """Give a unit a new name (after an administrative change)."""
    unit = load_unit(code)
    form = RenameUnitForm()
    if form.validate_on_submit():
        try:
            units.rename(db.session, unit, form.name.data, current_account())
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            return _done(unit, _("Đã đổi tên đơn vị thành “%(name)s”.", name=unit.name))
    return _render_unit(unit, rename_form=form, status=422)


@bp.post("/units/<code>/move")
@login_required
def move_unit(code: str) -> ResponseReturnValue:
    """Put a unit, with everything under it, under another parent."""
    unit = load_unit(code)
    form = MoveUnitForm()
    parent = unit_from(form.parent_code, active=True) if form.validate_on_submit() else None
    if parent is not None:
        try:
            units.move(db.session, unit, parent, current_account())
        except ValidationFailed as error:
            show_errors(form, error, {"parent": "parent_code"})
        else:
            return _done(unit, _("Đã chuyển “%(unit)s” về “%(parent)s”.", unit=unit.name, parent=parent.name))
    return _render_unit(unit, move_form=form, status=422)


@bp.post("/units/<code>/merge")
@login_required
def merge_unit(code: str) -> ResponseReturnValue:
    """Merge a unit into another: its people and their records follow; the old unit stays for history."""
    unit = load_unit(code)
    form = MergeUnitForm()
    if not unit.active:
        flash(_("Đơn vị này đã ngừng hoạt động hoặc đã được sáp nhập."), "error")
        return _render_unit(unit, status=409)
    target = unit_from(form.target_code) if form.validate_on_submit() else None
    if target is not None:
        try:
            moved = units.merge(db.session, unit, target, current_account())
        except ValidationFailed as error:
            show_errors(form, error, {"target": "target_code"})
        else:
            return _done(target, _("Đã sáp nhập “%(unit)s” vào “%(target)s”; %(n)s người được chuyển sang.",
                                   unit=unit.name, target=target.name, n=moved))  # fmt: skip
    return _render_unit(unit, merge_form=form, status=422)


@bp.post("/units/<code>/deactivate")
@login_required
def deactivate_unit(code: str) -> ResponseReturnValue:
    """Deactivate a unit (and its sub-units) once nobody active works there."""
    unit = load_unit(code)
    check_confirm()
    try:
        units.deactivate(db.session, unit, current_account())
    except LMSError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _render_unit(unit, status=error.status)
    return _done(unit, _("Đã ngừng hoạt động đơn vị “%(name)s”.", name=unit.name))
