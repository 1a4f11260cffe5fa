"""Trainer pages: question banks (import, browse, export), quiz settings and quiz results with item analysis."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import ColumnElement, Select, func, inspect, select
from sqlalchemy.orm import defer, joinedload, selectinload

from courses.models import Area, Course
from lms import limits
from lms.audit import record
from lms.auth.models import User
from lms.errors import NotFound, ValidationFailed
from lms.extensions import db
from lms.org.models import Unit
from lms.pagination import Page, paginate
from lms.permissions import can_author, current_account, require
from lms.text import slugify
from quizzes.analysis import AttemptRecord, ItemResponse, ItemStats, QuestionInfo, QuizSummary, analyse_items, summarise
from quizzes.bank import ImportReport, export_gift, get_or_create_bank, import_questions, lint_bank, parse_file
from quizzes.building import apply_settings, set_draws
from quizzes.forms import ImportForm, QuizSettingsForm, make_settings_form
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
    QuizKind,
    QuizQuestion,
)
from quizzes.taxonomy import LEVEL_LABELS, POOL_LABELS

bp = Blueprint("quiz_admin", __name__, url_prefix="/manage/quizzes")

PER_PAGE = 50
TEMPLATE_CSV = Path(__file__).parent / "templates" / "mau-cau-hoi.csv"

QUESTION_KIND_LABELS = {
    QuestionKind.SINGLE: _l("Một đáp án"),
    QuestionKind.MULTIPLE: _l("Nhiều đáp án"),
    QuestionKind.TRUE_FALSE: _l("Đúng/Sai"),
    QuestionKind.SHORT_TEXT: _l("Trả lời ngắn"),
}
QUIZ_KIND_LABELS = {QuizKind.MODULE: _l("Luyện tập"), QuizKind.FINAL: _l("Đánh giá cuối khóa")}
DIFFICULTY_LABELS = {1: _l("Dễ"), 2: _l("Trung bình"), 3: _l("Khó")}
#: Service field names that the form calls differently.
_FIELD_ALIASES = {"time_limit_s": "time_limit_minutes"}


@dataclass(frozen=True)
class BankRow:
    bank: QuestionBank
    #: (area code or None, live questions), in code order with unfiled questions last.
    by_area: list[tuple[str | None, int]]
    total: int


@dataclass(frozen=True)
class QuizRow:
    quiz: Quiz
    fixed_questions: int
    attempts: int


@dataclass(frozen=True)
class OptionShare:
    text: str
    correct: bool
    share: float


@dataclass(frozen=True)
class ItemRow:
    stats: ItemStats
    kind: str
    options: list[OptionShare]


# --- display helpers -----------------------------------------------------------------


def percent_text(fraction: float | None) -> str:
    """Write a fraction as a Vietnamese percentage: 0.625 → "62,5%", None → "—"."""
    if fraction is None:
        return "—"
    text = f"{fraction * 100:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def index_text(value: float | None) -> str:
    """Write an index with two decimals and a decimal comma: 0.5 → "0,50", None → "—"."""
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def plain_text(html: str) -> str:
    """Strip the tags from sanitised question HTML, for excerpts and untitled questions."""
    return Markup(html or "").striptags()  # noqa: S704 — the result is plain text, escaped again when shown


@bp.context_processor
def _display_helpers() -> dict[str, Any]:
    return {
        "percent_text": percent_text,
        "index_text": index_text,
        "plain_text": plain_text,
        "question_kind_labels": QUESTION_KIND_LABELS,
        "quiz_kind_labels": QUIZ_KIND_LABELS,
        "difficulty_labels": DIFFICULTY_LABELS,
        "level_labels": LEVEL_LABELS,
        "pool_labels": POOL_LABELS,
    }


# --- loading and form helpers --------------------------------------------------------


def _require_author() -> None:
    require(can_author(current_account()))


def _load_bank(bank_id: int) -> QuestionBank:
    bank = db.session.get(QuestionBank, bank_id)
    if bank is None:
        raise NotFound("Không tìm thấy ngân hàng câu hỏi.")
    return bank


def _load_course(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None:
        raise NotFound("Không tìm thấy khóa học.")
    return course


def _load_quiz(quiz_id: int) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id, options=[selectinload(Quiz.draws)])
    if quiz is None:
        raise NotFound("Không tìm thấy bài kiểm tra.")
    return quiz


def _show_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Undo the failed change and put the service's messages beside the fields they name.

    The overall message is flashed too when it says more than the field notes (e.g. which formats exist).
    """
    db.session.rollback()
    placed = []
    for key, message in error.fields.items():
        name = _FIELD_ALIASES.get(key, key)
        if name == "draw" and isinstance(form, QuizSettingsForm):
            form.draw_errors.append(message)
            placed.append(message)
        elif name in form:
            form[name].errors = [*form[name].errors, message]
            placed.append(message)
    if error.message not in placed:
        flash(error.message, "error")


