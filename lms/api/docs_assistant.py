"""OpenAPI paths for the assistant endpoints."""

from typing import Any

PATHS: dict[str, Any] = {}
