"""Paper copies: a printable A4 PDF of a published questionnaire version, to fill in by hand.

In Welsh, in English, or both side by side (Welsh on the left); laid out for the age band (large type
and big faces for 4-7). A cover page says what the survey is for in the respondent's words, the
promises (anonymous, skip anything, "I'd rather not say"), where to get help and how to give the copy
back; then every page and question in order, numbered, with tick boxes and write-in boxes. The copy
is built as HTML (`paper_copy_html`, easy to test) and printed with WeasyPrint, as the code sheets are.

Every copy of a batch is identical. It carries a batch reference (the campaign's slug and the
questionnaire's version, or the questionnaire's id and version when printed from the library), so
paper entry can check a copy belongs to the campaign; it never carries a serial number, because a
number on a copy could be written next to a child's name on a list and would then tie the answers on
that copy to the child: the paper form must be as anonymous as the online one.

A blank questionnaire holds no respondent data, so there is nothing for disclosure control to decide:
like the code sheets (and unlike the results downloads, which are built only from tables released by
`analysis.disclosure`), this PDF is made from the published questionnaire alone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import weasyprint
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import force_locale, format_date, gettext, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..auth.permissions import Permission, requires
from ..auth.scope import scope
from ..content.frozen import FrozenQuestionnaire
from ..content.schema import RATHER_NOT_SAY, Item, help_audience
from ..help.contacts import HelpPanel, help_for
from ..models import Campaign, QuestionnaireVersion
from ..respond.views import ADULT_AUDIENCES
from ..store.questionnaires import frozen_content
from ..web.i18n import BABEL_LOCALES
from ..web.i18n import register_gettext as _r
from ..web.links import base_url
from .code_sheets import OwnStaticFiles, _css_string, _register

bp = Blueprint("staff_paper_copies", __name__)

TEMPLATE = "staff/paper/copy_pdf.html"
COPY_LANGUAGES: dict[str, tuple[str, ...]] = {"both": ("cy", "en"), "cy": ("cy",), "en": ("en",)}
COPY_LANGUAGE_LABELS = [
    ("both", _l("Welsh and English side by side (Welsh on the left)")),
    ("cy", _l("Welsh only")),
    ("en", _l("English only")),
]
# A write-in box has one ruled line for about every 100 characters the online box takes, within limits.
CHARACTERS_PER_LINE = 100
FEWEST_LINES, MOST_LINES = 3, 10


@dataclass(frozen=True)
class Batch:
    """What a copy is printed for: its reference (the same on every copy) and what the cover says."""

    reference: dict[str, str]  # lang -> "Batch: <slug> · v3"
    slug: str
    authority_code: str | None
    council: dict[str, str] = field(default_factory=dict)  # lang -> council name ("" if none)
    closes_on: date | None = None


def copy_languages(copy_lang: str) -> tuple[str, ...]:
    if copy_lang not in COPY_LANGUAGES:
        raise ValueError(f"A paper copy is in 'cy', 'en' or 'both', not {copy_lang!r}.")
    return COPY_LANGUAGES[copy_lang]


def campaign_batch(campaign: Campaign, langs: tuple[str, ...]) -> Batch:
    version = campaign.questionnaire_version.version
    reference = {}
    for lang in langs:
        with force_locale(BABEL_LOCALES[lang]):
            reference[lang] = gettext("Batch: %(slug)s · v%(version)s", slug=campaign.slug, version=version)
    return Batch(
        reference=reference,
        slug=campaign.slug,
        authority_code=campaign.authority.ons_code if campaign.authority else None,
        council={lang: campaign.authority.name(lang) if campaign.authority else "" for lang in langs},
        closes_on=campaign.closes_on,
    )


def version_batch(version: QuestionnaireVersion, langs: tuple[str, ...]) -> Batch:
    """A copy printed from the library belongs to no campaign: its reference says so."""
    reference = {}
    for lang in langs:
        with force_locale(BABEL_LOCALES[lang]):
            reference[lang] = gettext(
                "Questionnaire: %(id)s · v%(version)s", id=version.questionnaire_id, version=version.version
            )
    return Batch(
        reference=reference,
        slug=f"{version.questionnaire_id}-v{version.version}",
        authority_code=version.authority.ons_code if version.authority else None,
        council={lang: version.authority.name(lang) if version.authority else "" for lang in langs},
    )


def question_numbers(frozen: FrozenQuestionnaire) -> dict[str, int]:
    """Every answerable item's number on paper, 1, 2, 3... in order (information is not numbered)."""
    answerable = [item.id for item in frozen.items() if item.answerable]
    return {item_id: number for number, item_id in enumerate(answerable, start=1)}


