"""Moodle Aiken import for the question bank.

An Aiken question is its text (one or more lines), one option per line (`A. …` or `A) …`, letters in order),
then `ANSWER: B`. We also read `ANSWER: B, D` (or `BD`) as a multiple-choice question whose correct options
share the credit equally. Questions are separated by blank lines, but a missing blank line is tolerated: an
`ANSWER:` line ends a question, and a text line straight after the options starts the next one.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from quizzes.gift import Option, ParsedQuestion, ParseError, ParseResult
from quizzes.types.multiple import equal_share

_OPTION = re.compile(r"^([A-Z])[.)](?:\s+(.*))?$")
_ANSWER = re.compile(r"^answer\s*:\s*(.*)$", re.IGNORECASE)
_ANSWER_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass
class _Line:
    number: int
    text: str


@dataclass
class _OptionLine:
    number: int
    letter: str
    text: str


@dataclass
class _Block:
    """The lines of one question, sorted by role as they are read."""

    stem: list[_Line] = field(default_factory=list)
    options: list[_OptionLine] = field(default_factory=list)
    answer: _Line | None = None

    @property
    def first_line(self) -> int:
        if self.stem:
            return self.stem[0].number
        if self.options:
            return self.options[0].number
        return self.answer.number if self.answer else 0


def parse_aiken(text: str) -> ParseResult:
    """Parse Aiken text into questions; problems come back with their line numbers."""
    questions: list[ParsedQuestion] = []
    errors: list[ParseError] = []
    for block in _blocks(text):
        question, problems = _parse_block(block)
        errors += problems
        if question is not None:
            questions.append(question)
    return ParseResult(questions, errors)


def _lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    # Not str.splitlines(): it also breaks on form feeds and U+2028, which would shift the line numbers we report.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _blocks(text: str) -> list[_Block]:
    """Group the lines into questions."""
    blocks: list[_Block] = []
    current, after_blank = _Block(), False

    def close() -> None:
        nonlocal current
        if current.stem or current.options or current.answer:
            blocks.append(current)
        current = _Block()

    for number, raw in enumerate(_lines(text), start=1):
        line = _Line(number, raw.strip())
        if not line.text:
            after_blank = True
            continue
        option = _OPTION.match(line.text)
        if _ANSWER.match(line.text):
            # A blank line between the options and ANSWER still belongs to the same question.
            current.answer = line
            close()
        elif option:
            current.options.append(_OptionLine(number, option.group(1), (option.group(2) or "").strip()))
        else:
            if after_blank or current.options:
                close()
            current.stem.append(line)
        after_blank = False
    close()
    return blocks


def _parse_block(block: _Block) -> tuple[ParsedQuestion | None, list[ParseError]]:
    """Turn one block into a question, or into the errors that stop it."""
    if not block.stem and not block.options and block.answer:
        return None, [ParseError(block.answer.number, "dòng ANSWER: không đi kèm câu hỏi nào")]
    if not block.options:
        return None, [
            ParseError(block.first_line, "câu hỏi không có phương án nào (mỗi phương án một dòng: “A. …” hoặc “A) …”)")
        ]
    errors: list[ParseError] = []
    if not block.stem:
        errors.append(ParseError(block.first_line, "thiếu nội dung câu hỏi trước các phương án"))
    options, option_errors = _options(block.options)
    errors += option_errors
    if len(block.options) < 2:
        errors.append(ParseError(block.first_line, "câu hỏi cần ít nhất 2 phương án, mới có 1"))
    if block.answer is None:
        errors.append(ParseError(block.first_line, "thiếu dòng ANSWER: sau các phương án (ví dụ “ANSWER: B”)"))
        return None, errors
    correct, answer_error = _correct_letters(block.answer, len(block.options))
    # With the letters themselves wrong, "letter not among the options" would only repeat the same problem.
    if answer_error and not option_errors:
        errors.append(answer_error)
    if errors:
        return None, errors
    kind = "single" if len(correct) == 1 else "multiple"
    share = equal_share(len(correct))  # 100 % for the one answer of a single choice
    for index, option in enumerate(options):
        option.fraction = share if index in correct else 0.0
    text = "\n".join(line.text for line in block.stem)
    return ParsedQuestion(block.first_line, kind, text, options), []


def _options(lines: list[_OptionLine]) -> tuple[list[Option], list[ParseError]]:
    """Check that the letters run A, B, C… without gaps or repeats, and build the options."""
    errors: list[ParseError] = []
    seen: set[str] = set()
    order_reported = False
    for index, line in enumerate(lines):
        expected = chr(ord("A") + index)
        # Report only the first letter problem: after one slip every later letter would be "out of order" too.
        if not order_reported and line.letter != expected:
            order_reported = True
            message = (
                f"phương án “{line.letter}” bị lặp lại"
                if line.letter in seen
                else f"phương án “{line.letter}” sai thứ tự, ở đây phải là “{expected}”"
            )
            errors.append(ParseError(line.number, message))
        if not line.text:
            errors.append(ParseError(line.number, f"phương án “{line.letter}” không có nội dung"))
        seen.add(line.letter)
    return [Option(line.text, 0.0) for line in lines], errors


def _correct_letters(answer: _Line, count: int) -> tuple[set[int], ParseError | None]:
    """Return the indexes of the options named on the ANSWER line, or the error that line has."""
    match = _ANSWER.match(answer.text)
    value = match.group(1).strip() if match else ""
    letters = _ANSWER_SEPARATORS.sub("", value).upper()
    if not letters:
        return set(), ParseError(answer.number, "dòng ANSWER: chưa ghi chữ cái của đáp án đúng (ví dụ “ANSWER: B”)")
    if not letters.isascii() or not letters.isalpha():
        return set(), ParseError(
            answer.number,
            f"dòng ANSWER: “{value}” không hợp lệ — chỉ ghi chữ cái của phương án, "
            "ví dụ “ANSWER: B” hoặc “ANSWER: B, D”",
        )
    last = chr(ord("A") + count - 1)
    missing = [letter for letter in dict.fromkeys(letters) if ord(letter) - ord("A") >= count]
    if missing:
        names = ", ".join(f"“{letter}”" for letter in missing)
        return set(), ParseError(answer.number, f"dòng ANSWER: đáp án {names} không có trong các phương án A–{last}")
    return {ord(letter) - ord("A") for letter in letters}, None
