"""Configuration classes, chosen by the LLEISIAU_ENV environment variable.

Values that come from the environment are read when the app is created, not at import,
so that tests and commands can set them first.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
SMALLEST_ALLOWED_GROUP = 5
DEFAULT_MIN_GROUP = 10
DEFAULT_PARTIAL_DAYS = 30


class ConfigError(RuntimeError):
    """The environment does not describe a configuration Lleisiau can safely run with."""


def database_url(raw: str | None) -> str:
    """Return a SQLAlchemy URL: SQLite in instance/ by default, psycopg 3 for PostgreSQL."""
    if not raw:
        return f"sqlite:///{INSTANCE_DIR / 'lleisiau.sqlite3'}"
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


def idle_minutes(raw: str | None) -> int:
    """Minutes a staff session may go unused before it is signed out (default 30, at most a day)."""
    try:
        value = int(raw) if raw not in (None, "") else Config.LLEISIAU_STAFF_IDLE_MINUTES
    except ValueError as error:
        raise ConfigError(f"LLEISIAU_STAFF_IDLE_MINUTES must be a whole number, not {raw!r}") from error
    if not 1 <= value <= 24 * 60:
        raise ConfigError(f"LLEISIAU_STAFF_IDLE_MINUTES must be from 1 to 1440, not {value}")
    return value


def development_secret() -> str:
    """A random key kept in instance/ so local sessions survive a restart; never used in production."""
    path = INSTANCE_DIR / "development-secret-key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    LANGUAGES = ("cy", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    BABEL_DEFAULT_LOCALE = "cy"
    # Staff audit times are stored in UTC and shown in Welsh time.
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    QUESTIONNAIRE_DIR = str(PROJECT_ROOT / "questionnaires")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # A survey page may stay open a long time; the CSRF token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 256 * 1024
    # Wrong access or resume codes allowed per person (counted by a hashed, daily-changing key; never stored).
    # Generous, because a children's home or school shares one address; codes are far too long to guess
    # within these (a resume code has about 58 bits, an access code about 39).
    LLEISIAU_CODE_TRIES = "30 per 10 minutes;200 per day"
    RATELIMIT_HEADERS_ENABLED = False
    # Staff sign-in tries per address (hashed, as above) and per account.
    LLEISIAU_SIGN_IN_TRIES = "10 per minute;50 per hour"
    LLEISIAU_SIGN_IN_TRIES_PER_ACCOUNT = "20 per hour"
    # A staff session unused for this long is signed out.
    LLEISIAU_STAFF_IDLE_MINUTES = 30
    # Argon2id at the library's defaults; tests use cheap settings instead.
    LLEISIAU_FAST_PASSWORD_HASHING = False
    # Where the "Leave this page" button takes someone who needs to hide the survey quickly.
    LLEISIAU_EXIT_URL = "https://www.bbc.co.uk/weather"
    # Stylesheet and scripts are versioned by their content, so browsers may keep them for a year.
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        """Settings read from the environment, checked."""
        return {
            "SECRET_KEY": environ.get("SECRET_KEY") or None,
            "SQLALCHEMY_DATABASE_URI": database_url(environ.get("DATABASE_URL")),
            "LLEISIAU_MIN_GROUP": min_group(environ.get("LLEISIAU_MIN_GROUP")),
            # A service may keep its own copy of the questionnaires folder (its own help contacts, say).
            "QUESTIONNAIRE_DIR": environ.get("LLEISIAU_QUESTIONNAIRE_DIR") or cls.QUESTIONNAIRE_DIR,
            "LLEISIAU_PARTIAL_DAYS": partial_days(environ.get("LLEISIAU_PARTIAL_DAYS")),
            # memory:// suits one process; several workers share counts through Redis (redis://host:6379).
            "RATELIMIT_STORAGE_URI": environ.get("LLEISIAU_RATELIMIT_STORAGE") or "memory://",
            "LLEISIAU_EXIT_URL": environ.get("LLEISIAU_EXIT_URL") or cls.LLEISIAU_EXIT_URL,
            "LLEISIAU_STAFF_IDLE_MINUTES": idle_minutes(environ.get("LLEISIAU_STAFF_IDLE_MINUTES")),
        }


class DevelopmentConfig(Config):
    ENV_NAME = "development"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        values = super().from_environment(environ)
        values["SECRET_KEY"] = values["SECRET_KEY"] or development_secret()
        return values


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    LLEISIAU_FAST_PASSWORD_HASHING = True

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        values = super().from_environment(environ)
        values["SECRET_KEY"] = "testing-only-secret-key"
        values["SQLALCHEMY_DATABASE_URI"] = database_url(environ.get("TEST_DATABASE_URL") or "sqlite://")
        return values


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        values = super().from_environment(environ)
        if not values["SECRET_KEY"] or len(values["SECRET_KEY"]) < 32:
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production "
                '(for example: python3 -c "import secrets; print(secrets.token_hex(32))")'
            )
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
