"""Error pages in the page's language."""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, g, make_response, render_template, request
from flask_babel import refresh
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as HTTPResponse

from ..extensions import db
from .database import UNAVAILABLE
from .i18n import LANGUAGES

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
# Views whose forms the calm page can send again with the language switch (they handle action=switch).
SWITCHABLE_FORMS = frozenset({"respond.introduction", "respond.council", "respond.question_page"})


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_expired(error: CSRFError) -> tuple[str, int]:
        _language_from_path()
        _register_from_page()
        return render_template("error.html", code=400, expired_form=True), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        _language_from_path()
        _register_from_page()
        code = error.code or 500
        return render_template("error.html", code=code, expired_form=False, wait=_wait_minutes(code)), code

    for unavailable in UNAVAILABLE:
        app.register_error_handler(unavailable, database_unavailable)


def _wait_minutes(code: int) -> int:
    """A sign-in refused for too many wrong tries from this address: whole minutes until the count resets."""
    if code != 429 or request.blueprint != "auth":
        return 0
    from .rate_limits import limiter

    current = limiter.current_limit
    if current is None:
        return 0
    return max(1, math.ceil((current.reset_at - time.time()) / 60))


def _language_from_path() -> None:
    """Error pages for URLs that matched no route still speak the language of the URL."""
    if "lang" not in g:
        first = request.path.strip("/").split("/", 1)[0]
        if first in LANGUAGES:
            g.lang = first
            refresh()  # the locale may have been read already, before the language was known


def _register_from_page() -> None:
    """Welsh speaks to adults as "chi" on error pages too: on staff pages, and on the pages of a survey
    for adults (foster carers, staff, the authority), whose campaign the address names (even a page of
    it that does not exist).

    A view that opened the campaign has already decided (respond views set g.formal); the expired-form
    error comes before any view runs, so the campaign is looked up here. Anywhere else the page keeps
    the "ti" Welsh meant for children and young people.
    """
    if "formal" in g:
        return
    blueprint = request.blueprint or ""
    parts = request.path.strip("/").split("/")  # /<lang>/staff/... or /<lang>/s/<slug>/..., matched or not
    section = parts[1] if len(parts) >= 2 and parts[0] in LANGUAGES else ""
    if blueprint == "auth" or blueprint.startswith("staff_") or (not blueprint and section == "staff"):
        g.formal = True
        return
    slug = (request.view_args or {}).get("slug") if blueprint == "respond" else None
    if not blueprint and section == "s" and len(parts) >= 3:
        slug = parts[2]
    if not isinstance(slug, str):
        return
    from ..respond.views import ADULT_AUDIENCES
    from ..store import campaigns as campaign_store
    from ..store.questionnaires import frozen_content

    try:
        campaign = campaign_store.campaign_by_slug(slug)
        if campaign is not None:
            g.formal = (
                frozen_content(campaign.questionnaire_version).questionnaire.audience in ADULT_AUDIENCES
            )
    except exc.SQLAlchemyError:
        db.session.rollback()


def database_unavailable(error: exc.SQLAlchemyError) -> HTTPResponse:
    """A calm page, in the page's language, when the database cannot be reached just now.

    Nothing saved before is touched: the failed request's transaction is rolled back. A form that was
    being sent comes back as hidden fields with a "Try again" button (same address, same CSRF token), so
    the answers on the page are not lost; sending twice is safe, because every save is idempotent.
    Only the kind of failure is logged: SQL, parameters and answers never are.
    """
    logger.warning(
        "database unavailable during %s %s: %s", request.method, request.endpoint, type(error).__name__
    )
    try:
        db.session.rollback()
    except exc.SQLAlchemyError:
        db.session.close()
    _language_from_path()
    g.help_authority = None  # the council's own help contacts live in the database: show the national ones
    resend = (
        [(key, value) for key, values in request.form.lists() if key != "action" for value in values]
        if request.method == "POST"
        else []
    )
    context = {
        "resend": resend,
        "resend_action": request.form.get("action", "") if request.method == "POST" else "",
        "respondent": (request.endpoint or "").startswith(("respond.", "main.")) or request.endpoint is None,
    }
    if request.method == "POST" and request.endpoint in SWITCHABLE_FORMS:
        context["switch_form"] = "retry-form"
    response = make_response(render_template("database_unavailable.html", **context), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
