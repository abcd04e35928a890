"""Questionnaire drafts: import a file, adapt a version, edit text side by side, publish."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from markupsafe import escape
from wtforms import StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ..auth.permissions import Permission, requires
from ..auth.scope import scope
from ..content.loader import ContentError, Problem
from ..extensions import db
from ..models import QuestionnaireDraft
from ..store import draft_history
from ..store import drafts as draft_store
from ..store.drafts import FileProblem, Place, TextProblem
from ..web.i18n import current_language
from .labels import AUDIENCE_NAMES
from .notices import notify
from .questionnaires import AdaptForm, render_version

bp = Blueprint("staff_drafts", __name__)


class ImportForm(FlaskForm):
    file = FileField(
        _l("Questionnaire file"),
        description=_l(
            "A YAML file (.yaml or .yml) of 256 KB or less, in the format of the bundled questionnaires."
        ),
        validators=[
            FileRequired(_l("Choose a questionnaire file to import.")),
            FileAllowed(["yaml", "yml"], _l("The file must be a YAML file ending in .yaml or .yml.")),
        ],
    )


AGE_BANDS = ("4-7", "8-10", "11-18", "16-25")


class BlankForm(AdaptForm):
    """A new questionnaire from nothing: who it is for, and its title and purpose in both languages."""

    # Drawn as <select> by the template (WTForms' SelectField choices are deprecated as tuples).
    audience = StringField(
        _l("Who answers it"),
        validators=[
            DataRequired(_l("Choose who answers the questionnaire.")),
            AnyOf(list(AUDIENCE_NAMES), _l("Choose who answers the questionnaire.")),
        ],
    )
    age_band = StringField(
        _l("Age band (children and young people)"),
        description=_l("Results are compared with other questionnaires of the same age band."),
        validators=[Optional(), AnyOf(AGE_BANDS, _l("Choose an age band from the list."))],
    )
    title_en = StringField(
        _l("Title in English"),
        validators=[DataRequired(_l("Enter the title in English.")), Length(max=200)],
    )
    title_cy = StringField(_l("Title in Welsh"), validators=[Length(max=200)])
    purpose_en = TextAreaField(
        _l("What it is for, in English"),
        description=_l("Shown to staff choosing a questionnaire, not to respondents."),
        validators=[DataRequired(_l("Enter what the questionnaire is for, in English.")), Length(max=2000)],
    )
    purpose_cy = TextAreaField(_l("What it is for, in Welsh"), validators=[Length(max=2000)])


def place_name(where: Place) -> str:
    """Where a text is, in the page's language: "the text of question safe_at_home"."""
    names = {
        "title": lambda: gettext("the title of the questionnaire"),
        "purpose": lambda: gettext("the purpose of the questionnaire"),
        "page_title": lambda: gettext("the title of page %(page)s", page=where.page),
        "text": lambda: gettext("the text of question %(item)s", item=where.item),
        "hint": lambda: gettext("the hint of question %(item)s", item=where.item),
        "low": lambda: gettext("the low end of the scale in question %(item)s", item=where.item),
        "high": lambda: gettext("the high end of the scale in question %(item)s", item=where.item),
        "row": lambda: gettext("row %(row)s of question %(item)s", row=where.row, item=where.item),
    }
    return names.get(where.part, lambda: where.part)()


def problem_message(problem: Problem) -> str:
    """A problem with a text, or with the id, in the page's language; other problems as they are."""
    if isinstance(problem, TextProblem):
        where = place_name(problem.place)
        if problem.kind == "english_empty":
            return gettext("Enter the English for %(where)s.", where=where)
        if problem.kind == "welsh_missing":
            return gettext("The Welsh is missing for %(where)s.", where=where)
        if problem.kind == "welsh_changed":
            return gettext(
                "The Welsh for %(where)s needs checking: the English has changed since it was written.",
                where=where,
            )
        return gettext("The Welsh for %(where)s has not been checked yet.", where=where)
    if isinstance(problem, FileProblem):
        return file_problem_message(problem)
    return str(problem)


