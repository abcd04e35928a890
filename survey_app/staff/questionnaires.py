"""The questionnaire library: every version with its status and translation state."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_questionnaires", __name__)
