"""Placement rules, the adaptive extra question, levels after quizzes, and the path order."""

import random
from decimal import Decimal

import pytest

from courses.queries import course_outline
from lms.errors import Conflict, Forbidden, ValidationFailed
from lms.learning_path import queries, services
from lms.learning_path.models import Level, PlacementState
from lms.models import now_utc
from quizzes import services as quiz_services
from tests.factories import make_user
from tests.learning_path.helpers import AREAS, answers_for, build_world, course, levels, pending
from tests.quizzes.helpers import make_quiz


@pytest.mark.parametrize(
    ("correct", "total", "rating", "level"),
    [
        (2, 2, 4, Level.MASTERED),
        (2, 2, 3, Level.MASTERED),
        (2, 3, 3, Level.MASTERED),
        (2, 2, 2, Level.PROGRESSING),  # right answers but not confident: not yet mastered
        (1, 3, 4, Level.PROGRESSING),
        (1, 3, 2, Level.NEEDS),
        (0, 2, 4, Level.NEEDS),  # confident but wrong: answers win
        (1, 2, 1, Level.NEEDS),  # no extra question was available
        (0, 0, 4, Level.NEEDS),
    ],
)
def test_placement_level_rule(correct, total, rating, level):
    assert services.placement_level(correct, total, rating) == level


@pytest.mark.parametrize(
    ("percent", "level"),
    [
        (100, Level.MASTERED),
        (80, Level.MASTERED),
        (79.99, Level.PROGRESSING),
        (50, Level.PROGRESSING),
        (0, Level.NEEDS),
    ],
)
def test_quiz_level_rule(percent, level):
    assert services.quiz_level(percent) == level


def test_start_draws_two_questions_per_area_and_resumes(session):
    world = build_world(session)
    placement = services.start_placement(session, world.learner, now_utc(), random.Random(1))
    # Only areas that have questions, in the framework's order (TB, TT before AT).
    assert [a["code"] for a in placement.areas] == ["TB", "TT", "AT"]
    assert [q["area"] for q in placement.snapshot] == ["TB", "TB", "TT", "TT", "AT", "AT"]
    assert services.start_placement(session, world.learner, now_utc()).id == placement.id
    assert services.current_step(placement).code == "TB"


def test_extra_question_only_when_the_first_two_disagree(session):
    world = build_world(session)
    user = world.learner
    placement = services.start_placement(session, user, now_utc(), random.Random(2))
    services.save_area(
        session, user, placement, "AT", 4, answers_for(pending(placement, "AT"), [True, True]), now_utc()
    )
    services.save_area(
        session, user, placement, "TB", 1, answers_for(pending(placement, "TB"), [False, False]), now_utc()
    )
    assert len(placement.snapshot) == 6  # agreeing answers: no extra question
    services.save_area(
        session, user, placement, "TT", 3, answers_for(pending(placement, "TT"), [True, False]), now_utc()
    )
    extra = pending(placement, "TT")
    assert len(extra) == 1 and extra[0]["stage"] == 2
    assert placement.is_open and services.current_step(placement).code == "TT"
    services.save_area(session, user, placement, "TT", 3, answers_for(extra, [False]), now_utc())
    assert placement.state == PlacementState.SUBMITTED
    assert placement.results == {
        "AT": {"correct": 2, "total": 2, "rating": 4, "level": "mastered"},
        "TB": {"correct": 0, "total": 2, "rating": 1, "level": "needs"},
        "TT": {"correct": 1, "total": 3, "rating": 3, "level": "progressing"},
    }
    session.commit()
    mine = levels(session, user.id)
    assert {a: row.level for a, row in mine.items()} == {"AT": "mastered", "TB": "needs", "TT": "progressing"}
    assert (mine["TT"].correct, mine["TT"].total, mine["TT"].rating, mine["TT"].source) == (1, 3, 3, "placement")


def test_path_puts_weak_areas_first_and_mastered_last(session):
    world = build_world(session)
    user = world.learner
    placement = services.start_placement(session, user, now_utc(), random.Random(3))
    for area, rating, pattern in (("AT", 4, [True, True]), ("TB", 1, [False, False]), ("TT", 2, [True, True])):
        services.save_area(
            session, user, placement, area, rating, answers_for(pending(placement, area), pattern), now_utc()
        )
    session.commit()
    the_course = course(session, world.course_id)
    path = queries.build_path(session, user, the_course, course_outline(session, the_course, user))
    assert path.has_levels
    assert [(s.module.area_code, s.level, s.skim) for s in path.steps] == [
        ("TB", "needs", False),
        ("TT", "progressing", False),
        ("AT", "mastered", True),
    ]
    assert path.next_lesson.id == world.first_lessons["TB"]


def test_without_levels_the_course_order_is_kept(session):
    world = build_world(session)
    the_course = course(session, world.course_id)
    path = queries.build_path(session, world.learner, the_course, course_outline(session, the_course, world.learner))
    assert not path.has_levels
    assert [s.module.area_code for s in path.steps] == list(AREAS)
    assert path.next_lesson.id == world.first_lessons["AT"]


def _take(session, user, quiz, pattern_right: bool):  # type: ignore[no-untyped-def]
    from tests.learning_path.helpers import right, wrong

    attempt = quiz_services.start_attempt(session, user, quiz, now_utc())
    for question in attempt.snapshot:
        answer = right(question) if pattern_right else wrong(question)
        quiz_services.save_answer(session, user, attempt, question["id"], answer, now_utc())
    quiz_services.submit_attempt(session, user, attempt, now_utc())
    session.commit()
    return attempt


