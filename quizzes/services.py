"""Quizzes and attempts: start or resume, save answers, grade, submit. Flush, never commit.

The clock is an argument (`now`), so deadlines are tested with a frozen time.
"""

import random
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from courses.models import Course, Enrolment
from courses.permissions import can_see_course, can_study
from courses.services import recompute_progress
from lms import events
from lms.auth.models import User
from lms.errors import Conflict, Forbidden, NotFound, ValidationFailed
from quizzes import types as question_types
from quizzes.blueprint import Balance, Candidate, Slot, draw_form
from quizzes.grading import grade
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    Confirmation,
    Question,
    Quiz,
    QuizDraw,
    QuizKind,
    QuizQuestion,
    pool_of,
)
from quizzes.types.short_text import MAX_LENGTH as SHORT_ANSWER_MAX

#: The longest typed answer (the short-answer type's own limit; the API's schema states it too).
MAX_TEXT_ANSWER = SHORT_ANSWER_MAX


# --- building an attempt --------------------------------------------------------------


def question_snapshot(question: Question, shuffle_options: bool, rng: random.Random) -> dict[str, Any]:
    """Freeze a question as shown to one person; correctness stays on the server."""
    options = [
        {"id": o.id, "text": o.text, "fraction": float(o.fraction), "feedback": o.feedback} for o in question.options
    ]
    if shuffle_options and question_types.get(question.kind).shuffles_options:
        rng.shuffle(options)
    return {
        "id": question.id,
        "kind": question.kind,
        "title": question.title,
        "text_html": question.text_html,
        "area": question.area_code,
        "competency": question.competency_code,
        "general_feedback": question.general_feedback,
        "ignore_diacritics": question.ignore_diacritics,
        "options": options,
    }


def pick_questions(session: Session, quiz: Quiz, rng: random.Random, seen: Collection[int] = ()) -> list[Question]:
    """The quiz's fixed questions, or a fresh draw from its pool (a fixed number of queries either way).

    A draw takes each rule's count per area or competency, questions the person was shown in earlier attempts
    only when the pool has no others, and, for a quiz drawn to a blueprint, the form closest to its level mix and
    difficulty band (`quizzes.blueprint.draw_form`, which the test-wiseness simulation uses too).
    """
    if quiz.draws:
        areas = {draw.area_code for draw in quiz.draws}
        rows = session.execute(
            select(
                Question.id,
                Question.area_code,
                Question.competency_code,
                Question.level,
                Question.difficulty,
                Question.bank_id,
            ).where(Question.area_code.in_(areas), Question.pool == pool_of(quiz.kind), Question.retired_at.is_(None))
        ).all()
        chosen_ids: list[int] = []
        for bank_id, draws in _draws_by_bank(quiz):
            candidates = [
                Candidate(i, area, competency, level, difficulty)
                for i, area, competency, level, difficulty, bank in rows
                if (not bank_id or bank == bank_id) and i not in chosen_ids
            ]
            slots = [Slot(d.area_code, d.competency_code, d.count) for d in draws]
            chosen_ids += draw_form(candidates, slots, Balance.from_json(quiz.balance), seen, rng)
        found = {
            q.id: q
            for q in session.scalars(
                select(Question).options(selectinload(Question.options)).where(Question.id.in_(chosen_ids))
            )
        }
        questions = [found[i] for i in chosen_ids]
    else:
        fixed = session.scalars(
            select(QuizQuestion)
            .options(selectinload(QuizQuestion.question).selectinload(Question.options))
            .where(QuizQuestion.quiz_id == quiz.id)
            .order_by(QuizQuestion.position)
        )
        questions = [fq.question for fq in fixed if fq.question.retired_at is None]
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    return questions


