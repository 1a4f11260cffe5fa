"""Who may call which route: one short entry per endpoint of the URL map.

An entry names the actors who may call the endpoint (every method of it) and, where the defaults do not fit, how
its path and query arguments are filled from the world (tests/security/world.py). What the other actors get:

- anonymous: 302 to the sign-in page for HTML, 401 (error code "unauthorized") for /api;
- signed in but not allowed: 403 — or 404 where the app deliberately hides that the object exists (`deny=404`,
  or per actor in `hidden`); the denials that answer 404 are listed in HIDDEN_BY_404 below;
- allowed: never 401/403/404/405/5xx; a GET answers 2xx or a redirect that is not to the sign-in page; a POST/PUT/
  DELETE with an empty body may answer 400/409/422 or redirect (`ok` overrides this for special cases).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from tests.security.world import ACTORS, ADMIN, ANONYMOUS, LEARNER, MANAGER_IN, MANAGER_OUT, MONITOR, TRAINER

EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {ANONYMOUS}
OWNER = frozenset({LEARNER})  # the learner of unit A, who owns the attempt and the certificate
STUDENTS = frozenset({LEARNER, TRAINER, ADMIN})  # enrolled in the course, or may author it (can_study)
AUTHORS = frozenset({TRAINER, ADMIN})
ADMINS = frozenset({ADMIN})
SCOPE_A = frozenset({MANAGER_IN, MONITOR, ADMIN})  # may see unit A and its people
UNIT_BROWSERS = frozenset({MANAGER_IN, MANAGER_OUT, MONITOR, ADMIN})  # may browse some units
CERT_READERS = frozenset({LEARNER, MANAGER_IN, MONITOR, ADMIN})  # the holder, managers of their unit, monitors
LEVEL_READERS = AUTHORS | UNIT_BROWSERS  # see the distribution of levels, each within their scope
LEVEL_READERS_A = AUTHORS | SCOPE_A  # trainers plan for the whole province

#: How each path argument is filled by default: the name of a World attribute.
DEFAULT_ARGS = {
    "course_id": "course",
    "module_id": "module",
    "lesson_id": "lesson",
    "quiz_id": "quiz",
    "attempt_id": "open_attempt",
    "question_id": "question",
    "certificate_id": "certificate",
    "serial": "serial",
    "code": "unit_a",
    "user_id": "bystander",
    "assignment_id": "assignment",
    "bank_id": "bank",
    "direction": "direction",
    "fmt": "fmt",
    "placement_id": "placement",
    "area": "area",
}


@dataclass(frozen=True)
class Access:
    allow: frozenset[str]
    #: path argument → World attribute, where DEFAULT_ARGS does not fit
    args: Mapping[str, str] = field(default_factory=dict)
    #: query argument → World attribute
    query: Mapping[str, str] = field(default_factory=dict)
    #: what signed-in actors outside `allow` get: 403, or 404 where the app hides the object
    deny: int = 403
    #: actors that get 404 instead of `deny` (the object is hidden from them)
    hidden: frozenset[str] = frozenset()
    #: the statuses an allowed actor gets, when the general rule does not fit (then any redirect is fine)
    ok: frozenset[int] | None = None
    #: the allowed request changes the world so that a second allowed actor could not repeat it: rebuild first
    fresh: bool = False


def rule(allow: frozenset[str], **kw: object) -> Access:
    return Access(allow, **kw)  # type: ignore[arg-type]


MATRIX: dict[str, Access] = {
    # --- public pages and the shell ------------------------------------------------------------------------
    "main.home": rule(SIGNED_IN),
    "main.healthz": rule(EVERYONE),
    "offline.page": rule(EVERYONE),
    "offline.service_worker": rule(EVERYONE),
    "certificates.verify": rule(EVERYONE, args={"token": "certificate_token"}),
    # --- sign-in -------------------------------------------------------------------------------------------
    "auth.login": rule(EVERYONE),  # signed in: GET and POST send people home
    "auth.logout": rule(EVERYONE, ok=frozenset({302})),  # redirects to the sign-in page by design
    "auth.change_password": rule(SIGNED_IN),
    # The code step belongs to a sign-in in progress (a pending id in the cookie); without one it sends
    # everyone, signed in or not, back to the sign-in page.
    "auth.two_step": rule(EVERYONE, ok=frozenset({302})),
    "auth.two_step_setup": rule(SIGNED_IN),
    "auth.two_step_disable": rule(SIGNED_IN),
    # --- units ---------------------------------------------------------------------------------------------
    "org.index": rule(UNIT_BROWSERS),
    "org.detail": rule(SCOPE_A),
    # --- learning ------------------------------------------------------------------------------------------
    "courses.my_courses": rule(SIGNED_IN),
    "courses.search": rule(SIGNED_IN),
    "courses.detail": rule(STUDENTS),
    "courses.continue_course": rule(STUDENTS),
    "courses.lesson": rule(STUDENTS),
    "courses.complete": rule(OWNER),  # only the enrolled mark lessons complete, not authors
    "courses.enrol": rule(SIGNED_IN, args={"course_id": "open_course"}),
    # --- course authoring ----------------------------------------------------------------------------------
    "authoring.index": rule(AUTHORS),
    "authoring.new_course": rule(AUTHORS),
    "authoring.edit_course": rule(AUTHORS),
    "authoring.assign": rule(AUTHORS),
    "authoring.publish": rule(AUTHORS),
    "authoring.unpublish": rule(AUTHORS),
    "authoring.new_module": rule(AUTHORS),
    "authoring.edit_module": rule(AUTHORS),
    "authoring.move_module": rule(AUTHORS),
    "authoring.retire_module": rule(AUTHORS, fresh=True),
    "authoring.new_lesson": rule(AUTHORS),
    "authoring.edit_lesson": rule(AUTHORS),
    "authoring.move_lesson": rule(AUTHORS),
    "authoring.retire_lesson": rule(AUTHORS, fresh=True),
    # --- quizzes (learners) --------------------------------------------------------------------------------
    "quizzes.detail": rule(STUDENTS),
    "quizzes.start": rule(STUDENTS),
    "quizzes.attempt": rule(OWNER),
    "quizzes.save": rule(OWNER),
    "quizzes.save_one": rule(OWNER),
    "quizzes.submit": rule(OWNER),
    "quizzes.result": rule(OWNER, args={"attempt_id": "submitted_attempt"}),
    "question_media.image": rule(SIGNED_IN, args={"name": "picture"}),
    # --- question banks, quiz settings and results (trainers) ----------------------------------------------
    "quiz_admin.banks": rule(AUTHORS),
    "quiz_admin.bank": rule(AUTHORS),
    "quiz_admin.export_bank": rule(AUTHORS),
    "quiz_admin.import_bank": rule(AUTHORS),
    "quiz_admin.template_csv": rule(AUTHORS),
    "quiz_admin.course_quizzes": rule(AUTHORS),
    "quiz_admin.settings": rule(AUTHORS),
    "quiz_admin.results": rule(AUTHORS, args={"quiz_id": "final_quiz"}),
    # --- certificates --------------------------------------------------------------------------------------
    "certificates.mine": rule(SIGNED_IN),
    "certificates.download": rule(CERT_READERS),
    "certificates.unit_list": rule(SCOPE_A),
    "certificates.manage": rule(ADMINS),
    "certificates.detail": rule(ADMINS),
    "certificates.reissue": rule(ADMINS),
    "certificates.settings": rule(ADMINS),
    "certificates.export_start": rule(UNIT_BROWSERS),
    # Someone else's export job is answered 404, as if it did not exist.
    "certificates.export_status": rule(frozenset({MANAGER_IN}), args={"token": "job_token"}, deny=404),
    "certificates.export_download": rule(frozenset({MANAGER_IN}), args={"token": "job_token"}, deny=404),
    # --- monitoring ----------------------------------------------------------------------------------------
    "reports.index": rule(UNIT_BROWSERS),
    "reports.dashboard": rule(SCOPE_A),
    "reports.people_list": rule(SCOPE_A),
    "reports.report": rule(SCOPE_A),
    # --- administration ------------------------------------------------------------------------------------
    "admin.index": rule(ADMINS),
    "admin.audit": rule(ADMINS),
    "admin.audit_csv": rule(ADMINS),
    "admin.users": rule(ADMINS),
    "admin.user": rule(ADMINS),
    "admin.activate_user": rule(ADMINS),
    "admin.deactivate_user": rule(ADMINS),
    "admin.reset_user_password": rule(ADMINS),
    "admin.reset_user_two_factor": rule(ADMINS),
    "admin.grant": rule(ADMINS),
    "admin.revoke": rule(ADMINS),
    "admin.import_users": rule(ADMINS),
    "admin.import_template": rule(ADMINS),
    "admin.unit_tree": rule(ADMINS),
    "admin.new_unit": rule(ADMINS),
    "admin.unit": rule(ADMINS, args={"code": "spare_unit"}),
    "admin.rename_unit": rule(ADMINS, args={"code": "spare_unit"}),
    "admin.move_unit": rule(ADMINS, args={"code": "spare_unit"}),
    "admin.merge_unit": rule(ADMINS, args={"code": "spare_unit"}),
    "admin.deactivate_unit": rule(ADMINS, args={"code": "spare_unit"}),
    # --- learning path and placement check ----------------------------------------------------------------
    "learning_path.index": rule(SIGNED_IN),
    "learning_path.start": rule(SIGNED_IN),
    "learning_path.skip": rule(SIGNED_IN),
    "learning_path.step": rule(OWNER),
    "learning_path.save": rule(OWNER),
    "learning_path.finish": rule(OWNER),
    "learning_path.units": rule(LEVEL_READERS),
    "learning_path.unit_levels": rule(LEVEL_READERS_A),
    # --- learning assistant ----------------------------------------------------------------------------------
    "assistant.ask": rule(SIGNED_IN),
    # --- JSON API ------------------------------------------------------------------------------------------
    "api.openapi": rule(EVERYONE),
    "api.issue_token": rule(EVERYONE),
    "api.verify": rule(EVERYONE, query={"token": "certificate_token"}),
    "api.revoke_token": rule(SIGNED_IN),
    "api.me": rule(SIGNED_IN),
    "api.change_password": rule(SIGNED_IN),
    "api.list_units": rule(SCOPE_A, query={"parent": "unit_a"}),
    "api.list_courses": rule(SIGNED_IN),
    "api.get_course": rule(STUDENTS),
    "api.get_lesson": rule(STUDENTS),
    "api.complete_lesson": rule(OWNER),
    "api.create_course": rule(AUTHORS),
    "api.enrol_people": rule(AUTHORS),
    "api.create": rule(AUTHORS),
    "api.import_questions": rule(AUTHORS),
    "api.start_attempt": rule(STUDENTS),
    "api.save_answer": rule(OWNER),
    "api.submit_attempt": rule(OWNER),
    "api.my_certificates": rule(SIGNED_IN),
    "api.certificate_pdf": rule(CERT_READERS),
    "api.import_users": rule(ADMINS),
    "api.stats_units": rule(SCOPE_A, query={"parent": "unit_a"}),
    "api.stats_people": rule(SCOPE_A, query={"unit": "unit_a"}),
    "api.assistant_ask": rule(SIGNED_IN),
    "api.course_path": rule(STUDENTS),
    "api.my_levels": rule(SIGNED_IN),
    "api.start_placement": rule(SIGNED_IN),
    "api.skip_placement": rule(SIGNED_IN),
    "api.get_placement": rule(OWNER),
    "api.save_placement_area": rule(OWNER),
    "api.submit_placement": rule(OWNER),
}

#: Denials that answer 404 rather than 403, on purpose (the object is someone else's and its existence is private).
HIDDEN_BY_404 = sorted(name for name, access in MATRIX.items() if access.deny == 404 or access.hidden)
