"""The questionnaire library: every version with its status and translation state."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from ..auth.permissions import Permission, may, requires
from ..auth.scope import scope
from ..content.describe import answer_words, indicator_words, positive_words, show_if_words
from ..content.export import questionnaire_yaml, translator_file, yaml_filename
from ..content.frozen import FrozenQuestionnaire
from ..content.schema import help_audience
from ..extensions import db
from ..models import QuestionnaireDraft, QuestionnaireVersion
from ..store import drafts as draft_store
from ..store.questionnaires import frozen_content
from ..web.i18n import current_language

bp = Blueprint("staff_questionnaires", __name__)


class AdaptForm(FlaskForm):
    new_id = StringField(
        _l("Id of your version"),
        description=_l(
            "Lowercase letters, numbers and hyphens, for example young-people-11-18-rhondda. "
            "Respondents never see it."
        ),
        validators=[
            DataRequired(_l("Enter an id for your version.")),
            Length(max=draft_store.ID_MAX_LENGTH, message=_l("The id must be 60 characters or fewer.")),
            Regexp(
                draft_store.ID_PATTERN,
                message=_l(
                    "The id must start with a letter and use only lowercase letters, numbers and hyphens."
                ),
            ),
        ],
    )


def draft_title(draft: QuestionnaireDraft, lang: str) -> str:
    """A draft's title in the page's language (its English while the Welsh is still to come)."""
    title = draft.source.get("title") or {}
    return str(title.get(lang) or title.get("en") or draft.questionnaire_id)


@bp.get("/")
@requires(Permission.VIEW_QUESTIONNAIRES)
def library() -> Any:
    """Each questionnaire's latest version (earlier ones linked), then the caller's drafts."""
    mine = scope()
    grouped: dict[str, list[QuestionnaireVersion]] = {}
    for version in db.session.scalars(mine.versions()):
        grouped.setdefault(version.questionnaire_id, []).append(version)
    rows = [(versions[0], frozen_content(versions[0]), versions[1:]) for versions in grouped.values()]
    drafts = [
        (draft, draft_title(draft, current_language()), draft_store.translation_counts(draft))
        for draft in db.session.scalars(mine.drafts())
    ]
    return render_template(
        "staff/questionnaires/library.html",
        rows=rows,
        drafts=drafts,
        may_edit=may(Permission.EDIT_QUESTIONNAIRES),
    )


def described(frozen: FrozenQuestionnaire, lang: str) -> dict[str, dict[str, Any]]:
    """item id -> the item in words: answers in both languages, show-if, indicator, help shown after it."""
    catalogue = draft_store.library_catalogue()
    topics = catalogue.help.topics if catalogue.help else {}
    audience = help_audience(frozen.questionnaire.audience)
    words: dict[str, dict[str, Any]] = {}
    for item in frozen.items():
        indicator = indicator_words(frozen, item, lang)
        topic = topics.get(item.help_topic) if item.help_topic else None
        words[item.id] = {
            "sides": [{"lang": side, "answers": answer_words(frozen, item, side)} for side in ("en", "cy")],
            "show_if": show_if_words(frozen, item, lang),
            "indicator": indicator,
            "positive": positive_words(indicator, lang) if indicator else "",
            "help": topic.for_audience(audience).message if topic else None,
        }
    return words


def render_version(version: QuestionnaireVersion, form: AdaptForm | None = None, status: int = 200) -> Any:
    """A version's page; the adapt view shows it again with the id it refused."""
    mine = scope()
    if form is None:
        form = AdaptForm(new_id=draft_store.suggested_id(version, mine.authority_id))
    frozen = frozen_content(version)
    page = render_template(
        "staff/questionnaires/version.html",
        version=version,
        frozen=frozen,
        described=described(frozen, current_language()),
        form=form,
        may_edit=may(Permission.EDIT_QUESTIONNAIRES),
    )
    return page, status


@bp.get("/<int:version_id>")
@requires(Permission.VIEW_QUESTIONNAIRES)
def version(version_id: int) -> Any:
    return render_version(scope().version(version_id))


def _attachment(data: bytes | str, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The downloads below are questionnaire content (its wording), not respondents' data: disclosure control
# does not apply to them.
@bp.get("/<int:version_id>/questionnaire.yaml")
@requires(Permission.VIEW_QUESTIONNAIRES)
def download_yaml(version_id: int) -> Any:
    """The version as a questionnaire file, ready to import as a draft here or elsewhere."""
    version = scope().version(version_id)
    text = questionnaire_yaml(frozen_content(version).questionnaire)
    filename = yaml_filename(version.questionnaire_id, version.version)
    return _attachment(text.encode("utf-8"), filename, "application/yaml; charset=utf-8")


@bp.get("/<int:version_id>/translation.po")
@requires(Permission.VIEW_QUESTIONNAIRES)
def download_po(version_id: int) -> Any:
    """Its strings for translators as a PO file (as `questionnaires translations export` writes)."""
    version = scope().version(version_id)
    data = translator_file(frozen_content(version), "po")
    filename = f"{version.questionnaire_id}-v{version.version}.po"
    return _attachment(data, filename, "text/x-gettext-translation")


@bp.get("/<int:version_id>/translation.xlsx")
@requires(Permission.VIEW_QUESTIONNAIRES)
def download_xlsx(version_id: int) -> Any:
    """The same strings as a spreadsheet."""
    version = scope().version(version_id)
    data = translator_file(frozen_content(version), "xlsx")
    return _attachment(
        data,
        f"{version.questionnaire_id}-v{version.version}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