def _status() -> int:
    """Answer 422 when a submitted form is shown again: a successful POST always redirects."""
    return 422 if request.method == "POST" else 200


def _all_areas() -> list[tuple[str, str]]:
    """List (code, name) of every framework area, the newest framework's name winning for a shared code."""
    rows = db.session.execute(select(Area.code, Area.name).order_by(Area.framework_id.desc(), Area.position))
    areas: dict[str, str] = {}
    for code, name in rows:
        areas.setdefault(code, name)
    return list(areas.items())


def _draw_areas(quiz: Quiz) -> list[tuple[str, str]]:
    """List the areas a quiz may draw from: its course's framework, plus any area it already draws from."""
    framework = quiz.course.framework
    areas = [(a.code, a.name) for a in framework.areas] if framework else _all_areas()
    # Keep a draw the framework no longer lists visible rather than silently dropping it on save.
    known = {code for code, _name in areas}
    areas += [(d.area_code, d.area_code) for d in quiz.draws if d.area_code not in known]
    return areas


# --- queries -------------------------------------------------------------------------


def _list_banks() -> list[BankRow]:
    """Read every bank with its owner and live question counts per area (three queries)."""
    banks = db.session.scalars(
        select(QuestionBank).options(selectinload(QuestionBank.owner)).order_by(QuestionBank.name)
    ).all()
    counts: dict[int, list[tuple[str | None, int]]] = defaultdict(list)
    rows = db.session.execute(
        select(Question.bank_id, Question.area_code, func.count(Question.id))
        .where(Question.retired_at.is_(None))
        .group_by(Question.bank_id, Question.area_code)
    )
    for bank_id, area, n in rows:
        counts[bank_id].append((area, n))
    return [
        BankRow(
            bank,
            sorted(counts[bank.id], key=lambda row: (row[0] is None, row[0] or "")),
            sum(n for _area, n in counts[bank.id]),
        )
        for bank in banks
    ]


def _list_questions(bank: QuestionBank, page: int) -> Page[Question]:
    stmt = (
        select(Question)
        .options(selectinload(Question.options))
        .where(Question.bank_id == bank.id, Question.retired_at.is_(None))
        .order_by(Question.area_code, Question.id)
    )
    return paginate(db.session, stmt, page, PER_PAGE)


def _list_course_quizzes(course: Course) -> list[QuizRow]:
    """Read a course's quizzes with their draws, fixed question and attempt counts (four queries)."""
    of_course = select(Quiz.id).where(Quiz.course_id == course.id)
    quizzes = db.session.scalars(
        select(Quiz).options(selectinload(Quiz.draws), selectinload(Quiz.module)).where(Quiz.course_id == course.id)
    ).all()
    fixed = dict(
        db.session.execute(
            select(QuizQuestion.quiz_id, func.count(QuizQuestion.id))
            .where(QuizQuestion.quiz_id.in_(of_course))
            .group_by(QuizQuestion.quiz_id)
        ).all()
    )
    attempts = _count_attempts(of_course)
    # Practice quizzes in module order, then the final assessment.
    ordered = sorted(quizzes, key=lambda q: (q.kind == QuizKind.FINAL, q.module.position if q.module else 0, q.id))
    return [QuizRow(q, fixed.get(q.id, 0), attempts.get(q.id, 0)) for q in ordered]


def _count_attempts(quiz_ids: Select[Any] | list[int]) -> dict[int, int]:
    """Count every attempt started (open or submitted) per quiz."""
    rows = db.session.execute(
        select(Attempt.quiz_id, func.count(Attempt.id)).where(Attempt.quiz_id.in_(quiz_ids)).group_by(Attempt.quiz_id)
    )
    return dict(rows.all())


def _submitted(quiz: Quiz, unit: Unit | None) -> list[ColumnElement[bool]]:
    """Select the quiz's submitted attempts, of people now in the unit's subtree when one is given."""
    conditions = [Attempt.quiz_id == quiz.id, Attempt.state == AttemptState.SUBMITTED]
    if unit is not None:
        in_subtree = select(User.id).join(Unit, User.unit_id == Unit.id).where(Unit.path.like(unit.path + "%"))
        conditions.append(Attempt.user_id.in_(in_subtree))
    return conditions


def _list_attempts(conditions: Sequence[ColumnElement[bool]], page: int) -> Page[Attempt]:
    stmt = (
        select(Attempt)
        .options(defer(Attempt.snapshot), joinedload(Attempt.user).joinedload(User.unit))
        .where(*conditions)
        .order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
    )
    return paginate(db.session, stmt, page, PER_PAGE)