def file_problem_message(problem: FileProblem, questionnaire_id: str = "") -> str:
    messages = {
        "too_large": lambda: gettext("The file is larger than 256 KB."),
        "not_text": lambda: gettext("The file is not text saved as UTF-8. Save it as UTF-8 and try again."),
        "not_mapping": lambda: gettext(
            "The file is not a questionnaire: it must start with id, audience and title."
        ),
        "id_taken": lambda: gettext(
            "Another authority, or the shared library, already uses this id. Choose a different id."
        ),
        "id_in_draft": lambda: gettext(
            "You already have a draft with this id. Edit that draft, or choose a different id."
        ),
    }
    return messages.get(problem.kind, lambda: str(problem))()


@bp.route("/import", methods=["GET", "POST"])
@requires(Permission.EDIT_QUESTIONNAIRES)
def new() -> Any:
    """Import a questionnaire file as a draft; a file with problems is refused and nothing is kept."""
    form = ImportForm()
    problems: list[Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(draft_store.MAX_FILE_BYTES + 1)
        filename = (upload.filename or "questionnaire.yaml")[-100:]
        draft, problems = draft_store.import_draft(data, filename, scope().authority_id)
        if draft is not None:
            db.session.commit()
            notify("draft_created")
            return redirect(url_for(".edit", draft_id=draft.id))
    refusals = [file_problem_message(each) for each in problems if isinstance(each, FileProblem)]
    technical = [str(each) for each in problems if not isinstance(each, FileProblem)]
    errors = [("file", error) for error in form.file.errors] + [("file", each) for each in refusals]
    if technical:
        errors.append(("file-problems", gettext("The file has problems: see the list below.")))
    page = render_template("staff/drafts/import.html", form=form, errors=errors, technical=technical)
    return page, (400 if errors else 200)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.EDIT_QUESTIONNAIRES)
def blank() -> Any:
    """Start a questionnaire from nothing: one empty page, then the builder adds the questions."""
    mine = scope()
    form = BlankForm()
    if form.validate_on_submit():
        new_id = (form.new_id.data or "").strip()
        problems = draft_store.id_problems(new_id, mine.authority_id)
        if not problems:
            draft = draft_store.blank(
                new_id,
                form.audience.data,
                form.age_band.data or None,
                {"en": form.title_en.data.strip(), "cy": (form.title_cy.data or "").strip()},
                {"en": form.purpose_en.data.strip(), "cy": (form.purpose_cy.data or "").strip()},
                mine.authority_id,
            )
            db.session.commit()
            notify("draft_created")
            return redirect(url_for("staff_builder.structure", draft_id=draft.id))
        form.new_id.errors = [problem_message(problems[0])]
    errors = [(name, messages[0]) for name, messages in form.errors.items() if messages]
    page = render_template(
        "staff/drafts/blank.html", form=form, errors=errors, age_bands=[(b, b) for b in AGE_BANDS]
    )
    return page, (400 if errors else 200)


@bp.post("/adapt/<int:version_id>")
@requires(Permission.EDIT_QUESTIONNAIRES)
def adapt(version_id: int) -> Any:
    """Copy a published version into a draft under an id the caller may use."""
    mine = scope()
    version = mine.version(version_id)
    form = AdaptForm()
    if form.validate_on_submit():
        new_id = (form.new_id.data or "").strip()
        problems = draft_store.id_problems(new_id, mine.authority_id)
        if not problems:
            draft = draft_store.adapt(version, mine.authority_id, new_id)
            db.session.commit()
            notify("draft_created")
            return redirect(url_for(".edit", draft_id=draft.id))
        form.new_id.errors = [problem_message(problems[0])]
    return render_version(version, form, 400)


