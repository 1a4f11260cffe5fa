"""Refuse NUL characters at the door, on every page and endpoint.

PostgreSQL text cannot hold them, so they would otherwise fail deep inside as a server error (500).
"""

from typing import Any

from flask import Flask, request

from lms.errors import LMSError, NotFound

NUL = "\x00"


def has_nul(value: Any) -> bool:
    """Whether a JSON value holds a NUL character in any string, key or item."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


def register_input_guard(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters() -> None:
        """In the path no resource can have one (404); in the query, form fields or JSON body the input is bad (400)."""
        if NUL in request.path:
            raise NotFound("Không tìm thấy dữ liệu yêu cầu.")
        fields = [*request.args.items(multi=True), *request.form.items(multi=True)]
        if any(has_nul(key) or has_nul(value) for key, value in fields) or (
            request.is_json and has_nul(request.get_json(silent=True))
        ):
            raise LMSError("Dữ liệu gửi lên có ký tự NUL (mã 0), không hợp lệ.")
