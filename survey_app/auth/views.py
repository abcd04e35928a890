"""Staff sign-in and sign-out, setting a password from a one-time link, changing it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ..extensions import db
from ..staff.form_errors import summary_errors
from ..staff.notices import notify
from ..store import audit
from ..store import users as user_store
from ..web.rate_limits import limiter
from . import sessions, sign_in_limits
from .forms import PASSWORD_PROBLEMS, ChangePasswordForm, NewPasswordForm, SignInForm
from .passwords import password_matches, password_problem
from .permissions import Permission, public, requires

bp = Blueprint("auth", __name__)


@bp.after_request
def never_cache(response: Any) -> Any:
    response.headers["Cache-Control"] = "no-store"
    return response


def _sign_in_failures() -> str:
    return str(current_app.config["LLEISIAU_SIGN_IN_FAILURES"])


def _password_link_tries() -> str:
    return str(current_app.config["LLEISIAU_PASSWORD_LINK_TRIES"])


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never send someone to another site after signing in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_failures, methods=["POST"], deduct_when=sign_in_limits.failed)
@public
def sign_in() -> Any:
    """Sign in; wrong tries slow down that e-mail address and count against the client address."""
    next_page = _safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_page or url_for("staff_home.home"))
    form = SignInForm()
    refused = False
    if form.validate_on_submit():
        email = form.email.data or ""
        wait = sign_in_limits.seconds_to_wait(email)
        if wait:
            return (
                render_template("staff/sign_in.html", form=form, refused=False, wait=wait, has_errors=True),
                429,
                {"Retry-After": str(wait)},
            )
        user = user_store.authenticate(email, form.password.data or "")
        if user is None:
            refused = True
            sign_in_limits.record_failure(email)
            known = user_store.by_email(email)
            if known is not None:
                audit.record("sign_in_refused", known.email, user=known)
            db.session.commit()
        else:
            failures = sign_in_limits.take_failures(email)
            sessions.start(user)
            audit.record("signed_in", user.email, user=user)
            db.session.commit()
            if failures:
                notify("failed_sign_ins", count=failures)
            return redirect(next_page or url_for("staff_home.home"))
    has_errors = refused or bool(form.errors)
    return render_template("staff/sign_in.html", form=form, refused=refused, wait=0, has_errors=has_errors), (
        400 if has_errors else 200
    )


@bp.post("/sign-out")
@public
def sign_out() -> Any:
    """Sign out (anyone may: signing out an idle or unknown session does no harm).

    Signing out ends the account's sessions everywhere, server-side: a copy of the session cookie
    taken before (on a shared PC, say) no longer signs anyone in.
    """
    FlaskForm().validate_on_submit()  # CSRF is checked for every POST by CSRFProtect
    if current_user.is_authenticated:
        user_store.end_sessions(current_user.user)
        audit.record("signed_out", current_user.email)
        db.session.commit()
    sessions.end()
    notify("signed_out")
    return redirect(url_for(".sign_in"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@limiter.limit(_password_link_tries, methods=["POST"])
@public
def set_password(token: str) -> Any:
    """The page a one-time link opens: choose a password, then be signed in."""
    user = user_store.by_password_token(token)
    if user is None:
        return render_template("staff/password_link_expired.html"), 404
    form = NewPasswordForm()
    problem = None
    if form.validate_on_submit():
        problem = password_problem(form.password.data or "", user.email)
        if problem is None:
            user_store.set_password(user, form.password.data or "")
            audit.record("password_changed", user.email, user=user)
            db.session.commit()
            sessions.start(user)
            notify("password_set")
            return redirect(url_for("staff_home.home"))
    errors = _password_errors(form, problem)
    return render_template(
        "staff/set_password.html", form=form, email=user.email, errors=errors, has_errors=bool(errors)
    ), (400 if errors else 200)


@bp.route("/account", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def account() -> Any:
    """Your account: your role and authority, and changing your password."""
    user = current_user.user
    form = ChangePasswordForm()
    problem = None
    if form.validate_on_submit():
        if not password_matches(user.password_hash, form.current.data or ""):
            problem = "wrong_current"
        else:
            problem = password_problem(form.password.data or "", user.email)
        if problem is None:
            user_store.set_password(user, form.password.data or "")
            audit.record("password_changed", user.email)
            db.session.commit()
            sessions.start(user)
            notify("password_changed")
            return redirect(url_for(".account"))
    errors = _password_errors(form, problem)
    return render_template(
        "staff/account.html", form=form, user=user, errors=errors, has_errors=bool(errors)
    ), (400 if errors else 200)


def _password_errors(form: FlaskForm, problem: str | None) -> list[tuple[str, str]]:
    """(field id, message) for the error summary and the fields."""
    errors = summary_errors(form)
    if problem == "wrong_current":
        from flask_babel import gettext

        errors.append(("current", gettext("Your current password is not right.")))
    elif problem is not None:
        errors.append(("password", str(PASSWORD_PROBLEMS[problem])))
    return errors
