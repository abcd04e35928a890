"""The question bank: search every question of the shared library and the council's own questionnaires.

A plain GET form (works without JavaScript). Opened from a draft's page in the builder
(`?draft=<id>&page=<page id>`), each question gets an "Add to this page" button that posts to the
builder's `add_from_bank`, when this installation has it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import force_locale, gettext
from werkzeug.datastructures import MultiDict

from ..auth.permissions import Permission, may, requires
from ..auth.scope import scope
from ..content.bank import BankEntry, bank_entries, search
from ..content.describe import all_of, answer_words, indicator_words, positive_words, show_if_words
from ..content.schema import AgeBand
from ..results.names import DOMAIN_NAMES
from ..web.i18n import BABEL_LOCALES, current_language, other_language
from .labels import AUDIENCE_NAMES

bp = Blueprint("staff_bank", __name__)

PER_PAGE = 20
AGE_BANDS: tuple[AgeBand, ...] = ("4-7", "8-10", "11-18", "16-25")
FILTERS = ("q", "audience", "age_band", "domain", "indicator")
ADD_ENDPOINT = "staff_builder.add_from_bank"


def _chosen(args: MultiDict[str, str], indicators: dict[str, str]) -> dict[str, str]:
    """The filters asked for; a value that is not one of the choices is ignored, not an error."""
    known: dict[str, set[str]] = {
        "audience": set(AUDIENCE_NAMES),
        "age_band": set(AGE_BANDS),
        "domain": set(DOMAIN_NAMES),
        "indicator": set(indicators),
    }
    chosen = {"q": args.get("q", "").strip()[:200]}
    for name, values in known.items():
        value = args.get(name, "")
        chosen[name] = value if value in values else ""
    return chosen


def shown(entry: BankEntry, lang: str) -> dict[str, Any]:
    """One question as the page shows it: both languages side by side, then where it comes from."""
    frozen, item = entry.frozen, entry.item
    indicator = indicator_words(frozen, item, lang)
    return {
        "entry": entry,
        "sides": [{"lang": side, "answers": answer_words(frozen, item, side)} for side in ("en", "cy")],
        "show_if": show_if_words(frozen, item, lang),
        "indicator": indicator,
        "positive": positive_words(indicator, lang) if indicator else "",
        "shared": shared_words(entry, lang),
    }


def shared_words(entry: BankEntry, lang: str) -> str:
    """ "Wording shared with 8-10 and 11-18" (by age band, else by title); "" if its wording is its own."""
    names: list[str] = []
    for each in entry.shared_with:
        name = each.age_band or each.title(lang)
        if name not in names:
            names.append(name)
    if not names:
        return ""
    with force_locale(BABEL_LOCALES[lang]):
        return gettext("Wording shared with %(others)s", others=all_of(names, lang))


def _add_target() -> tuple[Any, dict[str, Any]] | None:
    """The draft and page questions are added to, when opened from the builder; 404 if not the caller's."""
    draft_id, page_id = request.args.get("draft", ""), request.args.get("page", "")
    if not draft_id or not page_id or not may(Permission.EDIT_QUESTIONNAIRES):
        return None
    if not draft_id.isdigit():
        abort(404)
    draft = scope().draft(int(draft_id))
    page = next((each for each in draft.source.get("pages", []) if each.get("id") == page_id), None)
    if page is None:
        abort(404)
    return draft, page


@bp.get("/")
@requires(Permission.VIEW_QUESTIONNAIRES)
def index() -> Any:
    lang = current_language()
    entries = bank_entries(scope())
    indicators = {
        entry.indicator.id: entry.indicator.label(lang) for entry in entries if entry.indicator is not None
    }
    chosen = _chosen(request.args, indicators)
    target = _add_target()
    if target is not None and "audience" not in request.args:
        # Opened from a draft: its own audience's questions first (a self-audit question speaks to council
        # staff as "chi", not to a child); choosing "any" in the form shows every audience.
        audience = str(target[0].source.get("audience", ""))
        chosen["audience"] = audience if audience in AUDIENCE_NAMES else ""
    found = search(
        entries,
        chosen["q"],
        chosen["audience"],
        chosen["age_band"],
        chosen["domain"],
        chosen["indicator"],
    )
    pages = max(1, -(-len(found) // PER_PAGE))
    asked = request.args.get("p", "1")
    number = min(int(asked), pages) if asked.isdigit() and int(asked) > 0 else 1
    add_url = None
    if target is not None and ADD_ENDPOINT in current_app.view_functions:
        add_url = url_for(ADD_ENDPOINT, draft_id=target[0].id)
    keep = {name: value for name, value in chosen.items() if value}
    if target is not None:
        keep.update(draft=target[0].id, page=target[1]["id"])
    return render_template(
        "staff/bank/index.html",
        chosen=chosen,
        total=len(found),
        results=[shown(entry, lang) for entry in found[(number - 1) * PER_PAGE : number * PER_PAGE]],
        page_number=number,
        pages=pages,
        keep=keep,
        audiences=AUDIENCE_NAMES,
        age_bands=AGE_BANDS,
        domains=DOMAIN_NAMES,
        indicators=sorted(indicators.items(), key=lambda pair: pair[1].casefold()),
        target=target,
        add_url=add_url,
        other=other_language(lang),
    )
