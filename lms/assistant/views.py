"""Pages of the learning assistant: ask a question, read the answer with links to the lessons."""

import click
from flask import Blueprint, current_app, render_template, request
from flask_login import login_required

from lms.assistant import services
from lms.assistant.index import rebuild_index
from lms.assistant.llm import settings_from
from lms.assistant.messages import MODEL_MESSAGES, REASON_MESSAGES
from lms.errors import ValidationFailed
from lms.extensions import db
from lms.models import now_utc
from lms.permissions import current_account

bp = Blueprint("assistant", __name__, url_prefix="/tro-ly")


@bp.get("/")
@login_required
def ask():  # type: ignore[no-untyped-def]
    """Answer the question in ?q= from the course content, with links to the lessons."""
    question = request.args.get("q", "")
    reply, error = None, None
    if question.strip():
        try:
            reply = services.ask(db.session, current_account(), question, now_utc(), settings_from(current_app.config))
            db.session.commit()
        except ValidationFailed as failure:
            db.session.rollback()
            error = failure.message
    return render_template(
        "assistant/ask.html",
        q=question[: services.MAX_QUESTION],
        reply=reply,
        error=error,
        reason_messages=REASON_MESSAGES,
        model_messages=MODEL_MESSAGES,
        max_length=services.MAX_QUESTION,
    )


@bp.cli.command("reindex")
def reindex_command() -> None:
    """Cut every lesson into passages for the learning assistant again."""
    report = rebuild_index(db.session)
    db.session.commit()
    click.echo(
        f"Trợ lý học tập: {report.passages} đoạn từ {report.lessons} bài học ({report.changed_lessons} bài thay đổi)."
    )
