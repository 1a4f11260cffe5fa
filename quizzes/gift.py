"""Moodle GIFT import and export for the question bank.

Supported: categories (`$CATEGORY:`), titles (`::…::`), single choice (`=` / `~`), multiple choice with weights
(`~%50%`), per-answer feedback (`#`), general feedback (`####`), true/false, short answer, comments (`//`, with
our `// [difficulty:N]`, `// [competency:AT.2]`, `// [level:application]` and `// [pool:final]` directives and
Moodle's `// [tag:x]`), escapes (`\\~ \\= \\# \\{ \\} \\: \\n`), multi-line
questions, Windows line endings and a BOM. Other GIFT types (essay, numeric, matching) are reported, not dropped.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from quizzes import types
from quizzes.taxonomy import parse_level, parse_pool
from quizzes.types import multiple, true_false
from quizzes.types.gift_syntax import FORMAT as _FORMAT
from quizzes.types.gift_syntax import SPECIAL, escape
from quizzes.types.gift_syntax import WEIGHT as _WEIGHT

_DIRECTIVE = re.compile(r"^//\s*\[(difficulty|tag|competency|level|pool):\s*([^\]]+)\]\s*$", re.IGNORECASE)
TRUE_WORDS, FALSE_WORDS = {"T", "TRUE"}, {"F", "FALSE"}


@dataclass
class Option:
    text: str
    fraction: float  # percent of the question's credit, -100 … 100
    feedback: str = ""


@dataclass
class ParsedQuestion:
    line: int
    kind: str  # single, multiple, true_false, short_text
    text: str
    options: list[Option]
    title: str = ""
    general_feedback: str = ""
    category: str | None = None
    difficulty: int = 2
    tags: list[str] = field(default_factory=list)
    competency: str | None = None  # "AT.2"
    level: str | None = None  # a quizzes.taxonomy.Level
    pool: str | None = None  # a quizzes.taxonomy.Pool; None lets the importer decide


@dataclass
class Meta:
    """What the `// [key:value]` lines above a question say about it."""

    difficulty: int = 2
    tags: list[str] = field(default_factory=list)
    competency: str | None = None
    level: str | None = None
    pool: str | None = None


@dataclass
class ParseError:
    line: int
    message: str


@dataclass
class ParseResult:
    questions: list[ParsedQuestion]
    errors: list[ParseError]


class _Unsupported(Exception):
    pass


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt if nxt in SPECIAL + "\\" else ch + nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _clean(text: str) -> str:
    text = _FORMAT.sub("", text.strip()).strip()
    return unicodedata.normalize("NFC", _unescape(text)).strip()


def _find_unescaped(text: str, char: str, start: int = 0) -> int:
    """Index of the first `char` (one or more characters) at or after `start` that is not escaped, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(char, i):
            return i
        i += 1
    return -1


def _split_feedback(segment: str) -> list[str]:
    """Split "answer#feedback#more" on unescaped #."""
    parts, current, i = [], [], 0
    while i < len(segment):
        if segment[i] == "\\" and i + 1 < len(segment):
            current.append(segment[i : i + 2])
            i += 2
            continue
        if segment[i] == "#":
            parts.append("".join(current))
            current = []
        else:
            current.append(segment[i])
        i += 1
    parts.append("".join(current))
    return parts


