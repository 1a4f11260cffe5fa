"""API: roster import (admins)."""

from flask.typing import ResponseReturnValue

from lms import limits
from lms.admin.importing import import_roster
from lms.admin.roster import parse_roster
from lms.api.core import api_user, bp, respond
from lms.api.openapi import UPLOAD_ERRORS, operation
from lms.api.schemas.reports import RosterForm, RosterImportOut, RosterImportRefused, RosterQuery, RowError
from lms.extensions import db
from lms.permissions import is_admin, require
from lms.validation import read_form, read_query


@bp.post("/v1/admin/users/import")
@limits.imports
@operation(
    "Nhập danh sách cán bộ từ CSV/XLSX (quản trị viên)",
    tag="admin",
    form=RosterForm,
    query=RosterQuery,
    ok=(200, RosterImportOut, "Kết quả (hoặc kết quả kiểm tra)"),
    errors=UPLOAD_ERRORS,
    extra={422: (RosterImportRefused, "Tệp có lỗi; không ghi gì")},
)
def import_users() -> ResponseReturnValue:
    """Import a CSV/XLSX roster; ?dry_run=1 checks only; all or nothing unless ?partial=1."""
    require(is_admin(api_user()), "Chỉ quản trị viên được nhập danh sách cán bộ.")
    upload = read_form(RosterForm).file
    flags = read_query(RosterQuery)
    roster = parse_roster(upload.read(), upload.filename or "")
    result = import_roster(
        db.session,
        roster,
        api_user(),
        dry_run=flags.dry_run,
        partial=flags.partial,
        deactivate_missing=flags.deactivate_missing,
    )
    if result.written:
        db.session.commit()
    else:
        db.session.rollback()
    body = RosterImportOut(
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        deactivated=result.deactivated,
        enrolled=result.enrolled,
        written=result.written,
        errors=[RowError(row=p.row, field=p.field, message=p.message) for p in result.errors],
    )
    blocked = bool(result.errors) and not result.written and not flags.dry_run
    return respond(body, 422 if blocked else 200)
