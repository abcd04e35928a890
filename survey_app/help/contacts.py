"""Where to get help: the contacts on every respondent page, a council's own, and help by topic.

`help_contacts.yaml` is read once at start-up, so a broken file stops the app rather than a child's
page. A council's staff add their own contacts on the settings pages (table authority_help_contacts):
they are read with one query per page and come before the file's contacts for that council. Views ask
`help_for(authority_code, topics, audience)` for the panel to show; the topics are those of the
sensitive questions (`help_topic` on an item) just asked, the audience is the questionnaire's (children
and young people, care leavers, foster carers, staff): each has its own contacts, and a council's own
contact is for one of them or for everyone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select

from ..content.loader import ContentError, load_help_file
from ..content.schema import (
    ADVOCACY,
    COUNCIL_AUDIENCES,
    EVERYONE,
    HELP_AUDIENCES,
    AuthorityHelp,
    CouncilHelpContact,
    HelpAudience,
    HelpContact,
    HelpContactFile,
    Text,
)
from ..extensions import db
from ..models import Authority, AuthorityHelpContact

EXTENSION = "lleisiau_help"
OWN_HELP_CACHE = "lleisiau_own_help"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HelpPanel:
    """What the help panel shows: messages for the topics asked about, then contacts in order.

    `audience` is whose help it is; `on_survey` is False on pages that belong to no survey (the home
    page, the privacy notice for the service, a page not found), which then speak of every survey.
    """

    messages: list[Text] = field(default_factory=list)
    contacts: list[HelpContact] = field(default_factory=list)
    audience: HelpAudience = "child"
    on_survey: bool = True

    @property
    def sensitive(self) -> bool:
        """Whether the page follows a sensitive question: the panel then leads with the tailored help
        (the "Leave this page" control is on every respondent page, sensitive or not)."""
        return bool(self.messages)

    @property
    def adult(self) -> bool:
        """Foster carers and staff: Welsh speaks to them as "chi", and nobody sends them to an adult."""
        return self.audience in ADULT_HELP


ADULT_HELP = frozenset({"foster_carer", "staff"})


def load_help(directory: Path) -> HelpContactFile:
    """The help file of a questionnaires folder; raise ContentError if it is missing or wrong."""
    help_file, problems = load_help_file(directory)
    if problems or help_file is None:
        raise ContentError(problems)
    return help_file


def load_help_contacts(directory: Path) -> list[HelpContact]:
    """The default help contacts (children's); raise ContentError if the file is missing or wrong."""
    return list(load_help(directory).help_contacts)


def panel(
    help_file: HelpContactFile,
    authority_code: str | None,
    topics: Iterable[str] = (),
    own: AuthorityHelp | None = None,
    audience: HelpAudience = "child",
    on_survey: bool = True,
) -> HelpPanel:
    """The help for one page: topic contacts first, then the council's own, advocacy, the defaults.

    Everything is that audience's: its default set (see `HelpContactFile.defaults_for`), the council's
    contacts for it or for everyone, and the topic's words for it. `own` holds the contacts the
    council's staff entered (see `own_help`): they come before the file's contacts for the council,
    and their advocacy contact comes before the file's. A council's own advocacy contact replaces the
    default one. A topic the file no longer has (a published questionnaire can outlive a topic in a
    service's copy) is skipped, never an error on a child's page; so is a contact a topic names that
    this audience's set does not have (Childline on a care leaver's page).
    """
    defaults = help_file.defaults_for(audience)
    council = help_file.authorities.get(authority_code) if authority_code else None
    council = council.for_audience(audience) if council else None
    own = own.for_audience(audience) if own else None
    council_contacts: list[HelpContact] = [
        *(own.contacts if own else []),
        *(council.contacts if council else []),
    ]
    advocacy = (own.advocacy if own else None) or (council.advocacy if council else None) or defaults.advocacy
    by_id: dict[str, HelpContact] = {c.id: c for c in defaults.help_contacts if c.id}
    by_id.update({c.id: c for c in council_contacts if c.id})
    if advocacy:
        by_id[ADVOCACY] = advocacy

    messages: list[Text] = []
    first: list[HelpContact] = []
    for topic_id in dict.fromkeys(topics):
        topic = help_file.topics.get(topic_id)
        if topic is None:
            logger.warning("help topic %s is not in the help file: skipped", topic_id)
            continue
        variant = topic.for_audience(audience)
        messages.append(variant.message)
        first += [by_id[name] for name in variant.contacts if name in by_id]

    ordered = [*first, *council_contacts, *([advocacy] if advocacy else [])]
    ordered += defaults.help_contacts
    contacts: list[HelpContact] = []
    for contact in ordered:
        if not any(contact is seen for seen in contacts):
            contacts.append(contact)
    return HelpPanel(messages=messages, contacts=contacts, audience=audience, on_survey=on_survey)


def as_help_contact(row: AuthorityHelpContact) -> CouncilHelpContact:
    """A council's contact from the database, in the shape the help panel shows."""
    return CouncilHelpContact(
        name=Text(en=row.name_en, cy=row.name_cy),
        description=Text(en=row.description_en, cy=row.description_cy),
        phone=row.phone or None,
        text=row.text or None,
        website=row.website or None,
        audience=row.audience if row.audience in COUNCIL_AUDIENCES else EVERYONE,
    )


def own_help(rows: Iterable[AuthorityHelpContact]) -> dict[HelpAudience, AuthorityHelp]:
    """A council's contacts from the database, for each audience: the first advocacy one (by
    position) for that audience or everyone replaces its default advocacy contact; any further
    advocacy ones are listed with the other contacts."""
    ordered = sorted(
        ((row, as_help_contact(row)) for row in rows),
        key=lambda pair: (pair[0].kind != "advocacy", pair[0].position, pair[0].id),
    )
    by_audience: dict[HelpAudience, AuthorityHelp] = {}
    for audience in HELP_AUDIENCES:
        mine = [(row, shown) for row, shown in ordered if shown.is_for(audience)]
        advocacy = next((shown for row, shown in mine if row.kind == "advocacy"), None)
        contacts = [shown for _row, shown in mine if shown is not advocacy]
        by_audience[audience] = AuthorityHelp(advocacy=advocacy, contacts=contacts)
    return by_audience


OWN_HELP_SECONDS = 60.0


def _own_help_for(authority_code: str) -> dict[HelpAudience, AuthorityHelp]:
    """The council's contacts from the database, kept for a minute by each worker.

    Every respondent page shows them, so reading them once a minute instead of once a page matters
    under load. A change made on the settings pages shows at once on the worker that made it
    (`forget_own_help`) and within a minute on every other.
    """
    kept: dict[str, tuple[float, dict[HelpAudience, AuthorityHelp]]] = current_app.extensions[OWN_HELP_CACHE]
    now = time.monotonic()
    entry = kept.get(authority_code)
    if entry is None or entry[0] < now:
        rows = db.session.scalars(
            select(AuthorityHelpContact)
            .join(Authority, Authority.id == AuthorityHelpContact.authority_id)
            .where(Authority.ons_code == authority_code)
        )
        entry = (now + OWN_HELP_SECONDS, own_help(rows))
        kept[authority_code] = entry
    return entry[1]


def forget_own_help() -> None:
    """After a council's contacts change: read them again on the next page."""
    current_app.extensions[OWN_HELP_CACHE].clear()


def help_for(
    authority_code: str | None,
    topics: Iterable[str] = (),
    audience: HelpAudience = "child",
    on_survey: bool = True,
) -> HelpPanel:
    """The help panel for a page: the file loaded at start-up and the council's own contacts (see `panel`)."""
    own = _own_help_for(authority_code)[audience] if authority_code else None
    return panel(current_app.extensions[EXTENSION], authority_code, topics, own, audience, on_survey)


def init_app(app: Flask) -> None:
    """Load the help once at start-up, so a broken file stops the app instead of a child's page."""
    help_file = load_help(Path(app.config["QUESTIONNAIRE_DIR"]))
    app.extensions[EXTENSION] = help_file
    app.extensions[OWN_HELP_CACHE] = {}
    app.extensions["lleisiau_help_contacts"] = list(help_file.help_contacts)

    @app.context_processor
    def help_context() -> dict[str, object]:
        return {
            "help_contacts": lambda: current_app.extensions["lleisiau_help_contacts"],
            "help_for": help_for,
        }
