"""Placement check and personal learning path."""

from flask import Flask


def register(app: Flask) -> None:
    """Plug the learning path into quizzes (recalculated after every graded attempt)."""