def test_levels_follow_the_latest_practice_and_final_results(session):
    world = build_world(session)
    user = world.learner
    placement = services.start_placement(session, user, now_utc(), random.Random(4))
    for area in AREAS:
        services.save_area(
            session, user, placement, area, 4, answers_for(pending(placement, area), [True, True]), now_utc()
        )
    session.commit()
    assert levels(session, user.id)["AT"].level == Level.MASTERED
    the_course = course(session, world.course_id)
    at_questions = [q for q in _bank(session) if q.area_code == "AT"]
    practice = make_quiz(session, the_course, at_questions, title="Luyện tập: An toàn số")
    session.commit()
    attempt = _take(session, user, practice, pattern_right=False)
    at = levels(session, user.id)["AT"]
    assert (at.level, at.source, at.source_title, at.percent, at.attempt_id) == (
        "needs",
        "module",
        "Luyện tập: An toàn số",
        Decimal("0.00"),
        attempt.id,
    )
    assert at.rating == 4  # the self-rating of the placement check is kept
    assert levels(session, user.id)["TB"].level == Level.MASTERED  # other areas untouched
    final = make_quiz(session, the_course, [q for q in _bank(session) if q.area_code in ("AT", "TB")], kind="final")
    session.commit()
    _take(session, user, final, pattern_right=True)
    mine = levels(session, user.id)
    assert (mine["AT"].level, mine["AT"].source, mine["AT"].percent) == ("mastered", "final", Decimal("100.00"))
    assert mine["AT"].total == 4


def _bank(session):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from quizzes.models import Question

    return list(session.scalars(select(Question).order_by(Question.id)))


def test_rating_and_answers_are_checked(session):
    world = build_world(session)
    user = world.learner
    placement = services.start_placement(session, user, now_utc(), random.Random(5))
    with pytest.raises(ValidationFailed) as error:
        services.save_area(session, user, placement, "AT", 7, {}, now_utc())
    assert "mức tự đánh giá" in error.value.message and "rating" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        services.save_area(session, user, placement, "AT", 2, {"999999": {"option_ids": [1]}}, now_utc())
    assert "không thuộc bước này" in error.value.message
    other = make_user(session, "nguoi.la", unit=world.tree.commune_b)
    with pytest.raises(Forbidden):
        services.save_area(session, other, placement, "AT", 2, {}, now_utc())


def test_skip_and_retake(session):
    world = build_world(session)
    user = world.learner
    skipped = services.skip_placement(session, user, now_utc())
    assert skipped.state == PlacementState.SKIPPED
    with pytest.raises(Conflict):
        services.submit_placement(session, user, skipped, now_utc())
    placement = services.start_placement(session, user, now_utc(), random.Random(6))
    assert placement.id != skipped.id and placement.is_open
    services.save_area(
        session, user, placement, "AT", 4, answers_for(pending(placement, "AT"), [True, True]), now_utc()
    )
    first = services.submit_placement(session, user, placement, now_utc())  # finish early: only AT rated
    assert list(first) == ["AT"]
    assert services.submit_placement(session, user, placement, now_utc()) == first  # idempotent
    retake = services.start_placement(session, user, now_utc(), random.Random(7))
    assert retake.id != placement.id
    services.save_area(session, user, retake, "AT", 1, answers_for(pending(retake, "AT"), [False, False]), now_utc())
    services.submit_placement(session, user, retake, now_utc())
    session.commit()
    assert levels(session, user.id)["AT"].level == Level.NEEDS  # the latest evidence counts


def test_the_receiver_is_connected_once_however_many_apps(app_factory):
    from lms import events
    from lms.learning_path.receivers import recalculate_levels

    app_factory()
    app_factory()
    assert list(events.attempt_graded.receivers_for(object())).count(recalculate_levels) == 1


def test_passing_the_final_before_the_lessons_still_confirms(session):
    from sqlalchemy import select

    from courses import services as course_services
    from courses.models import Enrolment, Lesson
    from quizzes.models import Confirmation

    world = build_world(session)
    the_course = course(session, world.course_id)
    final = make_quiz(session, the_course, _bank(session), kind="final")
    session.commit()
    _take(session, world.learner, final, pattern_right=True)
    enrolment = session.scalar(select(Enrolment).where(Enrolment.user_id == world.learner.id))
    for lesson in session.scalars(select(Lesson)):
        course_services.complete_lesson(session, world.learner, lesson, enrolment)
    session.commit()
    assert enrolment.completed_at is not None
    assert session.scalar(select(Confirmation).where(Confirmation.user_id == world.learner.id)) is not None


def test_placement_draws_from_the_shipped_banks_over_all_eight_areas(session):
    from sqlalchemy import select

    from lms.curriculum import sync_curriculum
    from quizzes.models import Question, QuestionBank
    from quizzes.shipped import SHIPPED_BANK

    sync_curriculum(session)
    user = make_user(session, "hoc.vien")
    placement = services.start_placement(session, user, now_utc(), random.Random(8))
    assert [a["code"] for a in placement.areas] == ["CDS", "TB", "TT", "GT", "ND", "AT", "DV", "AI"]
    assert len(placement.snapshot) == 16
    shipped = set(session.scalars(select(Question.id).join(QuestionBank).where(QuestionBank.name == SHIPPED_BANK)))
    assert {q["id"] for q in placement.snapshot} <= shipped
