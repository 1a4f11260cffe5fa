"""Answer a learner's question from the course content. Flush, never commit; the clock is an argument."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, contains_eager

from courses.models import Course, CourseStatus, Enrolment, Lesson, Module
from lms.assistant import llm
from lms.assistant.index import course_titles, current_index, refresh_if_stale
from lms.assistant.retrieval import Passage, excerpt
from lms.assistant.tokens import STOPWORDS, bigrams, content_syllables, syllables
from lms.auth.models import User
from lms.errors import TooManyAttempts, ValidationFailed
from lms.permissions import can_author
from lms.ratelimit import hit
from lms.text import clean
from quizzes.models import Attempt, AttemptState, Quiz, QuizKind

MAX_QUESTION = 500
#: Passages (one per lesson) shown for a question.
TOP_K = 3
_TAG = re.compile(r"<[^>]+>")
_CITATION = re.compile(r"\[(\d{1,2})\]")


class Reason(StrEnum):
    """Why the assistant gives no passages."""

    FINAL_IN_PROGRESS = "final_in_progress"
    QUIZ_QUESTION = "quiz_question"
    NO_ANSWER = "no_answer"


class ModelStatus(StrEnum):
    OFF = "off"  # no model configured
    USED = "used"
    UNAVAILABLE = "unavailable"  # failed or timed out: the passages are shown
    RATE_LIMITED = "rate_limited"  # too many questions this hour: the passages are shown
    SKIPPED = "skipped"  # nothing to ground an answer on


@dataclass(frozen=True)
class Source:
    """One retrieved passage, numbered [1], [2]… in the order given."""

    lesson_id: int
    lesson_title: str
    course_id: int
    course_title: str
    heading: str
    excerpt: str
    score: float


@dataclass
class Reply:
    question: str
    sources: list[Source] = field(default_factory=list)
    answer: str | None = None
    refused: bool = False
    reason: Reason | None = None
    model: ModelStatus = ModelStatus.OFF
    #: The open attempt behind a refusal (to lead the learner back to it).
    attempt_id: int | None = None

    def answer_parts(self) -> list[tuple[str, int | None]]:
        """The answer as (text, None) and (label, source number) pieces, for linking citations [n]."""
        if not self.answer:
            return []
        parts: list[tuple[str, int | None]] = []
        position = 0
        for match in _CITATION.finditer(self.answer):
            number = int(match.group(1))
            if not 1 <= number <= len(self.sources):
                continue
            parts.append((self.answer[position : match.start()], None))
            parts.append((match.group(0), number))
            position = match.end()
        parts.append((self.answer[position:], None))
        return [(text, number) for text, number in parts if text]

    @property
    def cited(self) -> list[int]:
        """Source numbers the answer cites, in order of first citation."""
        return list(dict.fromkeys(number for _, number in self.answer_parts() if number is not None))


def clean_question(text: str | None) -> str:
    """NFC, single spaces; 422 naming the field when it is empty, too long or has no words."""
    question = clean(text)
    if len(question) > MAX_QUESTION:
        raise ValidationFailed(
            f"Câu hỏi dài quá {MAX_QUESTION} ký tự.", fields={"question": f"Tối đa {MAX_QUESTION} ký tự."}
        )
    if not syllables(question):
        raise ValidationFailed("Hãy nhập câu hỏi bằng chữ.", fields={"question": "Câu hỏi chưa có chữ nào."})
    return question


def ask(session: Session, user: User, question: str, now: datetime, settings: llm.ModelSettings | None = None) -> Reply:
    """Answer from the lessons this person may see; refuse while their quiz could be helped. Flushes."""
    question = clean_question(question)
    settings = settings or llm.ModelSettings()
    reply = Reply(question, model=ModelStatus.OFF if not settings.enabled else ModelStatus.SKIPPED)
    refusal = quiz_refusal(session, user, question, now)
    if refusal is not None:
        reply.refused, reply.reason, reply.attempt_id = True, refusal[0], refusal[1]
        return reply
    refresh_if_stale(session)
    index = current_index(session)
    hits = index.search(question, visible_lesson_ids(session, user), TOP_K)
    if not hits or not hits[0].answers:
        reply.reason = Reason.NO_ANSWER
        return reply
    titles = course_titles(session, {h.passage.course_id for h in hits})
    reply.sources = [
        Source(
            lesson_id=h.passage.lesson_id,
            lesson_title=h.passage.lesson_title,
            course_id=h.passage.course_id,
            course_title=titles.get(h.passage.course_id, ""),
            heading=h.passage.heading,
            excerpt=excerpt(h.passage.text, question),
            score=h.score,
        )
        for h in hits
    ]
    if settings.enabled:
        _compose(session, user, reply, [h.passage for h in hits], now, settings)
    return reply


def _compose(
    session: Session,
    user: User,
    reply: Reply,
    passages: list[Passage],
    now: datetime,
    settings: llm.ModelSettings,
) -> None:
    """Let the model write a short answer from the passages (at most `per_hour` questions per person)."""
    try:
        hit(session, f"assistant:{user.id}", settings.per_hour, timedelta(hours=1), now)
    except TooManyAttempts:
        reply.model = ModelStatus.RATE_LIMITED
        return
    try:
        reply.answer = llm.ask_model(settings, reply.question, [(p.lesson_title, p.heading, p.text) for p in passages])
        reply.model = ModelStatus.USED
    except llm.ModelUnavailable:
        reply.model = ModelStatus.UNAVAILABLE


def visible_lesson_ids(session: Session, user: User) -> set[int]:
    """Live lessons of published courses this person may see.

    The same rule as courses.queries.search: authors see every published course, others the ones they
    are enrolled in and the open ones. Drafts never reach the assistant, even for authors.
    """
    stmt = (
        select(Lesson.id)
        .join(Module, Lesson.module_id == Module.id)
        .join(Course, Module.course_id == Course.id)
        .where(Course.status == CourseStatus.PUBLISHED, Lesson.retired_at.is_(None), Module.retired_at.is_(None))
    )
    if not can_author(user):
        mine = select(Enrolment.course_id).where(Enrolment.user_id == user.id)
        stmt = stmt.where(or_(Course.id.in_(mine), Course.is_open.is_(True)))
    return set(session.scalars(stmt))


def open_attempts(session: Session, user: User, now: datetime) -> list[Attempt]:
    """This person's attempts still running (open and before their deadline)."""
    attempts = session.scalars(
        select(Attempt)
        .join(Quiz, Attempt.quiz_id == Quiz.id)
        .options(contains_eager(Attempt.quiz))
        .where(Attempt.user_id == user.id, Attempt.state == AttemptState.OPEN)
    )
    return [a for a in attempts if a.deadline_at is None or now < a.deadline_at]


