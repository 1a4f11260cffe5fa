"""A small world for the permission matrix: two communes under the province, a learner in each, staff around them,
and one of every object a route can name (course, lesson, quiz, attempt, certificate, bank, export job …).

Everything the world owns belongs to, or is scoped to, unit A ("xa-a"); its learner ("learner") is the owner.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from courses import authoring
from courses.models import EnrolmentSource
from courses.services import complete_lesson, enrol
from lms.auth.models import Role
from lms.auth.services import issue_token
from lms.certificates.models import Certificate, ExportJob
from lms.models import now_utc
from lms.org.models import UnitKind
from lms.org.services import create_unit
from quizzes import services as quiz_services
from quizzes.media import IMAGES
from quizzes.models import QuizKind, ReviewPolicy
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user
from tests.quizzes.helpers import by_title, make_questions, make_quiz, option_id

ANONYMOUS = "anonymous"
LEARNER = "learner"  # learner of unit A, the owner of the world's attempt and certificate
LEARNER_B = "learner_b"  # learner of unit B, not enrolled in the world's course
TRAINER = "trainer"
MANAGER_IN = "manager_in"  # manages unit A
MANAGER_OUT = "manager_out"  # manages unit B
MONITOR = "monitor"
ADMIN = "admin"
ACTORS = (ANONYMOUS, LEARNER, LEARNER_B, TRAINER, MANAGER_IN, MANAGER_OUT, MONITOR, ADMIN)

USERNAMES = {
    LEARNER: "hoc.vien.a",
    LEARNER_B: "hoc.vien.b",
    TRAINER: "giang.vien",
    MANAGER_IN: "quan.ly.a",
    MANAGER_OUT: "quan.ly.b",
    MONITOR: "theo.doi",
    ADMIN: "quan.tri",
}

#: The reports count the course with this slug (Config.PROGRAMME_COURSE).
PROGRAMME_SLUG = "kns-co-ban"


@dataclass
class World:
    """Ids and values a route's path and query arguments are filled from (see matrix.DEFAULT_ARGS)."""

    user_ids: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    session_ids: dict[str, str] = field(default_factory=dict)
    unit_a: str = "xa-a"
    unit_b: str = "xa-b"
    spare_unit: str = "xa-c"  # an empty unit admins may rename, move, merge and deactivate
    course: int = 0  # published, assigned to the learner of A; the programme course of the reports
    module: int = 0
    lesson: int = 0
    draft_course: int = 0
    draft_lesson: int = 0
    draft_quiz: int = 0
    open_course: int = 0  # published and open for self-enrolment
    quiz: int = 0  # practice quiz with the learner's open attempt
    final_quiz: int = 0
    open_attempt: int = 0
    question: int = 0  # a question of the open attempt
    submitted_attempt: int = 0
    certificate: int = 0
    serial: str = ""
    certificate_token: str = ""
    bank: int = 0
    bystander: int = 0  # a learner of A that admin actions target
    assignment: int = 0  # the bystander's role assignment
    job_token: str = ""  # a finished certificate export of the manager of A
    placement: int = 0  # the learner's open placement check (learning path)
    area: str = "AT"  # a competency area of the placement
    direction: str = "down"
    fmt: str = "csv"
    picture: str = field(default_factory=lambda: sorted(IMAGES.glob("*.svg"))[0].name)  # a shipped item's picture


def pass_final(session: Session, user, quiz, enrolment, now) -> object:  # type: ignore[no-untyped-def]
    """Finish the lessons and answer every question of the world's bank right (then submit)."""
    for module in quiz.course.modules:
        for lesson in module.lessons:
            complete_lesson(session, user, lesson, enrolment)
    attempt = quiz_services.start_attempt(session, user, quiz, now)
    q = by_title(attempt)
    answers = {
        "Q-single": {"option_ids": [option_id(q["Q-single"], "Lai-Chau-xanh-2026")]},
        "Q-multiple": {
            "option_ids": [option_id(q["Q-multiple"], t) for t in ("Bật xác thực hai lớp", "Cập nhật phần mềm")]
        },
        "Q-tf": {"option_ids": [option_id(q["Q-tf"], "Sai")]},
        "Q-short": {"text": "OTP"},
    }
    for title, answer in answers.items():
        quiz_services.save_answer(session, user, attempt, q[title]["id"], answer, now)
    quiz_services.submit_attempt(session, user, attempt, now)
    return attempt


