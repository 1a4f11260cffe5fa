"""Import every model module so the metadata (and Alembic) sees all tables."""

from courses import models as courses_models  # noqa: F401
from lms import audit  # noqa: F401
from lms.assistant import models as assistant_models  # noqa: F401
from lms.auth import models as auth_models  # noqa: F401
from lms.certificates import models as certificate_models  # noqa: F401
from lms.learning_path import models as learning_path_models  # noqa: F401
from lms.org import models as org_models  # noqa: F401
from quizzes import models as quizzes_models  # noqa: F401
