"""Staff sessions: Flask-Login, ended by signing out, idleness, a password change or deactivation.

The session cookie holds "<user id>:<epoch>"; raising a user's `session_epoch` ends every session
signed in before, on every device, whatever cookies are still around. Signing out, changing or setting a
password and switching an account off all raise it. A session unused for LLEISIAU_STAFF_IDLE_MINUTES
(default 30) is ended when it is next used, and that raises the epoch too, so the account's other
sessions (a copied cookie among them) end with it.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from ..extensions import db
from ..models import User
from ..store import users as user_store

login_manager = LoginManager()
LAST_SEEN = "staff_last_seen"


class SignedIn(UserMixin):
    """The signed-in member of staff as Flask-Login sees them (the database row is `user`)."""

    def __init__(self, user: User):
        self.user = user
        self.role = user.role
        self.authority_id = user.authority_id
        self.email = user.email

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_epoch}"

    @property
    def is_national(self) -> bool:
        return self.user.is_national


@login_manager.user_loader
def load_user(session_id: str) -> SignedIn | None:
    try:
        user_id, epoch = (int(part) for part in session_id.split(":", 1))
    except ValueError:
        return None
    user = db.session.scalar(select(User).filter_by(id=user_id))
    if user is None or not user.active or user.session_epoch != epoch or not user.password_hash:
        return None
    return SignedIn(user)


def start(user: User) -> None:
    """Sign someone in: a fresh session (nothing carried over from before), marked as in use now."""
    from flask_login import login_user

    session.clear()
    login_user(SignedIn(user))
    session[LAST_SEEN] = int(time.time())


def end() -> None:
    logout_user()
    session.clear()


def end_idle_sessions() -> WerkzeugResponse | None:
    """Before every request: a staff session unused for too long is ended, and the page asks to sign in."""
    if LAST_SEEN not in session:
        return None
    idle_seconds = int(current_app.config["LLEISIAU_STAFF_IDLE_MINUTES"]) * 60
    now = int(time.time())
    if now - int(session[LAST_SEEN]) > idle_seconds:
        if current_user.is_authenticated:
            user_store.end_sessions(current_user.user)
            db.session.commit()
        end()
        if request.endpoint and request.endpoint.startswith(("staff", "auth.account", "auth.sign_out")):
            flash("signed_out_idle")
            return redirect(url_for("auth.sign_in", lang=_lang_of_path(), next=request.full_path.rstrip("?")))
        return None
    if current_user.is_authenticated:
        session[LAST_SEEN] = now
    return None


def _lang_of_path() -> str:
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in ("cy", "en") else "cy"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    # Staff sign-in pages ask for their own page; no "please log in" flash in English from the library.
    login_manager.login_message = None
    app.before_request(end_idle_sessions)