def _rows(draft: QuestionnaireDraft, typed: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    rows = []
    for number, entry in enumerate(draft_store.text_entries(draft)):
        english, welsh = typed.get(entry.context, (entry.en, entry.cy))
        rows.append(
            {
                "id": f"t{number}",
                "context": entry.context,
                "place": draft_store.place(draft.source, entry),
                "name": place_name(draft_store.place(draft.source, entry)),
                "en": english,
                "cy": welsh,
                "state": draft_store.welsh_state(draft, entry),
            }
        )
    return rows


def reworded_labels(draft: QuestionnaireDraft) -> list[str]:
    """The indicators the draft rewords, named in the page's language."""
    catalogue = draft_store.library_catalogue().indicators
    lang = current_language()
    return [
        catalogue[key].label(lang) if key in catalogue else key
        for key in draft_store.reworded_indicators(draft)
    ]


def render_edit(
    draft: QuestionnaireDraft,
    refused: list[TextProblem] | None = None,
    typed: dict[str, tuple[str, str]] | None = None,
    publish_problems: list[Problem] | None = None,
) -> Any:
    """The editor, with rows refused on saving and the reasons publishing was refused, if any."""
    rows = _rows(draft, typed or {})
    ids = {row["context"]: row["id"] for row in rows}
    row_errors = {ids[each.item]: problem_message(each) for each in refused or []}
    _frozen, checks = draft_store.check_draft(draft)
    items = [item for page in draft.source.get("pages", []) for item in page.get("items", [])]
    option_sets = sorted({item["options"] for item in items if item.get("options")})
    missing, review = draft_store.translation_counts(draft)
    errors = [(f"{row_id}-en", message) for row_id, message in row_errors.items()]
    for each in publish_problems or []:
        if isinstance(each, TextProblem) and each.item in ids:
            errors.append((f"{ids[each.item]}-cy", problem_message(each)))
        elif isinstance(each, FileProblem):
            errors.append(("publish", problem_message(each)))
    if any(type(each) is Problem for each in publish_problems or []):
        errors.append(
            ("publish", gettext("The questionnaire has problems that cannot be fixed here: see below."))
        )
    return render_template(
        "staff/drafts/edit.html",
        draft=draft,
        rows=rows,
        row_errors=row_errors,
        errors=errors,
        checks=[problem_message(each) for each in checks],
        structural=[each for each in checks if type(each) is Problem],
        refused_publish=publish_problems is not None,
        option_sets=option_sets,
        missing=missing,
        review=review,
        reworded=reworded_labels(draft),
    ), (400 if errors else 200)


@bp.route("/<int:draft_id>", methods=["GET", "POST"])
@requires(Permission.EDIT_QUESTIONNAIRES)
def edit(draft_id: int) -> Any:
    """Edit every text of a draft; a row that cannot be saved is shown as typed, the rest is saved."""
    draft = scope().draft(draft_id)
    if request.method == "GET":
        return render_edit(draft)
    try:
        draft_history.check_revision(draft, request.form.get("revision"))
    except draft_history.StaleDraft:
        stale = gettext(
            "Someone else changed this draft since you opened it: here is the draft as it is now."
        )
        page, _status = render_edit(draft)
        return page.replace(
            "<h1>", f'<p class="error-message" role="alert">{escape(stale)}</p>\n<h1>', 1
        ), 409
    edits, confirmed = {}, set()
    for entry in draft_store.text_entries(draft):
        if f"en:{entry.context}" in request.form:
            edits[entry.context] = (
                request.form[f"en:{entry.context}"],
                request.form.get(f"cy:{entry.context}", ""),
            )
        if request.form.get(f"ok:{entry.context}"):
            confirmed.add(entry.context)
    refused = draft_store.apply_edits(draft, edits, confirmed)
    db.session.commit()
    if not refused:
        notify("draft_saved")
        return redirect(url_for(".edit", draft_id=draft.id))
    return render_edit(draft, refused, {each.item: edits[each.item] for each in refused})


@bp.post("/<int:draft_id>/publish")
@requires(Permission.EDIT_QUESTIONNAIRES)
def publish(draft_id: int) -> Any:
    draft = scope().draft(draft_id)
    reworded = reworded_labels(draft)
    if reworded and not request.form.get("wording_confirmed") and draft_store.check_draft(draft)[0]:
        return render_template("staff/drafts/publish.html", draft=draft, reworded=reworded)
    try:
        version = draft_store.publish_draft(draft, date.today())
    except ContentError as error:
        db.session.rollback()
        return render_edit(scope().draft(draft_id), publish_problems=error.problems)
    db.session.commit()
    notify("published")
    return redirect(url_for("staff_questionnaires.version", version_id=version.id))


@bp.route("/<int:draft_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_QUESTIONNAIRES)
def delete(draft_id: int) -> Any:
    """Ask first (GET), then delete the draft (POST)."""
    draft = scope().draft(draft_id)
    if request.method == "GET":
        return render_template("staff/drafts/delete.html", draft=draft)
    draft_store.delete_draft(draft)
    db.session.commit()
    notify("draft_deleted")
    return redirect(url_for("staff_questionnaires.library"))
