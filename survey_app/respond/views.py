"""The respondent's path: introduction, question pages, check and send, thank you.

Answers are saved on the server at every Continue (and on Back and language switch), against a
random token kept in the browser's session cookie; nothing about the respondent is stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as HTTPResponse

from ..content.frozen import FrozenQuestionnaire
from ..i18n import current_language, other_language
from ..models import Campaign, Response
from ..store import campaigns as campaign_store
from ..store import responses as response_store
from ..store.questionnaires import frozen_content
from . import flow
from .forms import answers_from, error_links, page_form, valid_answers_from

bp = Blueprint("respond", __name__)


@bp.after_request
def never_cache(response: HTTPResponse) -> HTTPResponse:
    """Respondent pages are never cached: on a shared phone, Back must not show someone else's answers."""
    response.headers["Cache-Control"] = "no-store"
    return response


NOT_SURE = "not_sure"


def today() -> date:
    return date.today()


def _open_campaign(slug: str) -> tuple[Campaign, FrozenQuestionnaire]:
    campaign = campaign_store.campaign_by_slug(slug)
    if campaign is None:
        abort(404)
    return campaign, frozen_content(campaign.questionnaire_version)


def _tokens() -> dict[str, str]:
    return dict(session.get("responses", {}))


def _current_response(campaign: Campaign) -> Response | None:
    return response_store.by_token(campaign, _tokens().get(campaign.slug))


def _remember(campaign: Campaign, token: str | None) -> None:
    tokens = _tokens()
    if token is None:
        tokens.pop(campaign.slug, None)
    else:
        tokens[campaign.slug] = token
    session["responses"] = tokens


def _closed_page(campaign: Campaign, frozen: FrozenQuestionnaire) -> tuple[str, int]:
    not_yet = today() < campaign.opens_on
    return render_template("respond/closed.html", campaign=campaign, frozen=frozen, not_yet=not_yet), 410


@bp.route("/<slug>", methods=["GET", "POST"])
def introduction(slug: str) -> Any:
    """What the survey is for, that it is anonymous and skippable, and where to get help.

    A survey run across Wales also asks which council looks after the respondent; that choice can be
    changed later from here, and survives a language switch.
    """
    campaign, frozen = _open_campaign(slug)
    if not campaign.is_open_on(today()):
        return _closed_page(campaign, frozen)
    lang = current_language()
    response = _current_response(campaign)
    chosen = _take_council_choice(slug) or _council_of(response)
    error = False
    if request.method == "POST":
        action = request.form.get("action", "start")
        chosen = request.form.get("authority", "") if campaign.is_national else ""
        authority = None
        if chosen and chosen != NOT_SURE:
            authority = campaign_store.authority_by_code(chosen)
            error = authority is None
        if action == "switch" and not error:
            session["council_choice"] = {"slug": slug, "authority": chosen}
            return redirect(url_for(".introduction", slug=slug, lang=other_language()))
        if not error:
            if response is None:
                response, token = response_store.start(campaign, lang, authority, today())
                _remember(campaign, token)
            elif chosen:
                response_store.set_authority(response, authority, today())
            if action == "first":
                return redirect(
                    url_for(
                        ".question_page", slug=slug, number=flow.visible_pages(frozen, response.answers)[0]
                    )
                )
            return _carry_on(slug, frozen, response)
    return render_template(
        "respond/introduction.html",
        campaign=campaign,
        frozen=frozen,
        response=response,
        authority_choices=campaign_store.authorities(lang) if campaign.is_national else [],
        chosen=chosen,
        not_sure=NOT_SURE,
        error=error,
        switch_form="intro-form",
    ), (400 if error else 200)


def _council_of(response: Response | None) -> str:
    return response.authority.ons_code if response is not None and response.authority is not None else ""


def _take_council_choice(slug: str) -> str:
    """A council chosen on the introduction just before a language switch."""
    kept = session.get("council_choice")
    if not kept or kept.get("slug") != slug:
        return ""
    session.pop("council_choice")
    return str(kept.get("authority", ""))


