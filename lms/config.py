"""Configuration classes. Every setting can be given as an LMS_* environment variable."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("LMS_INSTANCE_PATH", ROOT / "instance"))


def env(name: str, default: str | None = None) -> str | None:
    """Read an LMS_ setting from the environment."""
    return os.environ.get(f"LMS_{name}", default)


def env_int(name: str, default: int) -> int:
    return int(env(name) or default)


def env_bool(name: str, default: bool) -> bool:
    raw = env(name)
    return default if raw is None else raw.strip().lower() in {"1", "true", "yes", "on"}


def normalise_db_url(url: str) -> str:
    """Accept plain postgres:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def default_sqlite_url() -> str:
    return f"sqlite:///{INSTANCE / 'lms.sqlite3'}"


def dev_secret_key() -> str:
    """Create a random secret key in instance/ once and reuse it (development only)."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    ENV_NAME = "base"
    SECRET_KEY: str | None = env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = normalise_db_url(env("DATABASE_URL") or default_sqlite_url())
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    #: Name of the body that runs the platform and issues certificates.
    ORG_NAME = env("ORG_NAME", "Sở Nội vụ tỉnh Lai Châu")
    #: The certificate's header as Nghị định 30/2020 writes it, lines separated by "|": the governing body, then
    #: the issuing body. Used when the issuer settings are first created; admins change it there.
    ISSUER_HEADER = env("ISSUER_HEADER", "UBND TỈNH LAI CHÂU|SỞ NỘI VỤ")
    #: Public address of the site, printed in certificate QR codes and verification links.
    PUBLIC_URL = env("PUBLIC_URL", "http://127.0.0.1:5000")
    #: Completion milestones "date:percent,…" shown on the dashboard (Kế hoạch 01-KH/BCĐTW, Chỉ thị 14/CT-TTg).
    TARGETS = env("TARGETS", "2025-12-31:80,2026-12-31:100")
    #: The course whose completion the reports count (the shipped basic digital-skills course).
    PROGRAMME_COURSE = env("PROGRAMME_COURSE", "kns-co-ban")
    #: Code of the root unit (the province) in the unit tree.
    PROVINCE_CODE = env("PROVINCE_CODE", "lai-chau")
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = env("TIMEZONE", "Asia/Ho_Chi_Minh")
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    WTF_CSRF_TIME_LIMIT = None  # a token lives as long as the session: long lessons must not expire forms
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=env_int("SESSION_HOURS", 12))
    MAX_CONTENT_LENGTH = env_int("MAX_UPLOAD_MB", 20) * 1024 * 1024
    API_TOKEN_TTL = timedelta(hours=env_int("TOKEN_TTL_HOURS", 12))
    #: Failed sign-ins for one username before it is locked for LOGIN_LOCK_MINUTES.
    LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
    #: Failed sign-ins from one address (a whole commune office may share one).
    LOGIN_MAX_FAILURES_PER_IP = env_int("LOGIN_MAX_FAILURES_PER_IP", 100)
    LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)
    PASSWORD_HASH_METHOD = env("PASSWORD_HASH_METHOD", "scrypt")
    DEMO_PASSWORD = env("DEMO_PASSWORD")
    LOG_LEVEL = env("LOG_LEVEL", "INFO")
    #: Sign people out after this many minutes without a request (shared office computers).
    IDLE_MINUTES = env_int("IDLE_MINUTES", 30)
    #: After a timed attempt's deadline, how long the learner's own browser has to submit it before the server
    #: grades it anyway (`flask attempts close-expired`).
    ATTEMPT_GRACE_SECONDS = env_int("ATTEMPT_GRACE_SECONDS", 30)
    # Responses are compressed in the app (brotli, else gzip), so a plain reverse proxy is enough.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIN_SIZE = 500
    COMPRESS_MIMETYPES = [
        "text/html", "text/css", "text/csv", "text/plain", "application/javascript", "text/javascript",
        "application/json", "image/svg+xml",
    ]  # fmt: skip
    #: Public certificate look-ups allowed per address per minute.
    VERIFY_PER_MINUTE = env_int("VERIFY_PER_MINUTE", 60)
    #: Learning assistant: an optional OpenAI-compatible chat-completions URL that writes short answers
    #: from the retrieved lesson passages (without it the passages are shown). Only the question is sent.
    ASSISTANT_LLM_URL = env("ASSISTANT_LLM_URL")
    ASSISTANT_LLM_MODEL = env("ASSISTANT_LLM_MODEL", "")
    ASSISTANT_LLM_KEY = env("ASSISTANT_LLM_KEY")
    #: Seconds to wait for the model before showing the passages instead.
    ASSISTANT_LLM_TIMEOUT = float(env("ASSISTANT_LLM_TIMEOUT") or 8)
    #: Questions per person per hour sent to the model.
    ASSISTANT_LLM_PER_HOUR = env_int("ASSISTANT_LLM_PER_HOUR", 30)
    # Flask-Limiter. Set LMS_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379 when running several processes.
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = env("RATELIMIT_KEY_PREFIX", "kns")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True  # storage down: let requests through (the database lock-out still holds)
    # A commune office signs in a whole training room from one address: keep the per-address budget generous.
    RATELIMIT_SIGN_IN = env("RATELIMIT_SIGN_IN", "60 per minute;600 per hour")
    RATELIMIT_VERIFY = f"{VERIFY_PER_MINUTE} per minute"
    RATELIMIT_IMPORT = env("RATELIMIT_IMPORT", "20 per minute")
    # Seconds the live dashboard's figures are reused within a process (national scale: a grouped query of seconds).
    REPORTS_CACHE_SECONDS = env_int("REPORTS_CACHE_SECONDS", 60)
    # Roles that must use two-step sign-in (TOTP); everyone else may turn it on.
    TWO_FACTOR_ROLES = frozenset(filter(None, (env("TWO_FACTOR_ROLES", "admin,monitor") or "").split(",")))
    # Behind nginx: how many proxies in front set X-Forwarded-For (0 = none; the address is the client's).
    PROXY_COUNT = env_int("PROXY_COUNT", 0)
    TESTING = False


class DevelopmentConfig(Config):
    ENV_NAME = "development"

    def __init__(self) -> None:
        if not self.SECRET_KEY:
            self.SECRET_KEY = dev_secret_key()


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)

    def __init__(self) -> None:
        if not self.SECRET_KEY or len(self.SECRET_KEY) < 16:
            raise RuntimeError(
                "LMS_SECRET_KEY chưa được đặt (cần ít nhất 16 ký tự) — không thể chạy ở chế độ production."
            )


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 — tests only
    SQLALCHEMY_DATABASE_URI = normalise_db_url(os.environ.get("LMS_TEST_DATABASE_URL", "sqlite://"))
    WTF_CSRF_ENABLED = False
    TWO_FACTOR_ROLES = frozenset()  # like CSRF, switched on by the tests that are about it
    REPORTS_CACHE_SECONDS = 0  # tests change data and read the dashboard at once
    # Fast hashing keeps the suite quick; never used outside tests.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 — a method name, not a password
    LOG_LEVEL = "WARNING"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def config_from_env() -> Config:
    """Pick the configuration class named by LMS_ENV (default: development)."""
    name = (env("ENV") or "development").lower()
    if name not in CONFIGS:
        raise RuntimeError(f"LMS_ENV={name!r} không hợp lệ; chọn một trong {sorted(CONFIGS)}")
    return CONFIGS[name]()
