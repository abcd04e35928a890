"""Codes people type: resume codes (carry on later) and one-time access codes (get in).

Codes use 29 characters that cannot be mistaken for one another when read aloud or written by hand
(no 0/O, 1/I/L or U/V), in groups of four. Typing ignores case, spaces and dashes.
Only a hash of a code is ever stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets

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


def hash_code(raw: str) -> str:
    return hashlib.sha256(raw.encode("ascii")).hexdigest()
