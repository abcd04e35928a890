"""The respondent's path: introduction, question pages, check and send, thank you.

Answers are saved on the server at every Continue (and on Back and language switch), against a
random token kept in the browser's session cookie; nothing about the respondent is stored.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as HTTPResponse

from ..auth.permissions import public
from ..content.frozen import FrozenQuestionnaire
from ..content.schema import Item
from ..models import Campaign, Response
from ..store import access_codes
from ..store import campaigns as campaign_store
from ..store import responses as response_store
from ..store import you_said as you_said_store
from ..store.questionnaires import frozen_content
from ..web import render_cache
from ..web.i18n import current_language, other_language
from ..web.rate_limits import limit_code_tries, mark_wrong_code
from ..web.render_cache import QuestionMarkup
from . import codes, flow, messages, summary
from .forms import answers_from, error_links, page_form, valid_answers_from
from .redaction import redact_answer, redacted_answers, was_redacted

bp = Blueprint("respond", __name__)
# The help panel of every page (this blueprint's and the others') and blank questions, rendered once.
bp.record_once(lambda state: render_cache.init_app(state.app))


@bp.after_request
def never_cache(response: HTTPResponse) -> HTTPResponse:
    """Respondent pages are never cached: on a shared phone, Back must not show someone else's answers."""
    response.headers["Cache-Control"] = "no-store"
    return response


NOT_SURE = "not_sure"
# On a question page's address (and in its form): the respondent came from "Change" on the check page.
FROM_CHECK: dict[str, Any] = {"from": "check"}


def today() -> date:
    return date.today()


ADULT_AUDIENCES = frozenset({"foster_carer", "staff", "authority"})


def _open_campaign(slug: str) -> tuple[Campaign, FrozenQuestionnaire]:
    campaign = campaign_store.campaign_by_slug(slug)
    if campaign is None:
        abort(404)
    frozen = frozen_content(campaign.questionnaire_version)
    # Welsh speaks to children as "ti" and to adults as "chi" (see i18n.register_gettext).
    g.formal = frozen.questionnaire.audience in ADULT_AUDIENCES
    g.help_audience = frozen.questionnaire.audience  # whose help contacts the panel shows
    g.help_authority = campaign.authority.ons_code if campaign.authority else None
    return campaign, frozen


def _keep_days() -> int:
    return int(current_app.config["LLEISIAU_PARTIAL_DAYS"])


def _tokens() -> dict[str, str]:
    return dict(session.get("responses", {}))


def _current_response(campaign: Campaign) -> Response | None:
    """The unfinished response this browser is carrying on with (not one kept past its days)."""
    response = response_store.by_token(campaign, _tokens().get(campaign.slug))
    if response is not None and response_store.is_expired(response, today(), _keep_days()):
        response_store.expire_partial(today(), _keep_days())
        return None
    if response is not None and response.authority is not None:
        g.help_authority = response.authority.ons_code
    return response


def _remember(campaign: Campaign, token: str | None) -> None:
    tokens = _tokens()
    if token is None:
        tokens.pop(campaign.slug, None)
    else:
        tokens[campaign.slug] = token
    session["responses"] = tokens


def _closed_page(campaign: Campaign, frozen: FrozenQuestionnaire) -> tuple[str, int]:
    """Not open yet, or closed; once closed, what the council (or councils) will do about the answers."""
    not_yet = today() < campaign.opens_on
    statements = [] if not_yet else you_said_store.statements(campaign, current_language())
    national = next((each for each in statements if each.authority_id is None), None)
    return render_template(
        "respond/closed.html",
        campaign=campaign,
        frozen=frozen,
        not_yet=not_yet,
        national_statement=national,
        council_statements=[each for each in statements if each is not national],
    ), 410


