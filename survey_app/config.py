"""Configuration classes, chosen by the LLEISIAU_ENV environment variable.

Values that come from the environment are read when the app is created, not at import,
so that tests and commands can set them first.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import paths

# The repository's root in a checkout (tests and benchmarks read files there); see paths.py.
PROJECT_ROOT = paths.CHECKOUT_ROOT
DEFAULT_PORT = 5000
SMALLEST_ALLOWED_GROUP = 5
DEFAULT_MIN_GROUP = 10
DEFAULT_PARTIAL_DAYS = 30


class ConfigError(RuntimeError):
    """The environment does not describe a configuration Lleisiau can safely run with."""


def database_url(raw: str | None, instance: Path | None = None) -> str:
    """Return a SQLAlchemy URL: SQLite in instance/ by default, psycopg 3 for PostgreSQL."""
    if not raw:
        return f"sqlite:///{(instance or paths.instance_dir()) / 'lleisiau.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def min_group(raw: str | int | None) -> int:
    """The K of disclosure control: default 10, never below 5."""
    try:
        value = int(raw) if raw not in (None, "") else DEFAULT_MIN_GROUP
    except ValueError as error:
        raise ConfigError(f"LLEISIAU_MIN_GROUP must be a whole number, not {raw!r}") from error
    if value < SMALLEST_ALLOWED_GROUP:
        raise ConfigError(f"LLEISIAU_MIN_GROUP must be at least {SMALLEST_ALLOWED_GROUP}, not {value}")
    return value


def partial_days(raw: str | None) -> int:
    """How many days an unfinished response is kept after it was last touched (default 30)."""
    try:
        value = int(raw) if raw not in (None, "") else DEFAULT_PARTIAL_DAYS
    except ValueError as error:
        raise ConfigError(f"LLEISIAU_PARTIAL_DAYS must be a whole number of days, not {raw!r}") from error
    if not 1 <= value <= 365:
        raise ConfigError(f"LLEISIAU_PARTIAL_DAYS must be from 1 to 365, not {value}")
    return value


DEFAULT_ARCHIVE_DAYS = 90


def archive_days(raw: str | None) -> int:
    """Days after its closing day that `retention run` archives a campaign (default 90)."""
    try:
        value = int(raw) if raw not in (None, "") else DEFAULT_ARCHIVE_DAYS
    except ValueError as error:
        raise ConfigError(f"LLEISIAU_ARCHIVE_DAYS must be a whole number of days, not {raw!r}") from error
    if not 1 <= value <= 3650:
        raise ConfigError(f"LLEISIAU_ARCHIVE_DAYS must be from 1 to 3650, not {value}")
    return value


def proxies(raw: str | None) -> int:
    """How many reverse proxies stand in front of the app (0: none, the default)."""
    try:
        value = int(raw) if raw not in (None, "") else 0
    except ValueError as error:
        raise ConfigError(f"LLEISIAU_PROXIES must be a whole number, not {raw!r}") from error
    if not 0 <= value <= 5:
        raise ConfigError(f"LLEISIAU_PROXIES must be from 0 to 5, not {value}")
    return value


def idle_minutes(raw: str | None) -> int:
    """Minutes a staff session may go unused before it is signed out (default 30, at most a day)."""
    try:
        value = int(raw) if raw not in (None, "") else Config.LLEISIAU_STAFF_IDLE_MINUTES
    except ValueError as error:
        raise ConfigError(f"LLEISIAU_STAFF_IDLE_MINUTES must be a whole number, not {raw!r}") from error
    if not 1 <= value <= 24 * 60:
        raise ConfigError(f"LLEISIAU_STAFF_IDLE_MINUTES must be from 1 to 1440, not {value}")
    return value


def base_url(raw: str | None, default: str | None, https_only: bool) -> str:
    """LLEISIAU_BASE_URL: where people reach this service; every link the app prints starts with it.

    Links are never built from the Host header a browser sent, which an attacker chooses.
    """
    value = (raw or "").strip() or default
    if not value:
        raise ConfigError(
            "LLEISIAU_BASE_URL must be set in production to the address people use to reach Lleisiau, "
            "starting https:// (for example: https://lleisiau.example.gov.wales)"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"LLEISIAU_BASE_URL must be an address like https://lleisiau.example, not {value!r}"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError(f"LLEISIAU_BASE_URL must not hold a query, fragment or password, not {value!r}")
    if https_only and parts.scheme != "https":
        raise ConfigError(
            f"LLEISIAU_BASE_URL must start https:// in production (links carry codes), not {value!r}"
        )
    return value.rstrip("/")


def trusted_hosts(base: str, extra: str | None) -> list[str]:
    """Host names a request may name: the base URL's, and any listed in LLEISIAU_EXTRA_HOSTS."""
    hostname = urlsplit(base).hostname or ""
    names = [hostname] + [name.strip().lower() for name in (extra or "").split(",") if name.strip()]
    return list(dict.fromkeys(names))


