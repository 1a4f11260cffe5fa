"""Question banks: import parsed files atomically, export to GIFT. Flush, never commit."""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from courses.markdown import render_markdown
from courses.models import Area, Competency
from lms.auth.models import User
from lms.errors import ValidationFailed
from lms.text import NUL_MESSAGE, nul_line
from quizzes.aiken import parse_aiken
from quizzes.gift import Option, ParsedQuestion, ParseError, ParseResult, parse_gift, to_gift
from quizzes.lint import Finding, Item, lint
from quizzes.models import Question, QuestionBank, QuestionOption
from quizzes.tabular import parse_csv, parse_xlsx
from quizzes.taxonomy import Pool

FORMATS = ("gift", "aiken", "csv", "xlsx")


class UnknownFormat(ValidationFailed):
    pass


def detect_format(filename: str, data: bytes) -> str:
    """Guess the format from the file name, then from the content."""
    suffix = PurePath(filename or "").suffix.lower().lstrip(".")
    if suffix in ("gift", "csv", "xlsx"):
        return suffix
    if data[:2] == b"PK":
        return "xlsx"
    head = data[:4000].decode("utf-8", errors="ignore")
    if "{" in head:
        return "gift"
    if "ANSWER:" in head.upper():
        return "aiken"
    if suffix == "txt":
        return "aiken"
    raise UnknownFormat(
        "Không nhận ra định dạng tệp. Hãy dùng GIFT (.gift), Aiken (.txt), CSV (.csv) hoặc Excel (.xlsx).",
        fields={"file": "Định dạng không được hỗ trợ."},
    )


def parse_file(data: bytes, filename: str, fmt: str | None = None) -> ParseResult:
    """Parse an uploaded question file in any supported format."""
    fmt = (fmt or detect_format(filename, data)).lower()
    if fmt not in FORMATS:
        raise UnknownFormat(f"Định dạng “{fmt}” không được hỗ trợ.", fields={"format": "gift, aiken, csv hoặc xlsx."})
    if fmt == "xlsx":
        return parse_xlsx(data)
    if fmt == "csv":
        return parse_csv(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParseResult([], [ParseError(1, "Tệp không phải văn bản UTF-8.")])
    if (line := nul_line(text)) is not None:
        return ParseResult([], [ParseError(line, f"dòng này {NUL_MESSAGE}")])
    if fmt == "aiken":
        return parse_aiken(text)
    return parse_gift(text)


def area_from_category(category: str | None, known: set[str]) -> str | None:
    """ "KNS/AT" or "AT" → "AT" when it is a framework area; anything else → None."""
    if not category:
        return None
    last = category.replace("\\", "/").rstrip("/").split("/")[-1].strip().upper()
    return last if last in known else None


def known_areas(session: Session) -> set[str]:
    return set(session.scalars(select(Area.code)))


def get_or_create_bank(session: Session, name: str, owner: User | None) -> QuestionBank:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed("Cần đặt tên ngân hàng câu hỏi.", fields={"bank": "Bắt buộc."})
    if len(name) > 120:
        raise ValidationFailed("Tên ngân hàng dài quá 120 ký tự.", fields={"bank": "Tối đa 120 ký tự."})
    bank = session.scalar(select(QuestionBank).where(QuestionBank.name == name))
    if bank is None:
        bank = QuestionBank(name=name, owner=owner)
        session.add(bank)
        session.flush()
    return bank


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0
    errors: list[ParseError] = field(default_factory=list)
    question_ids: list[int] = field(default_factory=list)
    #: What the bank linter says about the file's questions (they import anyway; the trainer decides).
    findings: list[Finding] = field(default_factory=list)


def import_questions(
    session: Session,
    bank: QuestionBank,
    result: ParseResult,
    *,
    dry_run: bool,
    area: str | None = None,
    pool: str = Pool.PRACTICE,
) -> ImportReport:
    """Add parsed questions to a bank — all of them, or none when the file has any error.

    `pool` is the pool of questions whose file does not say (`// [pool:final]` in GIFT wins).
    """
    report = ImportReport(errors=list(result.errors))
    areas = known_areas(session)
    if area and area not in areas:
        report.errors.append(ParseError(0, f"Lĩnh vực “{area}” không có trong khung năng lực."))
    for parsed in result.questions:
        parsed.pool = parsed.pool or pool
    report.findings = lint_questions(session, result.questions, area, areas)
    if report.errors or dry_run:
        report.skipped = len(result.questions) if report.errors else 0
        report.imported = 0 if report.errors else len(result.questions)
        return report
    for parsed in result.questions:
        question = add_question(session, bank, parsed, area or area_from_category(parsed.category, areas))
        report.question_ids.append(question.id)
    report.imported = len(report.question_ids)
    return report


def lint_questions(
    session: Session, questions: list[ParsedQuestion], area: str | None, areas: set[str] | None = None
) -> list[Finding]:
    """The bank linter over a file's (or a bank's) questions, as warnings: pool sizes are not the file's job."""
    areas = known_areas(session) if areas is None else areas
    items = [
        Item(f"dòng {q.line}" if q.line else (q.title or "câu hỏi"), q, area or area_from_category(q.category, areas),
             q.pool or Pool.PRACTICE)
        for q in questions
    ]  # fmt: skip
    return lint(items, set(session.scalars(select(Competency.code))), None, pools=False)


def add_question(session: Session, bank: QuestionBank, parsed: ParsedQuestion, area: str | None) -> Question:
    question = Question(
        bank=bank,
        kind=parsed.kind,
        title=parsed.title[:200],
        text=parsed.text,
        text_html=render_markdown(parsed.text),
        general_feedback=parsed.general_feedback,
        area_code=area,
        competency_code=parsed.competency,
        level=parsed.level,
        pool=parsed.pool or Pool.PRACTICE,
        difficulty=parsed.difficulty,
        tags=parsed.tags,
        options=[
            QuestionOption(position=i, text=o.text, fraction=Decimal(str(o.fraction)), feedback=o.feedback)
            for i, o in enumerate(parsed.options, start=1)
        ],
    )
    session.add(question)
    session.flush()
    return question


def as_parsed(question: Question) -> ParsedQuestion:
    """A stored question in the parsers' shape (for export and the linter)."""
    return ParsedQuestion(
        line=0,
        kind=question.kind,
        text=question.text,
        options=[Option(o.text, float(o.fraction), o.feedback) for o in question.options],
        title=question.title,
        general_feedback=question.general_feedback,
        category=f"KNS/{question.area_code}" if question.area_code else None,
        difficulty=question.difficulty,
        tags=list(question.tags or []),
        competency=question.competency_code,
        level=question.level,
        pool=question.pool,
    )


def live_questions(session: Session, bank: QuestionBank) -> list[Question]:
    return list(
        session.scalars(
            select(Question)
            .options(selectinload(Question.options))
            .where(Question.bank_id == bank.id, Question.retired_at.is_(None))
            .order_by(Question.area_code, Question.id)
        )
    )


def export_gift(session: Session, bank: QuestionBank) -> str:
    """Write a bank's live questions as GIFT (re-importing gives the same questions)."""
    return to_gift([as_parsed(q) for q in live_questions(session, bank)])


def lint_bank(session: Session, bank: QuestionBank) -> list[Finding]:
    """The linter's findings over a bank's live questions, each named by its title and number (#id)."""
    questions = live_questions(session, bank)
    items = [Item(f"#{q.id}", as_parsed(q), q.area_code, q.pool) for q in questions]
    return lint(items, set(session.scalars(select(Competency.code))), None, pools=False)
