"""Rate limits on guessing codes, without keeping anyone's address.

Flask-Limiter counts tries per key. The key is an HMAC of the client address with the app's secret
and today's date: counts work across workers that share a store (Redis), but the key cannot be turned
back into an address, changes every day, and is held only in the counter store until it expires.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from flask import current_app, g, request
from flask_limiter import Limiter
from werkzeug.wrappers import Response as HTTPResponse


def anonymous_client_key() -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    message = f"{date.today().isoformat()}|{request.remote_addr or ''}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


limiter = Limiter(key_func=anonymous_client_key)


def code_tries() -> str:
    return str(current_app.config["LLEISIAU_CODE_TRIES"])


def mark_wrong_code() -> None:
    """Count this request against the limit (only wrong codes count; a right one costs nothing)."""
    g.wrong_code = True


def was_wrong_code(response: HTTPResponse) -> bool:
    return bool(g.get("wrong_code"))


def limit_code_tries():  # type: ignore[no-untyped-def]
    """Decorator for views where someone types a code."""
    return limiter.limit(code_tries, methods=["POST"], deduct_when=was_wrong_code)