def _draws_by_bank(quiz: Quiz) -> list[tuple[int | None, list[QuizDraw]]]:
    """The quiz's draw rules grouped by the bank they are limited to (almost always one group: any bank)."""
    groups: dict[int | None, list[QuizDraw]] = {}
    for draw in quiz.draws:
        groups.setdefault(draw.bank_id, []).append(draw)
    return list(groups.items())


@dataclass(frozen=True)
class AttemptCounts:
    used: int
    open: Attempt | None
    #: Questions shown in the person's earlier attempts (a new draw avoids them while the pool allows).
    seen: frozenset[int] = frozenset()


def count_attempts(session: Session, quiz: Quiz, user: User) -> AttemptCounts:
    attempts = session.scalars(select(Attempt).where(Attempt.quiz_id == quiz.id, Attempt.user_id == user.id)).all()
    seen = frozenset(q["id"] for a in attempts for q in a.snapshot or ())
    return AttemptCounts(len(attempts), next((a for a in attempts if a.is_open), None), seen)


def attempts_left(quiz: Quiz, used: int) -> int | None:
    return None if quiz.max_attempts is None else max(0, quiz.max_attempts - used)


def check_window(quiz: Quiz, now: datetime) -> None:
    if quiz.opens_at and now < quiz.opens_at:
        raise Conflict("Bài kiểm tra chưa mở.")
    if quiz.closes_at and now >= quiz.closes_at:
        raise Conflict("Bài kiểm tra đã đóng.")


def start_attempt(session: Session, user: User, quiz: Quiz, now: datetime, rng: random.Random | None = None) -> Attempt:
    """Resume the open attempt, or start a new one if attempts are left (409 when none are).

    Two starts at the same moment cannot both succeed: the database allows one open attempt per
    person and quiz and one row per attempt number.
    """
    counts = count_attempts(session, quiz, user)
    if counts.open is not None:
        if not is_expired(counts.open, now):
            return counts.open
        submit_attempt(session, user, counts.open, now)
    check_window(quiz, now)
    left = attempts_left(quiz, counts.used)
    if left == 0:
        raise Conflict("Bạn đã dùng hết số lần làm bài kiểm tra này.")
    rng = rng or random.SystemRandom()
    questions = pick_questions(session, quiz, rng, counts.seen)
    snapshot = [question_snapshot(q, quiz.shuffle_options, rng) for q in questions]
    if not snapshot:
        raise Conflict("Bài kiểm tra chưa có câu hỏi.")
    deadline = now + timedelta(seconds=quiz.time_limit_s) if quiz.time_limit_s else None
    if quiz.closes_at and (deadline is None or deadline > quiz.closes_at):
        deadline = quiz.closes_at
    attempt = Attempt(
        quiz_id=quiz.id,
        user_id=user.id,
        number=counts.used + 1,
        state=AttemptState.OPEN,
        started_at=now,
        deadline_at=deadline,
        pass_percent=quiz.pass_percent,
        snapshot=snapshot,
    )
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError as error:
        # Another request started an attempt a moment ago: use that one.
        current = count_attempts(session, quiz, user)
        if current.open is not None:
            return current.open
        raise Conflict("Bạn đã dùng hết số lần làm bài kiểm tra này.") from error
    _mark_assessed(session, user, quiz, now)
    return attempt


def _mark_assessed(session: Session, user: User, quiz: Quiz, now: datetime) -> None:
    if quiz.kind != QuizKind.FINAL:
        return
    enrolment = _enrolment(session, user, quiz.course_id)
    if enrolment is not None and enrolment.assessed_at is None:
        enrolment.assessed_at = now


def _enrolment(session: Session, user: User, course_id: int) -> Enrolment | None:
    return session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course_id))


def get_quiz_for_study(session: Session, user: User, quiz_id: int) -> Quiz:
    """404 for unknown quizzes and those of drafts the person must not know about; 403 unless enrolled."""
    quiz = session.get(Quiz, quiz_id)
    if quiz is None or not can_see_course(user, quiz.course):
        raise NotFound("Không tìm thấy bài kiểm tra.")
    if not can_study(user, quiz.course, _enrolment(session, user, quiz.course_id)):
        raise Forbidden("Bạn chưa được ghi danh vào khóa học có bài kiểm tra này.")
    return quiz


