"""API: learning_path (see docs_learning_path.py)."""

from lms.api.core import bp  # noqa: F401
