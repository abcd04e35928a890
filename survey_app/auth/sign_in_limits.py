"""Sign-in limits that stop guessing a password without locking out an office or an account's owner.

- Successful sign-ins never count against anyone.
- Per account (per e-mail address typed, whether or not it has an account, so that the page says
  nothing about which addresses exist): the first LLEISIAU_SIGN_IN_FREE_FAILURES wrong tries cost
  nothing; after that each further try must wait 2, 4, 8 ... seconds after the last wrong one, up to
  LLEISIAU_SIGN_IN_MAX_WAIT_SECONDS. A try made too soon is refused without checking the password and
  does not count, so nobody can lengthen the wait for someone else. The right password after the wait
  works, and its owner is told how many wrong tries there were since they last signed in.
- Per address: only wrong tries count, up to LLEISIAU_SIGN_IN_FAILURES (generous: a council office
  has hundreds of staff behind one address). That limit is Flask-Limiter's, in ../web/rate_limits.py.

The counts live in the database (table `sign_in_failures`) so every app server sees them; the key is
an HMAC of the e-mail address with the app's secret, never the address itself.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import UTC, datetime, timedelta

from flask import current_app, g
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import SignInFailures
from ..store import users as user_store

# Rows for addresses nobody signs in with are forgotten this long after their last wrong try.
FORGET_AFTER = timedelta(days=30)


def now() -> datetime:
    """The time now, in UTC without a zone (as stored); tests move it on."""
    return datetime.now(UTC).replace(tzinfo=None)


def _key(email: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    message = b"sign-in|" + user_store.normalise_email(email).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def delay_after(failures: int) -> int:
    """Seconds a try must wait after the last wrong one, once there have been this many."""
    free = int(current_app.config["LLEISIAU_SIGN_IN_FREE_FAILURES"])
    if failures < free:
        return 0
    most = int(current_app.config["LLEISIAU_SIGN_IN_MAX_WAIT_SECONDS"])
    return int(min(most, 2 ** min(failures - free + 1, 30)))


def seconds_to_wait(email: str) -> int:
    """How long a try for this e-mail address must still wait (0: it may go ahead)."""
    row = db.session.get(SignInFailures, _key(email))
    if row is None:
        return 0
    ready = row.last_failure + timedelta(seconds=delay_after(row.failures))
    return max(0, math.ceil((ready - now()).total_seconds()))


def record_failure(email: str) -> None:
    """Count a wrong try for this address (and for the client address, through Flask-Limiter)."""
    g.sign_in_failed = True
    key, moment = _key(email), now()
    if not _add_one(key, moment):
        try:
            with db.session.begin_nested():
                db.session.add(SignInFailures(key=key, failures=1, last_failure=moment))
        except IntegrityError:  # another server counted the first one at the same moment
            _add_one(key, moment)
    db.session.execute(delete(SignInFailures).where(SignInFailures.last_failure < moment - FORGET_AFTER))


def _add_one(key: str, moment: datetime) -> bool:
    counted = db.session.execute(
        update(SignInFailures)
        .where(SignInFailures.key == key)
        .values(failures=SignInFailures.failures + 1, last_failure=moment)
    )
    return bool(counted.rowcount)  # type: ignore[attr-defined]


def take_failures(email: str) -> int:
    """On a successful sign-in: the wrong tries since the last one, and start counting again."""
    key = _key(email)
    failures = db.session.scalar(select(SignInFailures.failures).where(SignInFailures.key == key)) or 0
    db.session.execute(delete(SignInFailures).where(SignInFailures.key == key))
    return int(failures)


def failed(response: object) -> bool:
    """For Flask-Limiter's deduct_when: only wrong tries count against the client address."""
    return bool(g.get("sign_in_failed"))
