"""CSV/XLSX question import: hostile bytes and cells never crash; well-formed rows are read back exactly."""

import csv
import io
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from quizzes.gift import ParseResult
from quizzes.tabular import MAX_OPTIONS, parse_csv, parse_rows, parse_xlsx
from tests.properties.strategies import FILES, PURE, VIETNAMESE_LETTERS, hostile_text, is_vietnamese_message

HEADERS = [
    "loai", "Câu hỏi", "question", "tieu_de", "linh_vuc", "do_kho", "the", "dap_an_dung", "phan_hoi_chung",
    "phuong_an_1", "phuong_an_2", "Phương án 3", "option_9", "phan_hoi_1", "feedback_2", "STT", "Ghi chú", "x", "",
]  # fmt: skip
VALUES = [
    "mot_dap_an", "nhieu_dap_an", "dung_sai", "tra_loi_ngan", "single", "khác", "1", "2", "1,3", "1;3", "1:50,2:50",
    "1:150", "2:-50,1:100", "1.3", "9", "Đúng", "Sai", "a | b", "|", "AT", "KNS/AT", "at/", "Kỹ năng", "4", "",
    "Câu hỏi?", "=", "1:", ":50",
]  # fmt: skip
cells = st.one_of(
    st.sampled_from(HEADERS + VALUES),
    st.none(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), -0.0, 0.5, 1e300, 32000.0, 32000.5, 99999.0, 2958466.0]),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.text(max_size=20),
)
grids = st.lists(st.lists(cells, max_size=22), max_size=8)


def check(result: ParseResult) -> None:
    assert isinstance(result, ParseResult)
    for error in result.errors:
        assert error.line >= 1, error
        assert is_vietnamese_message(error.message), error
    for question in result.questions:
        assert question.kind in ("single", "multiple", "true_false", "short_text")
        assert question.text and question.options and all(o.text for o in question.options)
        assert all(-100 <= o.fraction <= 100 for o in question.options)


@PURE
@given(grids, st.integers(1, 5))
def test_any_cells_give_questions_or_row_numbered_errors(rows, first_line):
    result = parse_rows(rows, first_line)
    check(result)
    for error in result.errors:
        assert first_line <= error.line < first_line + max(len(rows), 1)


