"""The error summary of a staff form: (anchor, message) pairs in the order of the form's fields."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm


def summary_errors(form: FlaskForm, radios: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The first message of each field with a problem; a group of radios is linked by its first input."""
    grouped = set(radios)
    return [
        (f"{name}-0" if name in grouped else name, str(messages[0]))
        for name, messages in form.errors.items()
        if name != "csrf_token"
    ]
