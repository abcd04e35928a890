"""Printable A4 sheets of one-time access codes: an instructions page, then slips to cut out.

Each slip carries a QR code of the survey link with its code, the short link and the code to type,
the closing date and two plain lines for the person taking part; never a name or anything that
could say who had it. The sheet is built as HTML (`code_sheet_html`, easy to test) and printed to
PDF with WeasyPrint. Each part is rendered in its own language with `force_locale`, so a sheet in
both languages has Welsh first, then English, on the instructions and on every slip.
"""

from __future__ import annotations

import math
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from flask import current_app, g, render_template
from flask_babel import force_locale, format_date, gettext
from markupsafe import Markup
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..models import Campaign
from ..respond import codes as access
from ..respond.views import ADULT_AUDIENCES
from ..store import questionnaires as questionnaire_store
from ..web.i18n import BABEL_LOCALES
from ..web.i18n import register_gettext as _r
from ..web.links import base_url, external_url
from .qr import qr_png_data_uri

TEMPLATE = "staff/code_sheet_pdf.html"
# Two columns of slips 93 mm wide, big enough to cut out with scissors: four rows (66 mm high) in one
# language, three (88 mm high) when every slip says everything in Welsh and in English.
SLIP_COLUMNS = 2
SLIPS_PER_PAGE = SLIP_COLUMNS * 4
SLIPS_PER_PAGE_BOTH = SLIP_COLUMNS * 3
# The height the slips share on a page: A4 less the page margins and the line that says where to cut.
SLIP_AREA_MM = 297 - 11 - 17 - 5
SHEET_LANGUAGES: dict[str, tuple[str, ...]] = {"cy": ("cy",), "en": ("en",), "both": ("cy", "en")}


def survey_link(slug: str, lang: str, code: str | None = None) -> str:
    """Absolute URL of the survey's introduction, with ?code=<CODE> (no dash) when a code is given."""
    values: dict[str, Any] = {"slug": slug, "lang": lang}
    if code:
        values["code"] = access.normalise(code, access.ACCESS_LENGTH) or code.strip()
    return external_url("respond.introduction", **values)


def short_link(url: str) -> str:
    """The link as people type it: browsers add https:// themselves."""
    return url.removeprefix("https://")


def sheet_codes(codes: list[str]) -> list[str]:
    """The codes as stored (ABCDEFGH), refusing anything that could not work as an access code."""
    if not codes:
        raise ValueError("A code sheet needs at least one code.")
    raw_codes = [access.normalise(code, access.ACCESS_LENGTH) for code in codes]
    if None in raw_codes:
        raise ValueError("A code sheet can only hold access codes (8 characters from the code alphabet).")
    if len(set(raw_codes)) != len(raw_codes):
        raise ValueError("A code sheet must not hold the same code twice.")
    return [code for code in raw_codes if code is not None]


def sheet_languages(sheet_lang: str) -> tuple[str, ...]:
    if sheet_lang not in SHEET_LANGUAGES:
        raise ValueError(f"A code sheet is in 'cy', 'en' or 'both', not {sheet_lang!r}.")
    return SHEET_LANGUAGES[sheet_lang]


def slips_per_page(sheet_lang: str) -> int:
    return SLIPS_PER_PAGE_BOTH if len(sheet_languages(sheet_lang)) > 1 else SLIPS_PER_PAGE


def page_count(codes: list[str], sheet_lang: str) -> int:
    """Pages a sheet takes: one instructions page per language, then the pages of slips.

    (Every bundled questionnaire's instructions fit on a page; a very long purpose could take two.)
    """
    return len(sheet_languages(sheet_lang)) + math.ceil(len(codes) / slips_per_page(sheet_lang))


@contextmanager
def _register(formal: bool) -> Iterator[None]:
    """Slips speak to the person taking part: in Welsh "chi" to adults, "ti" to children and young people."""
    before = g.get("formal", False)
    g.formal = formal
    try:
        yield
    finally:
        g.formal = before


