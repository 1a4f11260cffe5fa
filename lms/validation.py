"""Read a request through its schema, and answer bad input in Vietnamese, naming each field.

Views call these where they are ready to read input — after the token, the role and the object's owner are
checked — so a person without access learns nothing about the input rules (the permission matrix relies on it).

Status of a refused input (api.md):
- 400 `bad_request` — malformed: not JSON, not an object, a field missing, of the wrong JSON type, unknown,
  longer than its column, or a date/time that does not parse. Every query-string error is 400 too.
- 422 `validation_failed` — well formed but not allowed: a number out of its range, a value outside its enum.
- 413 `payload_too_large` — a short-text answer over its limit (the quiz page's long-standing answer).
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from lms.errors import LMSError, ValidationFailed

M = TypeVar("M", bound=BaseModel)


class BadRequest(LMSError):
    status = 400
    code = "bad_request"


class PayloadTooLarge(LMSError):
    status = 413
    code = "payload_too_large"


#: Error types meaning "this is not the documented shape" (400); any other refusal is about the value (422).
MALFORMED = frozenset(
    {
        "missing",
        "extra_forbidden",
        "answer_missing",
        "id_range",
        "model_type",
        "model_attributes_type",
        "dict_type",
        "list_type",
        "string_type",
        "int_type",
        "int_parsing",
        "int_from_float",
        "float_type",
        "float_parsing",
        "bool_type",
        "bool_parsing",
        "string_too_short",
        "string_too_long",
        "string_pattern_mismatch",
        "too_short",
        "too_long",
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "datetime_type",
        "datetime_parsing",
        "datetime_from_date_parsing",
        "timezone_aware",
        "is_instance_of",
    }
)

#: What a person is told about one field, by error type; {…} are filled from the error's context.
FIELD_MESSAGES = {
    "missing": "Trường này là bắt buộc.",
    "extra_forbidden": "Trường này không có trong yêu cầu (xem tài liệu API).",
    "model_type": "Phải là một đối tượng {{…}}.",
    "model_attributes_type": "Phải là một đối tượng {{…}}.",
    "dict_type": "Phải là một đối tượng {{…}}.",
    "list_type": "Phải là một danh sách […].",
    "string_type": "Phải là chuỗi ký tự.",
    "int_type": "Phải là số nguyên.",
    "int_parsing": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "float_type": "Phải là số.",
    "float_parsing": "Phải là số.",
    "bool_type": "Phải là true hoặc false.",
    "bool_parsing": "Phải là true hoặc false.",
    "string_too_short": "Không được để trống.",
    "string_too_long": "Tối đa {max_length} ký tự.",
    "string_pattern_mismatch": "Không được để trống.",
    "too_short": "Cần ít nhất {min_length} phần tử.",
    "too_long": "Tối đa {max_length} phần tử.",
    "greater_than_equal": "Phải từ {ge} trở lên.",
    "greater_than": "Phải lớn hơn {gt}.",
    "less_than_equal": "Không được lớn hơn {le}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "enum": "Phải là một trong các giá trị: {expected}.",
    "literal_error": "Phải là một trong các giá trị: {expected}.",
    "date_type": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_from_datetime_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_from_datetime_inexact": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "datetime_type": "Thời điểm không hợp lệ (dạng ISO 8601, ví dụ 2026-12-31T08:00:00+07:00).",
    "datetime_parsing": "Thời điểm không hợp lệ (dạng ISO 8601, ví dụ 2026-12-31T08:00:00+07:00).",
    "datetime_from_date_parsing": "Thời điểm không hợp lệ (dạng ISO 8601, ví dụ 2026-12-31T08:00:00+07:00).",
    "timezone_aware": "Thiếu múi giờ (ví dụ +07:00).",
}
NULL_MESSAGE = "Không được để null; bỏ trường này đi nếu không có giá trị."


def read_json(model: type[M]) -> M:
    """The request's JSON body as `model`, or stop with 400/413/422 naming each bad field."""
    if not request.is_json:
        raise BadRequest("Yêu cầu phải có nội dung JSON (Content-Type: application/json).")
    try:
        return model.model_validate_json(request.get_data())
    except ValidationError as error:
        raise refusal(error.errors(include_url=False)) from None


def read_query(model: type[M]) -> M:
    """The query string as `model`. Any bad or unknown parameter is 400."""
    try:
        return model.model_validate(_first(request.args.items()))
    except ValidationError as error:
        problem = refusal(error.errors(include_url=False))
        raise BadRequest(f"Tham số không hợp lệ: {', '.join(problem.fields)}.", fields=problem.fields) from None


def read_form(model: type[M]) -> M:
    """The fields and files of a multipart upload as `model`."""
    try:
        return model.model_validate(_first([*request.form.items(), *request.files.items()]))
    except ValidationError as error:
        raise refusal(error.errors(include_url=False)) from None


def _first(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The first value of each name, as request.args.get reads a repeated parameter."""
    values: dict[str, Any] = {}
    for name, value in pairs:
        values.setdefault(name, value)
    return values


def refusal(errors: list[ErrorDetails]) -> LMSError:
    """One error for the whole input: the worst status among its fields, each field with its message."""
    whole = [e for e in errors if not e["loc"]]
    if whole:
        return _unreadable(whole[0])
    fields: dict[str, str] = {}
    statuses = set()
    for error in errors:
        fields.setdefault(field_name(error["loc"]), field_message(error))
        statuses.add(_status(error))
    names = ", ".join(fields)
    if 413 in statuses:
        return PayloadTooLarge(f"Dữ liệu quá lớn ở trường: {names}.", fields=fields)
    if 400 in statuses:
        return BadRequest(f"Dữ liệu không hợp lệ ở trường: {names}.", fields=fields)
    return ValidationFailed(f"Dữ liệu không hợp lệ ở trường: {names}.", fields=fields)


def _unreadable(error: ErrorDetails) -> LMSError:
    if error["type"] == "json_invalid":
        return BadRequest("Nội dung JSON không đọc được (sai cú pháp).")
    if error["type"] in ("model_type", "model_attributes_type", "dict_type"):
        return BadRequest("Nội dung JSON phải là một đối tượng {…}.")
    return BadRequest(error["msg"])  # a rule about the object as a whole, e.g. "option_ids or text"


def _status(error: ErrorDetails) -> int:
    if error["type"] == "payload_too_large":
        return 413
    if error["type"] in MALFORMED or (error["type"] != "missing" and error.get("input", "") is None):
        return 400
    return 422


def field_name(loc: tuple[int | str, ...]) -> str:
    """("modules", 0, "lessons", 1, "title") → "modules[0].lessons[1].title"."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def field_message(error: ErrorDetails) -> str:
    if error["type"] != "missing" and error.get("input", "") is None:
        return NULL_MESSAGE
    template = FIELD_MESSAGES.get(error["type"])
    if template is None:
        return error["msg"]  # our own errors (PydanticCustomError) already speak Vietnamese
    context = dict(error.get("ctx") or {})
    if "expected" in context:  # "'module' or 'final'" → "'module', 'final'"
        context["expected"] = str(context["expected"]).replace(" or ", ", ")
    return template.format(**context)
