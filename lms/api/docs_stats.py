"""OpenAPI paths for statistics."""

from typing import Any

from lms.api.docs_common import error_refs, json_response, page_of

ROW = {
    "type": "object",
    "required": ["code", "name", "staff_total", "enrolled", "completed", "certified", "completion_rate"],
    "properties": {
        "code": {"type": "string"},
        "name": {"type": "string"},
        "staff_total": {"type": "integer"},
        "enrolled": {"type": "integer"},
        "in_progress": {"type": "integer"},
        "lessons_completed": {"type": "integer"},
        "assessed": {"type": "integer"},
        "completed": {"type": "integer"},
        "confirmed": {"type": "integer"},
        "certified": {"type": "integer"},
        "completion_rate": {"type": "number"},
    },
}

PERSON = {
    "type": "object",
    "required": ["id", "username", "full_name", "unit", "progress_percent", "confirmed_at", "certificate_serial"],
    "properties": {
        "id": {"type": "integer"},
        "username": {"type": "string"},
        "full_name": {"type": "string"},
        "unit": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
        "staff_category": {"type": ["string", "null"]},
        "progress_percent": {"type": ["integer", "null"]},
        "last_activity_at": {"type": ["string", "null"], "format": "date-time"},
        "best_percent": {"type": ["number", "null"]},
        "confirmed_at": {"type": ["string", "null"], "format": "date-time"},
        "certificate_serial": {"type": ["string", "null"]},
    },
}

STATUSES = [
    "all",
    "not_enrolled",
    "not_started",
    "in_progress",
    "completed",
    "assessed",
    "not_completed",
    "confirmed",
    "certified",
]

PATHS: dict[str, Any] = {
    "/stats/units": {
        "get": {
            "summary": "Số liệu theo đơn vị trực thuộc (kèm tổng của đơn vị cha)",
            "parameters": [{"name": "parent", "in": "query", "schema": {"type": "string", "maxLength": 40}}],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["parent", "items"],
                        "properties": {
                            "parent": ROW,
                            "items": {"type": "array", "items": ROW},
                            "by_category": {"type": "array", "items": ROW},
                        },
                    },
                    "Số liệu",
                ),
                **error_refs("400", "401", "403", "404"),
            },
        }
    },
    "/stats/people": {
        "get": {
            "summary": "Danh sách người theo tình trạng (phân trang)",
            "parameters": [
                {"name": "unit", "in": "query", "schema": {"type": "string", "maxLength": 40}},
                {"name": "status", "in": "query", "schema": {"type": "string", "enum": STATUSES}},
                {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100}},
                {"$ref": "#/components/parameters/page"},
                {"$ref": "#/components/parameters/per_page"},
            ],
            "responses": {
                "200": json_response(
                    page_of(PERSON),
                    "Một trang",
                ),
                **error_refs("400", "401", "403", "404", "422"),
            },
        }
    },
}


IMPORT_RESULT = {
    "type": "object",
    "required": ["created", "updated", "unchanged", "errors"],
    "properties": {
        "created": {"type": "integer"},
        "updated": {"type": "integer"},
        "unchanged": {"type": "integer"},
        "deactivated": {"type": "integer"},
        "enrolled": {"type": "integer"},
        "written": {"type": "boolean"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["row", "field", "message"],
                "properties": {"row": {"type": "integer"}, "field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}

PATHS["/admin/users/import"] = {
    "post": {
        "summary": "Nhập danh sách cán bộ từ CSV/XLSX (quản trị viên)",
        "parameters": [
            {"name": name, "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}}
            for name in ("dry_run", "partial", "deactivate_missing")
        ],
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                }
            },
        },
        "responses": {
            "200": json_response(IMPORT_RESULT, "Kết quả (hoặc kết quả kiểm tra)"),
            "422": json_response(IMPORT_RESULT, "Tệp có lỗi; không ghi gì"),
            **error_refs("400", "401", "403", "413", "429"),
        },
    }
}
