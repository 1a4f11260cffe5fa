"""GIFT import edge cases and export round-trips."""

from pathlib import Path

import pytest

from quizzes.gift import parse_gift, to_gift

BANKS = Path(__file__).resolve().parents[2] / "quizzes" / "banks"


def one(text: str):  # type: ignore[no-untyped-def]
    result = parse_gift(text)
    assert result.errors == []
    assert len(result.questions) == 1
    return result.questions[0]


def test_single_choice_with_title_feedback_and_general_feedback():
    q = one(
        "::AT-01:: Mật khẩu nào mạnh nhất? {\n=Lai-Chau\\#2026!xanh #Dài, trộn ký tự.\n"
        "~123456 #Quá dễ.\n####Dùng cụm từ dài.\n}"
    )
    assert (q.kind, q.title, q.text) == ("single", "AT-01", "Mật khẩu nào mạnh nhất?")
    assert [(o.text, o.fraction) for o in q.options] == [("Lai-Chau#2026!xanh", 100), ("123456", 0)]
    assert [o.feedback for o in q.options] == ["Dài, trộn ký tự.", "Quá dễ."]
    assert q.general_feedback == "Dùng cụm từ dài."


def test_escapes():
    q = one(r"Công thức \=SUM(A1\:A10) dùng để làm gì\? {=Cộng các ô \{A1..A10\} #Đúng \# 1 ~Đếm ô \~ trống}")
    assert q.text == "Công thức =SUM(A1:A10) dùng để làm gì\\?"
    assert q.options[0].text == "Cộng các ô {A1..A10}"
    assert q.options[0].feedback == "Đúng # 1"
    assert q.options[1].text == "Đếm ô ~ trống"


def test_weights_make_a_multiple_choice_question():
    q = one("Chọn các việc nên làm {\n~%50%Bật xác thực hai lớp\n~%50%Cập nhật phần mềm\n~%-100%Chia sẻ mật khẩu\n}")
    assert q.kind == "multiple"
    assert [o.fraction for o in q.options] == [50, 50, -100]


def test_weights_that_do_not_add_up_are_reported_with_the_line():
    result = parse_gift("// đầu tệp\n\nChọn {\n~%40%A\n~%40%B\n~C\n}\n")
    assert result.questions == []
    assert result.errors[0].line == 3
    assert "80%" in result.errors[0].message


def test_true_false_with_feedback():
    q = one("Mã OTP có thể đọc cho người khác. {FALSE#Sai rồi, không bao giờ đọc OTP.#Đúng vậy.####OTP là bí mật.}")
    assert q.kind == "true_false"
    assert [(o.text, o.fraction) for o in q.options] == [("Đúng", 0), ("Sai", 100)]
    assert q.options[1].feedback == "Đúng vậy."
    assert q.options[0].feedback == "Sai rồi, không bao giờ đọc OTP."
    assert q.general_feedback == "OTP là bí mật."


@pytest.mark.parametrize("word", ["T", "TRUE", "true"])
def test_true_forms(word):
    q = one(f"Câu đúng. {{{word}}}")
    assert q.options[0].fraction == 100


def test_short_answer_with_alternatives():
    q = one("Mã dùng một lần gửi qua tin nhắn gọi là gì? {=OTP =mã OTP}")
    assert q.kind == "short_text"
    assert [o.text for o in q.options] == ["OTP", "mã OTP"]


def test_categories_comments_multiline_crlf_and_bom():
    text = (
        "\ufeff// ngân hàng thử\r\n$CATEGORY: KNS/AT\r\n\r\n// [difficulty:3]\r\n// [tag:otp]\r\n"
        "::Q1:: Dòng một\r\ndòng hai {\r\n=Đúng\r\n~Sai\r\n}\r\n\r\n$CATEGORY: KNS/DV\r\n\r\nCâu hai {T}\r\n"
    )
    result = parse_gift(text)
    assert result.errors == []
    first, second = result.questions
    assert first.text == "Dòng một\ndòng hai"
    assert (first.category, first.difficulty, first.tags, first.line) == ("KNS/AT", 3, ["otp"], 6)
    assert (second.category, second.difficulty, second.tags) == ("KNS/DV", 2, [])


def test_missing_word_format_keeps_the_sentence():
    q = one("Ngày Chuyển đổi số quốc gia là {=10/10 ~1/1} hằng năm.")
    assert q.text == "Ngày Chuyển đổi số quốc gia là _____ hằng năm."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Viết cảm nghĩ {}", "tự luận"),
        ("Bao nhiêu? {#5}", "dạng số"),
        ("Ghép {=a -> 1 =b -> 2}", "ghép nối"),
        ("Thiếu đóng {=a ~b", "thiếu dấu }"),
        ("Không có đáp án", "không tìm thấy phần đáp án"),
        ("Không đáp án đúng {~a ~b}", "không có đáp án đúng"),
        ("::Tiêu đề thiếu đóng Câu {=a ~b}", "tiêu đề"),
    ],
)
def test_malformed_and_unsupported_questions_are_reported(text, message):
    result = parse_gift("Câu tốt {=a ~b}\n\n" + text + "\n")
    assert len(result.questions) == 1
    assert result.errors[0].line == 3
    assert message in result.errors[0].message


@pytest.mark.parametrize("bank", sorted(BANKS.glob("*/*.gift")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_banks_parse_cleanly_and_round_trip(bank):
    result = parse_gift(bank.read_text(encoding="utf-8"))
    assert result.errors == []
    assert len(result.questions) >= 20
    final = bank.parent.name == "final"
    assert {q.kind for q in result.questions} >= ({"single", "multiple"} if final else {"single", "multiple"})
    assert all(q.general_feedback and q.competency and q.level for q in result.questions)
    again = parse_gift(to_gift(result.questions))
    assert again.errors == []

    def shape(qs):  # type: ignore[no-untyped-def]
        return [(q.kind, q.title, q.text, q.general_feedback, q.category, q.difficulty, q.tags, q.competency,
                 q.level, [(o.text, o.fraction, o.feedback) for o in q.options]) for q in qs]  # fmt: skip

    assert shape(again.questions) == shape(result.questions)
