"""OpenAPI paths for the learning_path endpoints."""

from typing import Any

PATHS: dict[str, Any] = {}
