"""Trainer pages for question banks: list them, import a file (check first), browse one, export it as GIFT."""

from io import BytesIO
from pathlib import Path

from flask import flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from lms import limits
from lms.errors import NotFound, ValidationFailed
from lms.extensions import db
from lms.permissions import current_account
from lms.text import slugify
from lms.web import form_status, show_errors
from quizzes import queries
from quizzes.bank import ImportReport, export_gift, get_or_create_bank, import_questions, lint_bank, parse_file
from quizzes.forms import ImportForm
from quizzes.models import QuestionBank
from quizzes.trainer_views.blueprint import PER_PAGE, bp, load_bank

TEMPLATE_CSV = Path(__file__).parent.parent / "templates" / "mau-cau-hoi.csv"


@bp.get("/banks")
@login_required
def banks() -> ResponseReturnValue:
    """List the question banks with their owners and live questions per area."""
    return render_template("quiz_admin/banks.html", rows=queries.list_banks(db.session))


@bp.route("/banks/import", methods=["GET", "POST"])
@limits.imports
@login_required
def import_bank() -> ResponseReturnValue:
    """Check a question file ("Kiểm tra") or import all of it into a bank ("Nhập"), never part of it."""
    form = ImportForm(data={"bank": request.args.get("bank", "")})
    form.set_areas(queries.list_area_names(db.session))
    report: ImportReport | None = None
    if form.validate_on_submit():
        upload = form.file.data
        area, pool = form.area.data or None, form.pool.data
        try:
            result = parse_file(upload.read(), upload.filename or "", form.chosen_format)
            if form.is_dry_run:
                # A dry run never touches the bank, so an unsaved one stands in and nothing is written.
                report = import_questions(
                    db.session, QuestionBank(name=form.bank.data), result, dry_run=True, area=area, pool=pool
                )
            else:
                target = get_or_create_bank(db.session, form.bank.data, current_account())
                report = import_questions(db.session, target, result, dry_run=False, area=area, pool=pool)
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            if not form.is_dry_run and not report.errors:
                db.session.commit()
                flash(
                    _("Đã nhập %(n)s câu hỏi vào ngân hàng “%(bank)s”.", n=report.imported, bank=target.name),
                    "success",
                )
                return redirect(url_for("quiz_admin.bank", bank_id=target.id))
            db.session.rollback()  # a bank created for a refused import goes as well
    # A finished check answers 200 whatever it found; a refused import or form answers 422.
    status = 200 if report is not None and form.is_dry_run else form_status()
    bank_names = queries.list_bank_names(db.session)
    return render_template("quiz_admin/import.html", form=form, report=report, bank_names=bank_names), status


@bp.get("/banks/template.csv")
@login_required
def template_csv() -> ResponseReturnValue:
    """Send the CSV template that the CSV/Excel import reads."""
    if not TEMPLATE_CSV.is_file():
        raise NotFound("Chưa có tệp mẫu câu hỏi.")
    return send_file(TEMPLATE_CSV, mimetype="text/csv", as_attachment=True, download_name="mau-cau-hoi.csv")


@bp.get("/banks/<int:bank_id>")
@login_required
def bank(bank_id: int) -> ResponseReturnValue:
    """List a bank's live questions with their options, the correct ones ticked (authors only)."""
    question_bank = load_bank(bank_id)
    page = queries.list_bank_questions(db.session, question_bank, request.args.get("page", 1, type=int) or 1, PER_PAGE)
    findings = lint_bank(db.session, question_bank)
    return render_template("quiz_admin/bank.html", bank=question_bank, questions=page, findings=findings)


@bp.get("/banks/<int:bank_id>/export.gift")
@login_required
def export_bank(bank_id: int) -> ResponseReturnValue:
    """Send a bank's live questions as a GIFT file (re-importing it gives the same questions)."""
    question_bank = load_bank(bank_id)
    data = export_gift(db.session, question_bank).encode("utf-8")
    name = f"{slugify(question_bank.name) or f'ngan-hang-{question_bank.id}'}.gift"
    return send_file(BytesIO(data), mimetype="text/plain", as_attachment=True, download_name=name)
