"""Tables of the learning assistant: lesson passages and the version of the index built from them."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models import UTCDateTime, intpk, now_utc


class AssistantPassage(db.Model):
    """One section of a lesson as plain text, with its folded syllables for retrieval."""

    __tablename__ = "assistant_passages"
    __table_args__ = (UniqueConstraint("lesson_id", "position", name="uq_assistant_passages_lesson_position"),)

    id: Mapped[intpk]
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    #: The "##" heading the passage sits under (the lesson title for the lesson's opening).
    heading: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    #: Folded, normalised syllables separated by spaces (what the index tokenises further).
    folded: Mapped[str] = mapped_column(Text)


class AssistantIndex(db.Model):
    """The single row saying which passages are current; every app process rebuilds its index when it changes."""

    __tablename__ = "assistant_index"

    id: Mapped[intpk]
    #: Hash of every passage (ids included): equal versions mean equal in-memory indexes.
    version: Mapped[str] = mapped_column(String(64))
    #: "count:latest update" of the lessons when the passages were cut; a lesson edit makes it stale.
    lessons_stamp: Mapped[str] = mapped_column(String(80))
    passages: Mapped[int] = mapped_column(Integer, default=0)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
