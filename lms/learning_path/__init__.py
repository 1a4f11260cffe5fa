"""Placement check and personal learning path."""

from flask import Flask


def register(app: Flask) -> None:
    """Expose the level permission to templates; the path's event receivers live in `receivers`."""
    from lms.learning_path.permissions import can_view_levels

    app.jinja_env.globals.update(can_view_levels=can_view_levels)
