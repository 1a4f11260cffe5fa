"""Create and configure quizzes (fixed questions or a random draw per area). Flush, never commit."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from courses.models import Course, Module
from lms.errors import ValidationFailed
from quizzes.bank import known_areas
from quizzes.blueprint import Slot
from quizzes.models import Question, Quiz, QuizDraw, QuizKind, QuizQuestion, ReviewPolicy, pool_of
from quizzes.taxonomy import POOL_LABELS, Pool

#: Limits of a quiz's settings. The settings form, the API schema and `check_settings` all read these.
MAX_QUIZ_TITLE = 200
MAX_PASS_PERCENT = 100
MIN_TIME_LIMIT_S = 60
MAX_TIME_LIMIT_S = 6 * 3600
MAX_ATTEMPTS = 100
#: The most questions one draw rule may take from an area.
MAX_DRAW = 200

#: Final assessment defaults (domain.md, configurable per quiz): 30 questions over all areas, 30 min, 70 %, 3 tries.
FINAL_DEFAULTS = {"pass_percent": 70, "time_limit_s": 30 * 60, "max_attempts": 3}
FINAL_QUESTIONS = 30

#: A draw rule: (area, count), or a blueprint slot (area, competency, count).
DrawRule = tuple[str, int] | Slot


@dataclass
class QuizSettings:
    title: str
    kind: str = QuizKind.MODULE
    pass_percent: int = 70
    time_limit_s: int | None = None
    max_attempts: int | None = None
    shuffle_questions: bool = True
    shuffle_options: bool = True
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    review_policy: str = ReviewPolicy.FULL


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: message})


def check_settings(settings: QuizSettings) -> None:
    """Name the first setting that makes no sense."""
    title = " ".join((settings.title or "").split())
    if not title or len(title) > MAX_QUIZ_TITLE:
        raise _invalid("title", f"Tên bài kiểm tra là bắt buộc, tối đa {MAX_QUIZ_TITLE} ký tự.")
    if settings.kind not in set(QuizKind):
        raise _invalid("kind", "Loại bài kiểm tra phải là “module” hoặc “final”.")
    if not 0 <= settings.pass_percent <= MAX_PASS_PERCENT:
        raise _invalid("pass_percent", f"Điểm đạt phải từ 0 đến {MAX_PASS_PERCENT} (%).")
    if settings.time_limit_s is not None and not MIN_TIME_LIMIT_S <= settings.time_limit_s <= MAX_TIME_LIMIT_S:
        limit = f"{MIN_TIME_LIMIT_S} giây đến {MAX_TIME_LIMIT_S // 3600} giờ"
        raise _invalid("time_limit_s", f"Thời gian làm bài phải từ {limit}.")
    if settings.max_attempts is not None and not 1 <= settings.max_attempts <= MAX_ATTEMPTS:
        raise _invalid("max_attempts", f"Số lần làm bài phải từ 1 đến {MAX_ATTEMPTS} (để trống nếu không giới hạn).")
    if settings.review_policy not in set(ReviewPolicy):
        raise _invalid("review_policy", "Chế độ xem lại không hợp lệ.")
    if settings.opens_at and settings.closes_at and settings.closes_at <= settings.opens_at:
        raise _invalid("closes_at", "Thời điểm đóng phải sau thời điểm mở.")


def apply_settings(quiz: Quiz, settings: QuizSettings) -> None:
    check_settings(settings)
    quiz.title = " ".join(settings.title.split())
    quiz.kind = settings.kind
    quiz.pass_percent = settings.pass_percent
    quiz.time_limit_s = settings.time_limit_s
    quiz.max_attempts = settings.max_attempts
    quiz.shuffle_questions = settings.shuffle_questions
    quiz.shuffle_options = settings.shuffle_options
    quiz.opens_at = settings.opens_at
    quiz.closes_at = settings.closes_at
    quiz.review_policy = settings.review_policy


def create_quiz(
    session: Session,
    course: Course,
    settings: QuizSettings,
    *,
    question_ids: list[int] | None = None,
    draws: Sequence[DrawRule] | None = None,
    module: Module | None = None,
    slug: str | None = None,
) -> Quiz:
    """Create a quiz with fixed questions or a draw per area (exactly one of the two)."""
    if bool(question_ids) == bool(draws):
        raise _invalid(
            "questions", "Chọn danh sách câu hỏi cố định hoặc quy tắc rút ngẫu nhiên theo lĩnh vực (một trong hai)."
        )
    if module is not None and module.course_id != course.id:
        raise _invalid("module_id", "Học phần không thuộc khóa học này.")
    quiz = Quiz(course=course, module=module, slug=slug, title=settings.title)
    apply_settings(quiz, settings)
    session.add(quiz)
    if question_ids:
        set_fixed_questions(session, quiz, question_ids)
    else:
        set_draws(session, quiz, draws or [])
    session.flush()
    return quiz


def set_fixed_questions(session: Session, quiz: Quiz, question_ids: list[int]) -> None:
    """Fix the quiz's questions (live ones). A practice quiz takes practice items only: final-assessment items
    are never shown with their keys; a final may hand-pick from either pool."""
    conditions = [Question.id.in_(question_ids), Question.retired_at.is_(None)]
    if quiz.kind == QuizKind.MODULE:
        conditions.append(Question.pool == Pool.PRACTICE)
    found = set(session.scalars(select(Question.id).where(*conditions)))
    unknown = [str(i) for i in question_ids if i not in found]
    if unknown:
        where = f" trong nhóm “{POOL_LABELS[Pool.PRACTICE]}”" if quiz.kind == QuizKind.MODULE else ""
        raise _invalid("questions", f"Không có câu hỏi mã {', '.join(unknown)}{where}.")
    quiz.fixed_questions = [
        QuizQuestion(question_id=qid, position=i) for i, qid in enumerate(dict.fromkeys(question_ids), 1)
    ]


def set_draws(session: Session, quiz: Quiz, draws: Sequence[DrawRule]) -> None:
    """Replace the quiz's random draw: (area, count) pairs or blueprint slots, each with enough questions in the
    quiz's pool (practice for module quizzes, final for final assessments)."""
    if not draws:
        raise _invalid("draw", "Cần rút ít nhất một câu hỏi.")
    slots = [d if isinstance(d, Slot) else Slot(d[0], None, d[1]) for d in draws]
    areas, pool = known_areas(session), pool_of(quiz.kind)
    available = _available(session, pool, {s.area for s in slots})
    rules = []
    for slot in slots:
        label = slot.competency or slot.area
        if slot.area not in areas:
            raise _invalid("draw", f"Lĩnh vực “{slot.area}” không có trong khung năng lực.")
        if not isinstance(slot.count, int) or isinstance(slot.count, bool) or not 1 <= slot.count <= MAX_DRAW:
            raise _invalid("draw", f"Số câu rút cho {label} phải từ 1 đến {MAX_DRAW}.")
        have = available.get((slot.area, slot.competency), 0)
        if have < slot.count:
            raise _invalid(
                "draw", f"{label} chỉ có {have} câu hỏi nhóm “{POOL_LABELS[pool]}”, không đủ {slot.count} câu."
            )
        rules.append(QuizDraw(area_code=slot.area, competency_code=slot.competency, count=slot.count))
    quiz.draws = rules


def _available(session: Session, pool: str, areas: set[str]) -> dict[tuple[str, str | None], int]:
    """Live questions of a pool per (area, None) and per (area, competency), in one query."""
    rows = session.execute(
        select(Question.area_code, Question.competency_code, func.count(Question.id))
        .where(Question.area_code.in_(areas), Question.pool == pool, Question.retired_at.is_(None))
        .group_by(Question.area_code, Question.competency_code)
    )
    counts: dict[tuple[str, str | None], int] = {}
    for area, competency, n in rows:
        counts[(area, None)] = counts.get((area, None), 0) + n
        if competency:
            counts[(area, competency)] = n
    return counts


def final_draws(area_codes: list[str], total: int = FINAL_QUESTIONS) -> list[tuple[str, int]]:
    """Spread `total` questions over every area, earlier areas taking the remainder (30 over 8 → 4,4,4,4,4,4,3,3)."""
    base, extra = divmod(total, len(area_codes))
    return [(code, base + (1 if i < extra else 0)) for i, code in enumerate(area_codes)]
