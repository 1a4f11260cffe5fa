"""One scope rule on every unit page: a manager of several units is asked which one, and reaches each of them.

Before lms/org/scope.py, the unit tree asked while the dashboard and the distribution of levels silently took the
first unit, so the manager of two communes could not open the second from either page.
"""

import re

import pytest

from lms.auth.models import Role, RoleAssignment
from tests.courses.helpers import make_course
from tests.factories import Tree, make_user

#: (index page, the page it opens for a unit) of every page that starts "at the top of my scope".
ENTRY_PAGES = [
    ("/units/", "/units/{code}"),
    ("/reports/", "/reports/{code}"),
    ("/lo-trinh/don-vi/", "/lo-trinh/don-vi/{code}"),
]


@pytest.fixture
def tree(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    course = make_course(session, "Kiến thức, kỹ năng số cơ bản", modules=1, lessons=1)
    course.slug = "kns-co-ban"  # the programme the dashboard reports on
    both = make_user(session, "quan.ly.hai.xa", Role.MANAGER, unit=tree.commune_a, manages=tree.commune_a)
    both.role_assignments.append(RoleAssignment(role=Role.MANAGER, unit=tree.commune_b))
    make_user(session, "quan.ly.a", Role.MANAGER, unit=tree.commune_a, manages=tree.commune_a)
    make_user(session, "theo.doi", Role.MONITOR, unit=tree.department)
    session.commit()
    return tree


@pytest.mark.parametrize(("index", "page"), ENTRY_PAGES)
def test_a_manager_of_two_units_is_asked_which_one_and_reaches_both(auth, client, tree, index, page):
    auth.login("quan.ly.hai.xa")
    response = client.get(index)
    assert response.status_code == 200
    links = re.findall(r'href="([^"]+)"', response.get_data(as_text=True))
    for code in ("xa-a", "xa-b"):
        assert page.format(code=code) in links
        assert client.get(page.format(code=code)).status_code == 200
    assert client.get(page.format(code="tinh")).status_code == 403


@pytest.mark.parametrize(("index", "page"), ENTRY_PAGES)
def test_a_manager_of_one_unit_goes_straight_to_it(auth, client, tree, index, page):
    auth.login("quan.ly.a")
    assert client.get(index).location == page.format(code="xa-a")


@pytest.mark.parametrize(("index", "page"), ENTRY_PAGES)
def test_a_monitor_starts_at_the_province(auth, client, tree, index, page):
    auth.login("theo.doi")
    assert client.get(index).location == page.format(code="tinh")


@pytest.mark.parametrize(("index", "page"), ENTRY_PAGES)
def test_an_unknown_unit_is_404_on_every_unit_page(auth, client, tree, index, page):
    auth.login("theo.doi")
    assert client.get(page.format(code="khong-co")).status_code == 404
