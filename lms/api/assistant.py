"""API: the learning assistant (see docs_assistant.py)."""

from typing import Any

from flask import current_app, jsonify, url_for

from lms.api.core import BadRequest, api_user, bp, json_body, token_required, typed_field
from lms.assistant import services
from lms.assistant.llm import settings_from
from lms.assistant.messages import MODEL_MESSAGES, REASON_MESSAGES
from lms.extensions import db
from lms.models import now_utc


def reply_json(reply: services.Reply) -> dict[str, Any]:
    """The reply as JSON; passage n (from 1) is the source the answer cites as [n]."""
    message = REASON_MESSAGES.get(reply.reason) if reply.reason else MODEL_MESSAGES.get(reply.model)
    return {
        "question": reply.question,
        "answer": reply.answer,
        "refused": reply.refused,
        "reason": reply.reason.value if reply.reason else None,
        "message": str(message) if message else None,
        "model": reply.model.value,
        "cited": reply.cited,
        "passages": [
            {
                "lesson_id": s.lesson_id,
                "lesson_title": s.lesson_title,
                "course_id": s.course_id,
                "course_title": s.course_title,
                "heading": s.heading,
                "excerpt": s.excerpt,
                "url": url_for("courses.lesson", course_id=s.course_id, lesson_id=s.lesson_id),
                "score": s.score,
            }
            for s in reply.sources
        ],
    }


@bp.post("/v1/assistant/ask")
@token_required
def assistant_ask():  # type: ignore[no-untyped-def]
    """Answer a question from the course content this person may see."""
    question = typed_field(json_body(), "question", str, required=True, max_length=services.MAX_QUESTION)
    if not question.strip():
        raise BadRequest("Câu hỏi không được để trống.", fields={"question": "Trường này là bắt buộc."})
    reply = services.ask(db.session, api_user(), question, now_utc(), settings_from(current_app.config))
    db.session.commit()
    return jsonify(reply_json(reply))
