"""Authoring pages, one module per job, all on the one `authoring` blueprint (authors only, see `blueprint`).

`course_pages` write, publish and assign courses · `outline` add, edit, order and retire modules and lessons.
Importing this package registers every route on `bp`.
"""

from courses.authoring_views import course_pages, outline  # noqa: F401 — each module registers its routes
from courses.authoring_views.blueprint import bp

__all__ = ["bp"]
