"""Codes people type: resume codes (carry on later) and one-time access codes (get in).

Codes use 29 characters that cannot be mistaken for one another when read aloud or written by hand
(no 0/O, 1/I/L or U/V), in groups of four. Typing ignores case, spaces and dashes.
Only a keyed hash of a code is ever stored: HMAC-SHA256 under LLEISIAU_CODE_KEY, or, when that is not
set, under a key derived from SECRET_KEY with a fixed label. A database or backup alone therefore gives
no way to try codes offline. Hashes stored before this (plain SHA-256) are still recognised once: the
lookups try the keyed form, then the old one, and a resume code found the old way is rehashed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from flask import current_app

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
GROUP = 4
# A resume code opens someone's unfinished answers: 12 characters, about 58 bits.
RESUME_LENGTH = 12
# An access code only lets someone start a survey once: 8 characters, about 39 bits, with tries rate-limited.
ACCESS_LENGTH = 8
SEPARATORS = re.compile(r"[\s\-–—_.]+")


def new_code(length: int) -> str:
    """A random code in groups of four, like K7QM-2RXD-9HTA."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return display(raw)


def display(raw: str) -> str:
    return "-".join(raw[start : start + GROUP] for start in range(0, len(raw), GROUP))


def normalise(typed: str, length: int) -> str | None:
    """The code someone typed or pasted, as stored; None if it cannot be a code of that length."""
    raw = SEPARATORS.sub("", typed or "").upper()
    if len(raw) != length or any(char not in ALPHABET for char in raw):
        return None
    return raw


# The label that makes the code key differ from every other use of SECRET_KEY (cookies, rate limits).
KEY_LABEL = b"lleisiau/code-hash/v1"


def code_key() -> bytes:
    """The key codes are hashed with: LLEISIAU_CODE_KEY if set, else derived from SECRET_KEY."""
    configured = current_app.config.get("LLEISIAU_CODE_KEY")
    if configured:
        return str(configured).encode("utf-8")
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, KEY_LABEL, hashlib.sha256).digest()


def hash_code(raw: str) -> str:
    """The stored form of a (normalised) code: HMAC-SHA256 under the code key, in hex."""
    return hmac.new(code_key(), raw.encode("ascii"), hashlib.sha256).hexdigest()


def legacy_hash(raw: str) -> str:
    """How codes were stored before they were keyed (unsalted SHA-256): only ever looked up, never written."""
    return hashlib.sha256(raw.encode("ascii")).hexdigest()
