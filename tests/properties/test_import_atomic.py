"""Importers against the database, through the API: a file with any bad question or row writes nothing at all,
a dry run writes nothing, and a good file is written whole (GIFT export of the bank gives the questions back)."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from courses.content_sync import sync_framework
from lms.audit import AuditEvent
from lms.auth.models import Role, User
from quizzes.bank import export_gift
from quizzes.gift import parse_gift, to_gift
from quizzes.models import Question, QuestionBank, QuestionOption
from tests.api.test_auth import bearer, token_for
from tests.factories import Tree, make_user
from tests.properties.strategies import DATABASE, VIETNAMESE_LETTERS
from tests.properties.test_gift import questions, shape
from tests.properties.test_roster import people
from tests.properties.test_tabular import _csv_bytes, _xlsx_bytes

BAD_BLOCKS = [
    "Không có đáp án",
    "Thiếu đóng {=a ~b",
    "Trọng số quá lớn {=a ~%-150%b}",
    "Tổng sai {~%40%a ~%40%b}",
    "Tự luận {}",
    "::Tiêu đề thiếu đóng {=a}",
]


def lift_rate_limits(app) -> None:  # type: ignore[no-untyped-def]
    """Many imports a minute here; a limit string of its own also leaves the other tests' counters alone."""
    for name in ("RATELIMIT_IMPORT", "RATELIMIT_SIGN_IN", "RATELIMIT_VERIFY"):
        app.config[name] = "100000 per minute"


@pytest.fixture
def world(app, session):  # type: ignore[no-untyped-def]
    lift_rate_limits(app)
    tree = Tree(session)
    make_user(session, "quan.tri", Role.ADMIN, Role.TRAINER, unit=tree.department)
    sync_framework(session)  # the areas, so KNS/AT becomes area AT
    session.commit()
    return tree


def counts(session) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    session.rollback()  # see what other connections committed
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Question, QuestionOption, QuestionBank, User, AuditEvent)
    )


def upload(client, token, url, data: bytes, name: str, **form):  # type: ignore[no-untyped-def]
    return client.post(
        url, headers=bearer(token), data={"file": (io.BytesIO(data), name), **form}, content_type="multipart/form-data"
    )


@DATABASE
@given(
    good=st.lists(questions(), max_size=3),
    bad=st.lists(st.sampled_from(BAD_BLOCKS), min_size=1, max_size=2),
    where=st.integers(0, 3),
    dry_run=st.booleans(),
)
def test_a_gift_file_with_any_bad_question_writes_nothing(client, session, world, good, bad, where, dry_run):
    token = token_for(client, "quan.tri")
    blocks = to_gift(good).split("\n\n")
    text = "\n\n".join([*blocks[:where], *bad, *blocks[where:]])
    before = counts(session)
    url = "/api/v1/questions/import" + ("?dry_run=1" if dry_run else "")
    response = upload(client, token, url, text.encode(), "cau-hoi.gift", bank="Ngân hàng thuộc tính")
    assert response.status_code == (200 if dry_run else 422), response.json
    body = response.json
    assert body["imported"] == 0 and body["question_ids"] == []
    assert len(body["errors"]) >= len(bad)
    assert all(error["line"] >= 1 and error["message"] for error in body["errors"])
    assert counts(session) == before


@DATABASE
@given(qs=st.lists(questions(), min_size=1, max_size=4), fmt=st.sampled_from(["gift", None]))
def test_a_good_gift_file_is_written_whole_and_exports_back(client, session, world, qs, fmt):
    token = token_for(client, "quan.tri")
    before = counts(session)
    bank_name = f"Ngân hàng {before[2] + 1}"
    form = {"bank": bank_name, **({"format": fmt} if fmt else {})}
    dry = upload(client, token, "/api/v1/questions/import?dry_run=1", to_gift(qs).encode(), "a.gift", **form)
    assert dry.status_code == 200 and dry.json["imported"] == len(qs) and dry.json["errors"] == []
    assert counts(session) == before
    response = upload(client, token, "/api/v1/questions/import", to_gift(qs).encode(), "a.gift", **form)
    assert response.status_code == 200, response.json
    assert response.json["imported"] == len(qs) and len(response.json["question_ids"]) == len(qs)
    after = counts(session)
    assert after[:3] == (before[0] + len(qs), before[1] + sum(len(q.options) for q in qs), before[2] + 1)
    bank = session.scalar(select(QuestionBank).where(QuestionBank.name == bank_name))
    exported = parse_gift(export_gift(session, bank))
    assert exported.errors == []
    # The bank keeps only framework areas as categories, and exports them as KNS/<area>, in area order.
    assert sorted(map(repr, shape(exported.questions))) == sorted(map(repr, shape(qs)))


