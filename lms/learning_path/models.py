"""Tables of the placement check and learning path."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models import UTCDateTime, intpk, now_utc, partial_index

if TYPE_CHECKING:
    from lms.auth.models import User


class Level(StrEnum):
    """A person's starting (then current) level in one competency area."""

    NEEDS = "needs"  # cần học
    PROGRESSING = "progressing"  # đang tiến bộ
    MASTERED = "mastered"  # thành thạo


class PlacementState(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    SKIPPED = "skipped"


class EvidenceSource(StrEnum):
    PLACEMENT = "placement"
    PRACTICE = "module"  # a module quiz (practice)
    FINAL = "final"  # the final assessment


class Placement(db.Model):
    """One run of the placement check (tự đánh giá đầu vào): questions frozen, answers and self-ratings saved."""

    __tablename__ = "placements"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'submitted', 'skipped')", name="state"),
        # At most one open placement per person, even when two starts race.
        partial_index("uq_placements_one_open", "user_id", where="state = 'open'", unique=True),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[int | None] = mapped_column(ForeignKey("frameworks.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default=PlacementState.OPEN)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Areas in the order asked: [{"code", "name"}].
    areas: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: The questions as shown (with correctness, which never leaves the server); each has "area" and "stage"
    #: (1: the first questions of the area, 2: the extra question asked when the first ones disagree).
    snapshot: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: {"question_id": answer}; an empty answer {} means "I don't know".
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Self-rating per area {"AT": 3}: 1 Chưa biết, 2 Biết một chút, 3 Làm được, 4 Thành thạo.
    ratings: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    #: Once graded: {"AT": {"correct": 2, "total": 2, "rating": 3, "level": "mastered"}}.
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user: Mapped["User"] = relationship()

    @property
    def is_open(self) -> bool:
        return self.state == PlacementState.OPEN


class LearnerLevel(db.Model):
    """A person's current level in one area, with the evidence it rests on (kept up to date, read by the path)."""

    __tablename__ = "learner_levels"
    __table_args__ = (
        UniqueConstraint("user_id", "area_code", name="uq_learner_levels_user_area"),
        CheckConstraint("level IN ('needs', 'progressing', 'mastered')", name="level"),
        CheckConstraint("source IN ('placement', 'module', 'final')", name="source"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 4", name="rating"),
        CheckConstraint("percent IS NULL OR percent BETWEEN 0 AND 100", name="percent"),
        Index("ix_learner_levels_area_level", "area_code", "level"),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    area_code: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(20))
    #: What set the level last: the placement check, a practice quiz or the final assessment.
    source: Mapped[str] = mapped_column(String(20))
    #: Title of the quiz that set it (a snapshot, so the reason stays readable if the quiz is renamed).
    source_title: Mapped[str | None] = mapped_column(String(200))
    #: Questions of this area answered right / asked (placement: whole questions; quizzes: may be partial).
    correct: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    total: Mapped[int | None] = mapped_column(Integer)
    percent: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    #: The person's own rating in the latest placement check (kept when quizzes update the level).
    rating: Mapped[int | None] = mapped_column(Integer)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id", ondelete="SET NULL"))
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
