"""Admin pages for the roster: check, then import, a spreadsheet of officials, and its template."""

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import login_required

from lms import limits
from lms.admin.forms import ImportForm
from lms.admin.importing import import_roster
from lms.admin.roster import LABELS as ROSTER_LABELS
from lms.admin.roster import parse_roster
from lms.admin.views.blueprint import bp, csv_download
from lms.extensions import db
from lms.permissions import current_account
from lms.web import form_status

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


@bp.route("/users/import", methods=["GET", "POST"])
@limits.imports
@login_required
def import_users() -> ResponseReturnValue:
    """Check, then import, a roster of officials from CSV or Excel; every problem is listed by row."""
    form = ImportForm()
    result = None
    checked_only = False
    status = form_status()
    if form.validate_on_submit():
        upload = form.file.data
        with upload.stream as stream:  # large uploads are spooled to a temporary file: close it
            data = stream.read()
        checked_only = form.dry_run.data
        roster = parse_roster(data, upload.filename or "")
        result = import_roster(
            db.session,
            roster,
            current_account(),
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
    return csv_download(TEMPLATE_HEADERS, TEMPLATE_ROWS, "mau-danh-sach-can-bo.csv")