@bp.route("/<slug>", methods=["GET", "POST"])
@limit_code_tries()
@public
def introduction(slug: str) -> Any:
    """What the survey is for, that it is anonymous and skippable, and where to get help.

    A campaign run with access codes asks for one here, before the first question (not again when
    carrying on). A survey run across Wales asks which council on the next page (`council`), so that
    Start is near the top; a returning respondent is shown the council chosen, with a link to change it.
    """
    campaign, frozen = _open_campaign(slug)
    if not campaign.is_open_on(today()):
        return _closed_page(campaign, frozen)
    if request.method == "GET" and "code" in request.args:
        # A QR code on a printed slip opens this page with its code (?code=...). Keep the code for the
        # form and take it out of the address bar (and so out of a shared phone's history) at once; it is
        # used only when the respondent presses Start.
        if campaign.needs_code:
            session["intro_choices"] = {"slug": slug, "access_code": request.args.get("code", "")[:40]}
        return redirect(url_for(".introduction", slug=slug))
    lang = current_language()
    response = _current_response(campaign)
    typed_code = _take_intro_choices(slug).get("access_code", "")
    errors: dict[str, str] = {}
    if request.method == "POST":
        action = request.form.get("action", "start")
        typed_code = request.form.get("access_code", "")[:40]
        if action == "switch":
            session["intro_choices"] = {"slug": slug, "access_code": typed_code}
            return redirect(url_for(".introduction", slug=slug, lang=other_language()))
        if response is None and campaign.needs_code:
            problem = _use_access_code(campaign, typed_code)
            if problem:
                errors["access_code"] = problem
        if not errors:
            if response is None:
                token = _tokens().get(slug)
                response, token = response_store.start(campaign, lang, None, today(), token=token)
                _remember(campaign, token)
            if action == "first":
                return redirect(
                    url_for(
                        ".question_page", slug=slug, number=flow.visible_pages(frozen, response.answers)[0]
                    )
                )
            if campaign.is_national and _not_begun(response):
                # Also for a Start sent twice: the second finds the response the first made, and goes
                # where the first went.
                return redirect(url_for(".council", slug=slug))
            return _carry_on(slug, frozen, response)
    if response is None and slug not in _tokens():
        # The token this browser will start with, given now so that a Start sent twice starts once.
        _remember(campaign, response_store.new_token())
    return render_template(
        "respond/introduction.html",
        campaign=campaign,
        frozen=frozen,
        response=response,
        council_name=response.authority.name(lang) if response and response.authority else "",
        typed_code=typed_code,
        errors=errors,
        has_errors=bool(errors),
        keep_days=_keep_days(),
        switch_form="intro-form",
    ), (400 if errors else 200)


def _not_begun(response: Response) -> bool:
    """Started, but no page saved yet: the council question comes next."""
    return not response.last_page and not response.answers


@bp.route("/<slug>/council", methods=["GET", "POST"])
@public
def council(slug: str) -> Any:
    """Which council looks after the respondent, in a survey run across Wales (after Start).

    Radio buttons on a page of their own: every council visible at once, big tap targets, no
    JavaScript. Skipping is allowed (Continue with nothing chosen); "not sure" is kept as no council.
    The choice is saved on Continue, Back and a language switch, and can be changed later from the
    introduction or by going back from the first question.
    """
    campaign, frozen = _open_campaign(slug)
    if not campaign.is_open_on(today()):
        return _closed_page(campaign, frozen)
    if not campaign.is_national:
        return redirect(url_for(".introduction", slug=slug))
    response = _current_response(campaign)
    if response is None:
        return redirect(url_for(".introduction", slug=slug))
    lang = current_language()
    not_sure = set(session.get("council_not_sure", []))
    chosen = _council_of(response) or (NOT_SURE if slug in not_sure else "")
    error = ""
    if request.method == "POST":
        action = request.form.get("action", "continue")
        given = request.form.get("authority", "")
        authority = campaign_store.authority_by_code(given) if given and given != NOT_SURE else None
        if given and given != NOT_SURE and authority is None:
            error = str(messages.CHOOSE_A_COUNCIL)
        elif given:
            response_store.set_authority(response, authority, today())
            chosen = given
            # "Not sure" is stored as no council; this browser remembers it was chosen, to show it ticked.
            not_sure = not_sure | {slug} if given == NOT_SURE else not_sure - {slug}
            session["council_not_sure"] = sorted(not_sure)
        if action == "switch":
            return redirect(url_for(".council", slug=slug, lang=other_language()))
        if not error:
            if action == "back":
                return redirect(url_for(".introduction", slug=slug))
            return _carry_on(slug, frozen, response)
    return render_template(
        "respond/council.html",
        campaign=campaign,
        frozen=frozen,
        authority_choices=campaign_store.authorities(lang),
        chosen=chosen,
        not_sure=NOT_SURE,
        error=error,
        has_errors=bool(error),
        switch_form="council-form",
    ), (400 if error else 200)


