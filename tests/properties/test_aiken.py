"""Aiken: any text gives questions or errors naming a real line, never an exception."""

from hypothesis import given
from hypothesis import strategies as st

from quizzes.aiken import parse_aiken
from tests.properties.strategies import PURE, hostile_text
from tests.properties.test_gift import check_result

AIKEN_LINES = st.sampled_from(
    [
        "Câu hỏi nào đúng?", "Dòng hai của câu hỏi", "A. Phương án một", "B) Phương án hai", "C. ba", "D) bốn",
        "A.", "B)", "E. năm", "Z. cuối", "A.không cách", "ANSWER: B", "ANSWER: A, C", "answer: bd", "ANSWER:",
        "ANSWER: É", "ANSWER: Z", "ANSWER: 1", "ANSWER: A;;B", "", "", "   ", "\ufeff", "\u2028", "\f",
        "a. thường", "AB. hai chữ",
    ]
)  # fmt: skip
aiken_like = st.lists(AIKEN_LINES, max_size=30).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda end: end.join(lines))
)


@PURE
@given(st.one_of(hostile_text, aiken_like))
def test_any_text_gives_questions_or_line_numbered_errors(text):
    result = parse_aiken(text)
    check_result(result, text)
    for question in result.questions:
        assert question.kind in ("single", "multiple")
        assert len(question.options) >= 2


@PURE
@given(
    stem=st.text(alphabet="abcđêơ ?", min_size=1, max_size=20).map(str.strip).filter(bool),
    options=st.lists(st.text(alphabet="xyzăâ 1", min_size=1, max_size=10).map(str.strip).filter(bool),
                     min_size=2, max_size=6),
    data=st.data(),
)  # fmt: skip
def test_well_formed_question_is_read_back(stem, options, data):
    letters = [chr(ord("A") + i) for i in range(len(options))]
    correct = data.draw(st.lists(st.sampled_from(letters), min_size=1, unique=True))
    lines = [stem, *(f"{letter}. {text}" for letter, text in zip(letters, options, strict=True))]
    result = parse_aiken("\n".join([*lines, f"ANSWER: {', '.join(correct)}", ""]))
    assert result.errors == []
    (question,) = result.questions
    assert question.text == stem
    assert [o.text for o in question.options] == options
    chosen = {letters[i] for i, o in enumerate(question.options) if o.fraction > 0}
    assert chosen == set(correct)
    assert abs(sum(o.fraction for o in question.options) - 100) < 0.001
