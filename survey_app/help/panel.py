"""The help panel on every page: the council's contacts and help tailored to the questions shown.

Views set `g.help_audience` (the questionnaire's audience: it picks whose contacts are shown; a page
without it belongs to no survey), `g.help_authority` (the ONS code of the council looking after the
respondent, when known) and `g.help_topics` (the help topics of the sensitive questions on or just
before this page).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g

from ..content.schema import help_audience
from .contacts import help_for


def current_help() -> Any:
    audience = g.get("help_audience")
    return help_for(
        g.get("help_authority"),
        g.get("help_topics", ()),
        help_audience(audience),
        on_survey=audience is not None,
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals["current_help"] = current_help