def development_port(raw: str | None) -> int:
    """The port the development server listens on: FLASK_RUN_PORT or PORT (as `make run` sets), else 5000."""
    try:
        value = int(raw) if raw not in (None, "") else DEFAULT_PORT
    except ValueError as error:
        raise ConfigError(f"PORT must be a whole number, not {raw!r}") from error
    if not 1 <= value <= 65535:
        raise ConfigError(f"PORT must be from 1 to 65535, not {value}")
    return value


def development_secret(instance: Path | None = None) -> str:
    """A random key kept in instance/ so local sessions survive a restart; never used in production."""
    folder = instance or paths.instance_dir()
    path = folder / "development-secret-key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    LANGUAGES = ("cy", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(paths.TRANSLATIONS_DIR)
    BABEL_DEFAULT_LOCALE = "cy"
    # Staff audit times are stored in UTC and shown in Welsh time.
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    QUESTIONNAIRE_DIR = str(paths.QUESTIONNAIRE_DIR)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # A survey page may stay open a long time; the CSRF token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    # Pages send no Referer (Referrer-Policy: no-referrer), so Flask-WTF's https check that the Referer
    # names this host would refuse every form in production. What that check guards against (a
    # network attacker planting a session cookie from http or another subdomain) the __Host- cookie
    # prefix stops instead; SameSite=Lax and the CSRF token stay.
    WTF_CSRF_SSL_STRICT = False
    MAX_CONTENT_LENGTH = 256 * 1024
    # Wrong access or resume codes allowed per person (counted by a hashed, daily-changing key; never stored).
    # Generous, because a children's home or school shares one address; codes are far too long to guess
    # within these (a resume code has about 58 bits, an access code about 39).
    LLEISIAU_CODE_TRIES = "30 per 10 minutes;200 per day"
    RATELIMIT_HEADERS_ENABLED = False
    # If Redis (the shared count) cannot be reached, count in each worker's memory instead of failing the
    # page: a young person's survey must not stop because the guessing limit's store did.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Wrong staff sign-in tries per address (hashed, as above); right ones never count. Generous, because
    # a council office has hundreds of staff behind one address (see auth/sign_in_limits.py).
    LLEISIAU_SIGN_IN_FAILURES = "100 per hour"
    # Per e-mail address typed: this many wrong tries are free, then each try waits 2, 4, 8 ... seconds
    # after the last wrong one, never more than the most below. The right password after the wait works.
    LLEISIAU_SIGN_IN_FREE_FAILURES = 5
    LLEISIAU_SIGN_IN_MAX_WAIT_SECONDS = 300
    # Tries at the page a one-time password link opens, per address.
    LLEISIAU_PASSWORD_LINK_TRIES = "10 per minute;50 per hour"
    # A staff session unused for this long is signed out.
    LLEISIAU_STAFF_IDLE_MINUTES = 30
    # Argon2id at the library's defaults; tests use cheap settings instead.
    LLEISIAU_FAST_PASSWORD_HASHING = False
    # Where the "Leave this page" button takes someone who needs to hide the survey quickly.
    LLEISIAU_EXIT_URL = "https://www.bbc.co.uk/weather"
    # For this long after leaving, any survey page this browser asks for (Back, say) goes there again.
    LLEISIAU_LEFT_MINUTES = 10
    # Stylesheet and scripts are versioned by their content, so browsers may keep them for a year.
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
    # Staff stay signed in only for the session: Flask-Login's "remember me" cookie is never set, and
    # would be as locked down as the session cookie if it were.
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Where links printed or shown by the app point (overridden from LLEISIAU_BASE_URL).
    DEFAULT_BASE_URL: str | None = "http://127.0.0.1:5000"

    @classmethod
    def default_base_url(cls, environ: Mapping[str, str]) -> str | None:
        return cls.DEFAULT_BASE_URL

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        """Settings read from the environment, checked."""
        return {
            "SECRET_KEY": environ.get("SECRET_KEY") or None,
            # The key access and resume codes are hashed with; unset, one is derived from SECRET_KEY.
            "LLEISIAU_CODE_KEY": environ.get("LLEISIAU_CODE_KEY") or None,
            "SQLALCHEMY_DATABASE_URI": database_url(environ.get("DATABASE_URL"), paths.instance_dir(environ)),
            "LLEISIAU_MIN_GROUP": min_group(environ.get("LLEISIAU_MIN_GROUP")),
            # A service may keep its own copy of the questionnaires folder (its own help contacts, say).
            "QUESTIONNAIRE_DIR": environ.get("LLEISIAU_QUESTIONNAIRE_DIR") or cls.QUESTIONNAIRE_DIR,
            "LLEISIAU_PARTIAL_DAYS": partial_days(environ.get("LLEISIAU_PARTIAL_DAYS")),
            "LLEISIAU_ARCHIVE_DAYS": archive_days(environ.get("LLEISIAU_ARCHIVE_DAYS")),
            # Trust X-Forwarded-For/-Proto from this many proxies (never X-Forwarded-Host: links come
            # from LLEISIAU_BASE_URL). With 0, a client cannot pretend to be another by sending them.
            "LLEISIAU_PROXIES": proxies(environ.get("LLEISIAU_PROXIES")),
            # memory:// suits one process; several workers share counts through Redis (redis://host:6379).
            "RATELIMIT_STORAGE_URI": environ.get("LLEISIAU_RATELIMIT_STORAGE") or "memory://",
            "LLEISIAU_EXIT_URL": environ.get("LLEISIAU_EXIT_URL") or cls.LLEISIAU_EXIT_URL,
            "LLEISIAU_STAFF_IDLE_MINUTES": idle_minutes(environ.get("LLEISIAU_STAFF_IDLE_MINUTES")),
            "LLEISIAU_BASE_URL": base_url(
                environ.get("LLEISIAU_BASE_URL"),
                cls.default_base_url(environ),
                https_only=cls.ENV_NAME == "production",
            ),
        }


