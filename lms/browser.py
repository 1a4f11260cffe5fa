"""What the browser keeps: fingerprinted static files cached for a year, idle sign-out, nothing left after logout."""

import hashlib
import time
from functools import cache
from pathlib import Path

from flask import Flask, Response, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from lms.errors import SESSION_EXPIRED_MESSAGE, error_json, wants_json

YEAR = 365 * 24 * 3600
#: Everything is served by the app itself, with no inline scripts or styles, so the policy can be strict.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
#: Public pages that show a person's name (a certificate checked from its QR code): no cache may keep them.
PUBLIC_PERSONAL_ENDPOINTS = frozenset({"certificates.verify", "api.verify"})
#: Nothing this app serves is for search engines: names, units and results are the officials' own.
ROBOTS = "noindex, nofollow, noarchive"
#: Only write the "last seen" time into the session cookie when it is older than this (seconds).
SEEN_RESOLUTION = 60


@cache
def file_version(static_folder: str, filename: str) -> str:
    """A short hash of a static file's content: a new file gets a new URL, so it can be cached for a year."""
    path = Path(static_folder) / filename
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "0"


def register_browser_rules(app: Flask) -> None:
    static_folder = str(app.static_folder)

    @app.url_defaults
    def add_static_version(endpoint: str, values: dict[str, object]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            values["v"] = file_version(static_folder, str(values["filename"]))

    secure = bool(app.config.get("SESSION_COOKIE_SECURE"))

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if secure:  # only behind HTTPS: tells browsers never to use plain HTTP for this site again
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @app.after_request
    def cache_headers(response: Response) -> Response:
        if request.endpoint == "static":
            if response.direct_passthrough and response.status_code == 200:
                # Read the small file now so the compressor gets bytes, not an open file it would leak.
                response.direct_passthrough = False
                response.set_data(response.get_data())
            if request.args.get("v"):
                response.cache_control.no_cache = None  # send_file's default; this URL never changes
                response.cache_control.public = True
                response.cache_control.max_age = YEAR
                response.cache_control.immutable = True
            else:
                response.cache_control.max_age = 300
            return response
        response.headers.setdefault("X-Robots-Tag", ROBOTS)
        if request.endpoint in PUBLIC_PERSONAL_ENDPOINTS:
            response.headers["Cache-Control"] = "no-store"
        elif "Cache-Control" in response.headers:
            pass  # the view chose (a picture cached privately, a download never stored)
        elif request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "private, no-store"  # JSON about people, read with a token
        elif response.mimetype == "text/html" and current_user.is_authenticated:
            # Pages with personal data: the browser must revalidate them, never serve them to the next person.
            response.cache_control.private = True
            response.cache_control.no_cache = True
        return response

    idle_seconds = app.config["IDLE_MINUTES"] * 60

    @app.before_request
    def sign_out_when_idle():  # type: ignore[no-untyped-def]
        if request.endpoint == "static" or request.path.startswith("/api/") or not current_user.is_authenticated:
            return None
        now = int(time.time())
        seen = session.get("seen")
        if seen is not None and now - int(seen) > idle_seconds:
            logout_user()
            session.clear()
            if wants_json():  # an autosave: a redirect to the sign-in page would look like success
                return error_json(401, "session_expired", SESSION_EXPIRED_MESSAGE)
            flash("Phiên làm việc đã hết do lâu không thao tác. Vui lòng đăng nhập lại.", "info")
            response = redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
            return response
        if seen is None or now - int(seen) > SEEN_RESOLUTION:
            session["seen"] = now
        return None
