"""Placement check and levels: start or resume, save an area, grade, skip; levels after quizzes. Flush, never commit.

The rules that turn answers into a level are assumptions (no official text says how to place an official):
they are the named constants below, so a trainer's decision changes one line.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from courses.models import Area, Framework
from lms.auth.models import User
from lms.errors import Conflict, Forbidden, NotFound, ValidationFailed
from lms.learning_path.models import EvidenceSource, LearnerLevel, Level, Placement, PlacementState
from quizzes import types as question_types
from quizzes.grading import grade
from quizzes.models import Attempt, Question, QuestionBank, Quiz
from quizzes.services import clean_answer, question_snapshot
from quizzes.shipped import SHIPPED_BANK
from quizzes.taxonomy import Pool

#: Questions asked first in each area; one more is asked when their results disagree (one right, one wrong).
FIRST_QUESTIONS = 2
EXTRA_QUESTIONS = 1
#: Self-ratings: 1 Chưa biết, 2 Biết một chút, 3 Làm được, 4 Thành thạo.
RATINGS = (1, 2, 3, 4)
#: A self-rating at least this high ("Làm được") plus a good placement result means mastery.
CONFIDENT_RATING = 3
#: After a quiz, the share of an area's questions answered right that means mastery / progress.
MASTERED_PERCENT = Decimal(80)
PROGRESSING_PERCENT = Decimal(50)


# --- rules ---------------------------------------------------------------------------------


def placement_level(correct: int, total: int, rating: int) -> Level:
    """Level from the placement check: answers and self-rating must agree for mastery.

    2/2 right, or 2/3 after the extra question, is a good result; mastery also needs the person to rate
    themselves at least "Làm được". A good result with a low rating, or a weak one with a high rating
    but at least one right answer, is "đang tiến bộ". Everything else is "cần học".
    """
    good = total > 0 and correct * 3 >= total * 2
    if good and rating >= CONFIDENT_RATING:
        return Level.MASTERED
    if good or (correct > 0 and rating >= CONFIDENT_RATING):
        return Level.PROGRESSING
    return Level.NEEDS


def quiz_level(percent: Decimal | float) -> Level:
    """Level from a quiz: the share of the area's questions answered right (the latest evidence counts)."""
    value = Decimal(str(percent))
    if value >= MASTERED_PERCENT:
        return Level.MASTERED
    if value >= PROGRESSING_PERCENT:
        return Level.PROGRESSING
    return Level.NEEDS


def is_right(credit: Decimal) -> bool:
    """A placement answer counts as right only with full credit."""
    return credit >= 1


# --- reading a placement -------------------------------------------------------------------


@dataclass(frozen=True)
class AreaStep:
    """One area of a placement: its questions (server-side snapshot), self-rating and whether it is finished."""

    code: str
    name: str
    rating: int | None
    questions: list[dict[str, Any]]
    pending: list[dict[str, Any]]

    @property
    def done(self) -> bool:
        return self.rating is not None and not self.pending


def area_steps(placement: Placement) -> list[AreaStep]:
    """The areas in the order asked, with the questions still to answer."""
    steps = []
    for area in placement.areas:
        questions = [q for q in placement.snapshot if q["area"] == area["code"]]
        pending = [q for q in questions if str(q["id"]) not in placement.answers]
        steps.append(AreaStep(area["code"], area["name"], placement.ratings.get(area["code"]), questions, pending))
    return steps


def current_step(placement: Placement) -> AreaStep | None:
    """The first unfinished area (None when every area is done)."""
    return next((step for step in area_steps(placement) if not step.done), None)


def public_question(question: dict[str, Any]) -> dict[str, Any]:
    """A question as the browser may see it: no correctness, weights or feedback."""
    return question_types.public_question(question)


# --- starting ------------------------------------------------------------------------------


def current_framework(session: Session) -> Framework | None:
    """The newest competency framework (the one the placement check asks about)."""
    return session.scalar(
        select(Framework).options(selectinload(Framework.areas)).order_by(Framework.id.desc()).limit(1)
    )