def _use_access_code(campaign: Campaign, typed: str) -> str:
    """Use up the access code typed on the introduction; return what is wrong with it, if anything."""
    raw = codes.normalise(typed, codes.ACCESS_LENGTH)
    if not typed.strip():
        return str(messages.ACCESS_CODE_MISSING)
    if raw is None:
        mark_wrong_code()
        return str(messages.ACCESS_CODE_WRONG)
    outcome = access_codes.redeem(campaign, raw)
    if outcome is access_codes.Redeemed.OK:
        # Kept in this browser only, until the answers are sent: then its hash joins the sent codes.
        started = dict(session.get("access_codes", {}))
        started[campaign.slug] = codes.hash_code(raw)
        session["access_codes"] = started
        return ""
    # A used code counts like a wrong one, so the limit is reached after the same number of tries.
    mark_wrong_code()
    if outcome is access_codes.Redeemed.SENT:
        return str(messages.ACCESS_CODE_SENT)
    if outcome is access_codes.Redeemed.USED:
        return str(messages.ACCESS_CODE_USED)
    return str(messages.ACCESS_CODE_WRONG)


def _take_access_code_hash(slug: str) -> str | None:
    started = dict(session.get("access_codes", {}))
    digest = started.pop(slug, None)
    if digest is not None:
        session["access_codes"] = started
    return digest


def _council_of(response: Response | None) -> str:
    return response.authority.ons_code if response is not None and response.authority is not None else ""


def _take_intro_choices(slug: str) -> dict[str, str]:
    """An access code typed on the introduction just before a language switch (or brought by a QR code)."""
    kept = session.get("intro_choices")
    if not kept or kept.get("slug") != slug:
        return {}
    session.pop("intro_choices")
    return {key: str(value) for key, value in kept.items()}


@bp.route("/<slug>/<int:number>", methods=["GET", "POST"])
@public
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
    fresh = request.method == "GET"  # the form holds saved answers only: nothing typed or carried over
    # Came from "Change" on the check page: go back there after this page (see _after_page).
    from_check = request.values.get("from") == FROM_CHECK["from"]
    if request.method == "POST":
        form = page_form(frozen, items, lang, response.answers, formdata=request.form)
        action = request.form.get("action", "continue")
        seen = flow.visible_pages(frozen, response.answers) if from_check else None
        if form.validate():
            answers = redacted_answers(answers_from(form, items), items, lang)
            response_store.save_answers(response, answers, lang, number, today())
            return redirect(_after_page(slug, frozen, response, number, action, seen))
        if action in ("switch", "back", "later") and _keep_unsaved(slug, number, items, lang):
            # Save what is valid; keep the rest, with its problems, for when this page is shown again.
            answers = redacted_answers(valid_answers_from(form, items), items, lang)
            response_store.save_answers(response, answers, lang, response.last_page, today())
            return redirect(_after_page(slug, frozen, response, number, action, seen))
    else:
        unsaved = _take_unsaved(slug, number)
        form = page_form(frozen, items, lang, response.answers, formdata=unsaved)
        if unsaved is not None:
            fresh = False
            form.validate()
    g.help_topics = flow.help_topics(frozen, response.answers, items, where)
    return render_template(
        "respond/question_page.html",
        campaign=campaign,
        frozen=frozen,
        page=page,
        items=items,
        form=form,
        # Blank questions' markup is rendered once per worker and reused (web/render_cache.py).
        shown=QuestionMarkup.for_page(
            campaign.questionnaire_version.content_hash,
            number,
            lang,
            bool(g.formal),
            items,
            response.answers,
            form,
            fresh,
        ),
        where=where,
        sensitive=any(getattr(item, "help_topic", None) for item in items),
        # Free-text answers saved with something taken out: the page says why the text changed.
        redacted_items={
            item.id
            for item in items
            if item.type == "free_text" and was_redacted(form[item.id].data if item.id in form else None)
        },
        error_links=error_links(frozen, form, items),
        has_errors=bool(form.errors),
        switch_form="survey-form",
        from_check=from_check,
    ), (400 if form.errors else 200)


