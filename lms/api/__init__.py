"""JSON API v1 (see shared docs api.md) and its OpenAPI document."""

from lms.api import admin, assistant, auth, certificates, courses, docs, learning_path, org, quizzes, stats  # noqa: F401  (import registers the routes on bp)
from lms.api.core import bp

__all__ = ["bp"]
