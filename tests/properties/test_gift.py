"""GIFT: hostile text never crashes the parser; well-formed questions survive export → import unchanged."""

import unicodedata

from hypothesis import assume, given
from hypothesis import strategies as st

from quizzes.bank import FORMATS, UnknownFormat, parse_file
from quizzes.gift import Option, ParsedQuestion, ParseResult, parse_gift, to_gift
from tests.properties.strategies import FILES, PURE, SPECIALS, VIETNAMESE_LETTERS, hostile_text, is_vietnamese_message

KINDS = {"single", "multiple", "true_false", "short_text"}

#: Pieces of GIFT syntax, glued together in random order: far more likely than random text to reach deep branches.
GIFT_TOKENS = st.sampled_from(
    [
        "{", "}", "=", "~", "#", "####", "::", "\\", "\\{", "\\}", "\\:", "\\n", "\n", "\n\n", "\r\n", " ", "->",
        "%50%", "%100%", "%-100%", "%-150%", "%500%", "%33.333%", "%0%", "%1e3%", "TRUE", "F", "T#", "[html]",
        "[markdown]", "// [difficulty:3]", "// [difficulty:9]", "// [tag:an-toan]", "$CATEGORY: KNS/AT", "//",
        "Câu hỏi", "Đáp án", "mật khẩu", "ANSWER: A", "\ufeff",
    ]
)  # fmt: skip
gift_soup = st.lists(GIFT_TOKENS, max_size=40).map("".join)
WORDS = st.sampled_from(["Câu hỏi", "đáp án", "a", "b->c", "x\\#y", "", " ", "\\", "%", "T", "FALSE", "{", "}"])
WEIGHTS = st.sampled_from(["", "", "%50%", "%100%", "%-100%", "%-150%", "%500%", "%33.33%", "%0%", "%-0%", "%abc%"])
SEPARATORS = st.sampled_from([" ", "\n", "", "\r\n"])


@st.composite
def gift_question(draw) -> str:
    """One question in the shape of GIFT, with odd weights, feedback and separators."""
    answers = draw(
        st.lists(
            st.tuples(st.sampled_from(["=", "~", ""]), WEIGHTS, WORDS, st.sampled_from(["", "#", "#ok", "####g"])),
            max_size=5,
        )
    )
    body = "".join(draw(SEPARATORS) + "".join(answer) for answer in answers)
    if draw(st.booleans()):
        body = draw(st.sampled_from(["TRUE", "F", "T#sai#dung", "#5", "", "FALSE####g"])) + body
    title = draw(st.sampled_from(["", "::Tiêu đề::", "::a\\:::", "::thiếu"]))
    return f"{title}{draw(WORDS)} {{{body}{draw(SEPARATORS)}}}{draw(st.sampled_from(['', ' tiếp', '}']))}"


gift_like = st.one_of(
    gift_soup,
    st.lists(st.one_of(gift_question(), gift_soup), min_size=1, max_size=4).map(lambda parts: "\n\n".join(parts)),
)


def check_result(result: ParseResult, text: str) -> None:
    """The parser's promise: questions that are sound, and errors that name a real line in Vietnamese."""
    assert isinstance(result, ParseResult)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for error in result.errors:
        assert 1 <= error.line <= lines, error
        assert is_vietnamese_message(error.message), error
    for question in result.questions:
        assert question.kind in KINDS
        assert question.text and question.options
        assert 1 <= question.line <= lines
        assert question.difficulty in (1, 2, 3)
        for option in question.options:
            assert option.text
            assert -100 <= option.fraction <= 100, question
        positive = sum(o.fraction for o in question.options if o.fraction > 0)
        if question.kind in ("single", "true_false"):
            assert any(o.fraction == 100 for o in question.options), question
        if question.kind == "multiple":
            assert abs(positive - 100) <= 1, question


@PURE
@given(st.one_of(hostile_text, gift_like))
def test_any_text_gives_questions_or_line_numbered_errors(text):
    check_result(parse_gift(text), text)


