"""Load the shipped GIFT banks and build the shipped course's quizzes (run by `flask content sync`)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from courses.content_files import ContentError
from courses.markdown import render_markdown
from courses.models import Course
from lms.models import now_utc
from quizzes.bank import add_question, area_from_category, get_or_create_bank, known_areas
from quizzes.blueprint import Blueprint
from quizzes.building import FINAL_DEFAULTS, QuizSettings, create_quiz, final_draws, set_draws
from quizzes.gift import ParsedQuestion, ParseResult, parse_gift
from quizzes.models import Question, QuestionOption, Quiz, QuizKind, ReviewPolicy
from quizzes.taxonomy import Pool

BANKS_ROOT = Path(__file__).resolve().parent / "banks"
SHIPPED_BANK = "Ngân hàng câu hỏi kỹ năng số (có sẵn)"
PRACTICE_QUESTIONS = 5


@dataclass
class BankReport:
    created: int = 0
    updated: int = 0
    retired: int = 0
    quizzes_created: int = 0
    quizzes_updated: int = 0
    problems: list[str] = field(default_factory=list)


def read_pool_files(root: Path = BANKS_ROOT) -> Iterator[tuple[str, Pool, ParseResult]]:
    """Each shipped bank file (`final/<area>.gift`, `practice/<area>.gift`) as (shown path, pool, parsed)."""
    for pool in Pool:
        for path in sorted((root / pool.value).glob("*.gift")):
            yield f"quizzes/banks/{pool.value}/{path.name}", pool, parse_gift(path.read_text(encoding="utf-8"))


def read_banks(root: Path = BANKS_ROOT) -> list[ParsedQuestion]:
    """Parse every shipped bank, each question in its folder's pool; ContentError names file and line of problems."""
    questions, problems = [], []
    for shown, pool, result in read_pool_files(root):
        problems += [f"{shown}:{e.line}: {e.message}" for e in result.errors]
        for question in result.questions:
            question.pool = pool
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
        question.competency_code,
        question.level,
        question.pool,
        question.retired_at is None,
        options,
    ) == (
        parsed.kind,
        parsed.text,
        parsed.general_feedback,
        parsed.difficulty,
        parsed.tags,
        area,
        parsed.competency,
        parsed.level,
        parsed.pool,
        True,
        wanted,
    )


def sync_banks(session: Session, report: BankReport, root: Path = BANKS_ROOT) -> None:
    """Upsert the shipped questions by title; a changed question is updated in place (attempts keep snapshots),
    and one no longer in the files is retired (never deleted: past attempts and item analysis still name it)."""
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
            question.competency_code, question.level = parsed.competency, parsed.level
            question.pool = parsed.pool or Pool.PRACTICE
            question.options = [
                QuestionOption(position=i, text=o.text, fraction=Decimal(str(o.fraction)), feedback=o.feedback)
                for i, o in enumerate(parsed.options, start=1)
            ]
            report.updated += 1
    shipped = {parsed.title for parsed in parsed_questions}
    for title, question in existing.items():
        if title not in shipped and question.retired_at is None:
            question.retired_at = now_utc()
            report.retired += 1
    session.flush()


def sync_course_quizzes(
    session: Session, course: Course, report: BankReport, blueprint: Blueprint | None = None
) -> None:
    """Give each module a practice quiz from its area, and the course a final assessment: drawn to the blueprint
    when there is one (kept in step with it at every sync), else spread over all areas."""
    quizzes = {q.slug: q for q in session.scalars(select(Quiz).where(Quiz.course_id == course.id))}
    area_order: list[str] = []
    for module in course.modules:
        if module.retired_at is not None or not module.area_code:
            continue
        area_order.append(module.area_code)
        slug = f"module:{module.slug}"
        if slug not in quizzes:
            settings = QuizSettings(title=f"Luyện tập: {module.title}", kind=QuizKind.MODULE, pass_percent=70)
            questions = blueprint.practice_questions if blueprint else PRACTICE_QUESTIONS
            create_quiz(session, course, settings, draws=[(module.area_code, questions)], module=module, slug=slug)
            report.quizzes_created += 1
    final = quizzes.get("final")
    if final is None and area_order:
        settings = QuizSettings(
            title="Bài đánh giá cuối khóa",
            kind=QuizKind.FINAL,
            review_policy=ReviewPolicy.SCORE_ONLY,
            **(_final_settings(blueprint) if blueprint else FINAL_DEFAULTS),
        )
        draws = blueprint.slots() if blueprint else final_draws(list(dict.fromkeys(area_order)))
        final = create_quiz(session, course, settings, draws=draws, slug="final")
        final.balance = blueprint.balance.as_json() if blueprint else None
        report.quizzes_created += 1
    if final is not None and blueprint is not None and follow_blueprint(session, final, blueprint):
        report.quizzes_updated += 1
    session.flush()


def _final_settings(blueprint: Blueprint) -> dict[str, int]:
    return {
        "pass_percent": blueprint.pass_percent,
        "time_limit_s": blueprint.minutes * 60,
        "max_attempts": blueprint.max_attempts,
    }


def follow_blueprint(session: Session, quiz: Quiz, blueprint: Blueprint) -> bool:
    """Make the quiz draw to the blueprint (its slots and balance); tell whether anything changed."""
    wanted = sorted((s.area, s.competency or "", s.count) for s in blueprint.slots())
    current = sorted((d.area_code, d.competency_code or "", d.count) for d in quiz.draws)
    balance = blueprint.balance.as_json()
    if wanted == current and quiz.balance == balance and not quiz.fixed_questions:
        return False
    quiz.fixed_questions = []
    set_draws(session, quiz, blueprint.slots())
    quiz.balance = balance
    return True