def _csv_bytes(rows: list[list[object]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


@FILES
@given(
    st.one_of(
        st.binary(max_size=400),
        hostile_text.map(lambda t: t.encode("utf-8")),
        st.tuples(grids, st.sampled_from([",", ";", "\t"])).map(lambda g: _csv_bytes(*g)),
        st.tuples(grids, st.sampled_from([b"", b"\xef\xbb\xbf", b"sep=;\r\n", b'"unterminated\n'])).map(
            lambda g: g[1] + _csv_bytes(g[0])
        ),
    )
)
def test_any_csv_bytes_give_questions_or_errors(data):
    check(parse_csv(data))


def _xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([_storable(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _storable(value: object) -> object:
    """What a spreadsheet can hold: no control characters, no infinities, 15 digits."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return float(value)
    if isinstance(value, datetime | date) and value.year < 1900:
        return None
    return value


@FILES
@given(st.one_of(grids.map(_xlsx_bytes), st.binary(max_size=300), st.just(b"PK\x03\x04broken")))
def test_any_xlsx_bytes_give_questions_or_errors(data):
    check(parse_xlsx(data))


# --- round trip: well-formed questions written as a spreadsheet come back unchanged -------------

words = (
    st.text(alphabet=VIETNAMESE_LETTERS + "0123456789 ?.-()\"'=~#{}:", min_size=1, max_size=20)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


@st.composite
def rows(draw) -> tuple[list[str], dict]:
    """A question row (canonical headers) and the question it should give."""
    kind = draw(st.sampled_from(["mot_dap_an", "nhieu_dap_an", "dung_sai", "tra_loi_ngan"]))
    row = {"loai": kind, "cau_hoi": draw(words), "do_kho": str(draw(st.integers(1, 3)))}
    expected: dict = {"text": row["cau_hoi"], "difficulty": int(row["do_kho"])}
    if kind in ("mot_dap_an", "nhieu_dap_an"):
        texts = draw(st.lists(words, min_size=2, max_size=MAX_OPTIONS))
        for number, text in enumerate(texts, start=1):
            row[f"phuong_an_{number}"] = text
        if kind == "mot_dap_an":
            right = draw(st.integers(1, len(texts)))
            row["dap_an_dung"] = str(right)
            fractions = [100.0 if n == right else 0.0 for n in range(1, len(texts) + 1)]
            expected["kind"] = "single"
        else:
            chosen = draw(st.lists(st.integers(1, len(texts)), min_size=1, unique=True))
            row["dap_an_dung"] = draw(st.sampled_from([",", ";", ", "])).join(map(str, chosen))
            share = round(100 / len(chosen), 5)
            fractions = [share if n in chosen else 0.0 for n in range(1, len(texts) + 1)]
            expected["kind"] = "multiple"
        expected["options"] = list(zip(texts, fractions, strict=True))
    elif kind == "dung_sai":
        truth = draw(st.booleans())
        row["dap_an_dung"] = draw(st.sampled_from(["Đúng", "đúng", "D", "true"] if truth else ["Sai", "S", "false"]))
        expected["kind"] = "true_false"
        expected["options"] = [("Đúng", 100.0 if truth else 0.0), ("Sai", 0.0 if truth else 100.0)]
    else:
        answers = draw(st.lists(words, min_size=1, max_size=3, unique=True))
        row["dap_an_dung"] = " | ".join(answers)
        expected["kind"] = "short_text"
        expected["options"] = [(answer, 100.0) for answer in answers]
    return row, expected


COLUMNS = ["loai", "cau_hoi", "do_kho", "dap_an_dung"] + [f"phuong_an_{n}" for n in range(1, MAX_OPTIONS + 1)]


def _table(questions: list[tuple[dict, dict]]) -> list[list[str]]:
    return [COLUMNS] + [[row.get(column, "") for column in COLUMNS] for row, _ in questions]


def _same(result: ParseResult, questions: list[tuple[dict, dict]]) -> None:
    assert result.errors == []
    got = [
        {
            "kind": q.kind,
            "text": q.text,
            "difficulty": q.difficulty,
            "options": [(o.text, o.fraction) for o in q.options],
        }
        for q in result.questions
    ]
    assert got == [expected for _, expected in questions]


@FILES
@given(st.lists(rows(), min_size=1, max_size=5), st.sampled_from([",", ";", "\t"]), st.booleans())
def test_well_formed_csv_rows_are_read_back(questions, delimiter, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + _csv_bytes(_table(questions), delimiter)
    _same(parse_csv(data), questions)


@FILES
@given(st.lists(rows(), min_size=1, max_size=5))
def test_well_formed_xlsx_rows_are_read_back(questions):
    _same(parse_xlsx(_xlsx_bytes(_table(questions))), questions)


GOOD_HEADER = ["loai", "cau_hoi", "phuong_an_1", "phuong_an_2", "dap_an_dung", "linh_vuc", "do_kho", "the",
               "phan_hoi_1", "phan_hoi_chung", "tieu_de"]  # fmt: skip
GOOD_ROW = ["nhieu_dap_an", "Chọn?", "A", "B", "1:50,2:50", "AT", "2", "x", "ok", "chung", "Tiêu đề"]


@PURE
@given(st.sampled_from(range(len(GOOD_HEADER))), cells)
def test_any_value_in_any_column_of_a_good_row(column, value):
    row: list[object] = list(GOOD_ROW)
    row[column] = value
    result = parse_rows([GOOD_HEADER, row])
    check(result)
    assert len(result.questions) + len({e.line for e in result.errors}) == 1