class DevelopmentConfig(Config):
    ENV_NAME = "development"

    @classmethod
    def default_base_url(cls, environ: Mapping[str, str]) -> str | None:
        """This machine, on the port the server really listens on (`PORT=5202 make run`)."""
        port = development_port(environ.get("FLASK_RUN_PORT") or environ.get("PORT"))
        return f"http://127.0.0.1:{port}"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        values = super().from_environment(environ)
        values["SECRET_KEY"] = values["SECRET_KEY"] or development_secret(paths.instance_dir(environ))
        return values


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    DEFAULT_BASE_URL = "http://localhost"
    LLEISIAU_FAST_PASSWORD_HASHING = True

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        values = super().from_environment(environ)
        values["SECRET_KEY"] = "testing-only-secret-key"
        # An in-memory SQLite database unless the test names one: the suite's fixtures pass its per-backend
        # database (TEST_DATABASE_URL for PostgreSQL) explicitly, so an app a test makes for itself never
        # opens a pooled PostgreSQL connection that nothing closes.
        values["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
        return values


class ProductionConfig(Config):
    ENV_NAME = "production"
    DEFAULT_BASE_URL = None  # required
    SESSION_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for the whole site (Path=/)
    # and for this host only (no Domain): another site under the same domain cannot set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-lleisiau"
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        secret = environ.get("SECRET_KEY") or ""
        if len(secret) < 32:
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production "
                '(for example: python3 -c "import secrets; print(secrets.token_hex(32))")'
            )
        values = super().from_environment(environ)
        # A request naming any other host (a forged Host header) is refused with 400.
        extra_hosts = environ.get("LLEISIAU_EXTRA_HOSTS")
        values["TRUSTED_HOSTS"] = trusted_hosts(values["LLEISIAU_BASE_URL"], extra_hosts)
        return values


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None) -> type[Config]:
    """Pick the configuration class named by LLEISIAU_ENV (default: development)."""
    key = (name or "development").strip().lower()
    if key not in CONFIGS:
        raise ConfigError(f"LLEISIAU_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[key]
