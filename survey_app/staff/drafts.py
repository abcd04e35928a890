"""Questionnaire drafts: import a file, adapt a version, edit text side by side, publish."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_drafts", __name__)