def _carry_on(slug: str, frozen: FrozenQuestionnaire, response: Response) -> Any:
    """Go to the first page not yet saved, or to the end if every page has been."""
    resume = flow.resume_page(frozen, response.answers, response.last_page)
    if resume is None:
        return redirect(url_for(".check", slug=slug))
    return redirect(url_for(".question_page", slug=slug, number=resume))


UNSAVED_LIMIT = 1500  # characters; the session cookie must stay well under browsers' 4 KB


def _keep_unsaved(slug: str, number: int, items: list[Item], lang: str) -> bool:
    """Carry a page's unsaved input across a language switch, if it is small enough for the cookie.

    Free text is redacted first, as when it is saved: the cookie never holds the words as typed.
    """
    free_text = {item.id for item in items if item.type == "free_text"}
    fields = {
        key: [
            redact_answer(value, lang) if key in free_text else value for value in request.form.getlist(key)
        ]
        for key in request.form
        if key != "action"
    }
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


def _after_page(
    slug: str,
    frozen: FrozenQuestionnaire,
    response: Response,
    number: int,
    action: str,
    seen_before: list[int] | None = None,
) -> str:
    """Where a question page's button leads once its answers are saved.

    `seen_before` (the pages shown before this save) is given when the respondent came from the check page:
    Continue and Back lead back there, unless the change brought in a new page (a follow-up), shown first.
    """
    if action == "later":
        return url_for(".later", slug=slug, page=number)
    back_to_check = FROM_CHECK if seen_before is not None else {}
    if action == "switch":
        return url_for(".question_page", slug=slug, number=number, lang=other_language(), **back_to_check)
    if seen_before is not None:
        new = flow.brought_in(frozen, response.answers, seen_before)
        if action == "continue" and new:
            return url_for(".question_page", slug=slug, number=new[0], **back_to_check)
        return url_for(".check", slug=slug)
    where = flow.position(frozen, response.answers, number)
    if action == "back":
        if where is None or where.previous is None:
            return url_for(".council" if response.campaign.is_national else ".introduction", slug=slug)
        return url_for(".question_page", slug=slug, number=where.previous)
    if where is None or where.next is None:
        return url_for(".check", slug=slug)
    return url_for(".question_page", slug=slug, number=where.next)


@bp.route("/<slug>/send", methods=["GET", "POST"])
@public
def check(slug: str) -> Any:
    """Check your answers: every question asked, with its answer and a Change link; then send them (once)."""
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
            response,
            flow.kept_answers(frozen, response.answers),
            current_language(),
            today(),
            access_code_hash=_take_access_code_hash(slug),
        )
        _remember(campaign, None)
        _forget_resume_code(slug)
        sent = dict(session.get("sent", {}))
        sent[slug] = True
        session["sent"] = sent
        return redirect(url_for(".thank_you", slug=slug))
    found = summary.sections(frozen, response.answers, current_language())
    return render_template(
        "respond/check.html",
        campaign=campaign,
        frozen=frozen,
        last_page=pages[-1] if pages else None,
        sections=found,
        skipped=summary.not_answered(found),
        change_args=FROM_CHECK,
    )


