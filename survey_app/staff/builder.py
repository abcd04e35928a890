"""The questionnaire builder: a draft's pages and questions, moved, added, changed and removed with plain
forms; every change checked as `questionnaires check` checks, saved at once and undoable.

Every form carries the draft's revision: a change based on an older one is refused and the draft is shown
as it is now, so two people editing one draft are told rather than overwriting each other.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..auth.permissions import Permission, requires
from ..auth.scope import scope
from ..content.loader import Problem
from ..content.schema import CHOICE_TYPES, OptionSet
from ..extensions import db
from ..models import QuestionnaireDraft
from ..store import draft_builder as build
from ..store import draft_history
from ..store import drafts as draft_store
from ..store.draft_builder import BuildError
from ..store.questionnaires import frozen_content
from ..web.i18n import current_language
from . import builder_forms as forms
from .builder_messages import Message, checker_message, refusal_message
from .notices import notify

bp = Blueprint("staff_builder", __name__)
STATUS_REFUSED = 400
STATUS_STALE = 409
CHANGE_NAMES = {
    "item_moved": _l("Question moved"),
    "item_removed": _l("Question removed"),
    "item_added": _l("Question added"),
    "item_changed": _l("Question changed"),
    "item_from_bank": _l("Question added from the bank"),
    "page_moved": _l("Page moved"),
    "page_renamed": _l("Page renamed"),
    "page_removed": _l("Page removed"),
    "page_added": _l("Page added"),
    "text_edited": _l("Text changed"),
}


def option_sets(draft: QuestionnaireDraft) -> dict[str, OptionSet]:
    return build.merged_option_sets(draft_store.library_catalogue().option_sets, draft.option_sets or {})


def problems_of(
    draft: QuestionnaireDraft, source: build.Source, own_sets: dict[str, Any] | None = None
) -> list[Problem]:
    catalogue = draft_store.library_catalogue()
    topics = set(catalogue.help.topics) if catalogue.help else None
    sets = build.merged_option_sets(
        catalogue.option_sets, draft.option_sets if own_sets is None else own_sets
    )
    return build.checked(source, sets, catalogue.indicators, topics, f"draft {draft.questionnaire_id}")


def stale_message() -> str:
    return gettext("Someone else changed this draft since you opened it: here is the draft as it is now.")


def answer_words(item: dict[str, Any], sets: dict[str, OptionSet], lang: str) -> str:
    """The answers of a question in words: "All of the time / Most of the time / …"."""
    if item.get("type") == "scale_0_10":
        anchors = item.get("anchors") or {}
        low, high = (
            anchors.get(end, {}).get(lang) or anchors.get(end, {}).get("en", "") for end in ("low", "high")
        )
        return gettext("0 (%(low)s) to 10 (%(high)s)", low=low, high=high)
    if item.get("type") == "number":
        return gettext("A number from %(min)s to %(max)s", min=item.get("min"), max=item.get("max"))
    chosen = sets.get(item.get("options") or "")
    if chosen is None:
        return ""
    return " / ".join(option.label(lang) for option in chosen.options)


def set_choices(sets: dict[str, OptionSet], lang: str) -> list[tuple[str, str]]:
    """Every answer set as its answer words (sets with the same words in this language told apart by
    the other language)."""
    words = {
        set_id: " / ".join(option.label(lang) for option in each.options) for set_id, each in sets.items()
    }
    other = "en" if lang == "cy" else "cy"
    counted = list(words.values())
    return sorted(
        (
            set_id,
            text
            if counted.count(text) == 1
            else f"{text} ({' / '.join(o.label(other) for o in sets[set_id].options)})",
        )
        for set_id, text in words.items()
    )


def text_in(node: Any, lang: str) -> str:
    node = node or {}
    return str(node.get(lang) or node.get("en") or "")


def show_if_words(item: dict[str, Any], source: build.Source, sets: dict[str, OptionSet], lang: str) -> str:
    """ "Asked only if they answered Yes to …" """
    rule = item.get("show_if")
    if not rule:
        return ""
    try:
        target = build.find_item(source, rule["item"])
    except BuildError:
        return gettext("Asked only after an answer to %(item)s", item=rule["item"])
    labels = {}
    chosen = sets.get(target.get("options") or "")
    if chosen:
        labels = {option.value: option.label(lang) for option in chosen.options}
    answers = " / ".join(labels.get(value, value) for value in rule.get("any_of", []))
    return gettext(
        "Asked only if they answered %(answers)s to “%(question)s”",
        answers=answers,
        question=text_in(target.get("text"), lang),
    )


def render_structure(
    draft: QuestionnaireDraft,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
    typed: dict[str, Any] | None = None,
) -> Any:
    lang = current_language()
    sets = option_sets(draft)
    bank = "staff_bank.index" in current_app.view_functions
    pages = []
    for page in draft.source.get("pages", []):
        items = [
            {
                "id": item.get("id"),
                "text": text_in(item.get("text"), lang),
                "type": forms.TYPE_NAMES.get(item.get("type", ""), item.get("type")),
                "answers": answer_words(item, sets, lang),
                "show_if": show_if_words(item, draft.source, sets, lang),
                "rows": [text_in(row.get("text"), lang) for row in item.get("rows") or []],
            }
            for item in page.get("items", [])
        ]
        pages.append(
            {
                "id": page.get("id"),
                "title": text_in(page.get("title"), lang),
                "title_en": (page.get("title") or {}).get("en", ""),
                "title_cy": (page.get("title") or {}).get("cy", ""),
                "questions": items,
                "bank": url_for("staff_bank.index", draft=draft.id, page=page.get("id")) if bank else None,
            }
        )
    everything = [item for page in pages for item in page["questions"]]
    for number, item in enumerate(everything):
        item["can_up"], item["can_down"] = number > 0, number < len(everything) - 1
    frozen, publish_problems = draft_store.check_draft(draft)
    return render_template(
        "staff/drafts/builder/structure.html",
        draft=draft,
        pages=pages,
        errors=errors or [],
        typed={"title_en": "", "title_cy": "", "new_page_id": "", "page": ""} | (typed or {}),
        new_page_id=build.new_page_id(draft.source),
        recent=draft_history.recent(draft),
        change_names=CHANGE_NAMES,
        ready=frozen is not None,
        publish_problems=[checker_message(each).text for each in publish_problems if type(each) is Problem],
    ), status


def _stale(draft_id: int) -> Any:
    db.session.rollback()
    return render_structure(scope().draft(draft_id), [("changes", stale_message())], STATUS_STALE)


def _refused(draft: QuestionnaireDraft, messages: list[Message], typed: dict[str, Any] | None = None) -> Any:
    anchor = {each.item: f"item-{each.item}" for each in messages}
    errors = [(anchor.get(each.item, "changes") if each.item else "changes", each.text) for each in messages]
    return render_structure(draft, errors, STATUS_REFUSED, typed)


def _save(
    draft: QuestionnaireDraft, change: str, source: build.Source, own_sets: dict[str, Any] | None = None
) -> list[Message]:
    """Save a change if the checker finds nothing wrong with it; else the checker's messages."""
    problems = problems_of(draft, source, own_sets)
    if problems:
        return [checker_message(each) for each in problems]
    record = forms.recorded_translations(draft.source, source, draft.translated_from or {})
    draft_history.save_change(draft, change, source, own_sets, record)
    draft_store.audit.record("draft_edited", draft.questionnaire_id, draft.authority_id, {"change": change})
    db.session.commit()
    return []


