"""Staff accounts: creating them, one-time links to set a password, and checking a sign-in."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from ..auth.passwords import hash_password, password_matches
from ..extensions import db
from ..models import NATIONAL_ROLE, ROLES, Authority, User

PASSWORD_LINK_DAYS = 7


class AccountError(ValueError):
    """An account cannot be made as asked; the message says why (English, for the command line)."""


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, role: str, authority: Authority | None, today: date) -> User:
    """A new account with no password yet (set one with `set_password` or a password link)."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        raise AccountError(f"{email!r} is not an e-mail address")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if role == NATIONAL_ROLE and authority is not None:
        raise AccountError("a national coordinator belongs to no authority: leave out --authority")
    if role != NATIONAL_ROLE and authority is None:
        raise AccountError(f"a {role} account belongs to one authority: give --authority")
    if by_email(email) is not None:
        raise AccountError(f"there is already an account for {email}")
    user = User(email=email, role=role, authority=authority, active=True, created_on=today)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Set a password, use up any password link, and end every session signed in with the old one."""
    user.password_hash = hash_password(password)
    user.password_token_hash = None
    user.password_token_expires = None
    end_sessions(user)


def end_sessions(user: User) -> None:
    """End every session this account has, on every device (a copied session cookie stops working too)."""
    user.session_epoch = (user.session_epoch or 0) + 1


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_password_link_token(user: User) -> str:
    """A one-time token for a link to set a password; only its hash is kept. Replaces any earlier one."""
    token = secrets.token_urlsafe(32)
    user.password_token_hash = _token_hash(token)
    user.password_token_expires = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=PASSWORD_LINK_DAYS)
    return token


def by_password_token(token: str) -> User | None:
    """The active account a password link belongs to, if the link is still good."""
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(select(User).filter_by(password_token_hash=_token_hash(token)))
    now = datetime.now(UTC).replace(tzinfo=None)
    if user is None or not user.active or user.password_token_expires is None:
        return None
    return user if user.password_token_expires >= now else None


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password, or None (taking the same time either way)."""
    user = by_email(email)
    stored = user.password_hash if user is not None and user.active else None
    return user if password_matches(stored, password) and user is not None else None


def deactivate(user: User) -> None:
    user.active = False
    end_sessions(user)
    user.password_token_hash = None


def reactivate(user: User) -> None:
    user.active = True
