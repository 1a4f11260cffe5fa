"""Request rate limits (Flask-Limiter), counted in shared storage so they hold across every app process.

Production points LMS_RATELIMIT_STORAGE_URI at Redis (redis://127.0.0.1:6379); development and tests count in
memory. The per-username lock-out after failed sign-ins (lms/auth/throttle.py) is separate and lives in the
database: it protects an account, these protect the service.
"""

from collections.abc import Callable

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

from lms.auth import services as auth_services
from lms.extensions import db

limiter = Limiter(key_func=get_remote_address)


def _configured(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


#: Web sign-in and API tokens share one budget per address.
sign_in = limiter.shared_limit(_configured("RATELIMIT_SIGN_IN"), scope="sign-in", methods=["POST"])
#: Public certificate look-ups (page and API), so nobody can sweep the register.
verify = limiter.shared_limit(_configured("RATELIMIT_VERIFY"), scope="verify")
def _unsigned() -> bool:
    """A request nobody signed (no session, no valid token) is answered as such — the sign-in page or 401 — and is
    not counted against the address's import budget (nor refused with 429 before it is told to sign in)."""
    if request.path.startswith("/api/"):
        token = auth_services.bearer_token(request.headers.get("Authorization", ""))
        return token is None or auth_services.find_token(db.session, token) is None
    return not current_user.is_authenticated


#: Spreadsheet and question-bank imports (heavy requests), counted for signed-in callers.
imports = limiter.shared_limit(
    _configured("RATELIMIT_IMPORT"), scope="import", methods=["POST"], exempt_when=_unsigned
)
