"""OpenAPI paths for certificates."""

from typing import Any

from lms.api.docs_common import error_refs, json_response, page_of

CERTIFICATE = {
    "type": "object",
    "required": ["serial", "course_title", "issued_on", "score_percent", "grade", "status", "verify_url"],
    "properties": {
        "serial": {"type": "string"},
        "course_title": {"type": "string"},
        "issued_on": {"type": "string", "format": "date"},
        "score_percent": {"type": "number"},
        "grade": {"type": "string"},
        "status": {"type": "string", "enum": ["valid", "revoked", "superseded"]},
        "verify_url": {"type": "string"},
    },
}

SERIAL = {"name": "serial", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 40}}

PATHS: dict[str, Any] = {
    "/certificates": {
        "get": {
            "summary": "Giấy chứng nhận của tôi",
            "responses": {
                "200": json_response(
                    page_of(CERTIFICATE),
                    "Danh sách",
                ),
                **error_refs("401", "403"),
            },
        }
    },
    "/certificates/{serial}.pdf": {
        "get": {
            "summary": "Tải PDF (người được cấp, quản lý đơn vị, theo dõi, quản trị)",
            "parameters": [SERIAL],
            "responses": {
                "200": {
                    "description": "PDF",
                    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                },
                **error_refs("401", "403", "404"),
            },
        }
    },
    "/certificates/{serial}/verify": {
        "get": {
            "summary": "Kiểm tra công khai (cần mã kiểm tra `token` in trong mã QR)",
            "security": [],
            "parameters": [
                SERIAL,
                {"name": "token", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 64}},
            ],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": [
                            "valid",
                            "revoked",
                            "holder_name",
                            "unit_name",
                            "course_title",
                            "issued_on",
                            "score_percent",
                        ],
                        "properties": {
                            "valid": {"type": "boolean"},
                            "revoked": {"type": "boolean"},
                            "status": {"type": "string"},
                            "holder_name": {"type": "string"},
                            "unit_name": {"type": "string"},
                            "course_title": {"type": "string"},
                            "issued_on": {"type": "string", "format": "date"},
                            "score_percent": {"type": "number"},
                        },
                    },
                    "Trạng thái giấy",
                ),
                **error_refs("400", "404", "429"),
            },
        }
    },
}
