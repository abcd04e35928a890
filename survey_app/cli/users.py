"""`flask --app wsgi users ...`: staff accounts from the command line (the first administrator, say)."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask.cli import AppGroup

from ..auth.passwords import password_problem
from ..extensions import db
from ..models import ROLES
from ..store import audit
from ..store import campaigns as campaign_store
from ..store import users as user_store
from ..web.links import base_url as configured_base_url
from ..web.links import url_from

PROBLEM_TEXT = {
    "too_short": "the password must be at least 12 characters",
    "too_long": "the password must be 200 characters or fewer",
    "too_common": "that password is too easy to guess",
    "has_email": "the password must not contain the e-mail address",
}


@click.group("users", cls=AppGroup)
def users_group() -> None:
    """Staff accounts."""


@users_group.command("create")
@click.option("--email", required=True, help="the person's work e-mail address (they sign in with it)")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--authority", "code", default=None, help="ONS code of their authority (not for national or panel)"
)
@click.option("--name", "display_name", default=None, help="panel only: the name they chose to be shown")
@click.option(
    "--link",
    is_flag=True,
    help="print a one-time link (7 days) for them to set a password, instead of typing one now",
)
@click.option("--base-url", default=None, help="for --link (default: LLEISIAU_BASE_URL)")
def create_command(
    email: str, role: str, code: str | None, display_name: str | None, link: bool, base_url: str | None
) -> None:
    """Make a staff account. Type its password (asked twice, not shown), or pass --link."""
    authority = None
    if code:
        authority = campaign_store.authority_by_code(code)
        if authority is None:
            raise click.ClickException(f"no authority with ONS code {code!r}")
    try:
        user = user_store.create_user(email, role, authority, date.today(), display_name)
    except user_store.AccountError as error:
        raise click.ClickException(str(error)) from error
    audit.record("user_created", user.email, authority_id=user.authority_id, detail={"role": role})
    if link:
        token = user_store.new_password_link_token(user)
        db.session.commit()
        click.echo(url_from(base_url or configured_base_url(), "auth.set_password", lang="cy", token=token))
        click.echo(f"Account made for {user.email} ({role}); the link works once, for 7 days.", err=True)
        return
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    problem = password_problem(password, user.email)
    if problem is not None:
        db.session.rollback()
        click.echo(f"Account not made: {PROBLEM_TEXT[problem]}.", err=True)
        sys.exit(1)
    user_store.set_password(user, password)
    db.session.commit()
    click.echo(f"Account made for {user.email} ({role}).")
