"""Pictures of the shipped question banks (`quizzes/banks/hinh/*.svg`), shown inside questions and reviews."""

import re
from pathlib import Path

from flask import Blueprint, Response
from flask.typing import ResponseReturnValue
from flask_login import login_required

from lms.errors import NotFound

IMAGES = Path(__file__).resolve().parent / "banks" / "hinh"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}\.svg$")

bp = Blueprint("question_media", __name__)


@bp.get("/hinh-cau-hoi/<name>")
@login_required
def image(name: str) -> ResponseReturnValue:
    """One picture; names are plain file names, so nothing outside the folder can be asked for."""
    if not _NAME.match(name) or not (IMAGES / name).is_file():
        raise NotFound("Không tìm thấy hình.")
    response = Response((IMAGES / name).read_bytes(), mimetype="image/svg+xml")
    # Opened on its own, an SVG is a document: it may not run scripts or load anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.cache_control.private = True
    response.cache_control.max_age = 24 * 3600
    return response
