"""Aiken import: single and multiple answers, messy files, and errors reported by line."""

import unicodedata

import pytest

from quizzes.aiken import parse_aiken

GOOD = "Câu tốt\nA. một\nB. hai\nANSWER: A\n"


def one(text: str):  # type: ignore[no-untyped-def]
    result = parse_aiken(text)
    assert result.errors == []
    assert len(result.questions) == 1
    return result.questions[0]


def test_single_answer():
    q = one(
        "Tổ hợp phím nào dùng để sao chép?\nA. Ctrl+C\nB) Ctrl+V\nC. Ctrl+X\nANSWER: A\n",
    )
    assert (q.kind, q.text, q.line) == ("single", "Tổ hợp phím nào dùng để sao chép?", 1)
    assert [(o.text, o.fraction) for o in q.options] == [("Ctrl+C", 100), ("Ctrl+V", 0), ("Ctrl+X", 0)]
    assert (q.category, q.difficulty, q.tags, q.title) == (None, 2, [], "")


@pytest.mark.parametrize("answer", ["B, D", "BD", "B,D", "b d"])
def test_several_letters_make_a_multiple_question_with_equal_weights(answer):
    q = one(
        "Việc nào giúp tài khoản an toàn?\nA. Dùng chung mật khẩu\nB. Bật xác thực hai lớp\n"
        f"C. Bỏ qua cập nhật\nD. Dùng mật khẩu dài\nANSWER: {answer}"
    )
    assert q.kind == "multiple"
    assert [o.fraction for o in q.options] == [0, 50, 0, 50]


def test_three_correct_options_share_the_credit():
    q = one("Chọn ba\nA. a\nB. b\nC. c\nD. d\nANSWER: A, B, C\n")
    assert [o.fraction for o in q.options] == pytest.approx([100 / 3, 100 / 3, 100 / 3, 0], abs=1e-4)


def test_bom_crlf_trailing_spaces_lowercase_answer_and_multiline_text():
    q = one("\ufeffDòng một   \r\ndòng hai\r\nA. Có  \r\nB. Không\r\nanswer:   b  \r\n")
    assert q.text == "Dòng một\ndòng hai"
    assert [(o.text, o.fraction) for o in q.options] == [("Có", 0), ("Không", 100)]


def test_nfd_text_comes_back_nfc():
    q = one(unicodedata.normalize("NFD", "Mật khẩu mạnh?\nA. Đúng vậy\nB. Không phải\nANSWER: A"))
    assert q.text == unicodedata.normalize("NFC", "Mật khẩu mạnh?")
    assert q.options[0].text == unicodedata.normalize("NFC", "Đúng vậy")


def test_questions_separated_by_blank_lines_or_by_nothing():
    result = parse_aiken("Câu 1\nA. a\nB. b\nANSWER: A\nCâu 2\nA. a\nB. b\nANSWER: B\n\n\nCâu 3\nA. a\nB. b\nANSWER: A")
    assert result.errors == []
    assert [(q.text, q.line) for q in result.questions] == [("Câu 1", 1), ("Câu 2", 5), ("Câu 3", 11)]


def test_blank_lines_inside_a_question_are_tolerated():
    q = one("Câu hỏi\n\nA. a\nB. b\n\nANSWER: B\n")
    assert [o.fraction for o in q.options] == [0, 100]


@pytest.mark.parametrize(
    ("bad", "line", "message"),
    [
        ("Câu không phương án\nANSWER: A", 6, "không có phương án"),
        ("Một phương án\nA. duy nhất\nANSWER: A", 6, "ít nhất 2 phương án"),
        ("Thiếu đáp án\nA. a\nB. b", 6, "thiếu dòng ANSWER:"),
        ("Đáp án lạ\nA. a\nB. b\nANSWER: C", 9, "“C” không có trong các phương án A–B"),
        ("Đáp án không phải chữ\nA. a\nB. b\nANSWER: 2", 9, "không hợp lệ"),
        ("Đáp án trống\nA. a\nB. b\nANSWER:", 9, "chưa ghi chữ cái"),
        ("Trùng chữ\nA. a\nB. b\nB. c\nANSWER: A", 9, "“B” bị lặp lại"),
        ("Sai thứ tự\nA. a\nC. b\nANSWER: A", 8, "“C” sai thứ tự, ở đây phải là “B”"),
        ("Không bắt đầu bằng A\nB. a\nC. b\nANSWER: B", 7, "phải là “A”"),
        ("Phương án trống\nA.\nB. b\nANSWER: B", 7, "“A” không có nội dung"),
        ("A. a\nB. b\nANSWER: A", 6, "thiếu nội dung câu hỏi"),
        ("ANSWER: A", 6, "không đi kèm câu hỏi nào"),
    ],
)
def test_each_error_reports_its_line_and_the_other_questions_still_parse(bad, line, message):
    result = parse_aiken(f"{GOOD}\n{bad}\n\n{GOOD}")
    assert [q.text for q in result.questions] == ["Câu tốt", "Câu tốt"]
    assert len(result.errors) == 1
    assert result.errors[0].line == line
    assert message in result.errors[0].message


def test_missing_answer_without_blank_line_still_finds_the_next_question():
    result = parse_aiken("Câu 1\nA. a\nB. b\nCâu 2\nA. c\nB. d\nANSWER: B\n")
    assert [(q.text, q.line) for q in result.questions] == [("Câu 2", 4)]
    assert [e.line for e in result.errors] == [1]
    assert result.errors[0].message.startswith("thiếu dòng ANSWER:")


def test_letters_out_of_order_are_not_reported_twice_through_the_answer():
    result = parse_aiken("Câu\nA. a\nC. b\nANSWER: C\n")
    assert [(e.line, e.message) for e in result.errors] == [(3, "phương án “C” sai thứ tự, ở đây phải là “B”")]


def test_every_problem_in_a_file_is_reported():
    result = parse_aiken("Câu 1\nA. a\nANSWER: A\n\nCâu 2\nA. a\nB. b\nANSWER: D\n\nCâu 3\nA. a\nB. b\n")
    assert result.questions == []
    assert [e.line for e in result.errors] == [1, 8, 10]


def test_empty_text_gives_nothing():
    assert parse_aiken("\ufeff\r\n  \n") == parse_aiken("")
    assert parse_aiken("").questions == parse_aiken("").errors == []
