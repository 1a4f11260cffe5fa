"""Separate pools and the final drawn to the blueprint, on the shipped curriculum and banks."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from courses.models import Course, EnrolmentSource
from courses.services import enrol
from lms.curriculum import sync_curriculum
from lms.errors import ValidationFailed
from lms.models import now_utc
from quizzes import services
from quizzes.bank import get_or_create_bank
from quizzes.blueprint import load_blueprint
from quizzes.building import QuizSettings, create_quiz
from quizzes.models import Question, Quiz, QuizKind
from quizzes.shipped import SHIPPED_BANK
from tests.factories import Tree, make_user

T0 = now_utc().replace(microsecond=0)


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    sync_curriculum(session)
    course = session.scalar(select(Course).where(Course.slug == "kns-co-ban"))
    tree = Tree(session)
    learner = make_user(session, "hoc.vien", unit=tree.commune_a)
    enrol(session, learner, course, EnrolmentSource.DIRECT)
    session.commit()
    quizzes = session.scalars(select(Quiz).where(Quiz.course_id == course.id)).all()
    return {
        "course": course,
        "tree": tree,
        "learner": learner,
        "practice": [q for q in quizzes if q.kind == QuizKind.MODULE],
        "final": next(q for q in quizzes if q.kind == QuizKind.FINAL),
    }


def final_pool(session) -> set[int]:  # type: ignore[no-untyped-def]
    return set(session.scalars(select(Question.id).where(Question.pool == "final", Question.retired_at.is_(None))))


def test_a_learner_who_practised_everything_many_times_has_seen_no_final_item(session, client, auth, world):
    learner, seen = world["learner"], set()
    assert len(world["practice"]) == 8
    now = T0
    for quiz in world["practice"]:
        for _ in range(12):
            attempt = services.start_attempt(session, learner, quiz, now)
            services.submit_attempt(session, learner, attempt, now)
            seen |= {q["id"] for q in attempt.snapshot}
            now += timedelta(minutes=1)
    session.commit()
    finals = final_pool(session)
    assert len(finals) >= 320
    assert len(seen) >= 8 * 20  # every practice item came up
    assert not seen & finals
    # The reviews a learner reads show no final item either.
    final_texts = list(session.scalars(select(Question.title).where(Question.id.in_(finals))))
    auth.login("hoc.vien")
    page = client.get(f"/quizzes/attempts/{attempt.id}/result").get_data(as_text=True)
    assert not [t for t in final_texts if f">{t}<" in page]
    final_attempt = services.start_attempt(session, learner, world["final"], now)
    assert not {q["id"] for q in final_attempt.snapshot} & seen


def test_every_final_form_follows_the_blueprint_and_later_attempts_show_new_items(session, world):
    blueprint = load_blueprint()
    learner, quiz, shown = world["learner"], world["final"], set()
    competency = dict(session.execute(select(Question.id, Question.competency_code)).all())
    kinds = dict(session.execute(select(Question.id, Question.kind)).all())
    for number in range(blueprint.max_attempts):
        attempt = services.start_attempt(session, learner, quiz, T0 + timedelta(hours=number))
        ids = [q["id"] for q in attempt.snapshot]
        assert Counter(competency[i] for i in ids) == blueprint.competencies
        assert {kinds[i] for i in ids} <= set(blueprint.kinds)
        assert not shown & set(ids)
        shown |= set(ids)
        services.submit_attempt(session, learner, attempt, T0 + timedelta(hours=number, minutes=5))
    assert quiz.time_limit_s == blueprint.minutes * 60 and quiz.max_attempts == blueprint.max_attempts


def test_a_practice_quiz_cannot_hand_pick_a_final_item(session, world):
    final_item = next(iter(final_pool(session)))
    with pytest.raises(ValidationFailed, match="Luyện tập"):
        create_quiz(session, world["course"], QuizSettings(title="Luyện thêm"), question_ids=[final_item])


def test_a_practice_draw_counts_only_practice_items(session, world):
    practice = session.query(Question).filter_by(area_code="AT", pool="practice", retired_at=None).count()
    with pytest.raises(ValidationFailed, match="không đủ"):
        create_quiz(session, world["course"], QuizSettings(title="Luyện thêm"), draws=[("AT", practice + 1)])


def test_content_sync_retires_shipped_questions_no_longer_in_the_files(session, world):
    bank = get_or_create_bank(session, SHIPPED_BANK, None)
    old = Question(bank=bank, kind="true_false", title="AT-OLD-01", text="Câu cũ.", area_code="AT")
    session.add(old)
    session.commit()
    report = sync_curriculum(session)
    assert report.banks.retired == 1 and old.retired_at is not None
    assert report.banks.created == 0 and report.banks.updated == 0


def test_the_finals_settings_page_shows_the_blueprint_and_keeps_it(session, client, auth, world):
    from lms.auth.models import Role

    make_user(session, "giang.vien", Role.TRAINER, unit=world["tree"].department)
    session.commit()
    auth.login("giang.vien")
    url = f"/manage/quizzes/{world['final'].id}/settings"
    page = client.get(url).get_data(as_text=True)
    assert "Rút theo đề cương đánh giá" in page and "AT.2 × 2" in page and 'name="draw_AT"' not in page
    before = sorted((d.competency_code, d.count) for d in world["final"].draws)
    form = {"title": "Bài đánh giá cuối khóa", "pass_percent": "70", "time_limit_minutes": "30", "max_attempts": "3",
            "shuffle_questions": "y", "shuffle_options": "y", "review_policy": "score_only"}  # fmt: skip
    assert client.post(url, data=form).status_code == 302
    session.expire_all()
    assert sorted((d.competency_code, d.count) for d in world["final"].draws) == before
