"""GET /api/openapi.json — the OpenAPI 3.1 document of the whole API."""

from typing import Any

from flask import jsonify

from lms.api.core import bp
from lms.api.docs_assistant import PATHS as ASSISTANT_PATHS
from lms.api.docs_certificates import PATHS as CERTIFICATE_PATHS
from lms.api.docs_common import page_of
from lms.api.docs_courses import PATHS as COURSE_PATHS
from lms.api.docs_learning_path import PATHS as LEARNING_PATH_PATHS
from lms.api.docs_quizzes import PATHS as QUIZ_PATHS
from lms.api.docs_stats import PATHS as STATS_PATHS


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {
    "400": _error_response("Dữ liệu gửi lên không hợp lệ"),
    "401": _error_response("Thiếu hoặc sai mã truy cập"),
    "403": _error_response("Không có quyền, hoặc cần đổi mật khẩu trước"),
    "404": _error_response("Không tìm thấy"),
    "409": _error_response("Xung đột trạng thái (đã nộp, hết giờ, hết lượt)"),
    "413": _error_response("Dữ liệu quá lớn"),
    "422": _error_response("Nội dung không đạt yêu cầu"),
    "429": _error_response("Thử quá nhiều lần; xem Retry-After"),
}

USER = {
    "type": "object",
    "required": ["id", "username", "full_name", "unit", "staff_category", "roles", "must_change_password"],
    "properties": {
        "id": {"type": "integer"},
        "username": {"type": "string"},
        "full_name": {"type": "string"},
        "unit": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["code", "name"],
                    "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
                },
            ]
        },
        "staff_category": {
            "oneOf": [
                {"type": "null"},
                {"type": "string", "enum": ["can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach"]},
            ]
        },
        "roles": {
            "type": "array",
            "items": {"type": "string", "enum": ["learner", "trainer", "manager", "monitor", "admin"]},
        },
        "must_change_password": {"type": "boolean"},
    },
}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "KNS LMS API",
        "version": "1.0.0",
        "description": "API của nền tảng bồi dưỡng kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                        },
                    }
                },
            },
            "User": USER,
            "Unit": {
                "type": "object",
                "required": ["code", "name", "kind", "active"],
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "kind": {
                        "type": "string",
                        "enum": ["province", "commune", "ward", "special_zone", "department", "sub_unit"],
                    },
                    "active": {"type": "boolean"},
                },
            },
        },
        "responses": {f"E{code}": response for code, response in ERRORS.items()},
        "parameters": {
            "page": {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
            "per_page": {
                "name": "per_page",
                "in": "query",
                "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
            },
        },
    },
    "paths": {
        "/auth/token": {
            "post": {
                "summary": "Đăng nhập, nhận mã truy cập",
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["username", "password"],
                                "properties": {
                                    "username": {"type": "string", "maxLength": 64},
                                    "password": {"type": "string", "maxLength": 128},
                                    "otp": {
                                        "type": "string",
                                        "maxLength": 16,
                                        "description": "Mã 6 số của ứng dụng xác thực, khi tài khoản bật xác thực "
                                        "hai bước (401 `otp_required` nếu thiếu, `invalid_otp` nếu sai).",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "Mã truy cập",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["token", "expires_at", "user"],
                                    "properties": {
                                        "token": {"type": "string"},
                                        "expires_at": {"type": "string", "format": "date-time"},
                                        "user": {"$ref": "#/components/schemas/User"},
                                    },
                                }
                            }
                        },
                    },
                    **{k: ERRORS[k] for k in ("400", "401", "403", "429")},
                },
            },
            "delete": {
                "summary": "Thu hồi mã truy cập đang dùng (đăng xuất)",
                "responses": {"204": {"description": "Đã thu hồi"}, "401": ERRORS["401"]},
            },
        },
        "/me": {
            "get": {
                "summary": "Thông tin người đang đăng nhập",
                "responses": {
                    "200": {
                        "description": "Người dùng",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}},
                    },
                    "401": ERRORS["401"],
                },
            }
        },
        "/units": {
            "get": {
                "summary": "Các đơn vị trong phạm vi được xem (phân trang)",
                "parameters": [
                    {"$ref": "#/components/parameters/page"},
                    {"$ref": "#/components/parameters/per_page"},
                    {"name": "parent", "in": "query", "schema": {"type": "string", "maxLength": 40}},
                ],
                "responses": {
                    "200": {
                        "description": "Một trang đơn vị",
                        "content": {"application/json": {"schema": page_of({"$ref": "#/components/schemas/Unit"})}},
                    },
                    **{k: ERRORS[k] for k in ("400", "401", "403", "404")},
                },
            }
        },
        "/me/password": {
            "post": {
                "summary": "Đổi mật khẩu",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["current_password", "new_password"],
                                "properties": {
                                    "current_password": {"type": "string", "maxLength": 128},
                                    "new_password": {"type": "string", "maxLength": 128},
                                },
                            }
                        }
                    },
                },
                "responses": {"204": {"description": "Đã đổi"}, **{k: ERRORS[k] for k in ("400", "401", "422")}},
            }
        },
    },
}


SPEC["paths"].update(COURSE_PATHS)
SPEC["paths"].update(QUIZ_PATHS)
SPEC["paths"].update(CERTIFICATE_PATHS)
SPEC["paths"].update(STATS_PATHS)
SPEC["paths"].update(LEARNING_PATH_PATHS)
SPEC["paths"].update(ASSISTANT_PATHS)


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    """Serve the OpenAPI 3.1 document."""
    return jsonify(SPEC)
