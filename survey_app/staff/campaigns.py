"""Campaigns: set one up, its page with link, QR code and response totals."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_campaigns", __name__)
