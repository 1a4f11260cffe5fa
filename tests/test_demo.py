"""`flask seed-demo`: realistic Lai Châu data, and running it twice changes nothing."""

import re

from sqlalchemy import func, select

from lms.auth.models import Role, RoleAssignment, StaffCategory, User
from lms.org.models import Unit, UnitKind


def counts(session):  # type: ignore[no-untyped-def]
    return {
        "units": session.scalar(select(func.count(Unit.id))),
        "users": session.scalar(select(func.count(User.id))),
        "roles": session.scalar(select(func.count(RoleAssignment.id))),
        "hashes": tuple(
            session.scalars(select(User.password_hash).where(User.username.like("demo.%")).order_by(User.id))
        ),
    }


def test_seed_demo_twice_leaves_the_same_counts(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "demo.learner" in first.output
    password = re.search(r"demo\.learner\s+mật khẩu: (\S+)", first.output).group(1)
    after_first = counts(session)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "Cán bộ mới: 0" in second.output
    assert "Đơn vị mới: 0" in second.output
    session.expire_all()
    assert counts(session) == after_first
    assert password not in second.output


def test_seed_demo_builds_lai_chau(app, session):
    app.test_cli_runner().invoke(args=["seed-demo"])
    kinds = dict(session.execute(select(Unit.kind, func.count(Unit.id)).group_by(Unit.kind)).all())
    assert kinds[UnitKind.PROVINCE] == 1
    assert kinds[UnitKind.COMMUNE] == 36
    assert kinds[UnitKind.WARD] == 2
    assert kinds[UnitKind.DEPARTMENT] == 13
    assert session.scalar(select(Unit.name).where(Unit.code == "xa-tua-sin-chai")) == "Xã Tủa Sín Chải"
    people = session.scalar(select(func.count(User.id)))
    assert 2200 <= people <= 2800
    by_category = dict(
        session.execute(select(User.staff_category, func.count(User.id)).group_by(User.staff_category)).all()
    )
    assert set(by_category) == set(StaffCategory)
    assert by_category[StaffCategory.CONG_CHUC] > by_category[StaffCategory.VIEN_CHUC]
    # Every commune and ward has staff, within the 40–90 a commune typically has.
    per_commune = (
        session.execute(
            select(func.count(User.id))
            .join(Unit, User.unit_id == Unit.id)
            .where(Unit.kind.in_([UnitKind.COMMUNE, UnitKind.WARD]))
            .group_by(Unit.id)
        )
        .scalars()
        .all()
    )
    assert len(per_commune) == 38
    assert min(per_commune) >= 40
    assert max(per_commune) <= 90


def test_demo_accounts_have_their_roles(app, session):
    app.test_cli_runner().invoke(args=["seed-demo"], env={"LMS_DEMO_PASSWORD": "ignored-by-testing-config"})
    users = {u.username: u for u in session.scalars(select(User).where(User.username.like("demo.%")))}
    assert set(users) == {"demo.learner", "demo.trainer", "demo.manager", "demo.monitor", "demo.admin"}
    assert users["demo.trainer"].roles == {Role.LEARNER, Role.TRAINER}
    assert users["demo.monitor"].has_role(Role.MONITOR)
    assert users["demo.admin"].has_role(Role.ADMIN)
    assert users["demo.manager"].managed_units[0] == users["demo.learner"].unit
    assert all(u.must_change_password for u in users.values())


def test_demo_password_comes_from_the_setting(app, session):
    app.config["DEMO_PASSWORD"] = "Mat-khau-demo-chung-2026"
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "Mat-khau-demo-chung-2026" in result.output
    response = app.test_client().post(
        "/auth/login", data={"username": "demo.learner", "password": "Mat-khau-demo-chung-2026"}
    )
    assert response.location == "/auth/password"
