"""OpenAPI paths for the assistant endpoints."""

from typing import Any

from lms.api.docs_common import error_refs, json_response

ASK = {
    "type": "object",
    "required": ["question"],
    "properties": {
        "question": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500,
            "description": "Câu hỏi tiếng Việt, có dấu hoặc không dấu.",
        }
    },
}

PASSAGE = {
    "type": "object",
    "required": ["lesson_id", "lesson_title", "course_id", "heading", "excerpt", "url", "score"],
    "properties": {
        "lesson_id": {"type": "integer"},
        "lesson_title": {"type": "string"},
        "course_id": {"type": "integer"},
        "course_title": {"type": "string"},
        "heading": {"type": "string", "description": "Mục (tiêu đề “##”) của bài chứa đoạn trích."},
        "excerpt": {"type": "string"},
        "url": {"type": "string", "description": "Đường dẫn tới trang bài học."},
        "score": {"type": "number", "description": "Điểm liên quan BM25 (càng lớn càng sát)."},
    },
}

REPLY = {
    "type": "object",
    "required": ["question", "answer", "refused", "reason", "passages"],
    "properties": {
        "question": {"type": "string"},
        "answer": {
            "type": ["string", "null"],
            "description": "Câu trả lời ngắn do mô hình ngôn ngữ soạn (khi được cấu hình), trích nguồn dạng [1], [2] "
            "— [n] là phần tử thứ n của passages. null khi không có mô hình hoặc mô hình lỗi.",
        },
        "refused": {
            "type": "boolean",
            "description": "true khi trợ lý từ chối vì người hỏi đang làm bài kiểm tra.",
        },
        "reason": {
            "type": ["string", "null"],
            "enum": ["final_in_progress", "quiz_question", "no_answer", None],
            "description": "final_in_progress: đang làm bài kiểm tra cuối khóa; quiz_question: câu hỏi trùng bài "
            "luyện tập đang làm; no_answer: nội dung khóa học chưa có câu trả lời.",
        },
        "message": {"type": ["string", "null"], "description": "Lời giải thích tiếng Việt cho người học."},
        "model": {"type": "string", "enum": ["off", "used", "unavailable", "rate_limited", "skipped"]},
        "cited": {"type": "array", "items": {"type": "integer"}, "description": "Các số [n] câu trả lời trích."},
        "passages": {"type": "array", "items": PASSAGE},
    },
}

PATHS: dict[str, Any] = {
    "/assistant/ask": {
        "post": {
            "summary": "Hỏi trợ lý học tập (trả lời từ nội dung bài học tôi được xem)",
            "description": "Không bao giờ trả đáp án của ngân hàng câu hỏi. Khi người hỏi đang làm bài kiểm tra "
            "cuối khóa, trợ lý từ chối; khi đang làm bài luyện tập, trợ lý từ chối các câu hỏi trùng bài đó.",
            "requestBody": {"required": True, "content": {"application/json": {"schema": ASK}}},
            "responses": {
                "200": json_response(REPLY, "Câu trả lời, hoặc lời từ chối"),
                **error_refs("400", "401", "403", "422"),
            },
        }
    }
}
