"""Trainer pages, one module per job, all on the one `quiz_admin` blueprint (authors only, see `blueprint`).

`banks` question banks: import, browse, export · `course_quizzes` a course's quizzes, their settings and results
with item analysis. Importing this package registers every route on `bp`.
"""

from quizzes.trainer_views import banks, course_quizzes  # noqa: F401 — each module registers its routes
from quizzes.trainer_views.blueprint import bp

__all__ = ["bp"]
