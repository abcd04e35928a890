"""The audit log of staff actions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_audit", __name__)