def build_world(session: Session) -> World:
    """Create the world and commit it."""
    world = World()
    tree = Tree(session)
    spare = create_unit(session, world.spare_unit, "Xã Dự Phòng", UnitKind.COMMUNE, tree.province)
    assert spare.code == world.spare_unit  # noqa: S101
    users = {
        LEARNER: make_user(session, USERNAMES[LEARNER], unit=tree.commune_a, full_name="Lò Thị Chủ"),
        LEARNER_B: make_user(session, USERNAMES[LEARNER_B], unit=tree.commune_b),
        TRAINER: make_user(session, USERNAMES[TRAINER], Role.TRAINER, unit=tree.department),
        MANAGER_IN: make_user(
            session, USERNAMES[MANAGER_IN], Role.MANAGER, unit=tree.commune_a, manages=tree.commune_a
        ),
        MANAGER_OUT: make_user(
            session, USERNAMES[MANAGER_OUT], Role.MANAGER, unit=tree.commune_b, manages=tree.commune_b
        ),
        MONITOR: make_user(session, USERNAMES[MONITOR], Role.MONITOR, unit=tree.department),
        ADMIN: make_user(session, USERNAMES[ADMIN], Role.ADMIN, unit=tree.department),
    }
    bystander = make_user(session, "nguoi.thu.ba", unit=tree.commune_a)
    world.bystander = bystander.id
    world.assignment = bystander.role_assignments[0].id

    course = make_course(session, "Kỹ năng số cơ bản", modules=1, lessons=2)
    course.slug = PROGRAMME_SLUG
    module = course.modules[0]
    world.course, world.module, world.lesson = course.id, module.id, module.lessons[0].id
    learner = users[LEARNER]
    enrolment = enrol(session, learner, course, EnrolmentSource.DIRECT)

    draft = authoring.create_course(session, "Khóa học nháp bí mật")
    draft_module = authoring.add_module(session, draft, "Học phần nháp", "AT")
    world.draft_course = draft.id
    world.draft_lesson = authoring.add_lesson(session, draft_module, "Bài nháp", "Nội dung nháp.", 5).id
    world.open_course = make_course(session, "Khóa học mở", modules=1, lessons=1, is_open=True).id

    questions = make_questions(session)
    world.bank = questions[0].bank_id
    world.draft_quiz = make_quiz(session, draft, questions, title="Bài nháp").id
    final = make_quiz(session, course, questions, title="Đánh giá cuối khóa", kind=QuizKind.FINAL, pass_percent=70)
    world.final_quiz = final.id
    practice = make_quiz(
        session, course, questions, title="Luyện tập", time_limit_s=600, max_attempts=3,
        review_policy=ReviewPolicy.SCORE_ONLY,
    )  # fmt: skip
    world.quiz = practice.id

    now = now_utc() - timedelta(minutes=5)
    world.submitted_attempt = pass_final(session, learner, final, enrolment, now).id  # type: ignore[attr-defined]
    attempt = quiz_services.start_attempt(session, learner, practice, now_utc())
    world.open_attempt, world.question = attempt.id, attempt.snapshot[0]["id"]

    certificate = session.scalar(select(Certificate).where(Certificate.user_id == learner.id))
    assert certificate is not None, "passing the final must issue a certificate"  # noqa: S101
    world.certificate, world.serial, world.certificate_token = certificate.id, certificate.serial, certificate.token

    job = ExportJob(
        token=secrets.token_urlsafe(24),
        user_id=users[MANAGER_IN].id,
        unit_id=tree.commune_a.id,
        status="done",
        total=1,
        done=1,
        data=b"PK\x05\x06" + b"\x00" * 18,  # an empty zip
    )
    session.add(job)
    session.flush()
    world.job_token = job.token

    from lms.learning_path import services as path_services

    world.placement = path_services.start_placement(session, learner, now_utc()).id

    for actor, user in users.items():
        world.user_ids[actor] = user.id
        world.session_ids[actor] = user.get_id()
        world.tokens[actor], _row = issue_token(session, user, timedelta(hours=1))
    session.commit()
    return world


def signed_in_client(app: Flask, world: World, actor: str) -> FlaskClient:
    """A browser of `actor` (anonymous: no cookie), signed in as Flask-Login does after the login form."""
    client = app.test_client()
    if actor != ANONYMOUS:
        with client.session_transaction() as browser:
            browser["_user_id"] = world.session_ids[actor]
            browser["_fresh"] = True
    return client
