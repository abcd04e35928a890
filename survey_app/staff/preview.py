"""Preview a questionnaire exactly as a respondent sees it, in either language, at phone width.

The frame renders the respondent's own templates with the questionnaire's frozen content. Answers
are kept only in the staff member's session (never in the responses table), and every respondent URL
those templates build is turned into a preview URL, so no click inside a preview starts a real response.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, g, make_response, redirect, render_template, request, session, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as HTTPResponse

from ..auth.permissions import Permission, may, requires
from ..auth.scope import scope
from ..content.frozen import FrozenQuestionnaire
from ..models import Authority
from ..respond import flow, summary
from ..respond.forms import answers_from, error_links, page_form, valid_answers_from
from ..respond.views import ADULT_AUDIENCES, FROM_CHECK, NOT_SURE, notice_kind
from ..store.drafts import preview_content
from ..store.questionnaires import frozen_content
from ..web.i18n import current_language, other_language
from ..web.render_cache import QuestionMarkup
from ..web.security_headers import frameable_by_same_site

bp = Blueprint("staff_preview", __name__)

KIND = "<any(version, draft):kind>/<int:ident>"
WIDTHS = {"320": 320, "360": 360, "412": 412, "desktop": 960}
DEFAULT_WIDTH = "360"
FRAME_HEIGHT = 700
TEXT_KEPT = 200  # characters of a written answer kept: the session cookie must stay small
UNSAVED_LIMIT = 1500
# Respondent (and site) pages, and the preview page that stands in for each inside a preview.
STAND_INS = {
    "respond.introduction": "intro",
    "respond.check": "end",
    "respond.thank_you": "end",
    "respond.privacy": "privacy",
    "respond.later": "later",
    "respond.resume": "later",
    "main.leave": "leave",
    "main.home": "intro",
}


@dataclass(frozen=True)
class PreviewCampaign:
    """What the respondent templates read from a campaign: no campaign exists in a preview."""

    authority: Authority | None
    slug: str = "preview"
    is_national: bool = False
    needs_code: bool = False


@bp.after_request
def never_cache(response: HTTPResponse) -> HTTPResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def _content(kind: str, ident: int) -> tuple[FrozenQuestionnaire | None, Authority | None, int | None]:
    """The questionnaire to preview (None: a draft whose structure is broken), its owner and version."""
    if kind == "version":
        version = scope().version(ident)
        return frozen_content(version), version.authority, version.version
    if not may(Permission.EDIT_QUESTIONNAIRES):
        abort(403)
    draft = scope().draft(ident)
    return preview_content(draft), draft.authority, None


def _key(kind: str, ident: int) -> str:
    return f"{kind}:{ident}"


def _kept(kind: str, ident: int) -> dict[str, Any]:
    return dict(session.get("preview", {}).get(_key(kind, ident), {}))


def _keep(kind: str, ident: int, **changes: Any) -> None:
    """Keep this preview's state; any other preview's is dropped (one at a time, for a small cookie)."""
    state = {**_kept(kind, ident), **changes}
    session["preview"] = {_key(kind, ident): {name: value for name, value in state.items() if value}}


def _merged(kept: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """One page's answers merged in as `save_answers` does (an empty one removes), long text shortened."""
    merged = dict(kept)
    for item_id, value in answers.items():
        if value in (None, "", []):
            merged.pop(item_id, None)
        else:
            merged[item_id] = value[:TEXT_KEPT] if isinstance(value, str) else value
    return merged


@bp.route(f"/{KIND}", methods=["GET", "POST"])
@requires(Permission.VIEW_QUESTIONNAIRES)
def start(kind: str, ident: int) -> Any:
    """The staff page: a phone-sized frame, a width and language choice, and Start again (POST)."""
    frozen, _owner, version = _content(kind, ident)
    width = request.args.get("width", DEFAULT_WIDTH)
    width = width if width in WIDTHS else DEFAULT_WIDTH
    language = request.args.get("language", current_language())
    language = language if language in ("cy", "en") else current_language()
    if request.method == "POST":
        session.pop("preview", None)
        return redirect(url_for(".start", kind=kind, ident=ident, width=width, language=language))
    return render_template(
        "staff/preview/start.html",
        kind=kind,
        ident=ident,
        frozen=frozen,
        version=version,
        width=width,
        widths=WIDTHS,
        language=language,
        frame_height=FRAME_HEIGHT,
    )


@bp.route(f"/{KIND}/<page>", methods=["GET", "POST"])
@requires(Permission.VIEW_QUESTIONNAIRES)
def frame(kind: str, ident: int, page: str) -> Any:
    """One page of the preview, as a respondent sees it: intro, a page number, end, or a note."""
    frozen, owner, _version = _content(kind, ident)
    if frozen is None:
        return frameable_by_same_site(make_response(render_template("staff/preview/broken.html")))
    g.formal = frozen.questionnaire.audience in ADULT_AUDIENCES
    g.help_audience = frozen.questionnaire.audience  # whose help contacts the panel shows
    authority = owner or scope().authority()
    g.help_authority = authority.ons_code if authority else None
    values = {"campaign": PreviewCampaign(authority), "frozen": frozen, "url_for": _preview_urls(kind, ident)}
    if page.isdigit():
        result = _question_page(kind, ident, frozen, int(page), values)
    elif page == "intro":
        result = _introduction(kind, ident, frozen, values)
    elif page == "end":
        result = _end(kind, ident, frozen, values)
    elif page == "privacy":
        result = render_template("staff/preview/privacy.html", notice=notice_kind(frozen), **values)
    elif page in ("later", "leave"):
        back = request.args.get("back", "intro")
        back = back if back.isdigit() else "intro"
        result = render_template("staff/preview/note.html", note=page, back=back, **values)
    else:
        abort(404)
    return frameable_by_same_site(make_response(result))


