"""Question banks, questions, quizzes, attempts, answers and confirmations."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models import UTCDateTime, created_at, intpk, now_utc, partial_index
from quizzes.taxonomy import Pool

if TYPE_CHECKING:
    from courses.models import Course, Module
    from lms.auth.models import User


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    SHORT_TEXT = "short_text"


class QuestionBank(db.Model):
    __tablename__ = "question_banks"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(120), unique=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]

    owner: Mapped["User | None"] = relationship()
    questions: Mapped[list["Question"]] = relationship(back_populates="bank", order_by="Question.id")


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint("kind IN ('single', 'multiple', 'true_false', 'short_text')", name="kind"),
        CheckConstraint("difficulty BETWEEN 1 AND 3", name="difficulty"),
        CheckConstraint("pool IN ('practice', 'final')", name="pool"),
        CheckConstraint("level IS NULL OR level IN ('recall', 'understanding', 'application')", name="level"),
        Index("ix_questions_bank_area", "bank_id", "area_code"),
        Index("ix_questions_pool_area", "pool", "area_code"),
    )

    id: Mapped[intpk]
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    #: Question text in Markdown, and its sanitised HTML.
    text: Mapped[str] = mapped_column(Text)
    text_html: Mapped[str] = mapped_column(Text, default="")
    general_feedback: Mapped[str] = mapped_column(Text, default="")
    area_code: Mapped[str | None] = mapped_column(String(10))
    #: The framework competency it assesses ("AT.2") and what it asks of a person (a taxonomy.Level).
    competency_code: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20))
    #: Practice items are never shown by a final assessment, final items never by practice (taxonomy.Pool).
    pool: Mapped[str] = mapped_column(String(20), default=Pool.PRACTICE, server_default=Pool.PRACTICE.value)
    difficulty: Mapped[int] = mapped_column(Integer, default=2)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Short answers: accept answers typed without diacritics.
    ignore_diacritics: Mapped[bool] = mapped_column(Boolean, default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    bank: Mapped[QuestionBank] = relationship(back_populates="questions")
    options: Mapped[list["QuestionOption"]] = relationship(
        back_populates="question", order_by="QuestionOption.position", cascade="all, delete-orphan"
    )


class QuestionOption(db.Model):
    __tablename__ = "question_options"
    __table_args__ = (CheckConstraint("fraction BETWEEN -100 AND 100", name="fraction"),)

    id: Mapped[intpk]
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    #: Share of the question's credit, in percent (negative for penalised wrong options).
    fraction: Mapped[Decimal] = mapped_column(Numeric(8, 5), default=Decimal(0))
    feedback: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[Question] = relationship(back_populates="options")


class QuizKind(StrEnum):
    MODULE = "module"  # practice, usually unlimited attempts
    FINAL = "final"  # the assessment that confirms a person


#: The pool each kind of quiz takes its questions from.
POOL_OF_KIND = {QuizKind.MODULE: Pool.PRACTICE, QuizKind.FINAL: Pool.FINAL}


def pool_of(kind: str) -> Pool:
    return POOL_OF_KIND[QuizKind(kind)]


class ReviewPolicy(StrEnum):
    SCORE_ONLY = "score_only"
    FULL = "full"  # correct answers and feedback right after submitting
    AFTER_CLOSE = "after_close"  # correct answers once the availability window has closed


class Quiz(db.Model):
    __tablename__ = "quizzes"
    __table_args__ = (
        CheckConstraint("kind IN ('module', 'final')", name="kind"),
        CheckConstraint("pass_percent BETWEEN 0 AND 100", name="pass_percent"),
        CheckConstraint("max_attempts IS NULL OR max_attempts >= 1", name="max_attempts"),
        CheckConstraint("time_limit_s IS NULL OR time_limit_s >= 60", name="time_limit"),
        CheckConstraint("review_policy IN ('score_only', 'full', 'after_close')", name="review_policy"),
        CheckConstraint("questions_per_page BETWEEN 0 AND 100", name="questions_per_page"),
    )

    id: Mapped[intpk]
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id", ondelete="SET NULL"), index=True)
    #: Identity for quizzes built by `content sync` (e.g. "module:cds", "final").
    slug: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20), default=QuizKind.MODULE)
    title: Mapped[str] = mapped_column(String(200))
    pass_percent: Mapped[int] = mapped_column(Integer, default=70)
    time_limit_s: Mapped[int | None] = mapped_column(Integer)
    max_attempts: Mapped[int | None] = mapped_column(Integer)
    shuffle_questions: Mapped[bool] = mapped_column(Boolean, default=True)
    shuffle_options: Mapped[bool] = mapped_column(Boolean, default=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_policy: Mapped[str] = mapped_column(String(20), default=ReviewPolicy.FULL)
    #: Questions shown per page of an attempt (a navigator moves between pages); 0 shows them all on one page.
    questions_per_page: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    #: For a draw to a blueprint: the level shares and difficulty band every form keeps (blueprint.Balance JSON).
    balance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    course: Mapped["Course"] = relationship()
    module: Mapped["Module | None"] = relationship()
    fixed_questions: Mapped[list["QuizQuestion"]] = relationship(
        order_by="QuizQuestion.position", cascade="all, delete-orphan"
    )
    draws: Mapped[list["QuizDraw"]] = relationship(order_by="QuizDraw.id", cascade="all, delete-orphan")


class QuizQuestion(db.Model):
    """A question always shown by a fixed quiz."""

    __tablename__ = "quiz_questions"
    __table_args__ = (UniqueConstraint("quiz_id", "question_id", name="uq_quiz_questions_quiz_question"),)

    id: Mapped[intpk]
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    question: Mapped[Question] = relationship()


class QuizDraw(db.Model):
    """Draw `count` random questions of an area, or of one competency (from one bank, or any), for each attempt."""

    __tablename__ = "quiz_draws"
    __table_args__ = (CheckConstraint("count >= 1", name="count"),)

    id: Mapped[intpk]
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    area_code: Mapped[str] = mapped_column(String(10))
    competency_code: Mapped[str | None] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("question_banks.id", ondelete="SET NULL"))


class AttemptState(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"


class Attempt(db.Model):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("quiz_id", "user_id", "number", name="uq_attempts_quiz_user_number"),
        CheckConstraint("state IN ('open', 'submitted')", name="state"),
        CheckConstraint("number >= 1", name="number"),
        # At most one open attempt per person and quiz, even when two starts race.
        partial_index("uq_attempts_one_open", "quiz_id", "user_id", where="state = 'open'", unique=True),
        # The sweeper that grades attempts whose learner never came back reads only the open ones by deadline.
        partial_index("ix_attempts_open_deadline", "deadline_at", where="state = 'open'"),
    )

    id: Mapped[intpk]
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default=AttemptState.OPEN)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The pass mark when the attempt started: later changes to the quiz apply to new attempts only.
    pass_percent: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))
    max_score: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))
    percent: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    passed: Mapped[bool | None] = mapped_column(Boolean)
    #: The questions as shown (order, options, correctness, feedback): later edits never change this attempt.
    snapshot: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    #: Per-area results {"AT": 75.0, …} once graded.
    area_scores: Mapped[dict[str, float] | None] = mapped_column(JSON)

    quiz: Mapped[Quiz] = relationship()
    user: Mapped["User"] = relationship()

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.OPEN


class AttemptAnswer(db.Model):
    """The latest answer to one question of an attempt, saved the moment it is given."""

    __tablename__ = "attempt_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_attempt_answers_attempt_question"),)

    id: Mapped[intpk]
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(Integer)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Fraction 0–1 of the question's credit, set when the attempt is graded.
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 4))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class Confirmation(db.Model):
    """The immutable record that a person is confirmed (đạt) against a framework version."""

    __tablename__ = "confirmations"
    __table_args__ = (UniqueConstraint("user_id", "framework_id", name="uq_confirmations_user_framework"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[int | None] = mapped_column(ForeignKey("frameworks.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"))
    score_percent: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    area_scores: Mapped[dict[str, float]] = mapped_column(JSON)
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
