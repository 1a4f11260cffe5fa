"""The question-type registry: every kind the database allows has a type, and each type checks, grades, shows,
exports and renders its questions."""

import re
from decimal import Decimal

import pytest
from flask import render_template_string

from lms.errors import LMSError
from quizzes import services, tabular, types
from quizzes.display import QUESTION_KIND_LABELS
from quizzes.gift import Option, ParsedQuestion, parse_gift, to_gift
from quizzes.models import Question, QuestionKind
from quizzes.types.short_text import MAX_LENGTH, AnswerTooLarge

SNAPSHOTS = {
    "single": {
        "id": 1,
        "kind": "single",
        "text_html": "<p>Mật khẩu nào mạnh nhất?</p>",
        "options": [
            {"id": 11, "text": "Lai-Chau-xanh-2026", "fraction": 100.0, "feedback": "Dài"},
            {"id": 12, "text": "123456", "fraction": 0.0, "feedback": "Dễ đoán"},
        ],
    },
    "multiple": {
        "id": 2,
        "kind": "multiple",
        "text_html": "Chọn các việc nên làm",
        "options": [
            {"id": 21, "text": "Bật xác thực hai lớp", "fraction": 50.0, "feedback": ""},
            {"id": 22, "text": "Cập nhật phần mềm", "fraction": 50.0, "feedback": ""},
            {"id": 23, "text": "Chia sẻ mật khẩu", "fraction": -100.0, "feedback": "Không"},
        ],
    },
    "true_false": {
        "id": 3,
        "kind": "true_false",
        "text_html": "Có thể đọc mã OTP cho người lạ.",
        "options": [
            {"id": 31, "text": "Đúng", "fraction": 0.0, "feedback": ""},
            {"id": 32, "text": "Sai", "fraction": 100.0, "feedback": "Chính xác"},
        ],
    },
    "short_text": {
        "id": 4,
        "kind": "short_text",
        "text_html": "Mã dùng một lần gọi là gì?",
        "ignore_diacritics": False,
        "options": [{"id": 41, "text": "OTP", "fraction": 100.0, "feedback": ""}],
    },
}


# --- the registry ----------------------------------------------------------------------------------------------


def test_every_kind_the_database_allows_has_a_type():
    check = next(c for c in Question.__table__.constraints if getattr(c, "name", "") and c.name.endswith("kind"))
    allowed = set(re.findall(r"'([a-z_]+)'", str(check.sqltext)))
    assert allowed == set(types.TYPES) == {k.value for k in QuestionKind} == set(SNAPSHOTS)
    for kind, question_type in types.TYPES.items():
        assert types.get(kind) is question_type
        assert question_type.kind == kind
        assert question_type.template in ("choice", "text")


def test_the_registry_is_read_only_and_unknown_kinds_fail_loudly():
    with pytest.raises(TypeError):
        types.TYPES["essay"] = types.get("single")  # type: ignore[index]  # proving the mapping refuses writes
    with pytest.raises(KeyError):
        types.get("essay")


def test_labels_and_spreadsheet_names_come_from_the_types(app):
    with app.app_context():
        assert {k: str(v) for k, v in QUESTION_KIND_LABELS.items()} == {
            "single": "Một đáp án",
            "multiple": "Nhiều đáp án",
            "true_false": "Đúng/Sai",
            "short_text": "Trả lời ngắn",
        }
    for kind, question_type in types.TYPES.items():
        assert tabular._KINDS[tabular._key(question_type.sheet_name)] == kind
        assert tabular._KINDS[tabular._key(kind)] == kind


def test_the_answer_length_limit_is_the_one_the_services_and_the_api_read():
    assert services.MAX_TEXT_ANSWER == MAX_LENGTH == types.get("short_text").max_length


# --- checking answers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "answer", "cleaned"),
    [
        ("single", {"option_ids": [11]}, {"option_ids": [11]}),
        ("single", {"option_ids": []}, {"option_ids": []}),
        ("true_false", {"option_ids": [32]}, {"option_ids": [32]}),
        ("multiple", {"option_ids": [22, 21, 22]}, {"option_ids": [21, 22]}),
        ("short_text", {"text": " otp ", "option_ids": [41]}, {"text": " otp "}),
        ("short_text", {"text": "x" * MAX_LENGTH}, {"text": "x" * MAX_LENGTH}),
    ],
)
def test_each_type_normalises_a_good_answer(kind, answer, cleaned):
    assert services.clean_answer(SNAPSHOTS[kind], answer) == cleaned


@pytest.mark.parametrize(
    ("kind", "answer", "field"),
    [
        ("single", {"option_ids": [11, 12]}, "option_ids"),
        ("true_false", {"option_ids": [31, 32]}, "option_ids"),
        ("single", {"option_ids": [21]}, "option_ids"),
        ("multiple", {"option_ids": [True]}, "option_ids"),
        ("multiple", {"option_ids": "21"}, "option_ids"),
        ("multiple", {"text": "Bật"}, "option_ids"),
        ("short_text", {"text": 5}, "text"),
        ("short_text", {"option_ids": [41]}, "text"),
    ],
)
def test_each_type_refuses_an_answer_that_does_not_fit(kind, answer, field):
    with pytest.raises(LMSError) as caught:
        services.clean_answer(SNAPSHOTS[kind], answer)
    assert (caught.value.status, list(caught.value.fields)) == (400, [field])


def test_a_too_long_text_is_413():
    with pytest.raises(AnswerTooLarge) as caught:
        services.clean_answer(SNAPSHOTS["short_text"], {"text": "x" * (MAX_LENGTH + 1)})
    assert caught.value.status == 413


