"""A small province with people in every state, built from raw rows with known timestamps."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from courses.models import Enrolment, EnrolmentSource
from lms.auth.models import Role, StaffCategory
from lms.certificates.models import Certificate
from quizzes.models import Attempt, Confirmation
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user

CUTOFF_END = datetime(2026, 6, 14, 17, 0, tzinfo=UTC)  # end of 14/6/2026 in Asia/Ho_Chi_Minh
BEFORE = CUTOFF_END - timedelta(days=30)
AFTER = CUTOFF_END + timedelta(days=10)


def person(
    session,
    tree_unit,
    username,
    category,
    course,
    *,
    active=True,
    enrolled=None,
    started=None,
    lessons=None,
    assessed=None,
    confirmed=None,
    certified=None,
):  # type: ignore[no-untyped-def]
    """Add one person and the raw rows of their state, each at the given moment (None: not reached)."""
    user = make_user(session, username, unit=tree_unit, category=category, active=active)
    if enrolled:
        session.add(
            Enrolment(
                user_id=user.id,
                course_id=course.id,
                source=EnrolmentSource.ASSIGNED,
                enrolled_at=enrolled,
                started_at=started,
                lessons_completed_at=lessons,
                assessed_at=assessed,
                completed_at=confirmed,
                items_total=3,
                items_done=0,
                progress_percent=0,
            )
        )
    if confirmed:
        attempt = Attempt(
            quiz_id=_final_quiz_id(session, course),
            user_id=user.id,
            number=1,
            state="submitted",
            started_at=confirmed,
            submitted_at=confirmed,
            percent=Decimal(90),
            passed=True,
            snapshot=[],
        )
        session.add(attempt)
        session.flush()
        confirmation = Confirmation(
            user_id=user.id,
            framework_id=course.framework_id,
            course_id=course.id,
            attempt_id=attempt.id,
            score_percent=Decimal(90),
            area_scores={},
            confirmed_at=confirmed,
        )
        session.add(confirmation)
        session.flush()
        if certified:
            session.add(
                Certificate(
                    serial=f"KNS-T-{user.id}",
                    register_number="x",
                    token=f"tok-{user.id}",
                    user_id=user.id,
                    course_id=course.id,
                    confirmation_id=confirmation.id,
                    holder_name=user.full_name,
                    course_title=course.title,
                    score_percent=Decimal(90),
                    grade="Giỏi",
                    study_to=certified.date(),
                    issued_on=certified.date(),
                    issuer_name="Sở",
                    place="Lai Châu",
                    signer_title="GĐ",
                    signer_name="A",
                    created_at=certified,
                )
            )
    session.flush()
    return user


@pytest.fixture
def province(session):  # type: ignore[no-untyped-def]
    from quizzes.building import QuizSettings, create_quiz
    from tests.quizzes.helpers import make_questions

    tree = Tree(session)
    course = make_course(session, "Kiến thức, kỹ năng số cơ bản", modules=1, lessons=2)
    course.slug = "kns-co-ban"
    quiz = create_quiz(
        session,
        course,
        QuizSettings(title="Cuối khóa", kind="final"),
        question_ids=[q.id for q in make_questions(session)],
    )
    a, a_sub, b, dep = tree.commune_a, tree.commune_a_sub, tree.commune_b, tree.department
    cc, cb, vc = StaffCategory.CONG_CHUC, StaffCategory.CAN_BO, StaffCategory.VIEN_CHUC
    t = BEFORE
    person(session, a, "a.done", cc, course, enrolled=t, started=t, lessons=t, assessed=t, confirmed=t, certified=t)
    person(session, a_sub, "a.sub.learning", cb, course, enrolled=t, started=t)
    person(session, a, "a.idle", vc, course, enrolled=t)
    person(session, a, "a.failed", cc, course, enrolled=t, started=t, lessons=t, assessed=t)
    person(
        session,
        a,
        "a.late",
        cc,
        course,
        enrolled=t,
        started=t,
        lessons=AFTER,
        assessed=AFTER,
        confirmed=AFTER,
        certified=AFTER,
    )
    person(session, b, "b.done", cc, course, enrolled=t, started=t, lessons=t, assessed=t, confirmed=t)
    person(
        session, b, "b.inactive", cc, course, active=False, enrolled=t, started=t, lessons=t, assessed=t, confirmed=t
    )
    moved = person(
        session, b, "moved", cb, course, enrolled=t, started=t, lessons=t, assessed=t, confirmed=t, certified=t
    )
    moved.unit = a  # moved to commune A after finishing: counts where they work now
    person(session, dep, "dep.none", vc, course)
    person(session, dep, "dep.enrolled.late", vc, course, enrolled=AFTER)
    make_user(session, "quan.ly.a", Role.MANAGER, unit=dep, manages=a, active=True)
    make_user(session, "theo.doi", Role.MONITOR, unit=dep)
    session.commit()
    return {"tree": tree, "course": course, "quiz": quiz}


def _final_quiz_id(session, course) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from quizzes.models import Quiz

    return session.scalar(select(Quiz.id).where(Quiz.course_id == course.id, Quiz.kind == "final"))
