"""Pages of the placement check and learning path."""

from flask import Blueprint

bp = Blueprint("learning_path", __name__, url_prefix="/lo-trinh")
