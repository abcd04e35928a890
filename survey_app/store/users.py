"""Staff accounts: creating them, one-time links to set a password, and checking a sign-in."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from ..auth.passwords import hash_password, password_matches
from ..extensions import db
from ..models import DISPLAY_NAME_LENGTH, NATIONAL_ROLES, PANEL_ROLE, ROLES, Authority, User

PASSWORD_LINK_DAYS = 7


class AccountError(ValueError):
    """An account cannot be made as asked; the message says why (English, for the command line)."""


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(
    email: str, role: str, authority: Authority | None, today: date, display_name: str | None = None
) -> User:
    """A new account with no password yet (set one with `set_password` or a password link).

    The national coordinator and the young people's panel belong to no authority; every other role
    belongs to one. A panel member has a name to be shown beside the thresholds they set.
    """
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        raise AccountError(f"{email!r} is not an e-mail address")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if role in NATIONAL_ROLES and authority is not None:
        raise AccountError(f"a {role} account is national and belongs to no authority: leave out --authority")
    if role not in NATIONAL_ROLES and authority is None:
        raise AccountError(f"a {role} account belongs to one authority: give --authority")
    display_name = (display_name or "").strip() or None
    if role == PANEL_ROLE and display_name is None:
        raise AccountError("a panel member needs a name to be shown (never their e-mail): give --name")
    if role != PANEL_ROLE and display_name is not None:
        raise AccountError("only a panel member has a name to be shown: leave out --name")
    if display_name is not None and (len(display_name) > DISPLAY_NAME_LENGTH or "@" in display_name):
        raise AccountError(
            f"the name to be shown must be {DISPLAY_NAME_LENGTH} characters or fewer, with no @"
        )
    if by_email(email) is not None:
        raise AccountError(f"there is already an account for {email}")
    user = User(
        email=email,
        role=role,
        authority=authority,
        active=True,
        created_on=today,
        display_name=display_name,
    )
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
