"""Who sees which units and people: a manager only their subtree, monitors and admins everything."""

import pytest

from lms.auth.models import Role
from tests.factories import Tree, make_user


@pytest.fixture
def tree(session):  # type: ignore[no-untyped-def]
    tree = Tree(session)
    make_user(session, "learner.a", unit=tree.commune_a, full_name="Lò Văn Dũng")
    make_user(session, "staff.a.sub", unit=tree.commune_a_sub, full_name="Giàng A Páo")
    make_user(session, "learner.b", unit=tree.commune_b, full_name="Nguyễn Thị Hường")
    make_user(session, "manager.a", Role.LEARNER, Role.MANAGER, unit=tree.commune_a, manages=tree.commune_a)
    make_user(session, "monitor", Role.MONITOR, unit=tree.department)
    make_user(session, "admin", Role.ADMIN, unit=tree.department)
    make_user(session, "trainer", Role.TRAINER, unit=tree.department)
    session.commit()
    return tree


@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        ("manager.a", "/units/xa-a", 200),
        ("manager.a", "/units/xa-a-ttdv", 200),  # a sub-unit of the managed commune
        ("manager.a", "/units/xa-b", 403),
        ("manager.a", "/units/tinh", 403),
        ("manager.a", "/units/so-noi-vu", 403),
        ("monitor", "/units/xa-b", 200),
        ("monitor", "/units/tinh", 200),
        ("admin", "/units/xa-a", 200),
        ("learner.a", "/units/xa-a", 403),
        ("trainer", "/units/xa-a", 403),
        ("learner.a", "/units/", 403),
        ("monitor", "/units/khong-co", 404),
    ],
)
def test_unit_page_access(auth, client, tree, user, url, status):
    auth.login(user)
    assert client.get(url).status_code == status


def test_manager_sees_only_people_of_their_subtree(auth, client, tree):
    auth.login("manager.a")
    page = client.get("/units/xa-a").get_data(as_text=True)
    assert "Lò Văn Dũng" in page
    assert "Giàng A Páo" in page
    assert "Nguyễn Thị Hường" not in page


def test_manager_unit_index_goes_to_their_unit(auth, client, tree):
    auth.login("manager.a")
    assert client.get("/units/").location == "/units/xa-a"


def test_monitor_unit_index_goes_to_the_province(auth, client, tree):
    auth.login("monitor")
    assert client.get("/units/").location == "/units/tinh"


def test_province_page_counts_staff_per_child_subtree(auth, client, tree):
    auth.login("monitor")
    page = client.get("/units/tinh").get_data(as_text=True)
    # commune A: learner.a, staff.a.sub, manager.a = 3; the department: monitor, admin, trainer = 3
    assert page.count('class="num">3</td>') == 2
    assert 'class="num">1</td>' in page  # commune B


@pytest.mark.parametrize("query", ["lo van dung", "LÒ VĂN", "dung", "Lò Văn Dũng"])
def test_people_search_ignores_diacritics_and_case(auth, client, tree, query):
    auth.login("monitor")
    page = client.get("/units/tinh", query_string={"q": query}).get_data(as_text=True)
    assert "Lò Văn Dũng" in page
    assert "Nguyễn Thị Hường" not in page


def test_people_search_treats_wildcards_literally(auth, client, tree):
    auth.login("monitor")
    page = client.get("/units/tinh", query_string={"q": "%"}).get_data(as_text=True)
    assert "Không có người nào phù hợp." in page


def test_national_id_and_phone_are_masked_except_for_admins(auth, client, session, tree):
    make_user(session, "co.cccd", unit=tree.commune_b, national_id="012190001234", phone="0912345678")
    session.commit()
    auth.login("monitor")
    page = client.get("/units/xa-b").get_data(as_text=True)
    assert "012190001234" not in page and "0912345678" not in page
    assert "•••••••••234" in page and "•••••••678" in page
    auth.logout()
    auth.login("admin")
    page = client.get("/units/xa-b").get_data(as_text=True)
    assert "012190001234" in page and "0912345678" in page
