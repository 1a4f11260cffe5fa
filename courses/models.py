"""Competency framework, courses → modules → lessons, assignments, enrolments and lesson completions."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.extensions import db
from lms.models import UTCDateTime, created_at, intpk, now_utc
from lms.text import clean

if TYPE_CHECKING:
    from lms.auth.models import User
    from lms.org.models import Unit


class Framework(db.Model):
    """A versioned competency framework (our working one until the official 757 annex replaces it)."""

    __tablename__ = "frameworks"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_frameworks_code_version"),)

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[created_at]

    areas: Mapped[list["Area"]] = relationship(
        back_populates="framework", order_by="Area.position", cascade="all, delete-orphan"
    )


class Area(db.Model):
    __tablename__ = "areas"
    __table_args__ = (UniqueConstraint("framework_id", "code", name="uq_areas_framework_code"),)

    id: Mapped[intpk]
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    framework: Mapped[Framework] = relationship(back_populates="areas")
    competencies: Mapped[list["Competency"]] = relationship(
        back_populates="area", order_by="Competency.code", cascade="all, delete-orphan"
    )


class Competency(db.Model):
    __tablename__ = "competencies"
    __table_args__ = (UniqueConstraint("area_id", "code", name="uq_competencies_area_code"),)

    id: Mapped[intpk]
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))

    area: Mapped[Area] = relationship(back_populates="competencies")


class CourseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Course(db.Model):
    __tablename__ = "courses"
    __table_args__ = (CheckConstraint("status IN ('draft', 'published')", name="status"),)

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=CourseStatus.DRAFT)
    #: Anyone may enrol themselves in an open course; others are assigned.
    is_open: Mapped[bool] = mapped_column(Boolean, default=False)
    framework_id: Mapped[int | None] = mapped_column(ForeignKey("frameworks.id"))
    #: Default deadline for new assignments.
    deadline: Mapped[date | None] = mapped_column(Date)
    #: Folded title and summary for diacritic-insensitive search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    framework: Mapped[Framework | None] = relationship()
    modules: Mapped[list["Module"]] = relationship(
        back_populates="course", order_by="Module.position", cascade="all, delete-orphan"
    )

    @validates("title", "summary")
    def _normalise(self, key: str, value: str) -> str:
        return clean(value) if key == "title" else (value or "").strip()

    @property
    def is_published(self) -> bool:
        return self.status == CourseStatus.PUBLISHED


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug", name="uq_modules_course_slug"),)

    id: Mapped[intpk]
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Competency area code (CDS, TB, …) from the course's framework.
    area_code: Mapped[str | None] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Set when the module is withdrawn; kept so learners' history stays intact.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(back_populates="modules")
    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="module", order_by="Lesson.position", cascade="all, delete-orphan"
    )

    @validates("title")
    def _normalise(self, key: str, value: str) -> str:
        return clean(value)


class Lesson(db.Model):
    __tablename__ = "lessons"
    __table_args__ = (
        UniqueConstraint("module_id", "slug", name="uq_lessons_module_slug"),
        CheckConstraint("minutes >= 0", name="minutes"),
    )

    id: Mapped[intpk]
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    #: Sanitised HTML rendered from the Markdown when it is saved (never on each view).
    body_html: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=5)
    position: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Optional link to a downloadable attachment (a file served by the app or the province's storage).
    attachment_url: Mapped[str | None] = mapped_column(String(500))
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    search_text: Mapped[str] = mapped_column(Text, default="")
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    module: Mapped[Module] = relationship(back_populates="lessons")

    @validates("title")
    def _normalise(self, key: str, value: str) -> str:
        return clean(value)


class CourseAssignment(db.Model):
    """A rule "everyone in this unit subtree (and/or of this staff category) takes this course by this date".

    People who join later are enrolled by the same rule.
    """

    __tablename__ = "course_assignments"

    id: Mapped[intpk]
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    staff_category: Mapped[str | None] = mapped_column(String(30))
    deadline: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[created_at]

    course: Mapped[Course] = relationship()
    unit: Mapped["Unit | None"] = relationship()


class EnrolmentSource(StrEnum):
    ASSIGNED = "assigned"
    SELF = "self"
    DIRECT = "direct"


class Enrolment(db.Model):
    """One person in one course, with the progress kept up to date when it changes (read by dashboards)."""

    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", name="uq_enrolments_user_course"),
        CheckConstraint("progress_percent BETWEEN 0 AND 100", name="progress_percent"),
        CheckConstraint("items_done >= 0 AND items_done <= items_total", name="items"),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20), default=EnrolmentSource.ASSIGNED)
    deadline: Mapped[date | None] = mapped_column(Date)
    enrolled_at: Mapped[created_at]
    #: Completed required items and all required items (lessons now; quizzes with the Assessment issue).
    items_done: Mapped[int] = mapped_column(Integer, default=0)
    items_total: Mapped[int] = mapped_column(Integer, default=0)
    progress_percent: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When every required item (lessons and the final assessment) was done: the course is complete.
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When every required lesson was done ("hoàn thành khóa học" in the 6-monthly report).
    lessons_completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Final assessment: first attempt date, best score, when passed, per-area scores of the best attempt.
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    best_percent: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    area_scores: Mapped[dict[str, float] | None] = mapped_column(JSON)

    user: Mapped["User"] = relationship()
    course: Mapped[Course] = relationship()


class LessonCompletion(db.Model):
    __tablename__ = "lesson_completions"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id", name="uq_lesson_completions_user_lesson"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[created_at]
