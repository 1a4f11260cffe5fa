"""Merging two communes: people, enrolments, completions and certificates follow; province totals are unchanged."""

from sqlalchemy import select

from lms.admin.units import merge, move
from lms.audit import AuditEvent
from lms.auth.models import User
from lms.certificates.models import Certificate
from lms.models import now_utc
from lms.org.models import Unit
from lms.reports.stats import breakdown

FIGURES = ("staff_total", "enrolled", "in_progress", "completed", "assessed", "confirmed", "certified")


def figures(row) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(getattr(row, f) for f in FIGURES)


def test_merge_keeps_province_totals_and_moves_people_and_certificates(session, province):
    tree, course = province["tree"], province["course"]
    admin = session.scalar(select(User).where(User.username == "theo.doi"))
    now = now_utc()
    before = breakdown(session, tree.province, course, now)
    a_before = next(r for r in before.by_child if r.code == "xa-a")
    b_before = next(r for r in before.by_child if r.code == "xa-b")
    holder = session.scalar(select(User).where(User.username == "b.done"))
    moved = merge(session, tree.commune_b, tree.commune_a, admin)
    session.commit()
    after = breakdown(session, tree.province, course, now)
    assert figures(after.total) == figures(before.total)
    a_after = next(r for r in after.by_child if r.code == "xa-a")
    assert figures(a_after) == tuple(x + y for x, y in zip(figures(a_before), figures(b_before), strict=True))
    assert "xa-b" not in {r.code for r in after.by_child if r.staff_total}
    assert moved == 2  # b.done and the inactive b.inactive
    session.refresh(holder)
    assert holder.unit.code == "xa-a"
    old = session.scalar(select(Unit).where(Unit.code == "xa-b"))
    assert (old.active, old.merged_into_id) == (False, tree.commune_a.id)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "unit.merge"))
    assert event.details == {"source": "xa-b", "target": "xa-a", "people": 2}


def test_certificates_follow_the_person(session, province):
    tree = province["tree"]
    admin = session.scalar(select(User).where(User.username == "theo.doi"))
    merge(session, tree.commune_a, tree.commune_b, admin)
    session.commit()
    certificate = session.scalar(select(Certificate).where(Certificate.serial.like("KNS-T-%")).limit(1))
    assert certificate.user.unit.code == "xa-b"


def test_move_keeps_the_subtree_together(session, province):
    tree = province["tree"]
    admin = session.scalar(select(User).where(User.username == "theo.doi"))
    move(session, tree.commune_a, tree.department, admin)
    session.commit()
    sub = session.scalar(select(Unit).where(Unit.code == "xa-a-ttdv"))
    assert sub.path.startswith(tree.department.path)
    assert tree.department.contains(sub)
