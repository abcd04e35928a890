"""The questionnaire library: every version with its status and translation state."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from ..auth.permissions import Permission, may, requires
from ..auth.scope import scope
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


def render_version(version: QuestionnaireVersion, form: AdaptForm | None = None, status: int = 200) -> Any:
    """A version's page; the adapt view shows it again with the id it refused."""
    mine = scope()
    if form is None:
        form = AdaptForm(new_id=draft_store.suggested_id(version, mine.authority_id))
    page = render_template(
        "staff/questionnaires/version.html",
        version=version,
        frozen=frozen_content(version),
        form=form,
        may_edit=may(Permission.EDIT_QUESTIONNAIRES),
    )
    return page, status


@bp.get("/<int:version_id>")
@requires(Permission.VIEW_QUESTIONNAIRES)
def version(version_id: int) -> Any:
    return render_version(scope().version(version_id))
