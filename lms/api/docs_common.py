"""Building blocks shared by the OpenAPI path modules."""

from typing import Any


def json_response(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_refs(*codes: str) -> dict[str, Any]:
    return {code: {"$ref": f"#/components/responses/E{code}"} for code in codes}


def path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def page_of(item: dict[str, Any]) -> dict[str, Any]:
    """The paginated list shape of api.md: {items, page, per_page, total}."""
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": item},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
    }


#: A question as a learner sees it before grading: never the key, weights or feedback.
PUBLIC_QUESTION = {
    "type": "object",
    "required": ["id", "type", "text", "options"],
    "properties": {
        "id": {"type": "integer"},
        "type": {"type": "string", "enum": ["single", "multiple", "true_false", "short_text"]},
        "text": {"type": "string"},
        "options": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "text"],
                "properties": {"id": {"type": "integer"}, "text": {"type": "string"}},
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