def write_in_lines(item: Item) -> int:
    return max(FEWEST_LINES, min(MOST_LINES, math.ceil(item.text_limit / CHARACTERS_PER_LINE)))


def _either(labels: list[str]) -> str:
    """“Yes” or “Partly” (each answer quoted), in the current language."""
    quoted = [f"“{label}”" for label in labels]
    joined = quoted[0]
    for label in quoted[1:]:
        joined = gettext("%(first)s or %(second)s", first=joined, second=label)
    return joined


def _show_if_words(frozen: FrozenQuestionnaire, item: Item, numbers: dict[str, int], lang: str) -> str:
    if item.show_if is None:
        return ""
    earlier = frozen.item(item.show_if.item)
    labels = {option.value: option.label(lang) for option in frozen.options(earlier)}
    answers = _either([labels.get(value, value) for value in item.show_if.any_of])
    return _r(
        "Only answer this if you answered %(answers)s to question %(number)s.",
        answers=answers,
        number=numbers.get(earlier.id, "?"),
    )


def _instruction(item: Item) -> str:
    if item.type == "multiple_choice":
        return _r("Tick all that apply.")
    if item.type == "grid":
        return _r("Tick one box in each row.")
    if item.type == "number":
        return _r("Write a number in the box.")
    if item.type == "free_text":
        return _r("Write your answer in the box.")
    if item.answerable:
        return _r("Tick one box.")
    return ""


def _help_intro(help_panel: HelpPanel) -> str:
    """The help panel's own words before its contacts (templates/_help.html), for this audience."""
    if help_panel.adult:
        return gettext(
            "This survey is anonymous, so nobody can see who wrote what and nobody can follow up your "
            "answers. If you are worried about a child's safety, do not wait: follow your usual "
            "safeguarding procedures. For support for yourself, contact:"
        )
    if help_panel.audience == "care_leaver":
        return gettext(
            "This survey is anonymous, so nobody can see who wrote what and nobody can follow up your "
            "answers. If you are worried or not safe, talk to someone you trust, or contact:"
        )
    return _r(
        "This survey is anonymous, so nobody can see who wrote what and nobody can follow up your answers. "
        "If you are worried or not safe, talk to an adult you trust, or contact:"
    )


