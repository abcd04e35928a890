"""The typed model of questionnaire files, shared by the loader, the respondent pages and the tests.

Every piece of text is a pair {en: ..., cy: ...}. `Questionnaire.model_json_schema()` gives the
JSON Schema of a questionnaire file.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
)

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
QuestionnaireId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]
# An ONS code of a Welsh council, e.g. W06000016 (Rhondda Cynon Taf).
AuthorityCode = Annotated[str, StringConstraints(pattern=r"^W06[0-9]{6}$")]
AnswerValue = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=60)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

Audience = Literal["child", "care_leaver", "foster_carer", "staff", "authority"]
AgeBand = Literal["4-7", "8-10", "11-18", "16-25"]
ItemType = Literal[
    "single_choice",
    "multiple_choice",
    "faces",
    "scale",
    "yes_no",
    "scale_0_10",
    "number",
    "grid",
    "free_text",
    "information",
]
Domain = Literal[
    "relationships", "rights", "resilience", "recovery", "well_being", "support", "training", "involvement"
]

# Item types whose answers come from a named option set ("scale" is an ordered set: agreement, frequency).
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice", "faces", "scale", "yes_no", "grid"})
# Item types answered by choosing one value (a grid chooses one value per row).
SINGLE_VALUE_TYPES = frozenset({"single_choice", "faces", "scale", "yes_no", "scale_0_10"})
SCALE_VALUES = tuple(str(n) for n in range(11))
# Offered on every question that has answers to choose or a number to give, always last and never
# pre-selected; it counts as not answering. A free-text box is simply left empty instead.
RATHER_NOT_SAY = "rather_not_say"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both languages."""

    en: NonEmpty
    cy: NonEmpty

    def __call__(self, lang: str) -> str:
        return self.cy if lang == "cy" else self.en


class Option(Strict):
    value: AnswerValue
    label: Text
    alt: Text | None = None
    # In a multiple-choice question, an answer that cannot be chosen with others ("Nobody").
    exclusive: bool = False


RATHER_NOT_SAY_OPTION = Option(
    value=RATHER_NOT_SAY,
    label=Text(en="I'd rather not say", cy="Byddai'n well gen i beidio â dweud"),
    exclusive=True,
)


class OptionSet(Strict):
    id: Identifier
    options: list[Option] = Field(min_length=2)


class Indicator(Strict):
    """An indicator in the catalogue: the share of respondents whose answer is one of `positive`."""

    id: Identifier
    label: Text
    domain: Domain
    positive: list[AnswerValue] = Field(min_length=1)


class ShowIf(Strict):
    """Show an item only when an earlier item was answered with one of these values."""

    item: Identifier
    any_of: list[AnswerValue] = Field(min_length=1)


class GridRow(Strict):
    """One row of a grid: the respondent chooses one of the grid's options for each row."""

    id: Identifier
    text: Text


class ScaleAnchors(Strict):
    low: Text
    high: Text


