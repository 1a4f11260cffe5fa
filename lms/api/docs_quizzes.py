"""OpenAPI paths for quizzes, question import and attempts."""

from typing import Any

from lms.api.docs_common import PUBLIC_QUESTION, error_refs, json_response, path_id

ANSWER = {
    "oneOf": [
        {
            "type": "object",
            "required": ["option_ids"],
            "properties": {"option_ids": {"type": "array", "items": {"type": "integer"}}},
        },
        {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "maxLength": 2000}}},
    ]
}

ATTEMPT = {
    "type": "object",
    "required": ["attempt_id", "started_at", "deadline", "questions", "answers"],
    "properties": {
        "attempt_id": {"type": "integer"},
        "started_at": {"type": "string", "format": "date-time"},
        "deadline": {"type": ["string", "null"], "format": "date-time"},
        "questions": {"type": "array", "items": PUBLIC_QUESTION},
        "answers": {"type": "object", "additionalProperties": ANSWER},
    },
}

NEW_QUIZ = {
    "type": "object",
    "required": ["title", "course_id"],
    "properties": {
        "title": {"type": "string", "maxLength": 200},
        "course_id": {"type": "integer"},
        "module_id": {"type": "integer"},
        "kind": {"type": "string", "enum": ["module", "final"]},
        "pass_percent": {"type": "integer", "minimum": 0, "maximum": 100},
        "time_limit_s": {"type": ["integer", "null"], "minimum": 60},
        "max_attempts": {"type": ["integer", "null"], "minimum": 1},
        "shuffle": {"type": "boolean"},
        "opens_at": {"type": "string", "format": "date-time"},
        "closes_at": {"type": "string", "format": "date-time"},
        "review_policy": {"type": "string", "enum": ["score_only", "full", "after_close"]},
        "questions": {"type": "array", "items": {"type": "integer"}},
        "draw": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["area", "count"],
                "properties": {
                    "area": {"type": "string"},
                    "competency": {"type": "string", "description": "Chỉ rút câu của năng lực này (ví dụ AT.2)"},
                    "count": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
}

IMPORT_RESULT = {
    "type": "object",
    "required": ["imported", "skipped", "errors", "question_ids"],
    "properties": {
        "imported": {"type": "integer"},
        "skipped": {"type": "integer"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["line", "message"],
                "properties": {"line": {"type": "integer"}, "message": {"type": "string"}},
            },
        },
        "question_ids": {"type": "array", "items": {"type": "integer"}},
        "warnings": {
            "type": "array",
            "description": "Nhận xét của bộ kiểm tra chất lượng câu hỏi (không chặn việc nhập)",
            "items": {
                "type": "object",
                "required": ["question", "severity", "code", "message"],
                "properties": {
                    "question": {"type": "string"},
                    "severity": {"type": "string", "enum": ["error", "warning"]},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

PATHS: dict[str, Any] = {
    "/quizzes": {
        "post": {
            "summary": "Tạo bài kiểm tra (câu hỏi cố định hoặc rút theo lĩnh vực)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": NEW_QUIZ}}},
            "responses": {
                "201": json_response(
                    {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}, "Đã tạo"
                ),
                **error_refs("400", "401", "403", "404", "422"),
            },
        }
    },
    "/questions/import": {
        "post": {
            "summary": "Nhập câu hỏi từ tệp GIFT, Aiken, CSV hoặc XLSX",
            "parameters": [{"name": "dry_run", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}}],
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file", "bank"],
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "bank": {"type": "string", "maxLength": 120},
                                "format": {"type": "string", "enum": ["gift", "aiken", "csv", "xlsx"]},
                                "area": {"type": "string"},
                                "pool": {"type": "string", "enum": ["practice", "final"]},
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": json_response(IMPORT_RESULT, "Kết quả nhập (hoặc kiểm tra)"),
                "422": json_response(
                    {"oneOf": [IMPORT_RESULT, {"$ref": "#/components/schemas/Error"}]},
                    "Tệp có lỗi (không nhập câu nào), hoặc định dạng, ngân hàng, lĩnh vực không hợp lệ",
                ),
                **error_refs("400", "401", "403", "413", "429"),
            },
        }
    },
    "/quizzes/{quiz_id}/attempts": {
        "post": {
            "summary": "Bắt đầu hoặc làm tiếp lượt làm bài (không chứa đáp án)",
            "parameters": [path_id("quiz_id")],
            "responses": {"200": json_response(ATTEMPT, "Lượt làm bài"), **error_refs("401", "403", "404", "409")},
        }
    },
    "/attempts/{attempt_id}/answers/{question_id}": {
        "put": {
            "summary": "Lưu một câu trả lời (lưu lại nhiều lần không sao)",
            "parameters": [path_id("attempt_id"), path_id("question_id")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": ANSWER}}},
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["saved", "question_id", "saved_at"],
                        "properties": {
                            "saved": {"type": "boolean"},
                            "question_id": {"type": "integer"},
                            "saved_at": {"type": "string", "format": "date-time"},
                        },
                    },
                    "Đã lưu",
                ),
                **error_refs("400", "401", "403", "404", "409", "413"),
            },
        }
    },
    "/attempts/{attempt_id}/submit": {
        "post": {
            "summary": "Nộp bài và chấm điểm (gọi lại trả cùng kết quả)",
            "parameters": [path_id("attempt_id")],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["score", "max_score", "percent", "passed", "certificate"],
                        "properties": {
                            "score": {"type": "number"},
                            "max_score": {"type": "number"},
                            "percent": {"type": "number"},
                            "passed": {"type": "boolean"},
                            "certificate": {
                                "oneOf": [
                                    {"type": "null"},
                                    {
                                        "type": "object",
                                        "required": ["serial", "verify_url"],
                                        "properties": {"serial": {"type": "string"}, "verify_url": {"type": "string"}},
                                    },
                                ]
                            },
                        },
                    },
                    "Kết quả",
                ),
                **error_refs("401", "403", "404"),
            },
        }
    },
}
