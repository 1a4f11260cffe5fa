"""Domain errors raised by services, and the HTML/JSON error pages."""

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.extensions import db

log = logging.getLogger(__name__)


class LMSError(Exception):
    """A rule was broken; `message` is Vietnamese text fit to show the user."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(LMSError):
    status = 422
    code = "validation_failed"


class NotFound(LMSError):
    status = 404
    code = "not_found"


class Forbidden(LMSError):
    status = 403
    code = "forbidden"


class Conflict(LMSError):
    status = 409
    code = "conflict"


class TooManyAttempts(LMSError):
    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


#: Vietnamese text and error code for each HTTP status the app answers with.
HTTP_MESSAGES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("unauthorized", "Bạn cần đăng nhập (thiếu hoặc sai mã truy cập)."),
    403: ("forbidden", "Bạn không có quyền truy cập trang hoặc chức năng này."),
    404: ("not_found", "Không tìm thấy trang hoặc dữ liệu yêu cầu."),
    405: ("method_not_allowed", "Phương thức yêu cầu không được hỗ trợ."),
    409: ("conflict", "Yêu cầu xung đột với trạng thái hiện tại của dữ liệu."),
    413: ("payload_too_large", "Dữ liệu gửi lên quá lớn."),
    415: ("unsupported_media_type", "Định dạng dữ liệu không được hỗ trợ."),
    422: ("validation_failed", "Dữ liệu không hợp lệ."),
    429: ("too_many_requests", "Bạn đã thử quá nhiều lần. Vui lòng chờ rồi thử lại."),
    500: ("server_error", "Đã có lỗi trong hệ thống. Vui lòng thử lại sau."),
}


CSRF_MESSAGE = (
    "Trang này đã mở từ phiên đăng nhập trước nên chưa gửi được. "
    "Vui lòng tải lại trang rồi gửi lại; câu trả lời chưa lưu vẫn được giữ trên máy."
)
SESSION_EXPIRED_MESSAGE = (
    "Phiên đăng nhập đã kết thúc. Vui lòng đăng nhập lại; câu trả lời chưa lưu vẫn được giữ trên máy."
)


def wants_json() -> bool:
    """The API, and the pages' own JSON calls (quiz autosave), get errors as JSON."""
    return request.path.startswith("/api/") or request.is_json or request.accept_mimetypes.best == "application/json"


def error_json(status: int, code: str, message: str, fields: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Build the API error body: {"error": {"code", "message", "fields"}}."""
    body: dict[str, object] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(error=body), status


def _render(status: int, message: str | None = None, fields: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    code, default = HTTP_MESSAGES.get(status, HTTP_MESSAGES[500])
    if wants_json():
        return error_json(status, code, message or default, fields)
    template = f"errors/{status}.html" if status in (403, 404, 429) else "errors/generic.html"
    return render_template(template, status=status, message=message or default), status


def register_errors(app: Flask) -> None:
    @app.errorhandler(LMSError)
    def handle_domain_error(error: LMSError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        if wants_json():
            body, status = error_json(error.status, error.code, error.message, error.fields)
        else:
            body, status = _render(error.status, error.message)
        headers = {"Retry-After": str(error.retry_after)} if isinstance(error, TooManyAttempts) else {}
        return body, status, headers

    @app.errorhandler(CSRFError)
    def handle_csrf(error: CSRFError):  # type: ignore[no-untyped-def]
        # A page kept open across a sign-out or a new session: say so, so the quiz keeps its unsent answers.
        if wants_json():
            return error_json(400, "csrf_invalid", CSRF_MESSAGE)
        return _render(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):  # type: ignore[no-untyped-def]
        # Werkzeug's English descriptions are never shown: every status gets Vietnamese text.
        body, status = _render(error.code or 500)
        headers = {}
        if error.code == 405 and error.valid_methods:  # type: ignore[attr-defined]
            headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return body, status, headers

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):  # type: ignore[no-untyped-def]
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _render(500)