def open_placement(session: Session, user: User) -> Placement | None:
    return session.scalar(select(Placement).where(Placement.user_id == user.id, Placement.state == PlacementState.OPEN))


def _question_pools(session: Session, codes: Iterable[str]) -> dict[str, list[int]]:
    """Live practice-pool question ids per area, from the shipped bank when it has questions of that area (one
    query). Never final-assessment items: the placement shows what was right."""
    rows = session.execute(
        select(Question.id, Question.area_code, QuestionBank.name)
        .join(QuestionBank, Question.bank_id == QuestionBank.id)
        .where(Question.area_code.in_(list(codes)), Question.retired_at.is_(None), Question.pool == Pool.PRACTICE)
        .order_by(Question.id)
    ).all()
    shipped: dict[str, list[int]] = {}
    others: dict[str, list[int]] = {}
    for question_id, area, bank in rows:
        (shipped if bank == SHIPPED_BANK else others).setdefault(area, []).append(question_id)
    return {area: shipped.get(area) or others.get(area, []) for area in {*shipped, *others}}


def _load_questions(session: Session, ids: list[int]) -> dict[int, Question]:
    stmt = select(Question).options(selectinload(Question.options)).where(Question.id.in_(ids))
    return {q.id: q for q in session.scalars(stmt)}


def _snapshot(question: Question, stage: int, rng: random.Random) -> dict[str, Any]:
    return {**question_snapshot(question, True, rng), "stage": stage}


def start_placement(session: Session, user: User, now: datetime, rng: random.Random | None = None) -> Placement:
    """Resume the open placement, or start a new one with a few questions per area (409 when there are none)."""
    existing = open_placement(session, user)
    if existing is not None:
        return existing
    framework = current_framework(session)
    if framework is None or not framework.areas:
        raise Conflict("Chưa có khung năng lực để tự đánh giá. Vui lòng báo quản trị viên.")
    rng = rng or random.SystemRandom()
    pools = _question_pools(session, [a.code for a in framework.areas])
    areas: list[dict[str, str]] = []
    chosen: list[int] = []
    for area in framework.areas:
        pool = pools.get(area.code, [])
        if not pool:
            continue  # an area without questions is not asked about
        areas.append({"code": area.code, "name": area.name})
        chosen += rng.sample(pool, min(FIRST_QUESTIONS, len(pool)))
    if not chosen:
        raise Conflict("Ngân hàng câu hỏi chưa có câu nào để tự đánh giá. Vui lòng báo quản trị viên.")
    found = _load_questions(session, chosen)
    placement = Placement(
        user_id=user.id,
        framework_id=framework.id,
        state=PlacementState.OPEN,
        started_at=now,
        areas=areas,
        snapshot=[_snapshot(found[i], 1, rng) for i in chosen],
        answers={},
        ratings={},
    )
    try:
        with session.begin_nested():
            session.add(placement)
    except IntegrityError:
        # Another request started one a moment ago: use that one.
        current = open_placement(session, user)
        if current is None:
            raise
        return current
    return placement


# --- answering -----------------------------------------------------------------------------


def get_own_placement(session: Session, user: User, placement_id: int) -> Placement:
    """Load a placement of this person (404 unknown, 403 someone else's)."""
    placement = session.get(Placement, placement_id)
    if placement is None:
        raise NotFound("Không tìm thấy phần tự đánh giá.")
    if placement.user_id != user.id:
        raise Forbidden("Đây không phải phần tự đánh giá của bạn.")
    return placement