def quiz_refusal(session: Session, user: User, question: str, now: datetime) -> tuple[Reason, int] | None:
    """Refuse everything during a final assessment, and a practice quiz's own questions during its attempt."""
    attempts = open_attempts(session, user, now)
    for attempt in attempts:
        if attempt.quiz.kind == QuizKind.FINAL:
            return Reason.FINAL_IN_PROGRESS, attempt.id
    for attempt in attempts:
        if any(resembles(question, quiz_question_text(q)) for q in attempt.snapshot):
            return Reason.QUIZ_QUESTION, attempt.id
    return None


def quiz_question_text(snapshot: dict[str, Any]) -> str:
    """A snapshot question's wording and options as plain text (never its correctness)."""
    options = " ".join(str(o.get("text", "")) for o in snapshot.get("options") or [])
    return f"{snapshot.get('title', '')} {_TAG.sub(' ', snapshot.get('text_html') or '')} {options}"


def resembles(question: str, quiz_text: str) -> bool:
    """Most of the question's words, and of its word pairs, occur in the quiz question or its options."""
    words = syllables(question)
    content = set(content_syllables(words))
    if not content:
        return False
    quiz_words = syllables(quiz_text)
    word_share = len(content & set(quiz_words)) / len(content)
    pairs = {p for p in bigrams(words) if not all(part in STOPWORDS for part in p.split("_"))}
    if not pairs:
        return word_share >= 0.8 and len(content) >= 2
    pair_share = len(pairs & set(bigrams(quiz_words))) / len(pairs)
    return word_share >= 0.6 and pair_share >= 0.4