def _words(frozen: FrozenQuestionnaire, batch: Batch, help_panel: HelpPanel, lang: str) -> dict[str, Any]:
    """Everything the copy says in one language, other than the questionnaire's own texts."""
    q = frozen.questionnaire
    if q.age_band == "4-7":
        welcome = gettext(
            "Hello! We want to know how things are for you. There are no right or wrong answers, "
            "and you don't have to answer every question."
        )
    elif q.audience == "care_leaver":
        welcome = gettext(
            "We want to know how things are for you, so that councils can make their support for care "
            "leavers better."
        )
    elif q.audience == "authority":
        welcome = gettext(
            "This self-audit checks your council against the corporate-parenting offer. Your answers will "
            "be shared with the young people's panel and will feed into the corporate-parenting kite mark."
        )
    elif q.audience in ADULT_AUDIENCES:
        welcome = _r(
            "We want to know what it is like for you, so that the council can make things better for "
            "children in care and the people who look after them."
        )
    else:
        welcome = gettext(
            "We want to know what your life is like, so that the adults in charge of care can make it better."
        )
    count = frozen.question_count()
    size = ngettext("There is %(num)d question.", "There are %(num)d questions.", count)
    minutes = ngettext("It takes about %(num)d minute.", "It takes about %(num)d minutes.", q.minutes)
    rather_not_say = frozen.rather_not_say.label(lang)
    for_adults = [
        gettext(
            "Please do this survey together with the child. Read each question and its answers aloud, "
            "then let the child choose."
        ),
        gettext(
            "Let the child answer in their own way: please do not answer for them or suggest an answer, "
            "even if you think you know what they would say."
        ),
        gettext("The child does not have to answer every question, and can stop at any time."),
        gettext(
            "It is anonymous: please do not write the child's name, or anything that would show who they are."
        ),
    ]
    promises = [
        _r(
            "It is anonymous: do not write your name. Nobody will know which answers are yours, "
            "so nobody can follow them up."
        ),
        _r("You can skip any question you don't want to answer."),
        _r(
            "If you would rather not answer a question, leave it blank or tick “%(rather_not_say)s”.",
            rather_not_say=rather_not_say,
        ),
    ]
    give_back = [
        _r(
            "Put this copy in the envelope you were given, seal it and give it back to the person "
            "who gave it to you."
        )
    ]
    if batch.closes_on:
        give_back.append(_r("Please give it back by %(date)s.", date=format_date(batch.closes_on, "long")))
    return {
        "lang": lang,
        "title": q.title(lang),
        "council": batch.council.get(lang, ""),
        "welcome": welcome,
        "size": f"{size} {minutes}",
        "promises": promises,
        "for_adults_heading": gettext("For the adult helping"),
        "for_adults": for_adults,
        "how_heading": _r("How to fill it in"),
        "how": _r("Tick a box like this:"),
        "mistake": _r("If you tick the wrong box, colour it in fully and tick the right one."),
        "help_heading": _r("Need to talk to someone now?"),
        "help_intro": _help_intro(help_panel),
        "danger": gettext("If you or someone else is in danger right now, phone 999.")
        if help_panel.adult
        else _r("If you are in danger right now, phone 999."),
        "phone": gettext("Phone"),
        "text": gettext("Text"),
        "give_back_heading": _r("When you have finished"),
        "give_back": give_back,
        "or_only_this": _r("or tick only this"),
        "reference": batch.reference[lang],
    }


def _footer(batch: Batch, langs: tuple[str, ...]) -> str:
    """CSS `content` for the footer: the batch reference and Page X of Y, in each language."""
    pages = []
    for lang in langs:
        with force_locale(BABEL_LOCALES[lang]):
            pages.append(gettext("Page %(index)s of %(total)s", index="\x00page\x00", total="\x00pages\x00"))
    references = list(dict.fromkeys(batch.reference[lang] for lang in langs))
    text = f"{' / '.join(references)} · {' / '.join(pages)}"
    pieces = re.split("\x00(pages?)\x00", text)
    return " ".join(
        f"counter({piece})" if index % 2 else _css_string(piece) for index, piece in enumerate(pieces)
    )