@bp.get("/<int:draft_id>/structure")
@requires(Permission.EDIT_QUESTIONNAIRES)
def structure(draft_id: int) -> Any:
    """The draft's pages in order with their questions, each with buttons to move or remove it."""
    return render_structure(scope().draft(draft_id))


def _operation(source: build.Source, action: str, form: Any) -> tuple[str, build.Source]:
    """Apply one button of the structure page; (change code, new source)."""
    item, page = form.get("item", ""), form.get("page", "")
    if action == "item_up":
        return "item_moved", build.move_item(source, item, -1)
    if action == "item_down":
        return "item_moved", build.move_item(source, item, +1)
    if action == "item_to_page":
        return "item_moved", build.move_item_to_page(source, item, form.get("to_page", ""))
    if action == "item_remove":
        return "item_removed", build.remove_item(source, item)
    if action == "page_up":
        return "page_moved", build.move_page(source, page, -1)
    if action == "page_down":
        return "page_moved", build.move_page(source, page, +1)
    if action == "page_rename":
        return "page_renamed", build.rename_page(
            source, page, form.get("title_en", "").strip(), form.get("title_cy", "").strip()
        )
    if action == "page_remove":
        return "page_removed", build.remove_page(source, page)
    if action == "page_add":
        return "page_added", build.add_page(
            source,
            form.get("new_page_id", "").strip(),
            form.get("title_en", "").strip(),
            form.get("title_cy", "").strip(),
            after=form.get("after") or None,
        )
    raise BuildError("unknown_action")


