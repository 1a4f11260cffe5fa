"""Building blocks of the API schemas: the base classes, id and time types, pages and the error body.

Three kinds of input, three base classes, all refusing what they do not know (a misspelt field or
parameter is an error, never silently ignored):

- `Body` — a JSON request body. JSON types are taken as they are (strict: "1" is no number, true is no
  integer; 5.0 is the integer 5, as JSON Schema says).
- `Query` — query-string parameters, converted from text ("2" is the integer 2).
- `Form` — the fields of a multipart upload, read like query parameters.

`Out` is a response shape: every field is always present, so the document lists them all as required.
"""

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError
from werkzeug.datastructures import FileStorage

from lms.pagination import MAX_PER_PAGE
from lms.routing import MAX_ID

#: Column widths of a competency area code (AT, TB, …) and a competency code (AT.2).
MAX_AREA_CODE = 10
MAX_COMPETENCY_CODE = 20


class Body(BaseModel):
    """A JSON request body: strict JSON types, unknown fields refused."""

    model_config = ConfigDict(strict=True, extra="forbid")


class Query(BaseModel):
    """Query-string parameters: converted from text, unknown ones refused."""

    model_config = ConfigDict(extra="forbid")


class Form(BaseModel):
    """The fields of a multipart/form-data upload: converted from text, unknown ones refused."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


class Out(BaseModel):
    """A response shape; every field is always sent."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


def _whole(value: Any) -> Any:
    """JSON Schema counts 5.0 as the integer 5, and so do we; true and "5" stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: Put last in `Annotated[int, Field(ge=…, le=…), WHOLE]`: a JSON integer, written 5 or 5.0. (Before the range,
#: pydantic would write the range into the document as "ge"/"le" instead of minimum/maximum.)
WHOLE = BeforeValidator(_whole)


def _check_id(value: int) -> int:
    if not 1 <= value <= MAX_ID:
        raise PydanticCustomError("id_range", "Mã phải là số nguyên dương, tối đa {max}.", {"max": MAX_ID})
    return value


#: A database id: a positive integer the INTEGER column can hold. Out of range is malformed input (400), never a
#: database error (500).
Id = Annotated[
    int,
    BeforeValidator(_whole),
    AfterValidator(_check_id),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_ID}),
]


def _isoformat(value: datetime) -> str:
    return value.isoformat()


#: A moment as ISO 8601 with its offset, e.g. 2026-12-06T02:59:54.408000+00:00 (as `datetime.isoformat` writes it).
Timestamp = Annotated[
    datetime,
    PlainSerializer(_isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def _is_upload(value: Any) -> FileStorage:
    if not isinstance(value, FileStorage) or not value.filename:
        raise PydanticCustomError("missing", "Cần gửi kèm một tệp.")
    return value


#: An uploaded file (a multipart part with a file name).
Upload = Annotated[FileStorage, BeforeValidator(_is_upload), WithJsonSchema({"type": "string", "format": "binary"})]


class PageQuery(Query):
    """?page=&per_page= of a paginated list."""

    page: int = Field(1, ge=1, description="Trang, từ 1")
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE, description=f"Số mục mỗi trang, tối đa {MAX_PER_PAGE}")


class PageOut(Out):
    """The paginated list shape of api.md: {items, page, per_page, total}; subclasses say what the items are."""

    page: int
    per_page: int
    total: int


class Created(Out):
    id: int


class ErrorDetail(BaseModel):
    code: str = Field(description="Mã lỗi dạng snake_case, ví dụ bad_request, validation_failed")
    message: str = Field(description="Lời giải thích tiếng Việt")
    fields: dict[str, str] = Field(default_factory=dict, description="Tên trường → lỗi của trường đó")


class Error(BaseModel):
    """Every error answer: {"error": {"code", "message", "fields"}}."""

    error: ErrorDetail
