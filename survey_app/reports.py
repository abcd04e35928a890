"""Reports leave the system here, in the reader's language, after disclosure control."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from analysis.disclosure import SHOWN, DisclosureControl
from analysis.report import indicator_report

from .i18n import BABEL_LOCALES
from .models import Authority, Campaign
from .store import campaigns as campaign_store
from .store import responses as response_store
from .store.questionnaires import frozen_content


def campaign_indicator_report(
    campaign: Campaign, lang: str, authority: Authority | None = None
) -> pd.DataFrame:
    """The indicator report for a campaign, with disclosure control applied, headed in `lang`."""
    frozen = frozen_content(campaign.questionnaire_version)
    responses = response_store.response_frame(campaign)
    shown = [campaign.authority] if campaign.authority is not None else campaign_store.authorities(lang)
    if authority is not None:
        shown = [each for each in shown if each.id == authority.id]
    control = DisclosureControl(current_app.config["LLEISIAU_MIN_GROUP"])
    report = indicator_report(
        responses,
        frozen.scoring(),
        {each.ons_code: each.name(lang) for each in shown},
        {key: indicator.label(lang) for key, indicator in frozen.indicators.items()},
        control,
    )
    return _localise(report, lang, control.min_group)


def _localise(report: pd.DataFrame, lang: str, min_group: int) -> pd.DataFrame:
    with force_locale(BABEL_LOCALES[lang]):
        statuses = {
            SHOWN: _("Shown"),
            "too_few": _("Not shown: fewer than %(num)d answers", num=min_group),
        }
        headers = {
            "authority_code": _("Authority code"),
            "authority_name": _("Authority"),
            "indicator_id": _("Indicator code"),
            "indicator_label": _("Indicator"),
            "respondents": _("Answered (rounded to the nearest 5)"),
            "percent": _("Positive answers (%)"),
            "status": _("Status"),
        }
    localised = report.copy()
    localised["status"] = localised["status"].map(statuses)
    return localised.rename(columns=headers)


def write_csv(report: pd.DataFrame, path: Path) -> None:
    """UTF-8 with a byte-order mark, so spreadsheets open Welsh letters (ŵ, ŷ) correctly."""
    report.to_csv(path, index=False, encoding="utf-8-sig")
