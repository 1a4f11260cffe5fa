"""API: the learning assistant."""

from flask import current_app, url_for
from flask.typing import ResponseReturnValue

from lms.api.core import api_user, bp, respond
from lms.api.openapi import operation
from lms.api.schemas.assistant import Ask, Passage, Reply
from lms.assistant import services
from lms.assistant.llm import settings_from
from lms.assistant.messages import MODEL_MESSAGES, REASON_MESSAGES
from lms.extensions import db
from lms.models import now_utc
from lms.validation import read_json


def reply_out(reply: services.Reply) -> Reply:
    """The reply; passage n (from 1) is the source the answer cites as [n]."""
    message = REASON_MESSAGES.get(reply.reason) if reply.reason else MODEL_MESSAGES.get(reply.model)
    return Reply(
        question=reply.question,
        answer=reply.answer,
        refused=reply.refused,
        reason=reply.reason,
        message=str(message) if message else None,
        model=reply.model,
        cited=reply.cited,
        passages=[
            Passage(
                lesson_id=s.lesson_id,
                lesson_title=s.lesson_title,
                course_id=s.course_id,
                course_title=s.course_title,
                heading=s.heading,
                excerpt=s.excerpt,
                url=url_for("courses.lesson", course_id=s.course_id, lesson_id=s.lesson_id),
                score=s.score,
            )
            for s in reply.sources
        ],
    )


@bp.post("/v1/assistant/ask")
@operation(
    "Hỏi trợ lý học tập (trả lời từ nội dung bài học tôi được xem)",
    tag="assistant",
    json=Ask,
    ok=(200, Reply, "Câu trả lời, hoặc lời từ chối"),
    errors=(400, 401, 403, 422),
    description="Không bao giờ trả đáp án của ngân hàng câu hỏi. Khi người hỏi đang làm bài kiểm tra cuối khóa, "
    "trợ lý từ chối; khi đang làm bài luyện tập, trợ lý từ chối các câu hỏi trùng bài đó.",
)
def assistant_ask() -> ResponseReturnValue:
    """Answer a question from the course content this person may see."""
    question = read_json(Ask).question
    reply = services.ask(db.session, api_user(), question, now_utc(), settings_from(current_app.config))
    db.session.commit()
    return respond(reply_out(reply))
