"""Staff accounts: make one, send a password link, switch one off.

A council's administrator manages their council's accounts; the national coordinator manages the
young people's panel's, which belong to no council. Only the coordinator may make a panel account:
a council must never be able to make someone who sets its own kite-mark bar.

This installation sends no e-mail: a new account's one-time link is shown once to the administrator,
who sends it to that person. Only the link's hash is kept, so it cannot be shown again; a new link
replaces the old one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectChoice, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp

from ..auth.permissions import Permission, may, requires
from ..auth.scope import Scope, scope
from ..extensions import db
from ..models import DISPLAY_NAME_LENGTH, PANEL_ROLE, User
from ..store import audit
from ..store import users as user_store
from ..web.links import external_url
from .form_errors import summary_errors
from .labels import ROLE_NAMES
from .notices import notify

bp = Blueprint("staff_accounts", __name__)

# Roles a council's administrator may give from the browser: never the national coordinator, never
# the young people's panel (only the national coordinator makes those, and only those).
COUNCIL_ROLES = ("admin", "officer", "analyst")
PANEL_ROLES = (PANEL_ROLE,)
ROLES_OFFERED = (*COUNCIL_ROLES, PANEL_ROLE)
NOT_YOURS_TO_MAKE = _l(
    "Only the national coordinator can make a young people's panel account. "
    "The panel belongs to no council, so that no council sets its own kite-mark bar."
)
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
BAD_EMAIL = _l("Enter an e-mail address in the right form, like name@example.org")


class NewUserForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        description=_l("Their work e-mail address. They sign in with it."),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired(_l("Enter the person's e-mail address.")),
            Length(max=254, message=_l("The e-mail address must be 254 characters or fewer.")),
            Regexp(EMAIL, message=BAD_EMAIL),
        ],
    )
    role = RadioField(
        _l("Role"),
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose the person's role.")),
            AnyOf(ROLES_OFFERED, _l("Choose the person's role.")),
        ],
    )
    display_name = StringField(
        _l("Name to be shown"),
        description=_l(
            "For a panel member: the name they chose to be shown beside the thresholds they set, "
            "such as a first name. Never their e-mail address."
        ),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            Length(
                max=DISPLAY_NAME_LENGTH,
                message=_l("The name to be shown must be 80 characters or fewer."),
            ),
        ],
    )


def roles_offered() -> tuple[str, ...]:
    """The roles the signed-in person may give: the coordinator gives only the panel's."""
    return PANEL_ROLES if may(Permission.MANAGE_PANEL) else COUNCIL_ROLES


def _own_scope() -> Scope:
    """A council's accounts, or (for the national coordinator) the panel's."""
    return scope()


def _link_page(user: User, token: str) -> Any:
    """The one time a password link is shown: it is not kept, so the page must not be cached."""
    link = external_url("auth.set_password", token=token)
    response = render_template("staff/accounts/link.html", account=user, link=link)
    return response, 200, {"Cache-Control": "no-store"}


@bp.get("/")
@requires(Permission.MANAGE_USERS)
def list_users() -> Any:
    users = list(db.session.scalars(_own_scope().users()))
    return render_template("staff/accounts/list.html", users=users)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def new_user() -> Any:
    mine = _own_scope()
    form = NewUserForm()
    offered = roles_offered()
    form.role.choices = [SelectChoice(role, ROLE_NAMES[role]) for role in offered]
    if len(offered) == 1 and not form.is_submitted():
        form.role.data = offered[0]
    errors: list[tuple[str, str]] = []
    if form.is_submitted() and form.role.data in ROLES_OFFERED and form.role.data not in offered:
        # A council administrator asking for a panel account (the choice is not even offered).
        errors = [("role-0", str(NOT_YOURS_TO_MAKE))]
        return _new_page(form, errors, offered), 403
    if form.validate_on_submit():
        email = form.email.data or ""
        role = form.role.data or ""
        display_name = (form.display_name.data or "") if role == PANEL_ROLE else ""
        if role == PANEL_ROLE and not display_name:
            errors.append(("display_name", gettext("Enter the name the panel member chose to be shown.")))
        elif "@" in display_name:
            errors.append(("display_name", gettext("The name to be shown must not be an e-mail address.")))
        elif user_store.by_email(email) is not None:
            errors.append(("email", gettext("There is already an account for %(email)s.", email=email)))
        else:
            try:
                user = user_store.create_user(
                    email, role, mine.authority(), date.today(), display_name or None
                )
            except user_store.AccountError:
                errors.append(("email", str(BAD_EMAIL)))
            else:
                token = user_store.new_password_link_token(user)
                audit.record("user_created", user.email, detail={"role": user.role})
                db.session.commit()
                notify("user_created")
                return _link_page(user, token)
    errors = summary_errors(form, radios=["role"]) + errors
    return _new_page(form, errors, offered), (400 if errors else 200)


def _new_page(form: NewUserForm, errors: list[tuple[str, str]], offered: tuple[str, ...]) -> str:
    return render_template(
        "staff/accounts/new.html",
        form=form,
        errors=errors,
        has_errors=bool(errors),
        panel_only=offered == PANEL_ROLES,
    )


@bp.get("/<int:user_id>")
@requires(Permission.MANAGE_USERS)
def user(user_id: int) -> Any:
    return _user_page(_own_scope().user(user_id))


def _user_page(account: User, problem: str | None = None) -> Any:
    now = datetime.now(UTC).replace(tzinfo=None)
    expires = account.password_token_expires
    return render_template(
        "staff/accounts/user.html",
        account=account,
        is_me=account.id == current_user.user.id,
        link_runs_out=expires if account.password_token_hash and expires and expires >= now else None,
        problem=problem,
        has_errors=problem is not None,
    ), (400 if problem else 200)


@bp.post("/<int:user_id>/link")
@requires(Permission.MANAGE_USERS)
def new_link(user_id: int) -> Any:
    account = _own_scope().user(user_id)
    if not account.active:
        return _user_page(account, gettext("This account is switched off. Switch it back on first."))
    token = user_store.new_password_link_token(account)
    audit.record("password_link_made", account.email, authority_id=account.authority_id)
    db.session.commit()
    return _link_page(account, token)


@bp.post("/<int:user_id>/deactivate")
@requires(Permission.MANAGE_USERS)
def deactivate(user_id: int) -> Any:
    account = _own_scope().user(user_id)
    if account.id == current_user.user.id:
        return _user_page(
            account,
            gettext("You cannot switch off your own account. Another administrator can do it for you."),
        )
    if account.active:
        user_store.deactivate(account)
        audit.record("user_deactivated", account.email, authority_id=account.authority_id)
        db.session.commit()
    notify("user_deactivated")
    return redirect(url_for(".user", user_id=account.id))


@bp.post("/<int:user_id>/reactivate")
@requires(Permission.MANAGE_USERS)
def reactivate(user_id: int) -> Any:
    account = _own_scope().user(user_id)
    if not account.active:
        user_store.reactivate(account)
        audit.record("user_reactivated", account.email, authority_id=account.authority_id)
        db.session.commit()
    notify("user_reactivated")
    return redirect(url_for(".user", user_id=account.id))