@bp.get("/<slug>/thank-you")
@public
def thank_you(slug: str) -> Any:
    campaign, frozen = _open_campaign(slug)
    return render_template("respond/thank_you.html", campaign=campaign, frozen=frozen)


@bp.get("/<slug>/later")
@public
def later(slug: str) -> Any:
    """Save and finish later: a resume code to carry on, on this device or another one.

    The code is made once per visit to this page and kept in this browser's session cookie only, so
    that reloading the page shows the same code; asking again on another day makes a new one.
    """
    campaign, frozen = _open_campaign(slug)
    if not campaign.is_open_on(today()):
        return _closed_page(campaign, frozen)
    response = _current_response(campaign)
    if response is None:
        return redirect(url_for(".introduction", slug=slug))
    shown = dict(session.get("resume_codes", {}))
    code = shown.get(slug)
    if not code or response.resume_hash != codes.hash_code(codes.normalise(code, codes.RESUME_LENGTH) or ""):
        code = response_store.new_resume_code(response, today())
        shown[slug] = code
        session["resume_codes"] = shown
    page = request.args.get("page", type=int)
    back_to = page if page and flow.position(frozen, response.answers, page) else None
    return render_template(
        "respond/later.html",
        campaign=campaign,
        frozen=frozen,
        code=code,
        back_to=back_to,
        keep_days=_keep_days(),
        last_day=response.updated_on + timedelta(days=_keep_days()),
    )


def _forget_resume_code(slug: str) -> None:
    shown = dict(session.get("resume_codes", {}))
    if shown.pop(slug, None) is not None:
        session["resume_codes"] = shown


@bp.route("/<slug>/resume", methods=["GET", "POST"])
@limit_code_tries()
@public
def resume(slug: str) -> Any:
    """Carry on with a resume code, on any device: the response moves to this browser."""
    campaign, frozen = _open_campaign(slug)
    if not campaign.is_open_on(today()):
        return _closed_page(campaign, frozen)
    error = ""
    typed = ""
    if request.method == "POST":
        typed = request.form.get("code", "")[:40]
        raw = codes.normalise(typed, codes.RESUME_LENGTH)
        response = response_store.by_resume_code(campaign, raw) if raw else None
        # Looked up for every code not found, so a sent code and a wrong one take the same work.
        sent = response is None and raw is not None and access_codes.is_sent(campaign, codes.hash_code(raw))
        if not typed.strip():
            error = str(messages.RESUME_CODE_MISSING)
        elif response is None:
            # A sent code counts like a wrong one, so the limit is reached after the same number of tries.
            mark_wrong_code()
            error = str(messages.RESUME_CODE_SENT if sent else messages.RESUME_CODE_WRONG)
        elif response_store.is_expired(response, today(), _keep_days()):
            response_store.expire_partial(today(), _keep_days())
            error = str(messages.RESUME_CODE_EXPIRED) % {"days": _keep_days()}
        else:
            _remember(campaign, response_store.new_browser_token(response))
            return _carry_on(slug, frozen, response)
    return render_template(
        "respond/resume.html",
        campaign=campaign,
        frozen=frozen,
        error=error,
        typed=typed,
        has_errors=bool(error),
    ), (400 if error else 200)


@bp.get("/<slug>/privacy")
@public
def privacy(slug: str) -> Any:
    """The privacy notice for this survey's age band, in words that band can follow."""
    campaign, frozen = _open_campaign(slug)
    return render_template(
        "respond/privacy.html", campaign=campaign, frozen=frozen, notice=notice_kind(frozen)
    )


def notice_kind(frozen: FrozenQuestionnaire) -> str:
    questionnaire = frozen.questionnaire
    if questionnaire.audience in ADULT_AUDIENCES:
        return "adults"
    if questionnaire.age_band == "4-7":
        return "young_children"
    if questionnaire.age_band == "8-10":
        return "children"
    return "young_people"
