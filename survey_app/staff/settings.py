"""The authority's settings: the help contacts its respondents see."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_settings", __name__)
