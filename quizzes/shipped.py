"""Load the shipped GIFT banks and build the shipped course's quizzes (run by `flask content sync`)."""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from courses.content_files import ContentError
from courses.markdown import render_markdown
from courses.models import Course
from quizzes.bank import add_question, area_from_category, get_or_create_bank, known_areas
from quizzes.building import FINAL_DEFAULTS, QuizSettings, create_quiz, final_draws
from quizzes.gift import ParsedQuestion, parse_gift
from quizzes.models import Question, QuestionOption, Quiz, QuizKind, ReviewPolicy

BANKS_ROOT = Path(__file__).resolve().parent / "banks"
SHIPPED_BANK = "Ngân hàng câu hỏi kỹ năng số (có sẵn)"
PRACTICE_QUESTIONS = 5


@dataclass
class BankReport:
    created: int = 0
    updated: int = 0
    quizzes_created: int = 0
    problems: list[str] = field(default_factory=list)


def read_banks(root: Path = BANKS_ROOT) -> list[ParsedQuestion]:
    """Parse every shipped bank; ContentError names file and line of each problem."""
    questions, problems = [], []
    for path in sorted(root.glob("*.gift")):
        result = parse_gift(path.read_text(encoding="utf-8"))
        problems += [f"quizzes/banks/{path.name}:{e.line}: {e.message}" for e in result.errors]
        questions += result.questions
    if problems:
        raise ContentError(problems)
    return questions


def _same(question: Question, parsed: ParsedQuestion, area: str | None) -> bool:
    options = [(o.text, float(o.fraction), o.feedback) for o in question.options]
    wanted = [(o.text, float(o.fraction), o.feedback) for o in parsed.options]
    return (
        question.kind,
        question.text,
        question.general_feedback,
        question.difficulty,
        list(question.tags or []),
        question.area_code,
        options,
    ) == (parsed.kind, parsed.text, parsed.general_feedback, parsed.difficulty, parsed.tags, area, wanted)


def sync_banks(session: Session, report: BankReport, root: Path = BANKS_ROOT) -> None:
    """Upsert the shipped questions by title; a changed question is updated in place (attempts keep snapshots)."""
    parsed_questions = read_banks(root)
    bank = get_or_create_bank(session, SHIPPED_BANK, None)
    existing = {q.title: q for q in session.scalars(select(Question).where(Question.bank_id == bank.id))}
    areas = known_areas(session)
    for parsed in parsed_questions:
        area = area_from_category(parsed.category, areas)
        question = existing.get(parsed.title)
        if question is None:
            add_question(session, bank, parsed, area)
            report.created += 1
        elif not _same(question, parsed, area):
            question.kind, question.text, question.text_html = parsed.kind, parsed.text, render_markdown(parsed.text)
            question.general_feedback, question.difficulty = parsed.general_feedback, parsed.difficulty
            question.tags, question.area_code, question.retired_at = parsed.tags, area, None
            question.options = [
                QuestionOption(position=i, text=o.text, fraction=Decimal(str(o.fraction)), feedback=o.feedback)
                for i, o in enumerate(parsed.options, start=1)
            ]
            report.updated += 1
    session.flush()


def sync_course_quizzes(session: Session, course: Course, report: BankReport) -> None:
    """Give each module a practice quiz from its area, and the course a final assessment over all areas."""
    quizzes = {q.slug: q for q in session.scalars(select(Quiz).where(Quiz.course_id == course.id))}
    area_order: list[str] = []
    for module in course.modules:
        if module.retired_at is not None or not module.area_code:
            continue
        area_order.append(module.area_code)
        slug = f"module:{module.slug}"
        if slug not in quizzes:
            settings = QuizSettings(title=f"Luyện tập: {module.title}", kind=QuizKind.MODULE, pass_percent=70)
            create_quiz(
                session, course, settings, draws=[(module.area_code, PRACTICE_QUESTIONS)], module=module, slug=slug
            )
            report.quizzes_created += 1
    if "final" not in quizzes and area_order:
        settings = QuizSettings(
            title="Bài đánh giá cuối khóa",
            kind=QuizKind.FINAL,
            review_policy=ReviewPolicy.SCORE_ONLY,
            **FINAL_DEFAULTS,
        )
        create_quiz(session, course, settings, draws=final_draws(list(dict.fromkeys(area_order))), slug="final")
        report.quizzes_created += 1
    session.flush()
