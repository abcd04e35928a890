"""The typed model of questionnaire files, shared by the loader, the respondent pages and the tests.

Every piece of text is a pair {en: ..., cy: ...}. `Questionnaire.model_json_schema()` gives the
JSON Schema of a questionnaire file.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
QuestionnaireId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]
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


class HelpContact(Strict):
    name: Text
    description: Text
    phone: str | None = None
    text: str | None = None
    website: str | None = None


class HelpContactFile(Strict):
    help_contacts: list[HelpContact] = Field(min_length=1)
