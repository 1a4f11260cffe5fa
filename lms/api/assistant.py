"""API: assistant (see docs_assistant.py)."""

from lms.api.core import bp  # noqa: F401
