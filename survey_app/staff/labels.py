"""Names shown on staff pages for roles, statuses and the like, in the page's language."""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from .notices import pending

ROLE_NAMES: dict[str, LazyString] = {
    "admin": _l("Administrator"),
    "officer": _l("Participation officer"),
    "analyst": _l("Analyst"),
    "national": _l("National coordinator"),
    "panel": _l("Young people's panel member"),
}

AUDIENCE_NAMES: dict[str, LazyString] = {
    "child": _l("Children and young people"),
    "care_leaver": _l("Care leavers"),
    "foster_carer": _l("Foster carers"),
    "staff": _l("Social care staff"),
    "authority": _l("The authority (self-audit)"),
}

ACCESS_NAMES: dict[str, LazyString] = {
    "open": _l("Anyone with the link"),
    "codes": _l("One-time access codes"),
}


def nav_url(endpoint: str, **values: Any) -> str | None:
    """The URL of a staff page for a menu or link, or None if this installation does not serve it."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def init_app(app: Flask) -> None:
    @app.context_processor
    def staff_labels() -> dict[str, object]:
        return {
            "role_names": ROLE_NAMES,
            "audience_names": AUDIENCE_NAMES,
            "access_names": ACCESS_NAMES,
            "staff_notices": pending,
            "nav_url": nav_url,
        }
