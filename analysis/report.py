"""The indicator report: every authority and indicator asked, with disclosure control applied."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .disclosure import TOO_FEW, DisclosureControl
from .indicators import authority_indicator_table
from .tidy import Scoring

REPORT_COLUMNS = [
    "authority_code",
    "authority_name",
    "indicator_id",
    "indicator_label",
    "respondents",
    "percent",
    "status",
]


def indicator_report(
    responses: pd.DataFrame,
    scoring: Scoring,
    authority_names: Mapping[str, str],
    indicator_labels: Mapping[str, str],
    control: DisclosureControl,
) -> pd.DataFrame:
    """One row per authority (in `authority_names`) and indicator (in `indicator_labels`).

    Names and labels are passed in the language of the report. Authorities with no responses,
    or too few, appear with no figures and status `too_few`.
    """
    table = authority_indicator_table(responses, scoring, control)
    grid = pd.MultiIndex.from_product(
        [list(authority_names), list(indicator_labels)], names=["authority", "indicator"]
    ).to_frame(index=False)
    report = grid.merge(table, on=["authority", "indicator"], how="left")
    report["status"] = report["status"].fillna(TOO_FEW)
    report["respondents"] = report["respondents"].astype("Int64")
    report["percent"] = report["percent"].round().astype("Int64")
    report["authority_name"] = report["authority"].map(authority_names)
    report["indicator_label"] = report["indicator"].map(indicator_labels)
    report = report.rename(columns={"authority": "authority_code", "indicator": "indicator_id"})
    return report[REPORT_COLUMNS]
