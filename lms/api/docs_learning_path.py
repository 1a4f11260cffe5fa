"""OpenAPI paths for the learning_path endpoints."""

from typing import Any

from lms.api.docs_common import PUBLIC_QUESTION, error_refs, json_response, path_id
from lms.api.docs_quizzes import ANSWER

LEVEL = {"type": ["string", "null"], "enum": ["needs", "progressing", "mastered", None]}

EVIDENCE = {
    "level": LEVEL,
    "level_label": {"type": "string", "description": "Cần học, Đang tiến bộ, Thành thạo hoặc Chưa đánh giá"},
    "source": {"type": ["string", "null"], "enum": ["placement", "module", "final", None]},
    "correct": {"type": ["number", "null"]},
    "total": {"type": ["integer", "null"]},
    "percent": {"type": ["number", "null"]},
    "rating": {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
    "updated_at": {"type": ["string", "null"], "format": "date-time"},
    "reason": {"type": "string", "description": "Lý do bằng tiếng Việt, ví dụ “Bạn trả lời đúng 2/2 câu …”"},
}

PLACEMENT = {
    "type": "object",
    "required": ["placement_id", "state", "started_at", "finished_at", "current_area", "areas", "results"],
    "properties": {
        "placement_id": {"type": "integer"},
        "state": {"type": "string", "enum": ["open", "submitted", "skipped"]},
        "started_at": {"type": "string", "format": "date-time"},
        "finished_at": {"type": ["string", "null"], "format": "date-time"},
        "current_area": {"type": ["string", "null"], "description": "Lĩnh vực cần làm tiếp (null khi đã xong)"},
        "areas": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "name", "rating", "done", "questions"],
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "rating": {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
                    "done": {"type": "boolean"},
                    "questions": {
                        "type": "array",
                        "items": PUBLIC_QUESTION,
                        "description": "Các câu còn phải trả lời của lĩnh vực (không có đáp án)",
                    },
                },
            },
        },
        "results": {
            "type": ["object", "null"],
            "additionalProperties": {
                "type": "object",
                "required": ["correct", "total", "rating", "level"],
                "properties": {
                    "correct": {"type": "integer"},
                    "total": {"type": "integer"},
                    "rating": {"type": "integer"},
                    "level": {"type": "string", "enum": ["needs", "progressing", "mastered"]},
                },
            },
        },
    },
}

AREA_ANSWERS = {
    "type": "object",
    "required": ["rating"],
    "properties": {
        "rating": {
            "type": "integer",
            "minimum": 1,
            "maximum": 4,
            "description": "1 Chưa biết, 2 Biết một chút, 3 Làm được, 4 Thành thạo",
        },
        "answers": {
            "type": "object",
            "description": "Mã câu hỏi → câu trả lời; câu bỏ trống được hiểu là “chưa biết”",
            "additionalProperties": {"oneOf": [{"type": "object", "maxProperties": 0}, ANSWER]},
        },
    },
}

PATHS: dict[str, Any] = {
    "/me/levels": {
        "get": {
            "summary": "Mức của tôi theo từng lĩnh vực năng lực, kèm lý do",
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["areas", "placement"],
                        "properties": {
                            "areas": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["code", "name", *EVIDENCE],
                                    "properties": {"code": {"type": "string"}, "name": {"type": "string"}, **EVIDENCE},
                                },
                            },
                            "placement": {
                                "oneOf": [
                                    {"type": "null"},
                                    {
                                        "type": "object",
                                        "required": ["placement_id", "state"],
                                        "properties": {
                                            "placement_id": {"type": "integer"},
                                            "state": {"type": "string", "enum": ["open", "submitted", "skipped"]},
                                        },
                                    },
                                ]
                            },
                        },
                    },
                    "Mức theo lĩnh vực",
                ),
                **error_refs("401", "403"),
            },
        }
    },
    "/placement": {
        "post": {
            "summary": "Bắt đầu hoặc làm tiếp phần tự đánh giá đầu vào (không chứa đáp án)",
            "responses": {
                "200": json_response(PLACEMENT, "Phần tự đánh giá"),
                **error_refs("401", "403", "409"),
            },
        }
    },
    "/placement/skip": {
        "post": {
            "summary": "Bỏ qua phần tự đánh giá",
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["placement_id", "state"],
                        "properties": {
                            "placement_id": {"type": "integer"},
                            "state": {"type": "string", "enum": ["skipped"]},
                        },
                    },
                    "Đã bỏ qua",
                ),
                **error_refs("401", "403"),
            },
        }
    },
    "/placement/{placement_id}": {
        "get": {
            "summary": "Xem phần tự đánh giá của tôi (để làm tiếp sau khi mất kết nối)",
            "parameters": [path_id("placement_id")],
            "responses": {
                "200": json_response(PLACEMENT, "Phần tự đánh giá"),
                **error_refs("401", "403", "404"),
            },
        }
    },
    "/placement/{placement_id}/areas/{area}": {
        "put": {
            "summary": "Lưu mức tự nhận và câu trả lời của một lĩnh vực",
            "description": (
                "Khi hai câu đầu một đúng một sai, lĩnh vực được hỏi thêm một câu (xuất hiện trong `questions`). "
                "Lĩnh vực cuối cùng xong thì phần tự đánh giá được chấm và mức của người học được cập nhật."
            ),
            "parameters": [
                path_id("placement_id"),
                {"name": "area", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 10}},
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": AREA_ANSWERS}}},
            "responses": {
                "200": json_response(PLACEMENT, "Đã lưu"),
                **error_refs("400", "401", "403", "404", "409", "413", "422"),
            },
        }
    },
    "/placement/{placement_id}/submit": {
        "post": {
            "summary": "Kết thúc phần tự đánh giá với các lĩnh vực đã làm (gọi lại trả cùng kết quả)",
            "parameters": [path_id("placement_id")],
            "responses": {
                "200": json_response(PLACEMENT, "Kết quả"),
                **error_refs("401", "403", "404", "409"),
            },
        }
    },
    "/courses/{course_id}/path": {
        "get": {
            "summary": "Lộ trình của tôi trong khóa học: phần chưa vững trước, phần thành thạo có thể đọc lướt",
            "parameters": [path_id("course_id")],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["course_id", "has_levels", "placement_state", "next_lesson_id", "modules"],
                        "properties": {
                            "course_id": {"type": "integer"},
                            "has_levels": {"type": "boolean"},
                            "placement_state": {
                                "type": ["string", "null"],
                                "enum": ["open", "submitted", "skipped", None],
                            },
                            "next_lesson_id": {"type": ["integer", "null"]},
                            "modules": {
                                "type": "array",
                                "description": "Theo thứ tự của lộ trình",
                                "items": {
                                    "type": "object",
                                    "required": ["id", "title", "area", "skim", "advice", *EVIDENCE],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "title": {"type": "string"},
                                        "area": {"type": ["string", "null"]},
                                        "skim": {"type": "boolean", "description": "Có thể đọc lướt"},
                                        "advice": {"type": "string"},
                                        **EVIDENCE,
                                    },
                                },
                            },
                        },
                    },
                    "Lộ trình",
                ),
                **error_refs("401", "403", "404"),
            },
        }
    },
}
