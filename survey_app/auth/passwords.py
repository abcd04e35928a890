"""Password hashing with Argon2id (argon2-cffi), and what a password must be."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 200
# A few passwords that meet the length rule but are still guessed first.
TOO_COMMON = frozenset(
    {
        "password1234",
        "passwordpassword",
        "123456789012",
        "qwertyuiopas",
        "llandudno123",
        "cymru1234567",
        "welcome12345",
        "croeso123456",
        "lleisiau1234",
    }
)


def _hasher() -> PasswordHasher:
    """Argon2id with the library's defaults, or cheap settings when the config asks (tests only)."""
    if current_app.config.get("LLEISIAU_FAST_PASSWORD_HASHING"):
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def password_matches(stored: str | None, given: str) -> bool:
    if not stored:
        # Spend the same time as a real check, so a missing account does not answer faster.
        _hasher().hash(given)
        return False
    try:
        return _hasher().verify(stored, given)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is not good enough (a key of auth.messages), or None."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    lowered = password.casefold()
    if lowered in TOO_COMMON or len(set(lowered)) < 5:
        return "too_common"
    local_part = email.split("@", 1)[0].casefold()
    if local_part and len(local_part) >= 4 and local_part in lowered:
        return "has_email"
    return None