def check_rating(value: Any) -> int:
    """A self-rating 1–4; a clear message otherwise."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or value not in RATINGS:
        message = "Vui lòng chọn mức tự đánh giá của bạn cho lĩnh vực này (từ 1 “Chưa biết” đến 4 “Thành thạo”)."
        raise ValidationFailed(message, fields={"rating": "Chọn một mức từ 1 đến 4."})
    return value


def save_area(
    session: Session,
    user: User,
    placement: Placement,
    area_code: str,
    rating: Any,
    answers: Any,
    now: datetime,
    rng: random.Random | None = None,
) -> Placement:
    """Save an area's self-rating and its pending answers (a missing answer means "I don't know").

    When the first two answers disagree, one more question of the area is added; when every area is done,
    the placement is graded.
    """
    if placement.user_id != user.id:
        raise Forbidden("Đây không phải phần tự đánh giá của bạn.")
    session.refresh(placement, with_for_update=True)  # a second save of the same page waits here
    if not placement.is_open:
        raise Conflict("Phần tự đánh giá này đã kết thúc; bạn có thể làm lại từ đầu.")
    step = next((s for s in area_steps(placement) if s.code == area_code), None)
    if step is None:
        raise NotFound("Lĩnh vực này không có trong phần tự đánh giá.", fields={"area": "Không có lĩnh vực này."})
    value = check_rating(rating)
    given = _clean_answers(step, answers)
    placement.ratings = {**placement.ratings, area_code: value}
    placement.answers = {**placement.answers, **given}
    _maybe_add_extra(session, placement, area_code, rng or random.SystemRandom())
    session.flush()
    if current_step(placement) is None:
        submit_placement(session, user, placement, now)
    return placement


def _clean_answers(step: AreaStep, answers: Any) -> dict[str, dict[str, Any]]:
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        raise ValidationFailed(
            "“answers” phải là một đối tượng {mã câu hỏi: câu trả lời}.", fields={"answers": "Sai kiểu."}
        )
    pending = {str(q["id"]): q for q in step.pending}
    unknown = sorted(str(k) for k in answers if str(k) not in pending)
    if unknown:
        message = "Các câu hỏi sau không thuộc bước này hoặc đã được trả lời: " + ", ".join(unknown) + "."
        raise ValidationFailed(message, fields={"answers": message})
    cleaned: dict[str, dict[str, Any]] = {}
    for key, question in pending.items():
        answer = answers.get(key, answers.get(question["id"]))
        empty = answer in (None, {}) or (isinstance(answer, dict) and answer.get("option_ids") == [])
        cleaned[key] = {} if empty else clean_answer(question, answer)
    return cleaned


def _maybe_add_extra(session: Session, placement: Placement, area_code: str, rng: random.Random) -> None:
    first = [q for q in placement.snapshot if q["area"] == area_code and q.get("stage", 1) == 1]
    if len(first) < 2 or any(q.get("stage") == 2 for q in placement.snapshot if q["area"] == area_code):
        return
    results = {is_right(grade(q, placement.answers.get(str(q["id"])))) for q in first}
    if len(results) < 2:
        return  # all right or all wrong: the area is clear
    asked = {q["id"] for q in placement.snapshot}
    pool = [i for i in _question_pools(session, [area_code]).get(area_code, []) if i not in asked]
    if not pool:
        return  # nothing more to ask: the two answers decide
    picks = rng.sample(pool, min(EXTRA_QUESTIONS, len(pool)))
    found = _load_questions(session, picks)
    placement.snapshot = [*placement.snapshot, *(_snapshot(found[i], 2, rng) for i in picks)]


# --- grading and skipping ------------------------------------------------------------------


def grade_placement(placement: Placement) -> dict[str, dict[str, Any]]:
    """Per area: answers right / asked, the self-rating and the level (areas never rated get none)."""
    results: dict[str, dict[str, Any]] = {}
    for step in area_steps(placement):
        if step.rating is None:
            continue
        answered = [q for q in step.questions if str(q["id"]) in placement.answers]
        correct = sum(1 for q in answered if is_right(grade(q, placement.answers[str(q["id"])])))
        level = placement_level(correct, len(answered), step.rating)
        results[step.code] = {"correct": correct, "total": len(answered), "rating": step.rating, "level": level.value}
    return results


def submit_placement(session: Session, user: User, placement: Placement, now: datetime) -> dict[str, dict[str, Any]]:
    """Grade the placement with what was saved and set the person's levels; again: the same result."""
    if placement.user_id != user.id:
        raise Forbidden("Đây không phải phần tự đánh giá của bạn.")
    if placement.state == PlacementState.SUBMITTED:
        return placement.results or {}
    if placement.state == PlacementState.SKIPPED:
        raise Conflict("Bạn đã bỏ qua lần tự đánh giá này; hãy bắt đầu lại nếu muốn làm.")
    results = grade_placement(placement)
    placement.results = results
    placement.state = PlacementState.SUBMITTED
    placement.finished_at = now
    session.flush()
    rows = [
        {
            "user_id": user.id,
            "area_code": area,
            "level": result["level"],
            "source": EvidenceSource.PLACEMENT.value,
            "source_title": None,
            "correct": Decimal(result["correct"]),
            "total": result["total"],
            "percent": _percent(Decimal(result["correct"]), result["total"]),
            "rating": result["rating"],
            "placement_id": placement.id,
            "attempt_id": None,
            "updated_at": now,
        }
        for area, result in results.items()
    ]
    upsert_levels(session, rows, keep_rating=False)
    return results


