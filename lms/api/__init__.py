"""JSON API v1 (see shared docs api.md) and its OpenAPI document (lms/api/openapi.py)."""

from lms.api import admin, assistant, auth, certificates, courses, learning_path, openapi, org, quizzes, stats  # noqa: F401  (import registers the routes on bp)
from lms.api.core import bp

__all__ = ["bp"]