@dataclass
class _Shown:
    """What the snapshots say about one question: its title, kind and area, and the options of every version."""

    title: str
    kind: str
    area: str
    #: option id → [text, correct]; an option counts as correct if any snapshot gave it credit.
    options: dict[int, list[Any]] = field(default_factory=dict)

    @classmethod
    def collect(cls, questions: dict[int, "_Shown"], snapshot: dict[str, Any]) -> None:
        """Add one snapshot of a question to what is known about it."""
        shown = questions.get(snapshot["id"])
        if shown is None:
            title = snapshot.get("title") or plain_text(snapshot.get("text_html", ""))[:120]
            shown = questions[snapshot["id"]] = cls(title, snapshot["kind"], snapshot.get("area") or "")
        for option in snapshot.get("options", []):
            known = shown.options.setdefault(option["id"], [option["text"], False])
            known[1] = known[1] or option.get("fraction", 0) > 0

    def info(self, question_id: int) -> QuestionInfo:
        # Snapshots may shuffle options; ids follow the authored order, so sort by them.
        return QuestionInfo(
            question_id=question_id,
            title=self.title,
            option_ids=tuple(sorted(self.options)),
            correct_option_ids=tuple(sorted(o for o, (_text, correct) in self.options.items() if correct)),
        )

    def shares(self, stats: ItemStats) -> list[OptionShare]:
        if self.kind == QuestionKind.SHORT_TEXT:  # typed answers choose no option
            return []
        return [
            OptionShare(*self.options.get(option_id, [f"#{option_id}", False]), share)
            for option_id, share in stats.option_shares.items()
        ]


def _analyse(quiz: Quiz, conditions: Sequence[ColumnElement[bool]]) -> tuple[QuizSummary, list[ItemRow]]:
    """Summarise the submitted attempts and analyse every question shown in them (two queries)."""
    attempts = db.session.execute(select(Attempt.id, Attempt.percent, Attempt.snapshot).where(*conditions)).all()
    answers = db.session.execute(
        select(AttemptAnswer.attempt_id, AttemptAnswer.question_id, AttemptAnswer.answer, AttemptAnswer.score).where(
            AttemptAnswer.attempt_id.in_(select(Attempt.id).where(*conditions))
        )
    )
    saved: dict[int, dict[int, ItemResponse]] = defaultdict(dict)
    for attempt_id, question_id, answer, score in answers:
        chosen = answer.get("option_ids") if isinstance(answer, dict) else None
        saved[attempt_id][question_id] = ItemResponse(float(score or 0), tuple(chosen or ()))
    questions: dict[int, _Shown] = {}
    records = []
    for attempt_id, percent, snapshot in attempts:
        items = {}
        for shown in snapshot:
            _Shown.collect(questions, shown)
            # A question left blank was still shown: it counts as 0 against its facility.
            items[shown["id"]] = saved[attempt_id].get(shown["id"], ItemResponse(0.0))
        records.append(AttemptRecord(attempt_id, float(percent or 0) / 100, items))
    order = sorted(questions, key=lambda qid: (questions[qid].area, qid))
    stats = analyse_items([questions[qid].info(qid) for qid in order], records)
    rows = [ItemRow(item, questions[item.question_id].kind, questions[item.question_id].shares(item)) for item in stats]
    return summarise(records, quiz.pass_percent / 100), rows


# --- question banks ------------------------------------------------------------------


@bp.get("/banks")
@login_required
def banks() -> ResponseReturnValue:
    """List the question banks with their owners and live questions per area."""
    _require_author()
    return render_template("quiz_admin/banks.html", rows=_list_banks())


@bp.route("/banks/import", methods=["GET", "POST"])
@limits.imports
@login_required
def import_bank() -> ResponseReturnValue:
    """Check a question file ("Kiểm tra") or import all of it into a bank ("Nhập"), never part of it."""
    _require_author()
    form = ImportForm(data={"bank": request.args.get("bank", "")})
    form.set_areas(_all_areas())
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
            _show_errors(form, error)
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
    status = 200 if report is not None and form.is_dry_run else _status()
    bank_names = db.session.scalars(select(QuestionBank.name).order_by(QuestionBank.name)).all()
    return render_template("quiz_admin/import.html", form=form, report=report, bank_names=bank_names), status


@bp.get("/banks/template.csv")
@login_required
def template_csv() -> ResponseReturnValue:
    """Send the CSV template that the CSV/Excel import reads."""
    _require_author()
    if not TEMPLATE_CSV.is_file():
        raise NotFound("Chưa có tệp mẫu câu hỏi.")
    return send_file(TEMPLATE_CSV, mimetype="text/csv", as_attachment=True, download_name="mau-cau-hoi.csv")