def is_expired(attempt: Attempt, now: datetime) -> bool:
    return attempt.deadline_at is not None and now >= attempt.deadline_at


def get_own_attempt(session: Session, user: User, attempt_id: int, *, lock: bool = False) -> Attempt:
    """Load an attempt of this person (404 unknown, 403 someone else's)."""
    stmt = select(Attempt).where(Attempt.id == attempt_id)
    if lock:
        stmt = stmt.with_for_update()
    attempt = session.scalar(stmt)
    if attempt is None:
        raise NotFound("Không tìm thấy lượt làm bài.")
    if attempt.user_id != user.id:
        raise Forbidden("Đây không phải lượt làm bài của bạn.")
    return attempt


# --- answers ---------------------------------------------------------------------------


def find_question(attempt: Attempt, question_id: int) -> dict[str, Any]:
    for question in attempt.snapshot:
        if question["id"] == question_id:
            return question
    raise NotFound("Câu hỏi này không thuộc lượt làm bài.", fields={"question_id": "Không thuộc lượt làm bài."})


def clean_answer(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    """Check an answer's shape against its question (its type's check); 400 for option ids of another question."""
    if not isinstance(answer, dict):
        raise ValidationFailed("Câu trả lời phải là một đối tượng JSON.")
    return question_types.get(question["kind"]).clean_answer(question, answer)


def save_answer(session: Session, user: User, attempt: Attempt, question_id: int, answer: Any, now: datetime) -> None:
    """Save (or replace) one answer at once; 409 after submit or past the deadline."""
    if attempt.user_id != user.id:
        raise Forbidden("Đây không phải lượt làm bài của bạn.")
    if not attempt.is_open:
        raise Conflict("Bài đã nộp; không thể sửa câu trả lời.")
    if is_expired(attempt, now):
        raise Conflict("Đã hết giờ làm bài; câu trả lời này không được lưu.")
    question = find_question(attempt, question_id)
    value = clean_answer(question, answer)
    # Checked again under the attempt's lock: a submit in progress finishes first, so no answer is
    # acknowledged after the grading (it would be stored but not graded).
    _sqlite_write_lock(session, attempt.id)
    if session.scalar(select(Attempt.state).where(Attempt.id == attempt.id).with_for_update()) != AttemptState.OPEN:
        raise Conflict("Bài đã nộp; không thể sửa câu trả lời.")
    _upsert_answer(session, attempt.id, question_id, value, now)


def _sqlite_write_lock(session: Session, attempt_id: int) -> None:
    """SQLite ignores FOR UPDATE and reads outside the write transaction: a no-op write to the attempt takes
    the database's single write lock now, so what is read after it is the latest commit and stays so."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(Attempt).where(Attempt.id == attempt_id).values(state=Attempt.state),
            execution_options={"synchronize_session": False},
        )


def _upsert_statement(dialect: str) -> Any:
    """The answer upsert, built once per dialect and run with parameters (building it per save cost ~4 % of a save)."""
    stmt = _UPSERTS.get(dialect)
    if stmt is None:
        table = AttemptAnswer.__table__
        base = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
        stmt = _UPSERTS[dialect] = base.on_conflict_do_update(
            index_elements=["attempt_id", "question_id"],
            set_={"answer": base.excluded.answer, "saved_at": base.excluded.saved_at},
        )
    return stmt


_UPSERTS: dict[str, Any] = {}


def _upsert_answer(session: Session, attempt_id: int, question_id: int, value: dict[str, Any], now: datetime) -> None:
    """One statement, so two saves of the same attempt at once never lose each other."""
    row = {"attempt_id": attempt_id, "question_id": question_id, "answer": value, "saved_at": now}
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):  # pragma: no cover — only the two supported engines
        session.execute(insert(AttemptAnswer).values(row))
        return
    session.execute(_upsert_statement(dialect), row)


def saved_answers(session: Session, attempt: Attempt) -> dict[int, dict[str, Any]]:
    rows = session.execute(
        select(AttemptAnswer.question_id, AttemptAnswer.answer).where(AttemptAnswer.attempt_id == attempt.id)
    )
    return {question_id: answer for question_id, answer in rows}  # noqa: C416 — rows are Row objects


# --- grading and submitting ------------------------------------------------------------


@dataclass(frozen=True)
class AttemptResult:
    score: Decimal
    max_score: Decimal
    percent: Decimal
    passed: bool


def result_of(attempt: Attempt) -> AttemptResult:
    zero = Decimal(0)
    return AttemptResult(
        attempt.score or zero, attempt.max_score or zero, attempt.percent or zero, bool(attempt.passed)
    )


def submit_attempt(session: Session, user: User, attempt: Attempt, now: datetime) -> AttemptResult:
    """Grade what was saved and close the attempt; calling it again returns the same result."""
    if attempt.user_id != user.id:
        raise Forbidden("Đây không phải lượt làm bài của bạn.")
    _sqlite_write_lock(session, attempt.id)
    session.refresh(attempt, with_for_update=True)  # a second submit (or a save) waits here, then sees it closed
    if not attempt.is_open:
        return result_of(attempt)
    answers = {
        a.question_id: a for a in session.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id))
    }
    score = Decimal(0)
    by_area: dict[str, list[Decimal]] = {}
    for question in attempt.snapshot:
        row = answers.get(question["id"])
        credit = grade(question, row.answer if row else None)
        if row is not None:
            row.score = credit
        score += credit
        by_area.setdefault(question.get("area") or "-", []).append(credit)
    max_score = Decimal(len(attempt.snapshot))
    percent = (score * 100 / max_score).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if max_score else Decimal(0)
    quiz = session.get(Quiz, attempt.quiz_id)
    assert quiz is not None  # noqa: S101 — FK guarantees it
    attempt.score, attempt.max_score, attempt.percent = score, max_score, percent
    pass_mark = quiz.pass_percent if attempt.pass_percent is None else attempt.pass_percent
    attempt.passed = percent >= pass_mark
    attempt.area_scores = {
        area: float((sum(values) * 100 / len(values)).quantize(Decimal("0.01"))) for area, values in by_area.items()
    }
    # Submitted after the deadline (a late click, or graded on the next visit): the deadline is the time.
    attempt.submitted_at = min(now, attempt.deadline_at) if attempt.deadline_at else now
    attempt.state = AttemptState.SUBMITTED
    session.flush()
    if quiz.kind == QuizKind.FINAL:
        _record_final_result(session, user, quiz, attempt)  # may complete the course: confirmation, certificate
    events.send(events.attempt_graded, attempt, session=session)
    return result_of(attempt)


def _record_final_result(session: Session, user: User, quiz: Quiz, attempt: Attempt) -> None:
    """Keep the best final score on the enrolment. Completing it confirms the person (`events.enrolment_completed`
    → `confirm_on_completion`), whichever comes last: the passing final or the last required lesson."""
    enrolment = _enrolment(session, user, quiz.course_id)
    if enrolment is None:
        return
    if enrolment.best_percent is None or attempt.percent > enrolment.best_percent:
        enrolment.best_percent = attempt.percent
        enrolment.area_scores = attempt.area_scores
    if attempt.passed and enrolment.passed_at is None:
        enrolment.passed_at = attempt.submitted_at
    recompute_progress(session, enrolment)


def confirm(session: Session, user: User, course: Course, attempt: Attempt) -> Confirmation:
    """Write the immutable confirmation (once per person and framework version)."""
    existing = session.scalar(
        select(Confirmation).where(Confirmation.user_id == user.id, Confirmation.framework_id == course.framework_id)
    )
    if existing is not None:
        return existing
    confirmation = Confirmation(
        user_id=user.id,
        framework_id=course.framework_id,
        course_id=course.id,
        attempt_id=attempt.id,
        score_percent=attempt.percent,
        area_scores=attempt.area_scores or {},
        confirmed_at=attempt.submitted_at,
    )
    session.add(confirmation)
    session.flush()
    events.send(events.person_confirmed, confirmation, session=session)  # certificates issue one here
    return confirmation


def confirm_on_completion(session: Session, enrolment: Enrolment) -> None:
    """Confirm a person who passed the final before finishing the lessons, once the last one is done."""
    attempt = session.scalar(
        select(Attempt)
        .join(Quiz, Attempt.quiz_id == Quiz.id)
        .where(
            Attempt.user_id == enrolment.user_id,
            Quiz.course_id == enrolment.course_id,
            Quiz.kind == QuizKind.FINAL,
            Attempt.passed.is_(True),
        )
        .order_by(Attempt.percent.desc(), Attempt.submitted_at)
        .limit(1)
    )
    if attempt is not None:
        user, course = session.get(User, enrolment.user_id), session.get(Course, enrolment.course_id)
        assert user is not None  # noqa: S101 — FKs guarantee them
        assert course is not None  # noqa: S101
        confirm(session, user, course, attempt)


def best_attempt(session: Session, user: User, quiz: Quiz) -> Attempt | None:
    """The best graded attempt (the one that counts)."""
    return session.scalar(
        select(Attempt)
        .where(Attempt.quiz_id == quiz.id, Attempt.user_id == user.id, Attempt.state == AttemptState.SUBMITTED)
        .order_by(Attempt.percent.desc(), Attempt.submitted_at)
        .limit(1)
    )


def public_questions(attempt: Attempt) -> list[dict[str, Any]]:
    """The questions as the browser may see them: no correctness, weights or feedback."""
    return [question_types.public_question(q) for q in attempt.snapshot]


def count_passed_finals(session: Session, course_id: int, user_id: int | None) -> tuple[dict[int, int], int]:
    """Progress items from quizzes: each final assessment of a course is one required item, done when passed."""
    finals = select(Quiz.id).where(Quiz.course_id == course_id, Quiz.kind == QuizKind.FINAL)
    total = session.scalar(select(func.count()).select_from(finals.subquery())) or 0
    if not total:
        return {}, 0
    stmt = (
        select(Attempt.user_id, func.count(func.distinct(Attempt.quiz_id)))
        .where(Attempt.passed.is_(True), Attempt.quiz_id.in_(finals))
        .group_by(Attempt.user_id)
    )
    if user_id is not None:
        stmt = stmt.where(Attempt.user_id == user_id)
    return dict(session.execute(stmt).all()), total


# --- attempts whose learner never came back -------------------------------------------------------------------


def expired_attempt_ids(session: Session, now: datetime, grace: timedelta, limit: int = 500) -> list[int]:
    """Open attempts whose deadline (plus grace for the browser's own submit) has passed, oldest first."""
    return list(
        session.scalars(
            select(Attempt.id)
            .where(Attempt.state == AttemptState.OPEN, Attempt.deadline_at < now - grace)
            .order_by(Attempt.deadline_at)
            .limit(limit)
        )
    )


def close_expired_attempt(session: Session, attempt_id: int, now: datetime) -> AttemptResult | None:
    """Grade one expired attempt as its learner's submit would (what was saved in time counts; the deadline is
    the submission time, so reports count it). None when it was closed meanwhile."""
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or not attempt.is_open:
        return None
    user = session.get(User, attempt.user_id)
    assert user is not None  # noqa: S101 — FK guarantees it
    return submit_attempt(session, user, attempt, now)
