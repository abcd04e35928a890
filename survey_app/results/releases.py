"""Which of a closed campaign's responses may count towards any figure or comment list.

A release is one (campaign, council) group: a closed campaign's complete responses from one council.
It counts only when at least K of them were sent; otherwise it is in no figure, no theme count, no
quote and no review list, now or later. Respondents who did not know their council form one more
group per campaign under the same rule. Closing is final, so a group that counts never changes; each
later change to a council's figures is a new group of at least K, and can never be differenced into
fewer than K people (audit B2, B3).
"""

from __future__ import annotations

import pandas as pd

UNKNOWN = ""  # the group key of respondents with no known council


def counted(frame: pd.DataFrame, min_group: int) -> pd.Series:
    """Per response of one campaign (`store.responses.response_frame`): whether its group counts."""
    council = frame["authority"].astype(object).where(frame["authority"].notna(), UNKNOWN)
    sizes = council.map(council.value_counts())
    return (sizes >= min_group).astype(bool)
