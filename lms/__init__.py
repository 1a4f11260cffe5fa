"""KNS LMS — application factory."""

import logging
import time

from flask import Flask, g, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from lms.config import INSTANCE, ROOT, Config, config_from_env

log = logging.getLogger("lms.request")


def create_app(config: Config | type[Config] | None = None) -> Flask:
    """Create and configure the Flask application. Never touches the database."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(INSTANCE),
        instance_relative_config=True,
    )
    if isinstance(config, type):
        config = config()
    app.config.from_object(config or config_from_env())
    INSTANCE.mkdir(parents=True, exist_ok=True)  # the default SQLite file lives there
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    _init_extensions(app)
    from lms.routing import DatabaseIdConverter

    app.url_map.converters["int"] = DatabaseIdConverter  # before any route is added
    _register_blueprints(app)
    _register_request_logging(app)
    from lms.auth.views import register_password_gate
    from lms.cli import register_cli
    from lms.errors import register_errors
    from lms.templating import register_template_helpers

    register_password_gate(app)
    _connect_event_receivers()
    from lms.learning_path import register as register_learning_path

    register_learning_path(app)
    register_cli(app)
    register_errors(app)
    from lms.input_guard import register_input_guard

    register_input_guard(app)
    register_template_helpers(app)
    from lms.browser import register_browser_rules

    register_browser_rules(app)
    return app


def _init_extensions(app: Flask) -> None:
    import lms.model_registry  # noqa: F401  (every table on the metadata)
    from lms.auth.loader import init_login
    from lms.extensions import babel, compress, csrf, db, migrate
    from lms.limits import limiter

    compress.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), compare_type=True, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "vi")
    init_login(app)
    limiter.init_app(app)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]


def _register_blueprints(app: Flask) -> None:
    from courses.authoring_views import bp as authoring_bp
    from courses.views import bp as courses_bp
    from lms.admin.views import bp as admin_bp
    from lms.api import bp as api_bp
    from lms.assistant.views import bp as assistant_bp
    from lms.auth.views import bp as auth_bp
    from lms.certificates.views import bp as certificates_bp
    from lms.extensions import csrf
    from lms.learning_path.views import bp as learning_path_bp
    from lms.main.offline import bp as offline_bp
    from lms.main.views import bp as main_bp
    from lms.org.views import bp as org_bp
    from lms.reports.views import bp as reports_bp
    from quizzes.media import bp as question_media_bp
    from quizzes.trainer_views import bp as quiz_admin_bp
    from quizzes.views import bp as quizzes_bp

    for blueprint in (
        main_bp,
        auth_bp,
        org_bp,
        admin_bp,
        courses_bp,
        authoring_bp,
        quizzes_bp,
        quiz_admin_bp,
        question_media_bp,
        certificates_bp,
        reports_bp,
        learning_path_bp,
        assistant_bp,
        offline_bp,
        api_bp,
    ):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, not cookies


def _connect_event_receivers() -> None:
    """Import the modules whose functions receive lms.events (connecting is idempotent: once per process)."""
    import lms.certificates.receivers  # noqa: F401
    import lms.learning_path.receivers  # noqa: F401
    import quizzes.receivers  # noqa: F401


def _register_request_logging(app: Flask) -> None:
    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):  # type: ignore[no-untyped-def]
        started = g.get("request_started")
        if started is not None and request.endpoint != "static":
            ms = (time.perf_counter() - started) * 1000
            log.info("%s %s %s %.1fms", request.method, request.path, response.status_code, ms)
        return response


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:  # type: ignore[no-untyped-def]
    """Turn on foreign keys, WAL and a busy timeout for every SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
