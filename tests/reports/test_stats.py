"""Every number on the dashboard, in the API and in the exports equals a ground truth computed here from raw rows."""

import csv
import io
from collections import defaultdict

import openpyxl
import pytest
from sqlalchemy import select

from courses.models import Enrolment
from lms.auth.models import User
from lms.certificates.models import Certificate
from lms.org.models import Unit
from lms.reports.stats import breakdown
from quizzes.models import Confirmation
from tests.api.test_auth import assert_error, bearer, token_for
from tests.reports.conftest import CUTOFF_END

FIGURES = ("staff_total", "enrolled", "in_progress", "completed", "assessed", "confirmed", "certified")


def ground_truth(session, root_code: str, as_of) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """Count by hand, person by person, grouped by the root's direct children (and "total")."""
    units = {u.id: u for u in session.scalars(select(Unit))}
    root = next(u for u in units.values() if u.code == root_code)
    children = [u for u in units.values() if u.parent_id == root.id]
    enrolments = {e.user_id: e for e in session.scalars(select(Enrolment))}
    confirmations = {c.user_id: c for c in session.scalars(select(Confirmation))}
    certificates = defaultdict(list)
    for c in session.scalars(select(Certificate)):
        certificates[c.user_id].append(c)
    result: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for user in session.scalars(select(User)):
        unit = units.get(user.unit_id)
        if not user.active or unit is None or not unit.path.startswith(root.path):
            continue
        key = next((c.code for c in children if unit.path.startswith(c.path)), root.code)
        e, c = enrolments.get(user.id), confirmations.get(user.id)
        facts = {
            "staff_total": True,
            "enrolled": e is not None and e.enrolled_at < as_of,
            "in_progress": e is not None
            and e.started_at is not None
            and e.started_at < as_of
            and not (e.lessons_completed_at is not None and e.lessons_completed_at < as_of),
            "completed": e is not None and e.lessons_completed_at is not None and e.lessons_completed_at < as_of,
            "assessed": e is not None and e.assessed_at is not None and e.assessed_at < as_of,
            "confirmed": c is not None and c.confirmed_at < as_of,
            "certified": any(
                x.created_at < as_of and (x.revoked_at is None or x.revoked_at >= as_of) for x in certificates[user.id]
            ),
        }
        for name, yes in facts.items():
            result[key][name] += int(yes)
            result["total"][name] += int(yes)
    return dict(result)


def as_dict(row) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {name: getattr(row, name) for name in FIGURES}


def test_breakdown_equals_the_ground_truth_at_a_cut_off(session, province):
    course = province["course"]
    truth = ground_truth(session, "tinh", CUTOFF_END)
    figures = breakdown(session, province["tree"].province, course, CUTOFF_END)
    assert as_dict(figures.total) == truth["total"]
    for row in figures.by_child:
        assert as_dict(row) == truth.get(row.code, dict.fromkeys(FIGURES, 0)), row.code
    # The scenario really exercises every rule.
    assert truth["xa-a"] == {
        "staff_total": 6,
        "enrolled": 6,
        "in_progress": 2,
        "completed": 3,
        "assessed": 3,
        "confirmed": 2,
        "certified": 2,
    }
    assert truth["xa-b"]["staff_total"] == 1  # the inactive person and the one who moved are not counted here


def test_later_completions_count_today(session, province):
    from lms.models import now_utc

    now = now_utc()
    truth = ground_truth(session, "tinh", now)
    figures = breakdown(session, province["tree"].province, province["course"], now)
    assert as_dict(figures.total) == truth["total"]
    assert truth["xa-a"]["confirmed"] == 3


def test_by_category_adds_up_to_the_total(session, province):
    figures = breakdown(session, province["tree"].province, province["course"], CUTOFF_END)
    for name in FIGURES:
        assert sum(getattr(r, name) for r in figures.by_category) == getattr(figures.total, name)


def report_url(code: str, fmt: str) -> str:
    return f"/reports/{code}/report.{fmt}?period=H1-2026"


