"""Demo story for the dashboard: uneven, realistic progress over the past weeks.

Some communes are nearly done, others far behind; confirmations spread over twelve weeks so the trend and the
forecast say something. Deterministic (seeded) and done once: if anyone already has progress, nothing happens.
"""

import random
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from courses.models import Course, Enrolment, Lesson, LessonCompletion, Module
from courses.services import percent
from lms.auth.models import User
from lms.certificates.models import Certificate, CertificateStatus
from lms.certificates.services import IssuerDefaults, get_issuer, grade_for
from lms.clock import local_date
from lms.org.models import Unit
from quizzes.models import Attempt, AttemptState, Confirmation, Quiz, QuizKind

SEED = 757
WEEKS = 12

#: The demo's issuer: the header Nghị định 30/2020 prescribes, and a sample signer's name ("Mẫu" = sample).
DEMO_HEADER = "UBND TỈNH LAI CHÂU\nSỞ NỘI VỤ"
DEMO_SIGNER = "Nguyễn Văn Mẫu"


def seed_progress(session: Session, course: Course, now: datetime, issuer_name: str) -> int:
    """Give the demo officials a history of learning; return how many people got any progress."""
    lessons = list(
        session.scalars(
            select(Lesson.id)
            .join(Module, Lesson.module_id == Module.id)
            .where(Module.course_id == course.id, Lesson.retired_at.is_(None), Module.retired_at.is_(None))
            .order_by(Module.position, Lesson.position)
        )
    )
    final = session.scalar(select(Quiz).where(Quiz.course_id == course.id, Quiz.kind == QuizKind.FINAL))
    if not lessons or final is None:
        return 0
    if session.scalar(select(LessonCompletion.id).where(LessonCompletion.lesson_id.in_(lessons)).limit(1)):
        return 0  # already has a story (or real learners): never overwrite it
    rng = random.Random(SEED)
    people = session.execute(
        select(Enrolment, User.unit_id, Unit.path, User.full_name, User.date_of_birth, Unit.name, User.gender)
        .join(User, Enrolment.user_id == User.id)
        .join(Unit, User.unit_id == Unit.id)
        .where(Enrolment.course_id == course.id, User.username.not_like("demo.%"))
        .order_by(User.id)
    ).all()
    pace_by_unit: dict[int, float] = {}
    story = _Story(session, course, final, lessons, now, rng)
    for enrolment, unit_id, *_ in people:
        pace = pace_by_unit.setdefault(unit_id, rng.choice([0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 0.95]))
        story.tell(enrolment, pace)
    issuer = get_issuer(session, IssuerDefaults(issuer_name, DEMO_HEADER))
    issuer.signer_name = issuer.signer_name or DEMO_SIGNER  # a sample name the admin replaces
    story.save(issuer, {row[0].user_id: row for row in people})
    return story.touched


