"""The language choice at `/`, the home page in each language, and the health check."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template
from sqlalchemy import text
from werkzeug.wrappers import Response as WerkzeugResponse

from ..auth.permissions import public
from ..extensions import db
from ..respond.leaving import mark_left

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def choose_language() -> str:
    """Cymraeg or English, Welsh first."""
    return render_template("main/choose_language.html")


@bp.get("/<lang>/")
@public
def home() -> str:
    return render_template("main/home.html")


@bp.get("/<lang>/privacy")
@public
def privacy() -> str:
    """The service-wide privacy notice (each survey also has one for its age band)."""
    return render_template("main/privacy.html")


@bp.get("/<lang>/leave")
@public
def leave() -> WerkzeugResponse:
    """ "Leave this page": forget this browser's place in any survey, then go to an ordinary website.

    The session keeps only a short-lived "left" mark, so that going Back to a survey page shows the
    ordinary website again, not the survey (see respond.leaving). Answers saved with a resume code can
    still be carried on with that code.
    """
    mark_left()
    response = redirect(current_app.config["LLEISIAU_EXIT_URL"], code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@public
def healthz() -> tuple[Response, int]:
    """For load balancers: 200 when the app can reach its database, 503 when it cannot."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure to reach the database means "not healthy"
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok"), 200
