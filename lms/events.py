"""Every event that crosses packages, in one place (blinker signals, as Indico's `core/signals`).

A package sends an event where the thing happens and never imports the packages that react to it; the reacting
package connects its receiver in its own `receivers` module, which `create_app` imports. Receivers are plain
module-level functions, connected once per process, that read per-app settings from `current_app.config` at call
time — so two apps in one process never share a setting.

Notifications (`send`) ignore what receivers return. Questions (`ask`) collect it: a package that needs data owned
by another (how many required items a course has beyond its lessons, the quizzes to list on a course page) asks,
and the owner answers.
"""

from collections.abc import Iterator
from typing import Any

from blinker import Namespace, Signal

__all__ = ["Signal", "ask", "send"]

_signals = Namespace()

# --- notifications -------------------------------------------------------------------------------------------

attempt_graded = _signals.signal(
    "attempt-graded",
    doc="""An attempt was graded and closed (quizzes.services.submit_attempt). Sender: the Attempt; `session`.
    Received by the learning path, which recalculates the person's levels from the per-area scores.""",
)

enrolment_completed = _signals.signal(
    "enrolment-completed",
    doc="""An enrolment became complete: every required lesson and item done (courses.services). Sender: the
    Enrolment; `session`. Received by quizzes, which confirm a person who passed the final before finishing the
    lessons — so a confirmation, then a certificate, may follow.""",
)

person_confirmed = _signals.signal(
    "person-confirmed",
    doc="""A person was newly confirmed (đạt) against a framework version (quizzes.services.confirm). Sender: the
    Confirmation; `session`. Received by certificates, which issue the certificate at once.""",
)

# --- questions -------------------------------------------------------------------------------------------------

required_items = _signals.signal(
    "required-items",
    doc="""How many required items a course has beyond its lessons, and how many each person has done. Sender:
    the course id; `session`, `user_id` (None: everyone). Each receiver returns ({user_id: done}, items); quizzes
    answer with the course's final assessments (done when passed).""",
)

course_quizzes = _signals.signal(
    "course-quizzes",
    doc="""The quizzes to show on a course page for a person. Sender: the course id; `session`, `user_id`. Each
    receiver returns {module_id or None (course level): [quiz items]}; quizzes answer.""",
)

quiz_progress = _signals.signal(
    "quiz-progress",
    doc="""How many quizzes each course has and how many a person passed, for "3/32 bài học · 1/9 bài kiểm tra".
    Sender: a tuple of course ids; `session`, `user_id`. Each receiver returns {course_id: (passed, quizzes)};
    quizzes answer.""",
)

course_page_extras = _signals.signal(
    "course-page-extras",
    doc="""Extra template values for a course page. Sender: the Course; `user`, `outline`. Each receiver returns a
    dict merged into the page's values; the learning path adds the personal path.""",
)


def send(signal: Signal, sender: Any, **kwargs: Any) -> None:
    """Tell every receiver that something happened."""
    signal.send(sender, **kwargs)


def ask(signal: Signal, sender: Any, **kwargs: Any) -> Iterator[Any]:
    """What every receiver answers (None answers are dropped)."""
    for _receiver, value in signal.send(sender, **kwargs):
        if value is not None:
            yield value
