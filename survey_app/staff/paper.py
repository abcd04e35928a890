"""Paper copies: an officer types in the answers of one paper copy, and can correct or remove it.

While the campaign is open (from its opening day to its closing day, not archived), whoever manages it
types in a copy on one long form, page for page and numbered as on paper, in the copy's language (its
questions and answers as printed; the page itself and its messages in the officer's). A copy is stored
as a complete response marked "paper" (store.paper). After saving, the officer is shown the copy's
reference, to write on the paper, and opens the copy by it to correct or remove it. There is no list of
copies: the campaign page shows only the disclosure-rounded number answered on paper.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext
from markupsafe import Markup

from ..auth.permissions import Permission, requires
from ..auth.scope import scope
from ..content.frozen import FrozenQuestionnaire
from ..extensions import db
from ..models import Authority, Campaign, Response
from ..respond.messages import CHOOSE_A_COUNCIL
from ..respond.views import NOT_SURE
from ..store import audit
from ..store import campaigns as campaign_store
from ..store import paper as paper_store
from ..store.questionnaires import frozen_content
from ..web.i18n import LANGUAGES, current_language
from . import paper_entry
from .counters import paper_total

bp = Blueprint("staff_paper", __name__)


def today() -> date:
    return date.today()


def _campaign(slug: str) -> tuple[Campaign, FrozenQuestionnaire]:
    """A campaign the caller manages (404 otherwise); staff pages speak Welsh as "chi"."""
    g.formal = True
    found = scope().managed_campaign(slug)
    return found, frozen_content(found.questionnaire_version)


def _refusal(campaign: Campaign) -> Any:
    """Copies are typed in, corrected and removed only while the campaign is open: once closed, its
    answers may be in the results, and changing them would show in a comparison of the two."""
    return render_template("staff/paper/refused.html", campaign=campaign, today=today()), 409


def _copy(campaign: Campaign, reference: str) -> Response:
    found = paper_store.by_reference(campaign, reference)
    return found if found is not None else abort(404)


@bp.route("/<slug>/paper", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def paper(slug: str) -> Any:
    """How many copies were typed in (rounded), type in another, or open one by its reference."""
    found, frozen = _campaign(slug)
    error = ""
    typed = ""
    if request.method == "POST":
        typed = request.form.get("reference", "")[:40]
        copy = paper_store.by_reference(found, typed)
        if copy is not None:
            return redirect(url_for(".copy", slug=slug, reference=paper_store.reference(copy)))
        if not typed.strip():
            error = gettext("Type the reference written on the paper copy, like 3F9A-C27B.")
        else:
            error = gettext(
                "No paper copy of this campaign has that reference. Check each letter and number: "
                "references look like 3F9A-C27B."
            )
    return render_template(
        "staff/paper/paper.html",
        campaign=found,
        frozen=frozen,
        paper=paper_total(scope(), found),
        is_open=_is_open(found),
        error=error,
        typed=typed,
        has_errors=bool(error),
        today=today(),
    ), (400 if error else 200)


def _is_open(campaign: Campaign) -> bool:
    return not campaign.is_archived and campaign.is_open_on(today())


def _copy_language(default: str) -> str:
    chosen = request.values.get("copy", default)
    return chosen if chosen in LANGUAGES else default


def _council(campaign: Campaign, given: str | None) -> tuple[Authority | None, str, str]:
    """For a campaign run across Wales: the council chosen (as on the survey's council page), the
    choice as shown again, and what is wrong with it."""
    if not campaign.is_national or not given or given == NOT_SURE:
        return None, given or "", ""
    authority = campaign_store.authority_by_code(given)
    return authority, given, "" if authority is not None else str(CHOOSE_A_COUNCIL)


def _entry_page(
    campaign: Campaign,
    frozen: FrozenQuestionnaire,
    copy_lang: str,
    form: Any,
    problems: list[tuple[str, str]],
    council: str,
    copy: Response | None = None,
) -> Any:
    questions = Markup(
        render_template(
            "staff/paper/_questions.html",
            lang=copy_lang,  # the questions and answers as printed on the copy
            frozen=frozen,
            form=form,
            pages=paper_entry.pages(frozen),
            question_numbers=paper_entry.numbers(frozen),
            show_if_notes=paper_entry.show_if_notes(frozen, copy_lang),
        )
    )
    return render_template(
        "staff/paper/entry.html",
        campaign=campaign,
        frozen=frozen,
        copy_lang=copy_lang,
        form=form,
        questions=questions,
        problems=problems,
        has_errors=bool(problems),
        authority_choices=campaign_store.authorities(current_language()) if campaign.is_national else [],
        council=council,
        not_sure=NOT_SURE,
        copy=copy,
        reference=paper_store.reference(copy) if copy is not None else "",
    ), (400 if problems else 200)


@bp.route("/<slug>/paper/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def new(slug: str) -> Any:
    """Choose the copy's language (a link each), then type in its answers and save them."""
    found, frozen = _campaign(slug)
    if not _is_open(found):
        return _refusal(found)
    if request.method == "GET" and request.args.get("copy") not in LANGUAGES:
        return render_template("staff/paper/language.html", campaign=found, frozen=frozen)
    copy_lang = _copy_language(current_language())
    if request.method == "GET":
        form = paper_entry.copy_form(frozen, copy_lang, {})
        return _entry_page(found, frozen, copy_lang, form, [], "")
    form = paper_entry.copy_form(frozen, copy_lang, {}, formdata=request.form)
    checked = paper_entry.check(frozen, form, copy_lang)
    authority, council, council_error = _council(found, request.form.get("authority"))
    problems = ([("authority-not-sure", council_error)] if council_error else []) + checked.problems
    if problems:
        return _entry_page(found, frozen, copy_lang, form, problems, council)
    copy = paper_store.add(found, checked.answers, copy_lang, authority, today())
    audit.record("paper_copy_typed_in", found.slug, authority_id=found.authority_id)
    db.session.commit()
    return redirect(url_for(".copy", slug=slug, reference=paper_store.reference(copy), saved=1))


@bp.get("/<slug>/paper/<reference>")
@requires(Permission.MANAGE_CAMPAIGNS)
def copy(slug: str, reference: str) -> Any:
    """One copy: its reference (to write on the paper), the day it was typed in, correct or remove."""
    found, frozen = _campaign(slug)
    response = _copy(found, reference)
    return render_template(
        "staff/paper/copy.html",
        campaign=found,
        frozen=frozen,
        copy=response,
        reference=paper_store.reference(response),
        saved=request.args.get("saved") == "1",
        corrected=request.args.get("corrected") == "1",
        is_open=_is_open(found),
    )


@bp.route("/<slug>/paper/<reference>/correct", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def correct(slug: str, reference: str) -> Any:
    """The copy's answers on the same form, to correct and save again."""
    found, frozen = _campaign(slug)
    response = _copy(found, reference)
    if not _is_open(found):
        return _refusal(found)
    copy_lang = _copy_language(response.language)
    stored_council = response.authority.ons_code if response.authority and found.is_national else ""
    if request.method == "GET":
        form = paper_entry.copy_form(frozen, copy_lang, dict(response.answers or {}))
        return _entry_page(found, frozen, copy_lang, form, [], stored_council, copy=response)
    form = paper_entry.copy_form(frozen, copy_lang, {}, formdata=request.form)
    checked = paper_entry.check(frozen, form, copy_lang)
    authority, council, council_error = _council(found, request.form.get("authority"))
    problems = ([("authority-not-sure", council_error)] if council_error else []) + checked.problems
    if problems:
        return _entry_page(found, frozen, copy_lang, form, problems, council, copy=response)
    paper_store.correct(response, checked.answers, copy_lang, authority, today())
    audit.record("paper_copy_corrected", found.slug, authority_id=found.authority_id)
    db.session.commit()
    return redirect(url_for(".copy", slug=slug, reference=paper_store.reference(response), corrected=1))


@bp.route("/<slug>/paper/<reference>/remove", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def remove(slug: str, reference: str) -> Any:
    """Ask first, then remove the copy: its answers are deleted and no longer counted."""
    found, frozen = _campaign(slug)
    response = _copy(found, reference)
    if not _is_open(found):
        return _refusal(found)
    if request.method == "POST":
        paper_store.remove(response)
        audit.record("paper_copy_removed", found.slug, authority_id=found.authority_id)
        db.session.commit()
        return redirect(url_for(".paper", slug=slug, removed=1))
    return render_template(
        "staff/paper/remove.html",
        campaign=found,
        frozen=frozen,
        copy=response,
        reference=paper_store.reference(response),
    )