class Item(Strict):
    id: Identifier
    type: ItemType
    text: Text
    hint: Text | None = None
    options: Identifier | None = None
    indicator: Identifier | None = None
    show_if: ShowIf | None = None
    optional: bool = True
    max_length: int | None = Field(default=None, ge=1, le=5000)
    min: int | None = None
    max: int | None = None
    anchors: ScaleAnchors | None = None
    rows: list[GridRow] | None = None
    # A sensitive question: the respondent is shown the help for this topic (see help_contacts.yaml).
    help_topic: Identifier | None = None

    @model_serializer(mode="wrap")
    def _leave_out_unset_help_topic(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """An item without a help topic is stored exactly as before the field existed.

        Published versions are identified by the hash of their stored content, so writing
        `help_topic: null` into every item would make every questionnaire a new version.
        """
        data: dict[str, Any] = handler(self)
        if self.help_topic is None:
            data.pop("help_topic", None)
        return data

    @property
    def answerable(self) -> bool:
        return self.type != "information"

    @property
    def offers_rather_not_say(self) -> bool:
        return self.answerable and self.type != "free_text"

    @property
    def text_limit(self) -> int:
        return self.max_length or 1000


class Page(Strict):
    id: Identifier
    title: Text
    items: list[Item] = Field(min_length=1)


class Questionnaire(Strict):
    id: QuestionnaireId
    audience: Audience
    age_band: AgeBand | None = None
    title: Text
    purpose: Text
    minutes: int = Field(ge=1, le=60)
    pages: list[Page] = Field(min_length=1)


class OptionSetFile(Strict):
    option_sets: list[OptionSet]


class IndicatorFile(Strict):
    indicators: list[Indicator]


# The name a topic uses for the advocacy contact: the council's own when it has one, else the default.
ADVOCACY = "advocacy"
# Contacts a council may list under these ids, so that a topic can bring them to the top.
COUNCIL_CONTACT_IDS = ("rights_officer", "out_of_hours")

# Who a set of help contacts is for. Children and young people (4-7, 8-10, 11-18) get the file's top-level
# `help_contacts`; care leavers, foster carers and staff get their own set under `audiences`. The
# authority self-audit is filled in by council staff, so it gets the staff set.
HelpAudience = Literal["child", "care_leaver", "foster_carer", "staff"]
HELP_AUDIENCES: tuple[HelpAudience, ...] = ("child", "care_leaver", "foster_carer", "staff")
HELP_AUDIENCE_OF: dict[str, HelpAudience] = {
    "child": "child",
    "care_leaver": "care_leaver",
    "foster_carer": "foster_carer",
    "staff": "staff",
    "authority": "staff",
}
# A council's own contact is for one help audience or for everyone.
EVERYONE: Literal["everyone"] = "everyone"
CouncilAudience = Literal["everyone", "child", "care_leaver", "foster_carer", "staff"]
COUNCIL_AUDIENCES: tuple[CouncilAudience, ...] = ("everyone", *HELP_AUDIENCES)


def help_audience(questionnaire_audience: str | None) -> HelpAudience:
    """The help set for a questionnaire's audience; children's help where there is no survey."""
    return HELP_AUDIENCE_OF.get(questionnaire_audience or "", "child")


class HelpContact(Strict):
    """Someone to contact for help. `id` lets a help topic name the contact; it is optional for
    contacts that no topic names (a service's own copy may predate it)."""

    id: Identifier | None = None
    name: Text
    description: Text
    phone: str | None = None
    text: str | None = None
    website: str | None = None


class CouncilHelpContact(HelpContact):
    """A council's own contact: shown only on the pages of its audience (everyone by default)."""

    audience: CouncilAudience = EVERYONE

    def is_for(self, audience: HelpAudience) -> bool:
        return self.audience in (EVERYONE, audience)


class AuthorityHelp(Strict):
    """A council's own contacts: its advocacy service replaces the default advocacy contact for the
    audience it is for."""

    advocacy: CouncilHelpContact | None = None
    contacts: list[CouncilHelpContact] = Field(default_factory=list)

    def for_audience(self, audience: HelpAudience) -> AuthorityHelp:
        """Only what this audience's pages show."""
        advocacy = self.advocacy if self.advocacy and self.advocacy.is_for(audience) else None
        return AuthorityHelp(advocacy=advocacy, contacts=[c for c in self.contacts if c.is_for(audience)])


class HelpTopicVariant(Strict):
    """A topic's message and first contacts in the words for one audience (care leavers are young
    adults: nobody tells them to find "an adult you trust")."""

    message: Text
    contacts: list[Identifier] = Field(default_factory=list)


class HelpTopic(Strict):
    """Help shown after a sensitive question: a short message and the contacts to show first, with
    other words for an audience listed under `audiences`."""

    message: Text
    contacts: list[Identifier] = Field(default_factory=list)
    audiences: dict[HelpAudience, HelpTopicVariant] = Field(default_factory=dict)

    def for_audience(self, audience: HelpAudience) -> HelpTopicVariant:
        return self.audiences.get(audience) or HelpTopicVariant(message=self.message, contacts=self.contacts)


class AudienceHelp(Strict):
    """The default contacts of one audience, and its advocacy contact if it has one."""

    help_contacts: list[HelpContact] = Field(min_length=1)
    advocacy: HelpContact | None = None


class HelpContactFile(Strict):
    help_contacts: list[HelpContact] = Field(min_length=1)
    advocacy: HelpContact | None = None
    # Sets of their own for care leavers, foster carers and staff. An audience without one gets the
    # children's set above (a service's copy from before audiences keeps working as it did).
    audiences: dict[HelpAudience, AudienceHelp] = Field(default_factory=dict)
    authorities: dict[AuthorityCode, AuthorityHelp] = Field(default_factory=dict)
    topics: dict[Identifier, HelpTopic] = Field(default_factory=dict)

    def defaults_for(self, audience: HelpAudience) -> AudienceHelp:
        """The audience's default contacts and advocacy (the children's when it has none of its own)."""
        own = self.audiences.get(audience)
        if own is not None:
            return own
        return AudienceHelp(help_contacts=self.help_contacts, advocacy=self.advocacy)