@bp.post("/<int:draft_id>/structure")
@requires(Permission.EDIT_QUESTIONNAIRES)
def change_structure(draft_id: int) -> Any:
    """One button of the structure page: move, remove, rename or add a page or question."""
    draft = scope().draft(draft_id)
    try:
        draft_history.check_revision(draft, request.form.get("revision"))
    except draft_history.StaleDraft:
        return _stale(draft_id)
    action = request.form.get("action", "")
    typed = {key: request.form.get(key, "") for key in ("title_en", "title_cy", "new_page_id", "page")}
    if action in ("page_rename", "page_add") and not typed["title_en"]:
        message = Message(
            "title_en", gettext("Enter the title of the page in English."), request.form.get("page", "")
        )
        return render_structure(
            draft, [(f"page-{message.item or 'new'}", message.text)], STATUS_REFUSED, typed
        )
    if action == "page_remove" and not request.form.get("confirmed"):
        page = draft.source["pages"][build.page_position(draft.source, request.form.get("page", ""))]
        if page.get("items"):
            return render_template(
                "staff/drafts/builder/remove_page.html", draft=draft, page=page, lang=current_language()
            )
    try:
        change, source = _operation(draft.source, action, request.form)
    except BuildError as error:
        return _refused(draft, [refusal_message(error)], typed)
    refused = _save(draft, change, source)
    if refused:
        return _refused(draft, refused, typed)
    notify("builder_saved")
    anchor = request.form.get("item") or request.form.get("page") or ""
    return redirect(
        url_for(
            ".structure",
            draft_id=draft.id,
            _anchor=f"item-{anchor}" if request.form.get("item") else f"page-{anchor}",
        )
    )


@bp.post("/<int:draft_id>/undo")
@requires(Permission.EDIT_QUESTIONNAIRES)
def undo(draft_id: int) -> Any:
    """Put the draft back as it was before its last change."""
    draft = scope().draft(draft_id)
    try:
        draft_history.check_revision(draft, request.form.get("revision"))
    except draft_history.StaleDraft:
        return _stale(draft_id)
    if draft_history.undo(draft) is not None:
        db.session.commit()
        notify("builder_undone")
    return redirect(url_for(".structure", draft_id=draft.id))


# --- The question form ---------------------------------------------------------------------------------


def render_question(
    draft: QuestionnaireDraft,
    page_id: str,
    values: dict[str, Any],
    editing: str | None,
    messages: list[Message] | None = None,
    status: int = 200,
) -> Any:
    lang = current_language()
    catalogue = draft_store.library_catalogue()
    sets = option_sets(draft)
    earlier = forms.earlier_questions(draft.source, page_id)
    target = next((each for each in earlier if each.get("id") == values.get("show_if_item")), None)
    target_answers = []
    if target is not None:
        labels = {}
        chosen = sets.get(target.get("options") or "")
        if chosen:
            labels = {option.value: option.label(lang) for option in chosen.options}
        target_answers = [(value, labels.get(value, value)) for value in forms.answer_values(target, sets)]
    field_errors: dict[str, str] = {}
    summary = []
    for each in messages or []:
        where = each.field if each.field in forms.FIELDS or each.field in ("show_if", "low") else "type"
        field_errors.setdefault(where, each.text)
        summary.append((f"field-{where}", each.text))
    return render_template(
        "staff/drafts/builder/question.html",
        draft=draft,
        page_id=page_id,
        page_title=text_in(
            draft.source["pages"][build.page_position(draft.source, page_id)].get("title"), lang
        ),
        values=values,
        editing=editing,
        errors=summary,
        field_errors=field_errors,
        types=list(forms.TYPE_NAMES.items()),
        choice_types=sorted(CHOICE_TYPES),
        set_choices=set_choices(sets, lang),
        indicators=sorted((key, each.label(lang)) for key, each in catalogue.indicators.items()),
        topics=sorted(catalogue.help.topics) if catalogue.help else [],
        earlier=[(each["id"], text_in(each.get("text"), lang)) for each in earlier],
        target_answers=target_answers,
    ), status