def _answer_segments(block: str) -> tuple[list[tuple[str, str]], str]:
    """Split an answer block into (marker, text) pairs and the general feedback after ####."""
    general = ""
    cut = _find_general_feedback(block)
    if cut >= 0:
        block, general = block[:cut], block[cut + 4 :]
    segments: list[tuple[str, str]] = []
    i, start, marker = 0, -1, ""
    while i < len(block):
        ch = block[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "=~":
            if start >= 0:
                segments.append((marker, block[start:i]))
            marker, start = ch, i + 1
        i += 1
    if start >= 0:
        segments.append((marker, block[start:]))
    return segments, general


def _find_general_feedback(block: str) -> int:
    i = 0
    while i < len(block):
        if block[i] == "\\":
            i += 2
            continue
        if block.startswith("####", i):
            return i
        i += 1
    return -1


def _parse_answers(block: str) -> tuple[str, list[Option], str]:
    stripped = block.strip()
    if not stripped:
        raise _Unsupported("câu hỏi tự luận ({}) chưa được hỗ trợ")
    if stripped.startswith("#") and not stripped.startswith("####"):
        raise _Unsupported("câu hỏi dạng số (#) chưa được hỗ trợ")
    head = _split_feedback(stripped.split("####")[0])
    word = head[0].strip().upper()
    if word in TRUE_WORDS | FALSE_WORDS:
        truth = word in TRUE_WORDS
        wrong_fb = _clean(head[1]) if len(head) > 1 else ""
        right_fb = _clean(head[2]) if len(head) > 2 else ""
        general = _clean(stripped.split("####", 1)[1]) if "####" in stripped else ""
        return "true_false", [Option(*o) for o in true_false.keyed_options(truth, right_fb, wrong_fb)], general
    segments, general = _answer_segments(block)
    if not segments:
        raise ValueError("không có đáp án nào (cần = hoặc ~)")
    markers = {m for m, _ in segments}
    # Matching pairs ("=a -> 1") use "=" only and never carry weights; "->" in a choice's text is just text.
    if (
        markers == {"="}
        and any("->" in text for _, text in segments)
        and not all(_WEIGHT.match(text.strip()) for _, text in segments)
    ):
        raise _Unsupported("câu hỏi ghép nối (->) chưa được hỗ trợ")
    options = []
    for marker, raw in segments:
        parts = _split_feedback(raw)
        text, feedback = parts[0].strip(), _clean("#".join(parts[1:])) if len(parts) > 1 else ""
        weight = _WEIGHT.match(text)
        if weight:
            fraction = float(weight.group(1))
            text = text[weight.end() :]
            if not -100 <= fraction <= 100:
                raise ValueError(f"trọng số {fraction:g}% không hợp lệ, phải nằm trong khoảng -100% đến 100%")
        else:
            fraction = 100.0 if marker == "=" else 0.0
        if not _clean(text):
            raise ValueError("có đáp án trống")
        options.append(Option(_clean(text), fraction, feedback))
    if markers == {"="}:
        return "short_text", options, _clean(general)
    correct = [o for o in options if o.fraction > 0]
    if not correct:
        raise ValueError("không có đáp án đúng (= hoặc trọng số dương)")
    if len(options) < 2:
        raise ValueError("câu trắc nghiệm cần ít nhất 2 phương án")
    # As in Moodle, one right answer written with "=" is a single choice; "~%100%" alone allows several answers.
    if len(correct) == 1 and correct[0].fraction == 100 and "=" in markers:
        return "single", options, _clean(general)
    if sum(o.fraction for o in options if o.fraction > 0) == 100 * len(correct) and all(
        o.fraction == 100 for o in correct
    ):
        share = multiple.equal_share(len(correct))  # several "=" answers: each earns an equal share
        for option in correct:
            option.fraction = share
    problem = multiple.weights_problem(o.fraction for o in options)
    if problem:
        raise ValueError(problem)
    return "multiple", options, _clean(general)


def parse_gift(text: str) -> ParseResult:
    """Parse GIFT text into questions; problems come back with their line numbers."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    questions: list[ParsedQuestion] = []
    errors: list[ParseError] = []
    category: str | None = None
    meta = Meta()
    block: list[str] = []
    block_line = 0

    def flush() -> None:
        nonlocal block, meta
        if block:
            _parse_block("\n".join(block), block_line, category, meta, questions, errors)
        block, meta = [], Meta()

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        directive = _DIRECTIVE.match(stripped)
        if directive and not block:
            problem = _apply_directive(meta, directive.group(1).lower(), directive.group(2).strip())
            if problem:
                errors.append(ParseError(number, problem))
            continue
        if stripped.startswith("//"):
            continue
        if not stripped:  # as in Moodle, a blank line always ends a question
            flush()
            continue
        if not block and stripped.startswith("$CATEGORY:"):
            category = _clean(stripped[len("$CATEGORY:") :]) or None
            continue
        if not block:
            block_line = number
        block.append(line)
    flush()
    return ParseResult(questions, errors)


def _apply_directive(meta: Meta, key: str, value: str) -> str | None:
    """Record one `// [key:value]` line; a message when the value is not allowed."""
    if key == "difficulty":
        if value not in {"1", "2", "3"}:
            return f"độ khó “{value}” phải là 1, 2 hoặc 3"
        meta.difficulty = int(value)
    elif key == "competency":
        meta.competency = value.upper()
    elif key == "level":
        level = parse_level(value)
        if level is None:
            return f"mức nhận thức “{value}” phải là recall, understanding hoặc application"
        meta.level = level
    elif key == "pool":
        pool = parse_pool(value)
        if pool is None:
            return f"nhóm câu hỏi “{value}” phải là practice hoặc final"
        meta.pool = pool
    else:
        meta.tags.append(value)
    return None


def _parse_block(
    block: str,
    line: int,
    category: str | None,
    meta: Meta,
    questions: list[ParsedQuestion],
    errors: list[ParseError],
) -> None:
    title = ""
    body = block.strip()
    if body.startswith("::"):
        end = _find_unescaped(body, "::", 2)
        if end < 0:
            errors.append(ParseError(line, "tiêu đề câu hỏi thiếu dấu :: đóng"))
            return
        title, body = _clean(body[2:end]), body[end + 2 :]
    open_at = _find_unescaped(body, "{")
    close_at = _find_unescaped(body, "}", open_at + 1) if open_at >= 0 else -1
    if open_at < 0:
        errors.append(ParseError(line, "không tìm thấy phần đáp án {…}"))
        return
    if close_at < 0:
        errors.append(ParseError(line, "thiếu dấu } đóng phần đáp án"))
        return
    before, answers, after = body[:open_at], body[open_at + 1 : close_at], body[close_at + 1 :]
    question_text = _clean(before)
    if after.strip():
        question_text = f"{question_text} _____ {_clean(after)}"
    if not question_text:
        errors.append(ParseError(line, "câu hỏi không có nội dung"))
        return
    try:
        kind, options, general = _parse_answers(answers)
    except _Unsupported as error:
        errors.append(ParseError(line, f"bỏ qua: {error}"))
        return
    except ValueError as error:
        errors.append(ParseError(line, str(error)))
        return
    questions.append(
        ParsedQuestion(
            line,
            kind,
            question_text,
            options,
            title,
            general,
            category,
            meta.difficulty,
            list(meta.tags),
            meta.competency,
            meta.level,
            meta.pool,
        )
    )


# --- export ---------------------------------------------------------------------------


def _described(q: ParsedQuestion) -> list[tuple[str, str | None]]:
    return [("competency", q.competency), ("level", q.level), ("pool", q.pool)]


def to_gift(questions: list[ParsedQuestion]) -> str:
    """Write questions as GIFT; importing the result gives the same questions."""
    lines: list[str] = []
    category: str | None = None
    for q in questions:
        if q.category != category:  # an empty $CATEGORY: line ends the previous category
            category = q.category
            lines += [f"$CATEGORY: {q.category or ''}", ""]
        lines.append(f"// [difficulty:{q.difficulty}]")
        lines += [f"// [{key}:{value}]" for key, value in _described(q) if value]
        lines += [f"// [tag:{tag}]" for tag in q.tags]
        head = f"::{escape(q.title)}:: " if q.title else ""
        text = escape(q.text)
        if not head and text.startswith("//"):  # would be read as a comment line
            text = f"[markdown]{text}"
        general = f"####{escape(q.general_feedback)}" if q.general_feedback else ""
        lines += types.get(q.kind).to_gift(q, f"{head}{text}", general)  # the answers, as the type writes them
        lines.append("")
    return "\n".join(lines)
