"""Admin pages, one module per job, all on the one `admin` blueprint (admins only, see `blueprint`).

`home` the platform's totals · `people` people, their profiles and roles · `roster` roster import ·
`units` the unit tree · `audit` the audit log. Importing this package registers every route on `bp`.
"""

from lms.admin.views import audit, home, people, roster, units  # noqa: F401 — each module registers its routes
from lms.admin.views.blueprint import bp

__all__ = ["bp"]
