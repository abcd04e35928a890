"""Babel extractors that also collect the Welsh "chi" twin of register-marked strings.

`_r("...")`, `_lr("...")` and `nr("...", "...", n)` mark text that speaks to the respondent. Each is
extracted twice: as a plain message (the "ti" Welsh, for children) and under the context "chi" (the
Welsh for adults). babel.cfg names these functions as the extraction methods.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import IO, Any, cast

from babel.messages.extract import extract_python
from jinja2.ext import babel_extract

from .i18n import FORMAL_CONTEXT

SINGULAR_KEYWORDS = {"_r", "_lr"}
PLURAL_KEYWORDS = {"nr"}
Extracted = tuple[int, str, Any, list[str]]


def _with_formal_twins(found: Iterator[Extracted]) -> Iterator[Extracted]:
    for lineno, funcname, message, comments in found:
        if funcname in SINGULAR_KEYWORDS:
            text = message[0] if isinstance(message, tuple) else message
            yield lineno, "gettext", text, comments
            yield lineno, "pgettext", (FORMAL_CONTEXT, text), comments
        elif funcname in PLURAL_KEYWORDS:
            singular, plural = message[0], message[1]
            yield lineno, "ngettext", (singular, plural), comments
            yield lineno, "npgettext", (FORMAL_CONTEXT, singular, plural), comments
        else:
            yield lineno, funcname, message, comments


def _keywords(keywords: Collection[str]) -> Any:
    """Babel hands extractors only the keyword names; its own specs are applied to what they yield."""
    return dict.fromkeys([*keywords, *SINGULAR_KEYWORDS, *PLURAL_KEYWORDS])


def python(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[Extracted]:
    found: Any = extract_python(fileobj, _keywords(keywords), comment_tags, cast(Any, options))
    yield from _with_formal_twins(found)


def jinja(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[Extracted]:
    found: Any = babel_extract(cast(Any, fileobj), _keywords(keywords), list(comment_tags), options)
    yield from _with_formal_twins(found)