def _preview_urls(kind: str, ident: int) -> Any:
    """A `url_for` for the respondent templates: respondent pages become pages of this preview."""

    def build(endpoint: str, **values: Any) -> str:
        if endpoint == "respond.question_page":
            stand_in = str(values.pop("number"))
        elif endpoint.startswith("respond.") or endpoint in STAND_INS:
            stand_in = STAND_INS.get(endpoint, "intro")
        else:
            return url_for(endpoint, **values)
        values.pop("slug", None)
        if "page" in values:  # respond.later's page to go back to
            values["back"] = values.pop("page")
        return url_for(".frame", kind=kind, ident=ident, page=stand_in, **values)

    return build


def _frame_url(kind: str, ident: int, page: int | str | None, **values: Any) -> str:
    return url_for(".frame", kind=kind, ident=ident, page=str(page) if page else "end", **values)


def _introduction(kind: str, ident: int, frozen: FrozenQuestionnaire, values: dict[str, Any]) -> Any:
    if request.method == "POST":
        if request.form.get("action") == "switch":
            return redirect(_frame_url(kind, ident, "intro", lang=other_language()))
        answers = _kept(kind, ident).get("answers", {})
        return redirect(_frame_url(kind, ident, next(iter(flow.visible_pages(frozen, answers)), None)))
    return render_template(
        "staff/preview/introduction.html",
        response=None,
        authority_choices=[],
        chosen="",
        typed_code="",
        not_sure=NOT_SURE,
        errors={},
        has_errors=False,
        keep_days=0,
        switch_form="intro-form",
        **values,
    )


def _question_page(
    kind: str, ident: int, frozen: FrozenQuestionnaire, number: int, values: dict[str, Any]
) -> Any:
    """A question page, run as the respondent's is: validated, with Back, Continue and language switch."""
    lang = current_language()
    kept = _kept(kind, ident)
    answers: dict[str, Any] = dict(kept.get("answers", {}))
    where = flow.position(frozen, answers, number)
    if where is None:
        later = [each for each in flow.visible_pages(frozen, answers) if each > number]
        return redirect(_frame_url(kind, ident, later[0] if later else None))
    items = frozen.visible_items(frozen.pages[number - 1], answers)
    from_check = request.values.get("from") == FROM_CHECK["from"]
    seen = flow.visible_pages(frozen, answers) if from_check else None
    if request.method == "POST":
        form = page_form(frozen, items, lang, answers, formdata=request.form)
        action = request.form.get("action", "continue")
        if form.validate():
            answers = _merged(answers, answers_from(form, items))
            _keep(kind, ident, answers=answers)
            return redirect(_after_page(kind, ident, frozen, answers, number, action, seen))
        if action in ("switch", "back", "later"):
            answers = _merged(answers, valid_answers_from(form, items))
            fields = {key: request.form.getlist(key) for key in request.form if key != "action"}
            small = sum(len(value) for each in fields.values() for value in each) <= UNSAVED_LIMIT
            _keep(
                kind, ident, answers=answers, unsaved={"number": number, "fields": fields} if small else None
            )
            return redirect(_after_page(kind, ident, frozen, answers, number, action, seen))
    else:
        unsaved = kept.get("unsaved")
        formdata = None
        if unsaved and unsaved.get("number") == number:
            formdata = MultiDict([(key, value) for key, each in unsaved["fields"].items() for value in each])
            _keep(kind, ident, unsaved=None)
        form = page_form(frozen, items, lang, answers, formdata=formdata)
        if formdata is not None:
            form.validate()
    g.help_topics = flow.help_topics(frozen, answers, items, where)
    return render_template(
        "staff/preview/question_page.html",
        page=frozen.pages[number - 1],
        items=items,
        form=form,
        shown=QuestionMarkup.afresh(),
        where=where,
        sensitive=any(getattr(item, "help_topic", None) for item in items),
        error_links=error_links(frozen, form, items),
        has_errors=bool(form.errors),
        switch_form="survey-form",
        from_check=from_check,
        **values,
    ), (400 if form.errors else 200)


def _after_page(
    kind: str,
    ident: int,
    frozen: FrozenQuestionnaire,
    answers: dict[str, Any],
    number: int,
    action: str,
    seen_before: list[int] | None = None,
) -> str:
    """As the respondent's: from the check page, back there (or first to a follow-up the change brought)."""
    if action == "later":
        return _frame_url(kind, ident, "later", back=number)
    back_to_check = FROM_CHECK if seen_before is not None else {}
    if action == "switch":
        return _frame_url(kind, ident, number, lang=other_language(), **back_to_check)
    if seen_before is not None:
        new = flow.brought_in(frozen, answers, seen_before)
        if action == "continue" and new:
            return _frame_url(kind, ident, new[0], **back_to_check)
        return _frame_url(kind, ident, "end")
    where = flow.position(frozen, answers, number)
    if action == "back":
        return _frame_url(kind, ident, where.previous if where and where.previous else "intro")
    return _frame_url(kind, ident, where.next if where else None)


def _end(kind: str, ident: int, frozen: FrozenQuestionnaire, values: dict[str, Any]) -> Any:
    """The check page; its Send button sends nothing: it clears the preview and goes back to the start."""
    if request.method == "POST":
        session.pop("preview", None)
        return redirect(_frame_url(kind, ident, "intro"))
    answers = _kept(kind, ident).get("answers", {})
    pages = flow.visible_pages(frozen, answers)
    found = summary.sections(frozen, answers, current_language())
    return render_template(
        "staff/preview/check.html",
        last_page=pages[-1] if pages else None,
        sections=found,
        skipped=summary.not_answered(found),
        change_args=FROM_CHECK,
        **values,
    )