def test_xlsx_export_equals_the_ground_truth(client, auth, session, province):
    truth = ground_truth(session, "tinh", CUTOFF_END)
    auth.login("theo.doi")
    response = client.get(report_url("tinh", "xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and isinstance(r[1], int)]
    names = {u.name: u.code for u in session.scalars(select(Unit))}
    seen = 0
    for values in rows:
        name = values[0]
        expected = truth["total"] if name == "Tổng cộng" else truth.get(names.get(name, ""), None)
        if expected is None:
            continue
        assert list(values[1:7]) == [expected[f] for f in FIGURES[:6]], name
        assert values[8] == expected["certified"]
        seen += 1
    assert seen == 4  # three communes/departments and the total
    assert any("14/06/2026" in str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)


def test_csv_export_equals_the_ground_truth_and_has_a_bom(client, auth, session, province):
    truth = ground_truth(session, "tinh", CUTOFF_END)
    auth.login("theo.doi")
    data = client.get(report_url("tinh", "csv")).data
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    total = next(r for r in rows if r[0] == "Tổng cộng")
    assert [int(v) for v in total[1:7]] == [truth["total"][f] for f in FIGURES[:6]]


def test_pdf_export_has_the_total(client, auth, session, province):
    from pypdf import PdfReader

    truth = ground_truth(session, "tinh", CUTOFF_END)
    auth.login("theo.doi")
    data = client.get(report_url("tinh", "pdf")).data
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Tổng cộng" in text and "Xã Mường Kim" in text
    assert str(truth["total"]["staff_total"]) in text


def test_api_stats_units_equals_the_ground_truth_today(client, session, province):
    from lms.models import now_utc

    token = token_for(client, "theo.doi")
    body = client.get("/api/v1/stats/units?parent=tinh", headers=bearer(token)).json
    truth = ground_truth(session, "tinh", now_utc())
    assert body["parent"]["staff_total"] == truth["total"]["staff_total"]
    assert body["parent"]["completed"] == truth["total"]["confirmed"]
    for item in body["items"]:
        expected = truth.get(item["code"], dict.fromkeys(FIGURES, 0))
        assert (item["staff_total"], item["enrolled"], item["certified"]) == (
            expected["staff_total"],
            expected["enrolled"],
            expected["certified"],
        )
        rate = round(expected["confirmed"] * 100 / expected["staff_total"], 1) if expected["staff_total"] else 0.0
        assert item["completion_rate"] == rate


def test_api_people_not_completed(client, session, province):
    token = token_for(client, "theo.doi")
    body = client.get("/api/v1/stats/people?unit=xa-a&status=not_completed", headers=bearer(token)).json
    assert sorted(p["username"] for p in body["items"]) == ["a.failed", "a.idle", "a.sub.learning"]
    assert body["total"] == 3


def test_dashboard_shows_the_ground_truth(client, auth, session, province):
    from lms import formatting
    from lms.models import now_utc

    truth = ground_truth(session, "tinh", now_utc())["total"]
    auth.login("theo.doi")
    page = client.get("/reports/tinh").get_data(as_text=True)
    rate = round(truth["confirmed"] * 100 / truth["staff_total"], 1)
    assert formatting.percent(rate) in page
    assert f"{truth['confirmed']} / {truth['staff_total']}" in page


@pytest.mark.parametrize(
    "url",
    ["/reports/xa-b", "/reports/xa-b/people", "/reports/xa-b/report.xlsx", "/reports/xa-b/report.csv", "/reports/tinh"],
)
def test_manager_of_a_gets_403_for_b(client, auth, province, url):
    auth.login("quan.ly.a")
    assert client.get(url).status_code == 403


def test_manager_of_a_sees_a(client, auth, province):
    auth.login("quan.ly.a")
    assert client.get("/reports/").location.endswith("/reports/xa-a")
    assert client.get("/reports/xa-a").status_code == 200
    assert client.get("/reports/xa-a-ttdv").status_code == 200
    page = client.get("/reports/xa-a/people?status=confirmed").get_data(as_text=True)
    assert "Người a.done" in page and "Người moved" in page and "Người b.done" not in page


def test_manager_api_scope(client, province):
    token = token_for(client, "quan.ly.a")
    assert_error(client.get("/api/v1/stats/units?parent=xa-b", headers=bearer(token)), 403, "forbidden")
    assert_error(client.get("/api/v1/stats/people?unit=xa-b", headers=bearer(token)), 403, "forbidden")
    assert client.get("/api/v1/stats/units", headers=bearer(token)).json["parent"]["code"] == "xa-a"


def test_drill_down_search_without_diacritics_and_bad_status(client, auth, session, province):
    auth.login("theo.doi")
    page = client.get("/reports/tinh/people", query_string={"q": "nguoi a done"}).get_data(as_text=True)
    assert "Người a.done" in page and "Người a.idle" not in page
    assert client.get("/reports/tinh/people?status=bogus").status_code == 422


def statements_for(client, count_queries, url: str) -> int:  # type: ignore[no-untyped-def]
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_dashboard_query_count_does_not_grow_with_data(client, auth, session, province, count_queries):
    from tests.factories import make_user
    from tests.reports.conftest import BEFORE, person

    auth.login("theo.doi")
    small = statements_for(client, count_queries, "/reports/tinh")
    tree, course = province["tree"], province["course"]
    for n in range(30):
        unit = [tree.commune_a, tree.commune_b, tree.department, tree.commune_a_sub][n % 4]
        person(
            session,
            unit,
            f"them.{n}",
            "cong_chuc",
            course,
            enrolled=BEFORE,
            started=BEFORE,
            lessons=BEFORE,
            assessed=BEFORE,
            confirmed=BEFORE if n % 2 else None,
        )
    from lms.org.models import UnitKind
    from lms.org.services import create_unit

    for n in range(5):
        create_unit(session, f"xa-moi-{n}", f"Xã Mới {n}", UnitKind.COMMUNE, tree.province)
        make_user(session, f"nguoi.xa.moi.{n}", unit=None)
    session.commit()
    large = statements_for(client, count_queries, "/reports/tinh")
    assert small == large
    assert small <= 12


def test_custom_period_and_bad_dates(client, auth, session, province):
    auth.login("theo.doi")
    ok = client.get("/reports/tinh/report.csv?period=custom&from=2026-01-01&to=2026-06-14")
    assert ok.status_code == 200
    truth = ground_truth(session, "tinh", CUTOFF_END)
    rows = list(csv.reader(io.StringIO(ok.data.decode("utf-8-sig"))))
    total = next(r for r in rows if r[0] == "Tổng cộng")
    assert int(total[6]) == truth["total"]["confirmed"]
    assert client.get("/reports/tinh/report.csv?period=custom&from=2026-07-01&to=2026-06-14").status_code == 422
    assert client.get("/reports/tinh/report.csv?period=custom&to=31/02/2026").status_code == 422
    assert client.get("/reports/tinh/report.csv?period=Q3-2026").status_code == 422
