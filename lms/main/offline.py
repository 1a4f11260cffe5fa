"""Offline reading: the service worker script, served from the site root, and the "no connection" page."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template

from lms.browser import file_version

bp = Blueprint("offline", __name__)


@cache
def static_build(static_folder: str) -> str:
    """One hash over every static file's version.

    Stamped into the worker so that its bytes change whenever CSS or JS change: the browser then installs the
    new worker, which re-saves the offline page with the new file URLs and drops the old files.
    """
    root = Path(static_folder)
    names = sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
    joined = ",".join(f"{name}={file_version(static_folder, name)}" for name in names)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


@bp.get("/sw.js")
def service_worker():  # type: ignore[no-untyped-def]
    """The worker must live at the root (not under /static/) to control every page, and must never be cached
    for long, or a fixed worker would take a year to reach people."""
    static_folder = str(current_app.static_folder)
    script = (Path(static_folder) / "js" / "sw.js").read_text(encoding="utf-8")
    body = f"/* build {static_build(static_folder)} */\n{script}"
    response = Response(body, mimetype="application/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.cache_control.no_cache = True
    return response


@bp.get("/offline")
def page():  # type: ignore[no-untyped-def]
    """Shown by the service worker when a page is neither reachable nor saved. The list of saved lessons is
    filled in on the device by app.js; the server puts nothing personal here (the worker fetches it signed out)."""
    return render_template("offline.html")
