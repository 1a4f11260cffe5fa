"""CSV and Excel (.xlsx) import for the question bank: one question per row under a header row.

The columns are documented in docs/question-template.md; quizzes/templates/mau-cau-hoi.csv is a sample.
Headers are matched without case, diacritics, spaces or underscores, in Vietnamese or English, so
"Câu hỏi", "cau_hoi" and "Question" name the same column. Error line numbers are spreadsheet row numbers.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lms.spreadsheets import Table, read_table
from lms.text import fold, nfc
from quizzes.gift import Option, ParsedQuestion, ParseError, ParseResult
from quizzes.types import TYPES, multiple, true_false

MAX_OPTIONS = 8

#: Canonical column name → the folded spellings accepted in the header (Vietnamese, English).
_COLUMNS = {
    "loai": ("loai", "type"),
    "cau_hoi": ("cauhoi", "question"),
    "tieu_de": ("tieude", "title"),
    "linh_vuc": ("linhvuc", "area"),
    "do_kho": ("dokho", "difficulty"),
    "the": ("the", "tags"),
    "dap_an_dung": ("dapandung", "correct"),
    "phan_hoi_chung": ("phanhoichung", "generalfeedback"),
}
_NUMBERED = {"phuongan": "phuong_an", "option": "phuong_an", "phanhoi": "phan_hoi", "feedback": "phan_hoi"}
_NUMBERED_KEY = re.compile(r"^([a-z]+?)(\d+)$")
#: Row numbers (STT) and notes are common in Vietnamese spreadsheets; they mean nothing to the importer.
_IGNORED_KEYS = {"stt", "ghichu", "note", "notes"}
_REQUIRED = ("cau_hoi", "dap_an_dung")

_TRUE, _FALSE = {"dung", "d", "true"}, {"sai", "s", "false"}
_CHOICE = re.compile(r"^(\d+)(?:\.0+)?(?:\s*:\s*(-?\d+(?:\.\d+)?)\s*%?)?$")
_AREA = re.compile(r"^[A-Z]{2,10}$")
_LIST_SEPARATORS = re.compile(r"[,;]")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(header))


#: The `loai` column's values: each type's Vietnamese sheet name and its kind ("mot_dap_an", "single"), folded.
_KINDS = {_key(name): kind for kind, t in TYPES.items() for name in (t.sheet_name, kind)}
_SHEET_NAMES = [t.sheet_name for t in TYPES.values()]
_KIND_NAMES = f"{', '.join(_SHEET_NAMES[:-1])} hoặc {_SHEET_NAMES[-1]}"


def _cell(value: object) -> str:
    """Return a cell as trimmed NFC text; Excel numbers that are whole come back without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = value if isinstance(value, str) else str(value)
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n")) or ""


@dataclass
class _Columns:
    """Where each known column sits in a row, and the header text the author wrote for it."""

    index: dict[str, int] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)

    def name(self, column: str) -> str:
        return self.label.get(column, column)


def _read_header(cells: Sequence[object], line: int) -> tuple[_Columns, list[ParseError]]:
    """Map the header cells to canonical column names."""
    columns = _Columns()
    errors: list[ParseError] = []
    aliases = {alias: name for name, spellings in _COLUMNS.items() for alias in spellings}
    for position, value in enumerate(cells):
        label = _cell(value)
        key = _key(label)
        if not key or key in _IGNORED_KEYS:
            continue
        numbered = _NUMBERED_KEY.match(key)
        if key in aliases:
            name = aliases[key]
        elif numbered and numbered.group(1) in _NUMBERED:
            number = int(numbered.group(2))
            if not 1 <= number <= MAX_OPTIONS:
                errors.append(ParseError(line, f"cột “{label}”: chỉ hỗ trợ phương án 1 đến {MAX_OPTIONS}"))
                continue
            name = f"{_NUMBERED[numbered.group(1)]}_{number}"
        else:
            errors.append(ParseError(line, f"cột “{label}” không được hỗ trợ — xem danh sách cột trong mẫu câu hỏi"))
            continue
        if name in columns.index:
            errors.append(ParseError(line, f"cột “{label}” bị lặp lại (trùng với cột “{columns.label[name]}”)"))
            continue
        columns.index[name], columns.label[name] = position, label
    errors += [ParseError(line, f"thiếu cột “{name}”") for name in _REQUIRED if name not in columns.index]
    return columns, errors


@dataclass
class _Row:
    """One data row and the problems found in it."""

    line: int
    cells: Sequence[object]
    columns: _Columns
    errors: list[ParseError] = field(default_factory=list)

    def get(self, column: str) -> str:
        position = self.columns.index.get(column)
        if position is None or position >= len(self.cells):
            return ""
        return _cell(self.cells[position])

    def fail(self, column: str, message: str) -> None:
        self.errors.append(ParseError(self.line, f"cột “{self.columns.name(column)}”: {message}"))