def _save_question(draft: QuestionnaireDraft, page_id: str, editing: str | None) -> Any:
    """Save a new or changed question; a form based on an older revision is refused, nothing overwritten."""
    values = forms.values_from(request.form)
    try:
        draft_history.check_revision(draft, request.form.get("revision"))
    except draft_history.StaleDraft:
        draft_id = draft.id
        db.session.rollback()
        stale = [Message("", stale_message())]
        return render_question(scope().draft(draft_id), page_id, values, editing, stale, STATUS_STALE)
    if request.form.get("action") == "choose_show_if":
        return render_question(draft, page_id, values, editing)
    if not values["id"] and values["text_en"]:
        values["id"] = build.suggest_id(values["text_en"], build.item_ids(draft.source))
    original = build.find_item(draft.source, editing) if editing else None
    item, mistakes = forms.make_item(values, original)
    if item is None:
        return render_question(draft, page_id, values, editing, mistakes, STATUS_REFUSED)
    own = dict(draft.option_sets or {})
    answer_set = forms.new_answer_set(values, build.free_id(f"{item['id']}_answers", set(option_sets(draft))))
    if answer_set is not None:
        own[answer_set["id"]] = answer_set
        item["options"] = answer_set["id"]
        values["options"], values["new_answers"] = answer_set["id"], ""
    try:
        source = build.put_item(draft.source, page_id, item, replacing=editing)
    except BuildError as error:
        return render_question(draft, page_id, values, editing, [refusal_message(error)], STATUS_REFUSED)
    refused = _save(draft, "item_changed" if editing else "item_added", source, own)
    if refused:
        if answer_set is not None:
            values["options"], values["new_answers"] = "", request.form.get("new_answers", "")
        return render_question(draft, page_id, values, editing, refused, STATUS_REFUSED)
    notify("builder_saved")
    return redirect(url_for(".structure", draft_id=draft.id, _anchor=f"item-{item['id']}"))


@bp.route("/<int:draft_id>/pages/<page_id>/questions/new", methods=["GET", "POST"])
@requires(Permission.EDIT_QUESTIONNAIRES)
def add_question(draft_id: int, page_id: str) -> Any:
    """A new question at the end of a page, of any type the schema knows."""
    draft = scope().draft(draft_id)
    try:
        build.page_position(draft.source, page_id)
    except BuildError:
        return render_structure(
            draft, [("changes", refusal_message(BuildError("no_such_page", {"page": page_id})).text)], 404
        )
    if request.method == "GET":
        values = forms.values_of({"type": request.args.get("type", "single_choice")})
        return render_question(draft, page_id, values, None)
    return _save_question(draft, page_id, None)


@bp.route("/<int:draft_id>/questions/<item_id>", methods=["GET", "POST"])
@requires(Permission.EDIT_QUESTIONNAIRES)
def edit_question(draft_id: int, item_id: str) -> Any:
    """Change a question with the same form as a new one."""
    draft = scope().draft(draft_id)
    try:
        page_no, _ = build.item_position(draft.source, item_id)
    except BuildError as error:
        return render_structure(draft, [("changes", refusal_message(error).text)], 404)
    page_id = draft.source["pages"][page_no]["id"]
    if request.method == "GET":
        return render_question(
            draft, page_id, forms.values_of(build.find_item(draft.source, item_id)), item_id
        )
    return _save_question(draft, page_id, item_id)


# --- From the bank -------------------------------------------------------------------------------------


@bp.post("/<int:draft_id>/add-from-bank")
@requires(Permission.EDIT_QUESTIONNAIRES)
def add_from_bank(draft_id: int) -> Any:
    """Copy a question of a published version ("<version_id>:<item_id>") into a page of the draft: its id
    (with a suffix if taken), indicator, help topic and answers; never its show-if, which pointed at
    another questionnaire's question."""
    mine = scope()
    draft = mine.draft(draft_id)
    version_id, _, item_id = request.form.get("key", "").partition(":")
    page_id = request.form.get("page_id", "")
    if not version_id.isdigit():
        return render_structure(draft, [("changes", gettext("That question is not in the bank."))], 404)
    frozen = frozen_content(mine.version(int(version_id)))
    try:
        bank_item = frozen.item(item_id)
        build.page_position(draft.source, page_id)
    except (KeyError, BuildError):
        return render_structure(draft, [("changes", gettext("That question is not in the bank."))], 404)
    item = bank_item.model_dump(mode="json", exclude_none=True)
    dropped = item.pop("show_if", None) is not None
    item["id"] = build.free_id(item["id"], build.item_ids(draft.source))
    renamed = item["id"] != bank_item.id
    own = dict(draft.option_sets or {})
    shared = draft_store.library_catalogue().option_sets
    if bank_item.options and bank_item.options in frozen.option_sets:
        theirs = frozen.option_sets[bank_item.options]
        if shared.get(bank_item.options) != theirs:
            set_id = (
                bank_item.options
                if bank_item.options not in shared
                else build.free_id(bank_item.options, set(shared) | set(own))
            )
            own[set_id] = theirs.model_dump(mode="json", exclude_none=True) | {"id": set_id}
            item["options"] = set_id
    source = build.put_item(draft.source, page_id, item)
    refused = _save(draft, "item_from_bank", source, own)
    if refused:
        return _refused(draft, refused)
    notify("bank_added" + ("_renamed" if renamed else "") + ("_no_show_if" if dropped else ""))
    return redirect(url_for(".structure", draft_id=draft.id, _anchor=f"item-{item['id']}"))
