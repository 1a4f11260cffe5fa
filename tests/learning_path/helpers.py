"""Build a small world for the learning path: a course with one module per area, questions in each area."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from courses import authoring
from courses.content_sync import sync_framework
from courses.models import Course, EnrolmentSource, Framework
from courses.services import enrol
from lms.auth.models import Role, User
from lms.learning_path.models import LearnerLevel, Placement
from tests.factories import Tree, make_user
from tests.quizzes.helpers import make_questions

#: Module order in the course (the course order, before the path reorders it).
AREAS = ("AT", "TB", "TT")
AREA_NAMES = {"AT": "An toàn số", "TB": "Sử dụng thiết bị và phần mềm", "TT": "Khai thác dữ liệu và thông tin"}


@dataclass
class World:
    tree: Tree
    learner: User
    course_id: int
    modules: dict[str, int]
    first_lessons: dict[str, int]


def build_world(session: Session) -> World:
    """A learner of commune A enrolled in a 3-module course (AT, TB, TT); staff of every kind."""
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a)
    make_user(session, "hoc.vien.b", unit=tree.commune_b)
    make_user(session, "quan.ly.b", Role.MANAGER, unit=tree.commune_b, manages=tree.commune_b)
    make_user(session, "giang.vien", Role.TRAINER, unit=tree.department)
    make_user(session, "theo.doi", Role.MONITOR, unit=tree.department)
    if session.scalar(select(Framework.id)) is None:
        sync_framework(session)
    course = authoring.create_course(session, "Kỹ năng số cơ bản")
    modules, lessons = {}, {}
    for area in AREAS:
        module = authoring.add_module(session, course, f"Học phần {AREA_NAMES[area]}", area)
        for n in range(2):
            authoring.add_lesson(session, module, f"Bài {area}.{n + 1}", f"Nội dung {area} {n + 1}.", 5)
        session.flush()
        modules[area] = module.id
        lessons[area] = module.lessons[0].id
    authoring.set_published(session, course, True)
    for area in AREAS:
        make_questions(session, area)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    session.commit()
    return World(tree, learner, course.id, modules, lessons)


def right(question: dict[str, Any]) -> dict[str, Any]:
    """The full-credit answer to a snapshot question (tests read the server-side snapshot)."""
    if question["kind"] == "short_text":
        return {"text": next(o["text"] for o in question["options"] if o["fraction"] >= 100)}
    if question["kind"] == "multiple":
        return {"option_ids": [o["id"] for o in question["options"] if o["fraction"] > 0]}
    return {"option_ids": [next(o["id"] for o in question["options"] if o["fraction"] >= 100)]}


def wrong(question: dict[str, Any]) -> dict[str, Any]:
    if question["kind"] == "short_text":
        return {"text": "không biết"}
    return {"option_ids": [next(o["id"] for o in question["options"] if o["fraction"] <= 0)]}


def pending(placement: Placement, area: str) -> list[dict[str, Any]]:
    return [q for q in placement.snapshot if q["area"] == area and str(q["id"]) not in placement.answers]


def answers_for(questions: list[dict[str, Any]], pattern: list[bool]) -> dict[str, dict[str, Any]]:
    return {str(q["id"]): (right(q) if ok else wrong(q)) for q, ok in zip(questions, pattern, strict=True)}


def load_placement(session: Session, user_id: int) -> Placement:
    session.expire_all()
    return session.scalar(select(Placement).where(Placement.user_id == user_id).order_by(Placement.id.desc()))


def levels(session: Session, user_id: int) -> dict[str, LearnerLevel]:
    session.expire_all()
    return {row.area_code: row for row in session.scalars(select(LearnerLevel).where(LearnerLevel.user_id == user_id))}


def course(session: Session, course_id: int) -> Course:
    return session.get(Course, course_id)  # type: ignore[return-value]