def parse_rows(rows: Sequence[Sequence[object]], first_line: int = 1) -> ParseResult:
    """Parse a header row and the question rows under it; `first_line` is the row number of `rows[0]`."""
    start = next((i for i, cells in enumerate(rows) if any(_cell(value) for value in cells)), None)
    if start is None:
        return ParseResult([], [ParseError(first_line, "tệp trống: cần một dòng tên cột và các dòng câu hỏi")])
    columns, errors = _read_header(rows[start], first_line + start)
    if any(name not in columns.index for name in _REQUIRED):
        return ParseResult([], errors)
    questions: list[ParsedQuestion] = []
    for offset in range(start + 1, len(rows)):
        row = _Row(first_line + offset, rows[offset], columns)
        # A row with nothing in the known columns is blank, even if an author left a note beside it.
        if not any(row.get(name) for name in columns.index):
            continue
        question = _parse_row(row)
        errors += row.errors
        if question is not None and not row.errors:
            questions.append(question)
    return ParseResult(questions, errors)


def _parse_row(row: _Row) -> ParsedQuestion | None:
    """Build the question in a row, recording every problem on the row."""
    kind = _kind(row)
    text = row.get("cau_hoi")
    if not text:
        row.fail("cau_hoi", "thiếu nội dung câu hỏi")
    difficulty = _difficulty(row)
    category = _area(row)
    options = _options(row, kind) if kind else None
    if kind is None or options is None:
        return None
    _attach_feedback(row, options)
    tags = list(dict.fromkeys(tag.strip() for tag in _LIST_SEPARATORS.split(row.get("the")) if tag.strip()))
    general = row.get("phan_hoi_chung")
    return ParsedQuestion(row.line, kind, text, options, row.get("tieu_de"), general, category, difficulty, tags)


def _kind(row: _Row) -> str | None:
    value = row.get("loai")
    if not value:
        return "single"
    kind = _KINDS.get(_key(value))
    if kind is None:
        row.fail("loai", f"“{value}” không phải loại câu hỏi — dùng {_KIND_NAMES}")
    return kind


def _difficulty(row: _Row) -> int:
    value = row.get("do_kho")
    if not value:
        return 2
    if value not in {"1", "2", "3"}:
        row.fail("do_kho", f"“{value}” không hợp lệ — độ khó phải là 1, 2 hoặc 3")
        return 2
    return int(value)


def _area(row: _Row) -> str | None:
    """Return the area code ("KNS/AT" and "at" both give "AT"); whether the framework has it is the caller's check."""
    value = row.get("linh_vuc")
    if not value:
        return None
    code = fold(value).replace("\\", "/").rstrip("/").split("/")[-1].strip().upper()
    if not _AREA.match(code):
        row.fail("linh_vuc", f"“{value}” không phải mã lĩnh vực — ghi mã viết tắt như CDS, TB, TT, GT, ND, AT, DV, AI")
        return None
    return code


def _options(row: _Row, kind: str) -> list[Option] | None:
    """Build the options of a question of the given kind from its option and answer columns."""
    if kind == "true_false":
        return _true_false(row)
    if kind == "short_text":
        return _short_text(row)
    texts = _option_texts(row)
    if len(texts) < 2:
        row.fail("phuong_an_1", "câu trắc nghiệm cần ít nhất 2 phương án (phuong_an_1, phuong_an_2…)")
        return None
    fractions = _choice_fractions(row, kind, len(texts))
    if fractions is None:
        return None
    return [Option(text, fractions.get(number, 0.0)) for number, text in enumerate(texts, start=1)]


def _option_texts(row: _Row) -> list[str]:
    """Return the filled option cells in order; a gap before a later option is an error."""
    texts = [row.get(f"phuong_an_{number}") for number in range(1, MAX_OPTIONS + 1)]
    while texts and not texts[-1]:
        texts.pop()
    for number, text in enumerate(texts, start=1):
        if not text:
            row.fail(f"phuong_an_{number}", "trống nhưng các phương án sau có nội dung — ghi các phương án liền nhau")
    return texts


def _reject_option_cells(row: _Row, message: str) -> bool:
    """Report option cells filled on a kind whose options come from the answer column; return True if none are."""
    if any(row.get(f"phuong_an_{number}") for number in range(1, MAX_OPTIONS + 1)):
        row.fail("phuong_an_1", message)
        return False
    return True


def _true_false(row: _Row) -> list[Option] | None:
    ok = _reject_option_cells(row, "câu đúng/sai không dùng các cột phương án — ghi Đúng hoặc Sai ở cột đáp án đúng")
    value = row.get("dap_an_dung")
    key = _key(value)
    if key not in _TRUE | _FALSE:
        row.fail("dap_an_dung", f"“{value}” không hợp lệ — câu đúng/sai ghi Đúng hoặc Sai (true/false, D/S)")
        return None
    return [Option(*o) for o in true_false.keyed_options(key in _TRUE)] if ok else None