def _footer(slug: str, langs: tuple[str, ...]) -> str:
    """CSS `content` for the page footer: the campaign, Page X of Y, and that the codes work once."""
    pages, notes = [], []
    for lang in langs:
        with force_locale(BABEL_LOCALES[lang]):
            pages.append(gettext("Page %(index)s of %(total)s", index="\x00page\x00", total="\x00pages\x00"))
            notes.append(gettext("This sheet holds access codes that each work once. Keep it safe."))
    text = "\n".join([f"{slug} · {' / '.join(pages)}", *notes])
    # Split around the page numbers, which WeasyPrint fills in: text, "page", text, "pages", text...
    pieces = re.split("\x00(pages?)\x00", text)
    return " ".join(
        f"counter({piece})" if index % 2 else _css_string(piece) for index, piece in enumerate(pieces)
    )


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def code_sheet_html(campaign: Campaign, codes: list[str], sheet_lang: str) -> str:
    """The sheet as HTML for WeasyPrint. Needs a request context (templates, URLs, translations)."""
    langs = sheet_languages(sheet_lang)
    raw_codes = sheet_codes(codes)
    questionnaire = questionnaire_store.frozen_content(campaign.questionnaire_version).questionnaire
    common = {"campaign": campaign, "questionnaire": questionnaire, "code_count": len(raw_codes)}
    instructions: list[Markup] = []
    slip_texts: list[dict[str, Any]] = []
    with _register(questionnaire.audience in ADULT_AUDIENCES):
        for lang in langs:
            with force_locale(BABEL_LOCALES[lang]):
                details = {
                    **common,
                    "lang": lang,
                    "link": short_link(survey_link(campaign.slug, lang)),
                    "closes_on": format_date(campaign.closes_on, "long"),
                    "council": campaign.authority.name(lang)
                    if campaign.authority
                    else gettext("All of Wales"),
                }
                instructions.append(Markup(render_template(TEMPLATE, part="instructions", **details)))
                slip_texts.append(
                    {
                        **details,
                        "title": questionnaire.title(lang),
                        "body": Markup(render_template(TEMPLATE, part="slip_body", **details)),
                        "code_label": _r("Your access code"),
                        "cut_guide": gettext("Cut along the dashed lines. One slip for each person."),
                    }
                )
        with force_locale(BABEL_LOCALES[langs[0]]):
            qr_label = gettext("QR code: opens the survey with this code")
    slips = [
        {
            "code": access.display(code),
            "qr": qr_png_data_uri(survey_link(campaign.slug, langs[0], code)),
        }
        for code in raw_codes
    ]
    per_page = slips_per_page(sheet_lang)
    rows = per_page // SLIP_COLUMNS
    pages = [slips[start : start + per_page] for start in range(0, len(slips), per_page)]
    return render_template(
        TEMPLATE,
        part="document",
        lang=langs[0],
        langs=langs,
        instructions=instructions,
        slip_pages=pages,
        texts=slip_texts,
        qr_label=qr_label,
        columns=SLIP_COLUMNS,
        slip_height_mm=SLIP_AREA_MM // rows - 1,
        footer=Markup(_footer(campaign.slug, langs)),
        **common,
    )


def code_sheet_document(campaign: Campaign, codes: list[str], sheet_lang: str) -> weasyprint.Document:
    """The laid-out sheet, for counting pages; `code_sheet_pdf` writes it."""
    html = code_sheet_html(campaign, codes, sheet_lang)
    # Fonts are local and the QR codes inline; a relative link resolves against the base URL, and the
    # fetcher serves only this app's own static files, from disk, whatever host a request named.
    return weasyprint.HTML(string=html, base_url=base_url() + "/", url_fetcher=OwnStaticFiles()).render()


class OwnStaticFiles(URLFetcher):
    """WeasyPrint's fetcher for a code sheet: this app's static files from disk, nothing else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",))
        self.root = Path(current_app.static_folder or "").resolve()
        static_path = urlsplit(external_url("static", filename="x")).path.removesuffix("x")
        self.prefix = base_url() + static_path

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):  # the QR codes, inline
            return super().fetch(url, headers)
        if url.startswith(self.prefix):
            name = unquote(urlsplit(url).path.removeprefix(urlsplit(self.prefix).path))
            path = (self.root / name).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
        raise ValueError(f"a code sheet fetches only this app's static files, not {url}")


def code_sheet_pdf(campaign: Campaign, codes: list[str], sheet_lang: str) -> bytes:
    """The printable A4 sheet as PDF bytes. Call inside a request context."""
    return code_sheet_document(campaign, codes, sheet_lang).write_pdf()