@bp.route("/<slug>/<int:number>", methods=["GET", "POST"])
def question_page(slug: str, number: int) -> Any:
    campaign, frozen = _open_campaign(slug)
    if not campaign.is_open_on(today()):
        return _closed_page(campaign, frozen)
    response = _current_response(campaign)
    if response is None:
        return redirect(url_for(".introduction", slug=slug))
    lang = current_language()
    where = flow.position(frozen, response.answers, number)
    if where is None:
        # A page this respondent does not see (or no such page): carry on from where they are.
        return _carry_on(slug, frozen, response)
    page = frozen.pages[number - 1]
    items = frozen.visible_items(page, response.answers)
    if request.method == "POST":
        form = page_form(frozen, items, lang, response.answers, formdata=request.form)
        action = request.form.get("action", "continue")
        if form.validate():
            response_store.save_answers(response, answers_from(form, items), lang, number, today())
            return redirect(_after_page(slug, frozen, response, number, action))
        if action in ("switch", "back") and _keep_unsaved(slug, number):
            # Save what is valid; keep the rest, with its problems, for when this page is shown again.
            response_store.save_answers(
                response, valid_answers_from(form, items), lang, response.last_page, today()
            )
            return redirect(_after_page(slug, frozen, response, number, action))
    else:
        unsaved = _take_unsaved(slug, number)
        form = page_form(frozen, items, lang, response.answers, formdata=unsaved)
        if unsaved is not None:
            form.validate()
    return render_template(
        "respond/question_page.html",
        campaign=campaign,
        frozen=frozen,
        page=page,
        items=items,
        form=form,
        where=where,
        error_links=error_links(frozen, form, items),
        has_errors=bool(form.errors),
        switch_form="survey-form",
    ), (400 if form.errors else 200)


def _carry_on(slug: str, frozen: FrozenQuestionnaire, response: Response) -> Any:
    """Go to the first page not yet saved, or to the end if every page has been."""
    resume = flow.resume_page(frozen, response.answers, response.last_page)
    if resume is None:
        return redirect(url_for(".check", slug=slug))
    return redirect(url_for(".question_page", slug=slug, number=resume))


UNSAVED_LIMIT = 1500  # characters; the session cookie must stay well under browsers' 4 KB


def _keep_unsaved(slug: str, number: int) -> bool:
    """Carry a page's unsaved input across a language switch, if it is small enough for the cookie."""
    fields = {key: request.form.getlist(key) for key in request.form if key != "action"}
    if sum(len(value) for values in fields.values() for value in values) > UNSAVED_LIMIT:
        return False
    session["unsaved"] = {"slug": slug, "number": number, "fields": fields}
    return True


def _take_unsaved(slug: str, number: int) -> MultiDict[str, str] | None:
    unsaved = session.get("unsaved")
    if not unsaved or unsaved.get("slug") != slug or unsaved.get("number") != number:
        return None
    session.pop("unsaved")
    return MultiDict([(key, value) for key, values in unsaved["fields"].items() for value in values])


def _after_page(slug: str, frozen: FrozenQuestionnaire, response: Response, number: int, action: str) -> str:
    if action == "switch":
        return url_for(".question_page", slug=slug, number=number, lang=other_language())
    where = flow.position(frozen, response.answers, number)
    if action == "back":
        if where is None or where.previous is None:
            return url_for(".introduction", slug=slug)
        return url_for(".question_page", slug=slug, number=where.previous)
    if where is None or where.next is None:
        return url_for(".check", slug=slug)
    return url_for(".question_page", slug=slug, number=where.next)


@bp.route("/<slug>/send", methods=["GET", "POST"])
def check(slug: str) -> Any:
    """The end of the questions: send the answers, or go back to change them."""
    campaign, frozen = _open_campaign(slug)
    if not campaign.is_open_on(today()):
        return _closed_page(campaign, frozen)
    response = _current_response(campaign)
    if response is None:
        # Already sent (a second click, or Back after sending) or never started.
        if request.method == "POST" or session.get("sent", {}).get(slug):
            return redirect(url_for(".thank_you", slug=slug))
        return redirect(url_for(".introduction", slug=slug))
    pages = flow.visible_pages(frozen, response.answers)
    if request.method == "POST":
        response_store.submit(
            response, flow.kept_answers(frozen, response.answers), current_language(), today()
        )
        _remember(campaign, None)
        sent = dict(session.get("sent", {}))
        sent[slug] = True
        session["sent"] = sent
        return redirect(url_for(".thank_you", slug=slug))
    answered = len(flow.kept_answers(frozen, response.answers))
    return render_template(
        "respond/check.html",
        campaign=campaign,
        frozen=frozen,
        last_page=pages[-1] if pages else None,
        answered=answered,
    )


@bp.get("/<slug>/thank-you")
def thank_you(slug: str) -> Any:
    campaign, frozen = _open_campaign(slug)
    return render_template("respond/thank_you.html", campaign=campaign, frozen=frozen)
