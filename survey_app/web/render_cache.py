"""Markup rendered once per worker and reused: the help panel, and blank questions.

Most of a question page is the same for every respondent who sees it in the same language and register:
the help panel at the bottom, and each question not yet answered. Rendering those with Jinja on every
request was about half of a question page's time, so each worker keeps the HTML it rendered:

- the help panel, per (language, register, audience, council, help topics, the council's own contacts as
  read last): it never holds anything about a respondent. The council's own contacts are kept a minute
  by `help.contacts` (and forgotten at once by `forget_own_help` on the worker that changed them); the
  time they were read is part of the key, so the panel follows them exactly, never showing older ones.
- a question's markup, per (questionnaire content, page, item, language, register), only while that
  question has no saved or submitted answer and no error (`QuestionMarkup.blank`): markup that holds an
  answer, a CSRF token or an error message is never kept, so one respondent's answers can never reach
  another's page. The CSRF token and everything else that varies is outside the cached parts.

`LLEISIAU_RENDER_CACHE = False` renders everything afresh (the tests compare both ways).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Hashable, Mapping
from typing import Any

from flask import current_app, g, render_template
from flask.sansio.app import App
from markupsafe import Markup

from ..help.contacts import OWN_HELP_CACHE

EXTENSION = "lleisiau_render_cache"
LIMIT = 2000  # entries per worker (a few MB at most); the whole cache is dropped when it is reached
HELP_TEMPLATE = "_help.html"


def _enabled() -> bool:
    return bool(current_app.config.get("LLEISIAU_RENDER_CACHE", True))


def _store() -> dict[Hashable, Markup]:
    store: dict[Hashable, Markup] = current_app.extensions.setdefault(EXTENSION, {})
    return store


def kept(key: Hashable) -> Markup | None:
    """The markup kept under `key`, if any (None when caching is off)."""
    return _store().get(key) if _enabled() else None


def keep(key: Hashable, markup: Any) -> Markup:
    """Keep `markup` under `key` and return it (only markup that is the same for everyone)."""
    html = Markup(markup)
    if _enabled():
        store = _store()
        if len(store) >= LIMIT:
            store.clear()
        store[key] = html
    return html


def forget() -> None:
    """Drop everything kept (the help panel and questions render afresh on the next page)."""
    current_app.extensions.get(EXTENSION, {}).clear()


def _own_help_stamp(authority: str | None) -> float | None:
    """When the council's own contacts now in use expire (help.contacts keeps them a minute), or None
    if there are none read, or they have expired: then the panel is rendered afresh, which reads them."""
    if authority is None:
        return 0.0
    entry = current_app.extensions.get(OWN_HELP_CACHE, {}).get(authority)
    if entry is None or entry[0] < time.monotonic():
        return None
    return float(entry[0])


def _help_key(stamp: float) -> tuple[Hashable, ...]:
    """Everything the help panel depends on: what `_help.html` and `current_help()` read."""
    return (
        "help",
        str(g.get("lang", "cy")),
        bool(g.get("formal", False)),
        g.get("help_audience"),
        g.get("help_authority"),
        tuple(g.get("help_topics", ())),
        stamp,
    )


def help_panel() -> Markup:
    """The help panel of this page (`_help.html`), rendered once per key and reused."""
    authority = g.get("help_authority")
    stamp = _own_help_stamp(authority)
    if stamp is not None:
        html = kept(_help_key(stamp))
        if html is not None:
            return html
    html = Markup(render_template(HELP_TEMPLATE))
    stamp = _own_help_stamp(authority)  # rendering read the council's contacts, if they had expired
    return keep(_help_key(stamp), html) if stamp is not None else html


class QuestionMarkup:
    """The markup of a page's blank questions, kept between requests (see the module's docstring).

    In the template: `shown.kept(item) or shown.keep(item, question(frozen, item, form))`, so the macro
    runs only when nothing is kept, and its output is kept only for a blank question.
    """

    def __init__(self, base: tuple[Hashable, ...], blank: Collection[str]):
        self.base = base
        self.blank = frozenset(blank)

    @classmethod
    def for_page(
        cls,
        content_hash: str,
        number: int,
        lang: str,
        formal: bool,
        items: list[Any],
        saved: Mapping[str, Any],
        form: Any,
        fresh: bool,
    ) -> QuestionMarkup:
        """`fresh`: the form holds only saved answers (a GET with nothing carried over), no input."""
        blank = {item.id for item in items if fresh and is_blank(item, saved, form)} if _enabled() else set()
        return cls(("question", content_hash, number, lang, formal), blank)

    @classmethod
    def afresh(cls) -> QuestionMarkup:
        """Nothing kept, nothing reused (the staff preview of a draft, whose content can change)."""
        return cls(("question",), ())

    def kept(self, item: Any) -> Markup | None:
        return kept((*self.base, item.id)) if item.id in self.blank else None

    def keep(self, item: Any, markup: Any) -> Markup:
        if item.id in self.blank:
            return keep((*self.base, item.id), markup)
        return Markup(markup)


def _empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == [] or value == {}


def is_blank(item: Any, saved: Mapping[str, Any], form: Any) -> bool:
    """No saved answer, and every field of the item empty and without an error."""
    if not _empty(saved.get(item.id)):
        return False
    prefix = f"{item.id}__"
    fields = [field for field in form if field.name == item.id or field.name.startswith(prefix)]
    return all(_empty(field.data) and not field.errors and not field.raw_data for field in fields)


def init_app(app: App) -> None:
    app.extensions.setdefault(EXTENSION, {})
    app.jinja_env.globals["help_panel"] = help_panel
