"""Request rate limits (Flask-Limiter), counted in shared storage so they hold across every app process.

Production points LMS_RATELIMIT_STORAGE_URI at Redis (redis://127.0.0.1:6379); development and tests count in
memory. The per-username lock-out after failed sign-ins (lms/auth/throttle.py) is separate and lives in the
database: it protects an account, these protect the service.
"""

from collections.abc import Callable

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def _configured(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


#: Web sign-in and API tokens share one budget per address.
sign_in = limiter.shared_limit(_configured("RATELIMIT_SIGN_IN"), scope="sign-in", methods=["POST"])
#: Public certificate look-ups (page and API), so nobody can sweep the register.
verify = limiter.shared_limit(_configured("RATELIMIT_VERIFY"), scope="verify")
#: Spreadsheet and question-bank imports (heavy requests).
imports = limiter.shared_limit(_configured("RATELIMIT_IMPORT"), scope="import", methods=["POST"])
