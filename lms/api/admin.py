"""API: roster import (admins)."""

from flask import jsonify, request

from lms import limits
from lms.admin.importing import import_roster
from lms.admin.roster import parse_roster
from lms.api.core import BadRequest, api_user, bp, token_required
from lms.extensions import db
from lms.permissions import is_admin, require


@bp.post("/v1/admin/users/import")
@limits.imports
@token_required
def import_users():  # type: ignore[no-untyped-def]
    """Import a CSV/XLSX roster; ?dry_run=1 checks only; all or nothing unless ?partial=1."""
    require(is_admin(api_user()), "Chỉ quản trị viên được nhập danh sách cán bộ.")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise BadRequest("Thiếu tệp danh sách (trường “file”).", fields={"file": "Bắt buộc."})
    flag = {"1", "true", "yes"}
    roster = parse_roster(upload.read(), upload.filename)
    result = import_roster(
        db.session,
        roster,
        api_user(),
        dry_run=request.args.get("dry_run", "").lower() in flag,
        partial=request.args.get("partial", "").lower() in flag,
        deactivate_missing=request.args.get("deactivate_missing", "").lower() in flag,
    )
    if result.written:
        db.session.commit()
    else:
        db.session.rollback()
    body = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "deactivated": result.deactivated,
        "enrolled": result.enrolled,
        "written": result.written,
        "errors": [{"row": p.row, "field": p.field, "message": p.message} for p in result.errors],
    }
    blocked = bool(result.errors) and not result.written and request.args.get("dry_run", "") not in flag
    return jsonify(body), (422 if blocked else 200)
