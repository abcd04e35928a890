"""The "What people wrote" section of a council's results page and PDF report: counts and quotes.

The results templates call `report_themes(view)` (a template global); it gathers the same period and
band's comments and returns the council's themes view without word clouds, or None where the
questionnaire asks for no comments or nobody wrote any.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app

from analysis.disclosure import DisclosureControl

from .gather import gather_comments
from .notes import themes_notes
from .view import ThemesView, themes_view


def report_themes(view: Any) -> tuple[ThemesView, list[str]] | None:
    """(themes view, method notes) for a results page's `AuthorityView`; None if nobody wrote anything."""
    result_set = view.result_set
    control = DisclosureControl(current_app.config["LLEISIAU_MIN_GROUP"])
    comment_set = gather_comments(result_set.period, result_set.band, date.today(), control)
    if comment_set is None or comment_set.comments.empty:
        return None
    themes = themes_view(comment_set, view.authority.ons_code, view.lang, clouds=False)
    return themes, themes_notes(control.min_group, view.lang)
