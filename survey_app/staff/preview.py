"""Preview a questionnaire exactly as a respondent sees it, in either language, at phone width."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_preview", __name__)
