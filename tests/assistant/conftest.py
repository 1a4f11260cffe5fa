"""Fixtures: the shipped curriculum synced (which builds the assistant's passages) and an enrolled learner."""

import pytest
from sqlalchemy import select

from courses.models import Course, EnrolmentSource
from courses.services import enrol
from lms.auth.models import User
from lms.curriculum import sync_curriculum
from tests.factories import Tree, make_user


@pytest.fixture
def course(session) -> Course:  # type: ignore[no-untyped-def]
    sync_curriculum(session)
    session.commit()
    return session.scalar(select(Course).where(Course.slug == "kns-co-ban"))


@pytest.fixture
def tree(session) -> Tree:  # type: ignore[no-untyped-def]
    tree = Tree(session)
    session.commit()
    return tree


@pytest.fixture
def learner(session, course, tree) -> User:  # type: ignore[no-untyped-def]
    user = make_user(session, "hoc.vien", unit=tree.commune_a, full_name="Tòng Văn Khánh")
    enrol(session, user, course, EnrolmentSource.DIRECT)
    session.commit()
    return user