# --- grading ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "answer", "expected"),
    [
        ("single", {"option_ids": [11]}, "1"),
        ("single", {"option_ids": [12]}, "0"),
        ("true_false", {"option_ids": [32]}, "1"),
        ("true_false", {"option_ids": [31]}, "0"),
        ("multiple", {"option_ids": [21]}, "0.5"),
        ("multiple", {"option_ids": [21, 22]}, "1"),
        ("multiple", {"option_ids": [21, 23]}, "0"),
        ("short_text", {"text": "  otp "}, "1"),
        ("short_text", {"text": "mã"}, "0"),
    ],
)
def test_each_type_grades_through_the_one_entry_point(kind, answer, expected):
    assert types.get(kind).grade(SNAPSHOTS[kind], answer) == Decimal(expected)


# --- the browser's view ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SNAPSHOTS))
def test_the_public_shape_has_no_key(kind):
    public = types.public_question(SNAPSHOTS[kind])
    assert list(public) == ["id", "type", "text", "options"]
    assert (public["id"], public["type"], public["text"]) == (SNAPSHOTS[kind]["id"], kind, SNAPSHOTS[kind]["text_html"])
    for option in public["options"]:
        assert set(option) == {"id", "text"}
    expected = [] if kind == "short_text" else [o["id"] for o in SNAPSHOTS[kind]["options"]]
    assert [o["id"] for o in public["options"]] == expected


def test_only_typed_answers_are_left_out_of_the_option_shares():
    assert {k: t.chooses_options for k, t in types.TYPES.items()} == {
        "single": True,
        "multiple": True,
        "true_false": True,
        "short_text": False,
    }
    assert types.get("multiple").chosen_options({"option_ids": [21, 22]}) == (21, 22)
    assert types.get("short_text").chosen_options({"text": "OTP"}) == ()


# --- GIFT ------------------------------------------------------------------------------------------------------


def _parsed(kind: str, options: list[Option]) -> ParsedQuestion:
    return ParsedQuestion(0, kind, "Câu hỏi", options, general_feedback="Chung")


@pytest.mark.parametrize(
    ("question", "lines"),
    [
        (
            _parsed("single", [Option("Đúng là", 100.0, "tốt"), Option("Sai là", 0.0), Option("Trừ", -50.0)]),
            ["Câu hỏi {", "=Đúng là #tốt", "~Sai là", "~%-50%Trừ", "####Chung", "}"],
        ),
        (
            _parsed("multiple", [Option("A", 50.0), Option("B", 50.0), Option("C", -100.0)]),
            ["Câu hỏi {", "~%50%A", "~%50%B", "~%-100%C", "####Chung", "}"],
        ),
        (
            _parsed("true_false", [Option("Đúng", 0.0, "sai rồi"), Option("Sai", 100.0, "đúng vậy")]),
            ["Câu hỏi {FALSE#sai rồi#đúng vậy ####Chung}"],
        ),
        (
            _parsed("short_text", [Option("OTP", 100.0), Option("mã", 50.0)]),
            ["Câu hỏi {", "=OTP", "=%50%mã", "####Chung", "}"],
        ),
        (
            _parsed("short_text", [Option("a -> b", 100.0)]),
            ["Câu hỏi {", "=%100%a -> b", "####Chung", "}"],
        ),
    ],
)
def test_each_type_writes_its_answers_in_gift(question, lines):
    exported = to_gift([question])
    assert exported.split("\n")[1:-1] == lines  # after "// [difficulty:2]", before the blank line
    again = parse_gift(exported)
    assert again.errors == []
    assert [(o.text, o.fraction, o.feedback) for o in again.questions[0].options] == [
        (o.text, o.fraction, o.feedback) for o in question.options
    ]


# --- rendering -------------------------------------------------------------------------------------------------

MACROS = '{% from "quizzes/_question.html" import answer_inputs, review %}'


@pytest.mark.parametrize(
    ("kind", "inputs"),
    [("single", "radio"), ("true_false", "radio"), ("multiple", "checkbox"), ("short_text", "text")],
)
def test_every_type_renders_with_the_one_macro_file(app, kind, inputs):
    snapshot = SNAPSHOTS[kind]
    with app.test_request_context():
        public = types.public_question(snapshot)
        page = render_template_string(MACROS + "{{ answer_inputs(q, none) }}", q=public)
        assert f'type="{inputs}"' in page and f'name="q{snapshot["id"]}"' in page
        reviewed = render_template_string(MACROS + "{{ review(q, {}) }}", q=snapshot)
    assert all(o["text"] in reviewed for o in snapshot["options"])
    assert ("(bỏ trống)" in reviewed) == (kind == "short_text")


def test_saved_answers_and_hints_show_on_attempts_and_the_placement_check(app):
    multiple = types.public_question(SNAPSHOTS["multiple"])
    short = types.public_question(SNAPSHOTS["short_text"])
    with app.test_request_context():
        attempt = render_template_string(MACROS + "{{ answer_inputs(q, {'option_ids': [22]}) }}", q=multiple)
        placement = render_template_string(
            MACROS + "{{ answer_inputs(q, {'option_ids': ['21'], 'text': '21'}, brief=true) }}", q=multiple
        )
        typed = render_template_string(MACROS + "{{ answer_inputs(q, {'text': 'OTP'}) }}", q=short)
    assert re.findall(r'value="(\d+)" (checked)?', attempt) == [("21", ""), ("22", "checked"), ("23", "")]
    assert re.findall(r'value="(\d+)" (checked)?', placement) == [("21", "checked"), ("22", ""), ("23", "")]
    assert attempt.index("(có thể một hoặc nhiều)") < attempt.index("<label")
    assert placement.index("Chọn tất cả phương án đúng.</p>") > placement.rindex("</label>")
    assert f'maxlength="{MAX_LENGTH}"' in typed and 'value="OTP"' in typed
