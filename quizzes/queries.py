"""Read-only queries for the quiz pages: the learner's, and the trainer's banks, quizzes and results."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, defer, joinedload, selectinload

from courses.models import Area, Course
from lms.auth.models import User
from lms.org.models import Unit
from lms.pagination import Page, paginate
from quizzes import types as question_types
from quizzes.analysis import AttemptRecord, ItemResponse, ItemStats, QuestionInfo, QuizSummary, analyse_items, summarise
from quizzes.display import plain_text
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    Question,
    QuestionBank,
    Quiz,
    QuizKind,
    QuizQuestion,
)


@dataclass(frozen=True)
class QuizItem:
    id: int
    title: str
    kind: str
    module_id: int | None
    best_percent: Decimal | None
    passed: bool


def list_course_quizzes(session: Session, course_id: int, user_id: int) -> dict[int | None, list[QuizItem]]:
    """A course's quizzes by module (None: course level) with my best result — two queries."""
    quizzes = session.scalars(select(Quiz).where(Quiz.course_id == course_id).order_by(Quiz.kind.desc(), Quiz.id)).all()
    best = {
        quiz_id: (percent, bool(passed))
        for quiz_id, percent, passed in session.execute(
            select(Attempt.quiz_id, func.max(Attempt.percent), func.count(Attempt.id).filter(Attempt.passed.is_(True)))
            .where(
                Attempt.user_id == user_id,
                Attempt.state == AttemptState.SUBMITTED,
                Attempt.quiz_id.in_([q.id for q in quizzes]),
            )
            .group_by(Attempt.quiz_id)
        )
    }
    grouped: dict[int | None, list[QuizItem]] = {}
    for quiz in quizzes:
        percent, passed = best.get(quiz.id, (None, False))
        grouped.setdefault(quiz.module_id, []).append(
            QuizItem(quiz.id, quiz.title, quiz.kind, quiz.module_id, percent, passed)
        )
    return grouped


def list_my_attempts(session: Session, quiz_id: int, user_id: int) -> list[Attempt]:
    return list(
        session.scalars(
            select(Attempt).where(Attempt.quiz_id == quiz_id, Attempt.user_id == user_id).order_by(Attempt.number)
        )
    )


# --- trainer pages: banks, a course's quizzes, results and item analysis -------------------------------------


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


