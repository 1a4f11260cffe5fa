"""Progress arithmetic and enrolment rules."""

from datetime import date

import pytest
from sqlalchemy import func, select

from courses import authoring, services
from courses.models import Enrolment, EnrolmentSource, LessonCompletion
from lms.auth.models import StaffCategory
from lms.errors import ValidationFailed
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [(0, 0, 0), (0, 8, 0), (1, 8, 12), (4, 8, 50), (7, 8, 87), (8, 8, 100), (2, 3, 66), (299, 300, 99)],
)
def test_percent(done, total, expected):
    assert services.percent(done, total) == expected


def lessons_of(course):  # type: ignore[no-untyped-def]
    return [lesson for module in course.modules for lesson in module.lessons]


def test_completing_lessons_raises_progress_and_completes_the_course(session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=2, lessons=2)
    enrolment = services.enrol(session, user, course, EnrolmentSource.DIRECT)
    assert (enrolment.items_done, enrolment.items_total, enrolment.progress_percent) == (0, 4, 0)
    for expected, lesson in zip([25, 50, 75, 100], lessons_of(course), strict=True):
        services.complete_lesson(session, user, lesson, enrolment)
        assert enrolment.progress_percent == expected
    assert enrolment.completed_at is not None


def test_completing_twice_counts_once(session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=1, lessons=2)
    enrolment = services.enrol(session, user, course, EnrolmentSource.DIRECT)
    lesson = lessons_of(course)[0]
    services.complete_lesson(session, user, lesson, enrolment)
    services.complete_lesson(session, user, lesson, enrolment)
    assert enrolment.items_done == 1
    assert session.scalar(select(func.count(LessonCompletion.id))) == 1


def test_optional_lessons_do_not_count(session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=1, lessons=2)
    module = course.modules[0]
    optional = authoring.add_lesson(session, module, "Đọc thêm", "Tự chọn.", 3, required=False)
    enrolment = services.enrol(session, user, course, EnrolmentSource.DIRECT)
    assert enrolment.items_total == 2
    services.complete_lesson(session, user, optional, enrolment)
    assert enrolment.progress_percent == 0


def test_adding_a_lesson_to_a_course_recounts_everyone_and_keeps_completions(session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=1, lessons=2)
    enrolment = services.enrol(session, user, course, EnrolmentSource.DIRECT)
    for lesson in lessons_of(course):
        services.complete_lesson(session, user, lesson, enrolment)
    assert enrolment.completed_at is not None
    authoring.add_lesson(session, course.modules[0], "Bài mới", "Nội dung mới.", 5)
    session.refresh(enrolment)
    assert (enrolment.items_done, enrolment.items_total) == (2, 3)
    assert enrolment.completed_at is None
    # Editing a lesson keeps everyone's progress.
    authoring.update_lesson(session, lessons_of(course)[0], "Bài 1.1 (sửa)", "Nội dung đã sửa.", 6, True)
    session.refresh(enrolment)
    assert enrolment.items_done == 2


def test_retiring_a_lesson_recounts_progress(session):
    tree = Tree(session)
    user = make_user(session, "hoc.vien", unit=tree.commune_a)
    course = make_course(session, modules=1, lessons=2)
    enrolment = services.enrol(session, user, course, EnrolmentSource.DIRECT)
    first, second = lessons_of(course)
    services.complete_lesson(session, user, first, enrolment)
    authoring.retire(session, second)
    session.refresh(enrolment)
    assert (enrolment.items_done, enrolment.items_total, enrolment.progress_percent) == (1, 1, 100)


def test_assign_by_unit_subtree_includes_sub_units_and_later_joiners(session):
    tree = Tree(session)
    a = make_user(session, "a", unit=tree.commune_a)
    a_sub = make_user(session, "a.sub", unit=tree.commune_a_sub)
    b = make_user(session, "b", unit=tree.commune_b)
    course = make_course(session)
    result = services.assign_course(session, course, ["xa-a"], [], [], None)
    assert result.enrolled == 2
    enrolled = set(session.scalars(select(Enrolment.user_id)))
    assert enrolled == {a.id, a_sub.id}
    assert b.id not in enrolled
    later = make_user(session, "moi.den", unit=tree.commune_a_sub)
    elsewhere = make_user(session, "noi.khac", unit=tree.commune_b)
    assert services.enrol_new_people(session, [later.id, elsewhere.id]) == 1
    assert later.id in set(session.scalars(select(Enrolment.user_id)))


def test_assign_by_category_and_deadline(session):
    tree = Tree(session)
    can_bo = make_user(session, "can.bo", unit=tree.commune_b, category=StaffCategory.CAN_BO)
    make_user(session, "cong.chuc", unit=tree.commune_b, category=StaffCategory.CONG_CHUC)
    course = make_course(session)
    services.assign_course(session, course, [], ["can_bo"], [], date(2026, 6, 30))
    rows = session.execute(select(Enrolment.user_id, Enrolment.deadline)).all()
    assert rows == [(can_bo.id, date(2026, 6, 30))]


def test_assign_leaves_existing_enrolments_as_they_are(session):
    tree = Tree(session)
    user = make_user(session, "a", unit=tree.commune_a)
    course = make_course(session)
    first = services.enrol(session, user, course, EnrolmentSource.SELF)
    services.complete_lesson(session, user, lessons_of(course)[0], first)
    assert services.assign_course(session, course, ["xa-a"], [], [], None).enrolled == 0
    session.refresh(first)
    assert first.source == EnrolmentSource.SELF
    assert first.items_done == 1


@pytest.mark.parametrize(
    ("units", "categories", "usernames", "field"),
    [
        (["xa-a", "khong-co"], [], [], "unit_codes"),  # one good code does not let the bad one through
        ([], ["giam_doc"], [], "staff_categories"),
        ([], [], ["ai.do"], "usernames"),
        ([], [], [], "unit_codes"),
    ],
)
def test_assign_rejects_unknown_names_and_writes_nothing(session, units, categories, usernames, field):
    tree = Tree(session)
    make_user(session, "a", unit=tree.commune_a)
    course = make_course(session)
    session.commit()
    with pytest.raises(ValidationFailed) as raised:
        services.assign_course(session, course, units, categories, usernames, None)
    assert field in raised.value.fields
    session.rollback()
    assert session.scalar(select(func.count(Enrolment.id))) == 0


def test_move_skips_retired_neighbours_and_publish_needs_a_live_lesson(session):
    course = make_course(session, modules=1, lessons=3)
    first, second, third = lessons_of(course)
    authoring.retire(session, second)
    authoring.move(session, third, -1)
    assert first.position > third.position  # the retired lesson did not absorb the move
    authoring.set_published(session, course, False)
    for lesson in (first, third):
        authoring.retire(session, lesson)
    with pytest.raises(ValidationFailed, match="ít nhất một bài học"):
        authoring.set_published(session, course, True)