def skip_placement(session: Session, user: User, now: datetime) -> Placement:
    """Skip the placement check: close the open one, or record the choice so the invitation stops."""
    placement = open_placement(session, user)
    if placement is None:
        placement = Placement(user_id=user.id, state=PlacementState.SKIPPED, started_at=now, areas=[], snapshot=[])
        placement.answers, placement.ratings = {}, {}
        session.add(placement)
    placement.state = PlacementState.SKIPPED
    placement.finished_at = now
    session.flush()
    return placement


def _percent(correct: Decimal, total: int) -> Decimal | None:
    if not total:
        return None
    return (correct * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- levels ---------------------------------------------------------------------------------


def upsert_levels(session: Session, rows: list[dict[str, Any]], *, keep_rating: bool) -> None:
    """Insert or replace levels in one statement, so two updates at once never fail on the unique key.

    `keep_rating` keeps the self-rating of the placement check when a quiz updates the level.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(LearnerLevel).values(rows)
    replaced = [k for k in rows[0] if k not in ("user_id", "area_code") and not (keep_rating and k == "rating")]
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id", "area_code"], set_={k: stmt.excluded[k] for k in replaced}
    )
    session.execute(stmt)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, LearnerLevel):
            session.expire(obj)  # loaded rows are stale now


def known_area_codes(session: Session) -> set[str]:
    return set(session.scalars(select(Area.code).distinct()))


def apply_attempt(session: Session, attempt: Attempt) -> None:
    """Update the person's levels from a graded attempt's per-area scores (the ON_SUBMITTED hook)."""
    scores = attempt.area_scores or {}
    known = known_area_codes(session) if scores else set()
    scores = {area: value for area, value in scores.items() if area in known}
    if not scores:
        return
    quiz = session.get(Quiz, attempt.quiz_id)
    totals: dict[str, int] = {}
    for question in attempt.snapshot:
        area = question.get("area") or "-"
        totals[area] = totals.get(area, 0) + 1
    now = attempt.submitted_at
    rows = []
    for area, value in sorted(scores.items()):
        percent = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        total = totals.get(area, 0)
        rows.append(
            {
                "user_id": attempt.user_id,
                "area_code": area,
                "level": quiz_level(percent).value,
                "source": EvidenceSource.FINAL.value
                if quiz and quiz.kind == "final"
                else EvidenceSource.PRACTICE.value,
                "source_title": (quiz.title if quiz else None),
                "correct": (percent * total / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                "total": total,
                "percent": percent,
                "rating": None,
                "placement_id": None,
                "attempt_id": attempt.id,
                "updated_at": now,
            }
        )
    upsert_levels(session, rows, keep_rating=True)
