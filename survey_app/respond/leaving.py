"""Leaving quickly: the exit on every respondent page, and what Back shows after it.

"Leave this page" (main.leave) forgets this browser's place and goes to an ordinary website. Respondent
pages are never cached, so Back asks the server for them again; for LLEISIAU_LEFT_MINUTES after leaving,
the session cookie carries a "left" mark and every survey page this browser asks for sends it to the same
ordinary website instead, so Back shows no sign that a survey was open. The mark is the only thing in the
cookie (the place in the survey is gone); it is never stored on the server, and it ends by itself.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, current_app, has_request_context, redirect, request, session
from werkzeug.wrappers import Response as WerkzeugResponse

LEFT_UNTIL = "left_until"
PREVIEW_FRAME = "staff_preview.frame"


def now() -> float:
    return time.time()


def is_respondent_page() -> bool:
    """A page of a survey (under /<lang>/s/, whether or not it matched), or a staff preview of one."""
    if not has_request_context():
        return False
    if request.blueprint == "respond" or request.endpoint == PREVIEW_FRAME:
        return True
    if request.blueprint is not None:
        return False
    parts = request.path.strip("/").split("/")
    return len(parts) >= 2 and parts[1] == "s"


def mark_left() -> None:
    """Forget everything in this browser's session, keeping only when the "left" mark ends.

    Rounded up to the minute: the cookie holds nothing finer than it needs.
    """
    session.clear()
    minutes = int(current_app.config["LLEISIAU_LEFT_MINUTES"])
    session[LEFT_UNTIL] = (int(now()) // 60 + minutes + 1) * 60


def away_after_leaving() -> WerkzeugResponse | None:
    """Before a survey page: just after leaving, go to the ordinary website again instead."""
    if LEFT_UNTIL not in session or not is_respondent_page() or request.endpoint == PREVIEW_FRAME:
        return None
    if now() < float(session[LEFT_UNTIL]):
        response = redirect(current_app.config["LLEISIAU_EXIT_URL"], code=303)
        response.headers["Cache-Control"] = "no-store"
        return response
    session.pop(LEFT_UNTIL)
    return None


def init_app(app: Flask) -> None:
    app.before_request(away_after_leaving)

    @app.context_processor
    def leave_context() -> dict[str, Any]:
        return {"respondent_page": is_respondent_page()}