name_letters = st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=6)
BAD_ROWS = [
    ["sai.sdt", "Người Sai Số", "01/01/1990", "Nam", "xa-a", "", "Công chức", "", "912345678", ""],
    ["sai.donvi", "Người Sai Đơn Vị", "01/01/1990", "Nam", "xa-khong-co", "", "Công chức", "", "", ""],
    ["x", "Tên quá ngắn", "", "", "xa-a", "", "Công chức", "", "", ""],
    ["sai.ngay", "Người Sai Ngày", "31/02/1990", "", "xa-b", "", "Viên chức", "", "", ""],
    ["sai.doituong", "Người Sai", "", "", "xa-b", "", "Bộ đội", "", "", ""],
    ["sai.cccd", "Người Sai CCCD", "", "", "xa-b", "", "Cán bộ", "", "", "1.2E+11"],
]
HEADER = ["username", "full_name", "date_of_birth", "gender", "unit_code", "position", "staff_category", "email",
          "phone", "national_id"]  # fmt: skip


@DATABASE
@given(
    good=st.lists(people(), max_size=4, unique_by=lambda p: p[0]),
    bad=st.lists(st.sampled_from(BAD_ROWS), min_size=1, max_size=2, unique_by=lambda r: r[0]),
    where=st.integers(0, 4),
    xlsx=st.booleans(),
    flags=st.sampled_from(["", "?dry_run=1", "?deactivate_missing=1"]),
)
def test_a_roster_with_any_bad_row_writes_nothing(client, session, world, good, bad, where, xlsx, flags):
    token = token_for(client, "quan.tri")
    rows = [HEADER, *good[:where], *bad, *good[where:]]
    data = _xlsx_bytes(rows) if xlsx else _csv_bytes(rows)
    before = counts(session)
    response = upload(client, token, "/api/v1/admin/users/import" + flags, data, "ds.xlsx" if xlsx else "ds.csv")
    assert response.status_code == (200 if "dry_run" in flags else 422), response.json
    assert response.json["written"] is False
    assert {e["row"] for e in response.json["errors"]} >= {rows.index(r) + 1 for r in bad}
    assert counts(session) == before


@DATABASE
@given(good=st.lists(people(), min_size=1, max_size=5, unique_by=lambda p: p[0]), xlsx=st.booleans())
def test_a_good_roster_is_written_whole_and_reimporting_changes_nothing(client, session, world, good, xlsx):
    token = token_for(client, "quan.tri")
    rows = [HEADER, *good]
    data = _xlsx_bytes(rows) if xlsx else _csv_bytes(rows)
    name = "ds.xlsx" if xlsx else "ds.csv"
    first = upload(client, token, "/api/v1/admin/users/import", data, name)
    assert first.status_code == 200, first.json
    body = first.json
    assert body["errors"] == [] and body["written"] is True
    assert body["created"] + body["updated"] + body["unchanged"] == len(good)
    usernames = {p[0] for p in good}
    session.rollback()
    assert set(session.scalars(select(User.username).where(User.username.in_(usernames)))) == usernames
    again = upload(client, token, "/api/v1/admin/users/import", data, name).json
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, len(good))


hostile_uploads = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.lists(questions(), min_size=1, max_size=2).map(to_gift), st.sampled_from(["\x00", "\x01", "한" * 130]))
    .map(lambda parts: parts[0].replace("{", parts[1] + " {", 1))
    .map(str.encode),
    st.lists(st.lists(st.sampled_from(["Cán bộ", "xa-a", "nguoi.moi", "한" * 130, "ß" * 119, "A\x00B", "0912345678"]),
                      min_size=10, max_size=10), max_size=3)
    .map(lambda rows: _csv_bytes([HEADER, *rows])),
)  # fmt: skip


@DATABASE
@given(data=hostile_uploads, name=st.sampled_from(["a.gift", "a.txt", "a.csv", "a.xlsx"]), roster=st.booleans())
def test_hostile_uploads_never_break_the_server(client, session, world, data, name, roster):
    token = token_for(client, "quan.tri")
    before = counts(session)
    url = "/api/v1/admin/users/import" if roster else "/api/v1/questions/import"
    response = upload(client, token, url, data, name, bank="Ngân hàng thù địch")
    assert response.status_code in (200, 400, 422), response.get_data(as_text=True)[:500]
    assert response.is_json
    if response.status_code != 200:
        assert counts(session)[:4] == before[:4]
