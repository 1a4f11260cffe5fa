"""Trainer pages for question banks, quiz settings and results (being written)."""

from flask import Blueprint

bp = Blueprint("quiz_admin", __name__, url_prefix="/manage/quizzes")
