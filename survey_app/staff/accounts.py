"""The authority's staff accounts: make one, send a password link, switch one off."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_accounts", __name__)
