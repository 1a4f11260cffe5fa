"""OpenAPI paths for courses, lessons and enrolments."""

from typing import Any

from lms.api.docs_common import error_refs, json_response, page_of, path_id

PROGRESS = {"progress_percent": {"type": "integer", "minimum": 0, "maximum": 100}, "completed": {"type": "boolean"}}

COURSE_ITEM = {
    "type": "object",
    "required": ["id", "slug", "title", "progress_percent", "completed", "deadline"],
    "properties": {
        "id": {"type": "integer"},
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "deadline": {"type": ["string", "null"], "format": "date"},
        "enrolled": {"type": "boolean"},
        **PROGRESS,
    },
}

COURSE_DETAIL = {
    "type": "object",
    "required": ["id", "title", "progress_percent", "completed", "modules"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "next_lesson_id": {"type": ["integer", "null"]},
        **PROGRESS,
        "modules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "title", "area", "lessons", "quizzes"],
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "area": {"type": ["string", "null"]},
                    "required": {"type": "boolean"},
                    "lessons": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "title", "completed"],
                            "properties": {
                                "id": {"type": "integer"},
                                "title": {"type": "string"},
                                "completed": {"type": "boolean"},
                                "required": {"type": "boolean"},
                            },
                        },
                    },
                    "quizzes": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
    },
}

LESSON = {
    "type": "object",
    "required": ["id", "title", "module_id", "minutes", "body_html", "completed"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "module_id": {"type": "integer"},
        "minutes": {"type": "integer"},
        "body_html": {"type": "string"},
        "completed": {"type": "boolean"},
    },
}

NEW_COURSE = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"type": "string", "maxLength": 200},
        "published": {"type": "boolean"},
        "modules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": {"type": "string", "maxLength": 200},
                    "area": {"type": "string", "maxLength": 10},
                    "lessons": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["title"],
                            "properties": {
                                "title": {"type": "string", "maxLength": 200},
                                "body_markdown": {"type": "string"},
                                "minutes": {"type": "integer", "minimum": 0},
                            },
                        },
                    },
                },
            },
        },
    },
}

ENROLMENTS = {
    "type": "object",
    "properties": {
        "unit_codes": {"type": "array", "items": {"type": "string"}},
        "staff_categories": {"type": "array", "items": {"type": "string"}},
        "usernames": {"type": "array", "items": {"type": "string"}},
        "deadline": {"type": "string", "format": "date"},
    },
}

PATHS: dict[str, Any] = {
    "/courses": {
        "get": {
            "summary": "Khóa học của tôi và khóa học mở",
            "responses": {
                "200": json_response(
                    page_of(COURSE_ITEM),
                    "Danh sách khóa học",
                ),
                **error_refs("401", "403"),
            },
        },
        "post": {
            "summary": "Tạo khóa học cùng học phần và bài học (giảng viên, quản trị)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": NEW_COURSE}}},
            "responses": {
                "201": json_response(
                    {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}, "Đã tạo"
                ),
                **error_refs("400", "401", "403", "422"),
            },
        },
    },
    "/courses/{course_id}": {
        "get": {
            "summary": "Một khóa học với tiến độ của tôi",
            "parameters": [path_id("course_id")],
            "responses": {"200": json_response(COURSE_DETAIL, "Khóa học"), **error_refs("401", "403", "404")},
        }
    },
    "/courses/{course_id}/enrolments": {
        "post": {
            "summary": "Giao khóa học cho đơn vị, đối tượng hoặc từng người",
            "parameters": [path_id("course_id")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": ENROLMENTS}}},
            "responses": {
                "200": json_response(
                    {"type": "object", "required": ["enrolled"], "properties": {"enrolled": {"type": "integer"}}},
                    "Số người được ghi danh thêm",
                ),
                **error_refs("400", "401", "403", "404", "422"),
            },
        }
    },
    "/lessons/{lesson_id}": {
        "get": {
            "summary": "Một bài học",
            "parameters": [path_id("lesson_id")],
            "responses": {"200": json_response(LESSON, "Bài học"), **error_refs("401", "403", "404")},
        }
    },
    "/lessons/{lesson_id}/complete": {
        "post": {
            "summary": "Đánh dấu đã học xong (lặp lại không sao)",
            "parameters": [path_id("lesson_id")],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["course_id", "progress_percent", "completed"],
                        "properties": {
                            "course_id": {"type": "integer"},
                            "items_done": {"type": "integer"},
                            "items_total": {"type": "integer"},
                            **PROGRESS,
                        },
                    },
                    "Tiến độ khóa học",
                ),
                **error_refs("401", "403", "404"),
            },
        }
    },
}