@FILES
@given(
    data=st.one_of(st.binary(max_size=300), gift_like.map(str.encode), hostile_text.map(str.encode)),
    name=st.sampled_from(["cau-hoi.gift", "cau-hoi.txt", "cau-hoi", "x.csv", "x.xlsx", "x.doc"]),
    fmt=st.sampled_from([None, *FORMATS, "docx", "GIFT"]),
)
def test_any_upload_is_parsed_or_refused_with_a_project_error(data, name, fmt):
    try:
        result = parse_file(data, name, fmt)
    except UnknownFormat as error:
        message = error.message
        assert is_vietnamese_message(message)
        return
    assert isinstance(result, ParseResult)
    for error in result.errors:
        assert error.line >= 1
        assert is_vietnamese_message(error.message), error


# --- round trip -------------------------------------------------------------------------


def _tidy(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


#: What authors type: Vietnamese, digits, and every character GIFT treats specially, on one or more lines.
text_alphabet = VIETNAMESE_LETTERS + "0123456789ABCxyz" + SPECIALS + "\n!?"
texts = st.text(alphabet=text_alphabet, min_size=1, max_size=30).map(_tidy).filter(bool)
optional_texts = st.one_of(st.just(""), texts)
tags = st.text(alphabet=VIETNAMESE_LETTERS + "0123456789-_ :[", min_size=1, max_size=12).map(str.strip).filter(bool)
categories = st.one_of(st.none(), st.sampled_from(["KNS/AT", "KNS/CDS", "KNS/AI"]))
#: Weights as the database keeps them (Numeric(8, 5)).
negative = st.one_of(st.just(0.0), st.integers(-10_000_000, 0).map(lambda n: round(n / 100_000, 5)))


def _split_hundred(draw, parts: int) -> list[float]:
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=parts - 1, max_size=parts - 1, unique=True)))
    bounds = [0, *cuts, 100]
    weights = [float(bounds[i + 1] - bounds[i]) for i in range(parts)]
    if draw(st.booleans()) and parts > 1:  # thirds and the like, as the importers store them
        weights = [round(100 / parts, 5)] * parts
    return weights


@st.composite
def questions(draw) -> ParsedQuestion:
    kind = draw(st.sampled_from(sorted(KINDS)))
    if kind == "true_false":
        truth = draw(st.booleans())
        options = [
            Option("Đúng", 100.0 if truth else 0.0, draw(optional_texts)),
            Option("Sai", 0.0 if truth else 100.0, draw(optional_texts)),
        ]
    elif kind == "short_text":
        fractions = [100.0, *draw(st.lists(st.integers(1, 100_00000).map(lambda n: n / 100_000), max_size=3))]
        options = [Option(draw(texts), f, draw(optional_texts)) for f in fractions]
    elif kind == "single":
        fractions = [100.0, *draw(st.lists(negative, min_size=1, max_size=4))]
        fractions = draw(st.permutations(fractions))
        options = [Option(draw(texts), f, draw(optional_texts)) for f in fractions]
    else:
        correct = _split_hundred(draw, draw(st.integers(1, 4)))
        fractions = draw(st.permutations(correct + draw(st.lists(negative, max_size=3))))
        assume(len(fractions) >= 2)
        options = [Option(draw(texts), f, draw(optional_texts)) for f in fractions]
    return ParsedQuestion(
        line=0,
        kind=kind,
        text=draw(texts),
        options=options,
        title=draw(optional_texts),
        general_feedback=draw(optional_texts),
        category=draw(categories),
        difficulty=draw(st.integers(1, 3)),
        tags=draw(st.lists(tags, max_size=2)),
    )


def shape(qs: list[ParsedQuestion]) -> list[tuple]:
    return [
        (q.kind, q.title, q.text, q.general_feedback, q.category, q.difficulty, q.tags,
         [(o.text, round(float(o.fraction), 5), o.feedback) for o in q.options])
        for q in qs
    ]  # fmt: skip


@PURE
@given(st.lists(questions(), min_size=1, max_size=4))
def test_export_then_import_gives_the_same_questions(qs):
    exported = to_gift(qs)
    again = parse_gift(exported)
    assert again.errors == [], exported
    assert shape(again.questions) == shape(qs), exported


@PURE
@given(st.lists(questions(), min_size=1, max_size=3))
def test_export_is_a_fixed_point(qs):
    exported = to_gift(qs)
    assert to_gift(parse_gift(exported).questions) == exported
