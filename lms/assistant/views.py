"""Pages of the learning assistant."""

from flask import Blueprint

bp = Blueprint("assistant", __name__, url_prefix="/tro-ly")