def _short_text(row: _Row) -> list[Option] | None:
    ok = _reject_option_cells(
        row, "câu trả lời ngắn không dùng các cột phương án — ghi các đáp án được chấp nhận ở cột đáp án đúng"
    )
    answers = list(dict.fromkeys(answer.strip() for answer in row.get("dap_an_dung").split("|") if answer.strip()))
    if not answers:
        row.fail("dap_an_dung", "thiếu đáp án — ghi các cách trả lời được chấp nhận, cách nhau bởi dấu |")
        return None
    return [Option(answer, 100.0) for answer in answers] if ok else None


def _choice_fractions(row: _Row, kind: str, count: int) -> dict[int, float] | None:
    """Return option number → percent of the credit for a single or multiple choice question."""
    choices = _read_choices(row, count)
    if choices is None:
        return None
    weighted = [weight for weight in choices.values() if weight is not None]
    if kind == "single":
        if len(choices) != 1 or weighted:
            row.fail(
                "dap_an_dung",
                f"“{row.get('dap_an_dung')}”: câu một đáp án ghi đúng một số thứ tự phương án, ví dụ 2 "
                "(có nhiều đáp án đúng thì đặt loại là nhieu_dap_an)",
            )
            return None
        return dict.fromkeys(choices, 100.0)
    if not weighted:
        return dict.fromkeys(choices, multiple.equal_share(len(choices)))
    if len(weighted) != len(choices):
        row.fail("dap_an_dung", "ghi trọng số cho mọi đáp án (ví dụ 1:50,3:50) hoặc không ghi cho đáp án nào")
        return None
    return _checked_weights(row, {number: weight or 0.0 for number, weight in choices.items()})


def _read_choices(row: _Row, count: int) -> dict[int, float | None] | None:
    """Read "2", "1,3" or "1:50,3:50" into option number → weight (None when no weight is written)."""
    value = row.get("dap_an_dung")
    if not value:
        row.fail("dap_an_dung", "thiếu đáp án đúng — ghi số thứ tự phương án, ví dụ 2 hoặc 1,3")
        return None
    choices: dict[int, float | None] = {}
    for token in (part.strip() for part in _LIST_SEPARATORS.split(value)):
        match = _CHOICE.match(token)
        if not match:
            row.fail("dap_an_dung", _bad_choice_message(token))
            return None
        number = int(match.group(1))
        if not 1 <= number <= count:
            row.fail("dap_an_dung", f"không có phương án {number} (câu này có {count} phương án)")
            return None
        if number in choices:
            row.fail("dap_an_dung", f"phương án {number} được ghi hai lần")
            return None
        choices[number] = float(match.group(2)) if match.group(2) else None
    return choices


def _bad_choice_message(token: str) -> str:
    if re.fullmatch(r"\d+\.\d+", token):
        # Excel set to Vietnamese reads "1,3" typed in a cell as the decimal number 1.3.
        return (
            f"“{token}” không hợp lệ — có thể Excel đã đổi “{token.replace('.', ',')}” thành số thập phân; "
            "hãy ghi 1;3 hoặc định dạng ô là Văn bản (Text)"
        )
    return f"“{token}” không hợp lệ — ghi số thứ tự phương án, ví dụ 2 hoặc 1,3 (có trọng số: 1:50,3:50)"


def _checked_weights(row: _Row, weights: dict[int, float]) -> dict[int, float] | None:
    """Check explicit weights: each within ±100 %, the positive ones adding up to 100 %."""
    if any(abs(weight) > 100 for weight in weights.values()):
        row.fail("dap_an_dung", "mỗi trọng số phải nằm trong khoảng -100 đến 100")
        return None
    problem = multiple.weights_problem(weights.values())  # the same slack as GIFT: thirds as 33.33 are accepted
    if problem:
        row.fail("dap_an_dung", problem)
        return None
    return weights


def _attach_feedback(row: _Row, options: list[Option]) -> None:
    """Copy each per-option feedback cell onto its option; feedback for a missing option is an error."""
    for number in range(1, MAX_OPTIONS + 1):
        feedback = row.get(f"phan_hoi_{number}")
        if not feedback:
            continue
        if number > len(options):
            row.fail(f"phan_hoi_{number}", f"có phản hồi nhưng câu hỏi không có phương án {number}")
        else:
            options[number - 1].feedback = feedback


def parse_csv(data: bytes) -> ParseResult:
    """Parse a UTF-8 CSV file (with or without BOM, `,` `;` or tab separated)."""
    return _parse_table(read_table(data, as_xlsx=False))


def parse_xlsx(data: bytes) -> ParseResult:
    """Parse the first sheet of an Excel workbook; formulas are read as their last computed values."""
    return _parse_table(read_table(data, as_xlsx=True))


def _parse_table(table: Table) -> ParseResult:
    if table.problem is not None and not table.rows:
        return ParseResult([], [ParseError(*table.problem)])
    result = parse_rows(table.rows)
    if table.problem is not None:  # a CSV broken half-way: its good questions still show in a dry run
        result.errors.append(ParseError(*table.problem))
    return result