def list_banks(session: Session) -> list[BankRow]:
    """Read every bank with its owner and live question counts per area (three queries)."""
    banks = session.scalars(
        select(QuestionBank).options(selectinload(QuestionBank.owner)).order_by(QuestionBank.name)
    ).all()
    counts: dict[int, list[tuple[str | None, int]]] = defaultdict(list)
    rows = session.execute(
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


def list_bank_names(session: Session) -> list[str]:
    return list(session.scalars(select(QuestionBank.name).order_by(QuestionBank.name)))


def list_bank_questions(session: Session, bank: QuestionBank, page: int, per_page: int) -> Page[Question]:
    """A page of a bank's live questions with their options, by area."""
    stmt = (
        select(Question)
        .options(selectinload(Question.options))
        .where(Question.bank_id == bank.id, Question.retired_at.is_(None))
        .order_by(Question.area_code, Question.id)
    )
    return paginate(session, stmt, page, per_page)


def list_area_names(session: Session) -> list[tuple[str, str]]:
    """List (code, name) of every framework area, the newest framework's name winning for a shared code."""
    rows = session.execute(select(Area.code, Area.name).order_by(Area.framework_id.desc(), Area.position))
    areas: dict[str, str] = {}
    for code, name in rows:
        areas.setdefault(code, name)
    return list(areas.items())


def list_course_quiz_rows(session: Session, course: Course) -> list[QuizRow]:
    """Read a course's quizzes with their draws, fixed question and attempt counts (four queries)."""
    of_course = select(Quiz.id).where(Quiz.course_id == course.id)
    quizzes = session.scalars(
        select(Quiz).options(selectinload(Quiz.draws), selectinload(Quiz.module)).where(Quiz.course_id == course.id)
    ).all()
    fixed = dict(
        session.execute(
            select(QuizQuestion.quiz_id, func.count(QuizQuestion.id))
            .where(QuizQuestion.quiz_id.in_(of_course))
            .group_by(QuizQuestion.quiz_id)
        ).all()
    )
    attempts = count_attempts(session, of_course)
    # Practice quizzes in module order, then the final assessment.
    ordered = sorted(quizzes, key=lambda q: (q.kind == QuizKind.FINAL, q.module.position if q.module else 0, q.id))
    return [QuizRow(q, fixed.get(q.id, 0), attempts.get(q.id, 0)) for q in ordered]


def count_attempts(session: Session, quiz_ids: Select[Any] | list[int]) -> dict[int, int]:
    """Count every attempt started (open or submitted) per quiz."""
    rows = session.execute(
        select(Attempt.quiz_id, func.count(Attempt.id)).where(Attempt.quiz_id.in_(quiz_ids)).group_by(Attempt.quiz_id)
    )
    return dict(rows.all())


def submitted_attempts(quiz: Quiz, unit: Unit | None) -> list[ColumnElement[bool]]:
    """Select the quiz's submitted attempts, of people now in the unit's subtree when one is given."""
    conditions = [Attempt.quiz_id == quiz.id, Attempt.state == AttemptState.SUBMITTED]
    if unit is not None:
        in_subtree = select(User.id).join(Unit, User.unit_id == Unit.id).where(Unit.path.like(unit.path + "%"))
        conditions.append(Attempt.user_id.in_(in_subtree))
    return conditions


def list_attempts(
    session: Session, conditions: Sequence[ColumnElement[bool]], page: int, per_page: int
) -> Page[Attempt]:
    """A page of the selected attempts with their people and units, newest first (answers left unread)."""
    stmt = (
        select(Attempt)
        .options(defer(Attempt.snapshot), joinedload(Attempt.user).joinedload(User.unit))
        .where(*conditions)
        .order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
    )
    return paginate(session, stmt, page, per_page)


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
        if not question_types.get(self.kind).chooses_options:  # typed answers choose no option
            return []
        return [
            OptionShare(*self.options.get(option_id, [f"#{option_id}", False]), share)
            for option_id, share in stats.option_shares.items()
        ]


def _response(kind: str, answer: Any, score: Any) -> ItemResponse:
    """One saved answer as the item analysis reads it: its grade and the options its type says it chose."""
    return ItemResponse(float(score or 0), question_types.get(kind).chosen_options(answer))


def analyse_attempts(
    session: Session, quiz: Quiz, conditions: Sequence[ColumnElement[bool]]
) -> tuple[QuizSummary, list[ItemRow]]:
    """Summarise the selected attempts and analyse every question shown in them (two queries)."""
    attempts = session.execute(select(Attempt.id, Attempt.percent, Attempt.snapshot).where(*conditions)).all()
    answers = session.execute(
        select(AttemptAnswer.attempt_id, AttemptAnswer.question_id, AttemptAnswer.answer, AttemptAnswer.score).where(
            AttemptAnswer.attempt_id.in_(select(Attempt.id).where(*conditions))
        )
    )
    saved: dict[int, dict[int, tuple[Any, Any]]] = defaultdict(dict)
    for attempt_id, question_id, answer, score in answers:
        saved[attempt_id][question_id] = (answer, score)
    questions: dict[int, _Shown] = {}
    records = []
    for attempt_id, percent, snapshot in attempts:
        items = {}
        for shown in snapshot:
            _Shown.collect(questions, shown)
            given = saved[attempt_id].get(shown["id"])
            # A question left blank was still shown: it counts as 0 against its facility.
            items[shown["id"]] = ItemResponse(0.0) if given is None else _response(shown["kind"], *given)
        records.append(AttemptRecord(attempt_id, float(percent or 0) / 100, items))
    order = sorted(questions, key=lambda qid: (questions[qid].area, qid))
    stats = analyse_items([questions[qid].info(qid) for qid in order], records)
    rows = [ItemRow(item, questions[item.question_id].kind, questions[item.question_id].shares(item)) for item in stats]
    return summarise(records, quiz.pass_percent / 100), rows

