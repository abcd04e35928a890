"""Response counters on staff pages: every count of responses, of unfinished answers or of used codes
that a page shows goes through disclosure control first, and is shown with `staff/_counter.html`."""

from __future__ import annotations

from flask import current_app

from analysis.disclosure import DisclosureControl, ShownCount

from ..auth.scope import Scope, Totals
from ..models import Campaign


def counted(*counts: int) -> tuple[ShownCount, ...]:
    """Each count as staff may see it: "fewer than K", or rounded to the nearest 5."""
    return DisclosureControl(current_app.config["LLEISIAU_MIN_GROUP"]).response_totals(*counts)


def shown_totals(totals: Totals) -> tuple[ShownCount, ShownCount]:
    """A campaign's (sent, started but not sent), as staff may see them."""
    sent, started = counted(totals.complete, totals.in_progress)
    return sent, started


def campaign_totals(mine: Scope, campaign: Campaign) -> tuple[ShownCount, ShownCount]:
    """A campaign's totals within the caller's scope, as staff may see them."""
    return shown_totals(mine.totals(campaign))


def paper_total(mine: Scope, campaign: Campaign) -> ShownCount:
    """How many of a campaign's sent responses are paper copies typed in, as staff may see it."""
    return counted(mine.totals(campaign).paper)[0]