@bp.get("/banks/<int:bank_id>")
@login_required
def bank(bank_id: int) -> ResponseReturnValue:
    """List a bank's live questions with their options, the correct ones ticked (authors only)."""
    _require_author()
    question_bank = _load_bank(bank_id)
    page = _list_questions(question_bank, request.args.get("page", 1, type=int) or 1)
    findings = lint_bank(db.session, question_bank)
    return render_template("quiz_admin/bank.html", bank=question_bank, questions=page, findings=findings)


@bp.get("/banks/<int:bank_id>/export.gift")
@login_required
def export_bank(bank_id: int) -> ResponseReturnValue:
    """Send a bank's live questions as a GIFT file (re-importing it gives the same questions)."""
    _require_author()
    question_bank = _load_bank(bank_id)
    data = export_gift(db.session, question_bank).encode("utf-8")
    name = f"{slugify(question_bank.name) or f'ngan-hang-{question_bank.id}'}.gift"
    return send_file(BytesIO(data), mimetype="text/plain", as_attachment=True, download_name=name)


# --- quizzes -------------------------------------------------------------------------


@bp.get("/course/<int:course_id>")
@login_required
def course_quizzes(course_id: int) -> ResponseReturnValue:
    """List a course's quizzes with their questions, rules and attempts so far."""
    _require_author()
    course = _load_course(course_id)
    return render_template("quiz_admin/course_quizzes.html", course=course, rows=_list_course_quizzes(course))


def _update_draws(quiz: Quiz, counts: list[tuple[str, int]]) -> None:
    """Replace a quiz's draw rules, but only when the counts changed.

    set_draws rebuilds the rules without a bank, so rewriting unchanged rules would drop a bank restriction.
    """
    if not counts:
        raise ValidationFailed("Cần rút ít nhất một câu hỏi.", fields={"draw": "Cần rút ít nhất một câu hỏi."})
    current: dict[str, int] = defaultdict(int)
    for draw in quiz.draws:
        current[draw.area_code] += draw.count
    if dict(counts) != current:
        set_draws(db.session, quiz, counts)


@bp.route("/<int:quiz_id>/settings", methods=["GET", "POST"])
@login_required
def settings(quiz_id: int) -> ResponseReturnValue:
    """Edit a quiz's pass mark, time, attempts, window, shuffling, review policy and (if it draws) its draw."""
    _require_author()
    quiz = _load_quiz(quiz_id)
    # A draw to the blueprint is set by its file (the page shows it); a draw per area is edited here.
    draws = bool(quiz.draws) and not quiz.balance
    form = make_settings_form(_draw_areas(quiz) if draws else (), data=QuizSettingsForm.initial(quiz))
    attempts = _count_attempts([quiz.id]).get(quiz.id, 0)
    if form.validate_on_submit():
        try:
            apply_settings(quiz, form.to_settings(quiz.kind))
            if draws:
                _update_draws(quiz, form.draw_counts())
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            if attempts:
                # Settings that change after people have taken the quiz affect fairness: keep a trace.
                changed = sorted(attr.key for attr in inspect(quiz).attrs if attr.history.has_changes())
                record(db.session, current_account().id, "quiz.settings_change", quiz, request.remote_addr,
                       attempts=attempts, fields=changed)  # fmt: skip
            db.session.commit()
            flash(_("Đã lưu cài đặt bài kiểm tra “%(title)s”.", title=quiz.title), "success")
            return redirect(url_for("quiz_admin.course_quizzes", course_id=quiz.course_id, _anchor=f"quiz-{quiz.id}"))
    return render_template("quiz_admin/settings.html", quiz=quiz, form=form, attempts=attempts), _status()


@bp.get("/<int:quiz_id>/results")
@login_required
def results(quiz_id: int) -> ResponseReturnValue:
    """Show a quiz's results (optionally for one unit's subtree) and the item analysis of its questions."""
    _require_author()
    quiz = _load_quiz(quiz_id)
    code = request.args.get("unit", "").strip()[:40]
    unit = db.session.scalar(select(Unit).where(Unit.code == code)) if code else None
    conditions = _submitted(quiz, unit)
    summary, items = _analyse(quiz, conditions)
    page = _list_attempts(conditions, request.args.get("page", 1, type=int) or 1)
    return render_template(
        "quiz_admin/results.html",
        quiz=quiz,
        unit=unit,
        unit_code=code,
        unknown_unit=bool(code) and unit is None,
        summary=summary,
        items=items,
        attempts=page,
    )
