"""Roles, what each may do, and the decorators that declare a view's permission.

Every view must declare who may reach it, with `@public` or `@requires(...)`. A check before every
request refuses any endpoint without a declaration, so a new view that forgets is closed, not open;
the route-list test (tests/test_permissions.py) also fails for it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])
DECLARED = "lleisiau_permission"
PUBLIC = "public"


class Permission(StrEnum):
    SIGNED_IN = "signed_in"  # any member of staff: the staff home, their own account
    VIEW_QUESTIONNAIRES = "view_questionnaires"
    EDIT_QUESTIONNAIRES = "edit_questionnaires"  # import, adapt, edit and publish drafts
    VIEW_CAMPAIGNS = "view_campaigns"  # campaign pages: links, QR codes, response totals
    MANAGE_CAMPAIGNS = "manage_campaigns"  # open, change and close campaigns; make access codes
    MANAGE_SETTINGS = "manage_settings"  # the authority's help contacts
    MANAGE_USERS = "manage_users"  # the authority's staff accounts (the coordinator: the panel's)
    VIEW_AUDIT = "view_audit"
    VIEW_RESULTS = "view_results"  # anonymised results and their downloads, after a campaign closes
    REVIEW_THEMES = "review_themes"  # read redacted comments and correct the themes suggested for them
    VIEW_KITEMARK = "view_kitemark"  # kite-mark verdicts, evidence, certificate and report
    SET_KITEMARK = "set_kitemark"  # the young people's panel sets the kite mark's thresholds
    MANAGE_PANEL = "manage_panel"  # the national coordinator makes the young people's panel's accounts


_EVERYONE = {Permission.SIGNED_IN, Permission.VIEW_QUESTIONNAIRES}
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    # Only the young people's panel sets the kite mark's bar, and only the national coordinator makes
    # the panel's accounts: a council must not set its own bar, nor make someone who would.
    "admin": frozenset(set(Permission) - {Permission.SET_KITEMARK, Permission.MANAGE_PANEL}),
    "officer": frozenset(
        _EVERYONE
        | {
            Permission.EDIT_QUESTIONNAIRES,
            Permission.VIEW_CAMPAIGNS,
            Permission.MANAGE_CAMPAIGNS,
            Permission.MANAGE_SETTINGS,
            Permission.VIEW_RESULTS,
            Permission.REVIEW_THEMES,
            Permission.VIEW_KITEMARK,
        }
    ),
    "analyst": frozenset(
        _EVERYONE
        | {
            Permission.VIEW_CAMPAIGNS,
            Permission.VIEW_RESULTS,
            Permission.REVIEW_THEMES,
            Permission.VIEW_KITEMARK,
        }
    ),
    "national": frozenset(
        _EVERYONE
        | {
            Permission.EDIT_QUESTIONNAIRES,
            Permission.VIEW_CAMPAIGNS,
            Permission.MANAGE_CAMPAIGNS,
            Permission.VIEW_AUDIT,
            Permission.VIEW_RESULTS,
            Permission.REVIEW_THEMES,
            Permission.VIEW_KITEMARK,
            Permission.MANAGE_USERS,  # only the young people's panel's accounts (see auth.scope)
            Permission.MANAGE_PANEL,
        }
    ),
    # The panel sets the kite mark and sees every council's evidence and award; never raw results.
    "panel": frozenset(_EVERYONE | {Permission.VIEW_KITEMARK, Permission.SET_KITEMARK}),
}


def may(permission: Permission) -> bool:
    """Whether the signed-in member of staff has a permission (False for respondents)."""
    if not current_user.is_authenticated:
        return False
    return permission in ROLE_PERMISSIONS.get(current_user.role, frozenset())


def public(view: F) -> F:
    """Anyone may reach this view: respondents' pages, sign-in, the health check."""
    setattr(view, DECLARED, PUBLIC)
    return view


def requires(permission: Permission) -> Callable[[F], F]:
    """Only signed-in staff whose role has `permission` may reach this view.

    Someone not signed in is sent to sign in (and brought back); a member of staff without the
    permission gets 403.
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
            if not may(permission):
                abort(403)
            return view(*args, **kwargs)

        setattr(checked, DECLARED, permission)
        return checked  # type: ignore[return-value]

    return decorate


def declared_permission(app: Flask, endpoint: str) -> str | Permission | None:
    view = app.view_functions.get(endpoint)
    return getattr(view, DECLARED, None) if view is not None else None


def refuse_undeclared() -> None:
    """Before every request: an endpoint with no declared permission is never served."""
    endpoint = request.endpoint
    if endpoint is not None and declared_permission(current_app, endpoint) is None:
        current_app.logger.error("endpoint %s declares no permission: refused", endpoint)
        abort(403)


def init_app(app: Flask) -> None:
    setattr(app.view_functions["static"], DECLARED, PUBLIC)
    app.before_request(refuse_undeclared)
    app.jinja_env.globals.update(may=may, Permission=Permission)