class _Story:
    """Collects the rows for one bulk insert per table."""

    def __init__(
        self, session: Session, course: Course, final: Quiz, lessons: list[int], now: datetime, rng: random.Random
    ) -> None:
        self.session, self.course, self.final, self.lessons, self.now, self.rng = (
            session,
            course,
            final,
            lessons,
            now,
            rng,
        )
        self.start = now - timedelta(weeks=WEEKS + 2)
        self.completions: list[dict[str, object]] = []
        self.attempts: list[dict[str, object]] = []
        self.passed: list[tuple[int, datetime, Decimal]] = []
        self.enrolment_updates: list[dict[str, object]] = []
        self.touched = 0

    def _moment(self, earliest: datetime, pace: float) -> datetime:
        """Fast units finished earlier on average."""
        span = (self.now - earliest).total_seconds()
        share = self.rng.random() ** (0.5 + pace)
        return earliest + timedelta(seconds=span * (1 - share) * 0.98)

    def tell(self, enrolment: Enrolment, pace: float) -> None:
        r = self.rng.random()
        update_row: dict[str, object] = {"id": enrolment.id, "enrolled_at": self.start}
        self.enrolment_updates.append(update_row)
        if r > pace + (1 - pace) * 0.45:
            return  # enrolled, not started
        self.touched += 1
        started = self._moment(self.start, pace * 0.5)
        done = len(self.lessons) if r < pace * 0.9 else self.rng.randint(1, len(self.lessons) - 1)
        last = started
        for lesson_id in self.lessons[:done]:
            last = min(self.now, last + timedelta(minutes=self.rng.randint(10, 600)))
            self.completions.append({"user_id": enrolment.user_id, "lesson_id": lesson_id, "completed_at": last})
        total = len(self.lessons) + 1
        update_row.update(started_at=started, last_activity_at=last, items_total=total, items_done=done,
                          progress_percent=percent(done, total))  # fmt: skip
        if done < len(self.lessons):
            return
        update_row["lessons_completed_at"] = last
        taken = min(self.now, last + timedelta(hours=self.rng.randint(1, 72)))
        score = Decimal(self.rng.choice([63, 67, 73, 77, 80, 83, 87, 90, 93, 97])) if r < pace * 0.8 else Decimal(57)
        passed = score >= self.final.pass_percent
        self.attempts.append(
            {"quiz_id": self.final.id, "user_id": enrolment.user_id, "number": 1, "state": AttemptState.SUBMITTED,
             "started_at": taken - timedelta(minutes=25), "submitted_at": taken, "score": score * 30 / 100,
             "max_score": Decimal(30), "percent": score, "passed": passed, "pass_percent": self.final.pass_percent,
             "snapshot": [], "area_scores": {}}
        )  # fmt: skip
        update_row.update(assessed_at=taken - timedelta(minutes=25), best_percent=score)
        if passed:
            update_row.update(passed_at=taken, completed_at=taken, items_done=total, progress_percent=100)
            self.passed.append((enrolment.user_id, taken, score))

    def save(self, issuer, people) -> None:  # type: ignore[no-untyped-def]
        session = self.session
        session.execute(update(Enrolment), self.enrolment_updates)
        if self.completions:
            session.execute(insert(LessonCompletion), self.completions)
        attempt_ids = dict(
            session.execute(insert(Attempt).returning(Attempt.user_id, Attempt.id), self.attempts).all()
        ) if self.attempts else {}  # fmt: skip
        if not self.passed:
            return
        confirmation_ids = dict(
            session.execute(
                insert(Confirmation).returning(Confirmation.user_id, Confirmation.id),
                [{"user_id": uid, "framework_id": self.course.framework_id, "course_id": self.course.id,
                  "attempt_id": attempt_ids[uid], "score_percent": score, "area_scores": {}, "confirmed_at": at}
                 for uid, at, score in self.passed],
            ).all()
        )  # fmt: skip
        self._certificates(issuer, people, confirmation_ids)

    def _certificates(self, issuer, people, confirmation_ids) -> None:  # type: ignore[no-untyped-def]
        rows = []
        for uid, at, score in self.passed:
            enrolment, _, _, name, born, unit_name, gender = people[uid]
            token = secrets.token_urlsafe(24)
            rows.append(
                {"serial": f"TMP-{token[:30]}", "register_number": "", "token": token, "user_id": uid,
                 "course_id": self.course.id, "confirmation_id": confirmation_ids[uid],
                 "status": CertificateStatus.VALID, "holder_name": name, "holder_birth_date": born,
                 "unit_name": unit_name, "course_title": self.course.title,
                 "framework_label": f"{self.course.framework.name}, phiên bản {self.course.framework.version}",
                 "score_percent": score, "grade": grade_for(score), "study_from": local_date(self.start),
                 "study_to": local_date(at), "issued_on": local_date(at), "issuer_name": issuer.issuer_name,
                 "issuer_header": issuer.header, "holder_gender": gender,
                 "place": issuer.place, "signer_title": issuer.signer_title, "signer_name": issuer.signer_name,
                 "created_at": at}
            )  # fmt: skip
        ids = self.session.execute(insert(Certificate).returning(Certificate.id, Certificate.issued_on), rows).all()
        self.session.execute(
            update(Certificate),
            [{"id": cid, "number": cid, "serial": f"KNS-{day.year}-{cid:06d}",
              "register_number": f"{cid:06d}/GCN-{day.year}"} for cid, day in ids],
        )  # fmt: skip