def paper_copy_html(frozen: FrozenQuestionnaire, batch: Batch, copy_lang: str) -> str:
    """The copy as HTML for WeasyPrint. Needs a request context (templates, translations)."""
    langs = copy_languages(copy_lang)
    q = frozen.questionnaire
    numbers = question_numbers(frozen)
    words: dict[str, dict[str, Any]] = {}
    help_panel = help_for(batch.authority_code, (), help_audience(q.audience))
    notes: dict[str, dict[str, Any]] = {item.id: {"number": numbers.get(item.id)} for item in frozen.items()}
    with _register(q.audience in ADULT_AUDIENCES):
        for lang in langs:
            with force_locale(BABEL_LOCALES[lang]):
                words[lang] = _words(frozen, batch, help_panel, lang)
                for item in frozen.items():
                    notes[item.id].setdefault("show_if", {})[lang] = _show_if_words(
                        frozen, item, numbers, lang
                    )
                    notes[item.id].setdefault("instruction", {})[lang] = _instruction(item)
    for item in frozen.items():
        notes[item.id]["lines"] = write_in_lines(item) if item.type == "free_text" else 0
    band = "young" if q.age_band == "4-7" else ("child" if q.age_band in ("8-10", "11-18") else "adult")
    return render_template(
        TEMPLATE,
        frozen=frozen,
        q=q,
        lang=langs[0],
        langs=langs,
        words=words,
        notes=notes,
        contacts=help_panel.contacts,
        band=band,
        rather_not_say=RATHER_NOT_SAY,
        pdf_title=" / ".join(q.title(lang) for lang in langs),
        footer=Markup(_footer(batch, langs)),
    )


def paper_copy_document(frozen: FrozenQuestionnaire, batch: Batch, copy_lang: str) -> weasyprint.Document:
    """The laid-out copy (for counting pages and reading its text); `paper_copy_pdf` writes it."""
    html = paper_copy_html(frozen, batch, copy_lang)
    return weasyprint.HTML(string=html, base_url=base_url() + "/", url_fetcher=OwnStaticFiles()).render()


def paper_copy_pdf(frozen: FrozenQuestionnaire, batch: Batch, copy_lang: str) -> bytes:
    return paper_copy_document(frozen, batch, copy_lang).write_pdf()


@bp.app_context_processor
def _paper_copy_languages() -> dict[str, Any]:
    """For the "Paper copies" section of the campaign page, which another module renders."""
    return {"paper_copy_languages": lambda: COPY_LANGUAGE_LABELS}


def _answer(frozen: FrozenQuestionnaire, batch: Batch, filename: str, **page: Any) -> Any:
    """The PDF when a valid language was asked for; the choice page otherwise (400 for a wrong one)."""
    copy_lang = request.args.get("copy_lang")
    if copy_lang in COPY_LANGUAGES:
        pdf = paper_copy_pdf(frozen, batch, copy_lang)
        return Response(
            pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}-{copy_lang}.pdf"'},
        )
    error = gettext("Choose the language of the copy.") if copy_lang is not None else None
    return render_template(
        "staff/paper/choose.html",
        frozen=frozen,
        error=error,
        languages=COPY_LANGUAGE_LABELS,
        **page,
    ), (400 if error else 200)


@bp.get("/campaigns/<slug>/paper-copy")
@requires(Permission.MANAGE_CAMPAIGNS)
def campaign_copy(slug: str) -> Any:
    """A paper copy for a campaign, carrying its batch reference; only for the campaign's managers."""
    campaign = scope().managed_campaign(slug)
    frozen = frozen_content(campaign.questionnaire_version)
    langs = COPY_LANGUAGES.get(request.args.get("copy_lang") or "", ("cy", "en"))
    return _answer(
        frozen,
        campaign_batch(campaign, langs),
        f"lleisiau-paper-{campaign.slug}-v{campaign.questionnaire_version.version}",
        campaign=campaign,
        action=request.path,
    )


@bp.get("/questionnaires/<int:version_id>/paper-copy")
@requires(Permission.VIEW_QUESTIONNAIRES)
def version_copy(version_id: int) -> Any:
    """A paper copy of a published version from the library, to read or try (it belongs to no campaign)."""
    version = scope().version(version_id)
    if version.status != "published":
        abort(404)
    langs = COPY_LANGUAGES.get(request.args.get("copy_lang") or "", ("cy", "en"))
    return _answer(
        frozen_content(version),
        version_batch(version, langs),
        f"lleisiau-paper-{version.questionnaire_id}-v{version.version}",
        version=version,
        action=request.path,
    )
