"""Access codes: make a batch and print its sheet, withdraw a lost batch."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_codes", __name__)
