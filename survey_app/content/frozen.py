"""A questionnaire with the option sets and indicators it uses, resolved and frozen.

This is what is stored with a published questionnaire version, and what the respondent pages
and the reports read: it never changes after publication, whatever happens to the shared files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from .schema import (
    RATHER_NOT_SAY_OPTION,
    SCALE_VALUES,
    Indicator,
    Item,
    Option,
    OptionSet,
    Page,
    Questionnaire,
    Strict,
    Text,
)


class FrozenQuestionnaire(Strict):
    questionnaire: Questionnaire
    option_sets: dict[str, OptionSet]
    indicators: dict[str, Indicator]

    def content_hash(self) -> str:
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def pages(self) -> list[Page]:
        return self.questionnaire.pages

    def items(self) -> Iterator[Item]:
        for page in self.questionnaire.pages:
            yield from page.items

    def item(self, item_id: str) -> Item:
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def question_count(self) -> int:
        return sum(1 for item in self.items() if item.answerable)

    def options(self, item: Item) -> list[Option]:
        """The options a respondent can choose for an item (or each row of a grid), in order.

        "I'd rather not say" comes last wherever it is offered; a number question offers it
        beside the box instead, so it is not among its options.
        """
        if item.type == "scale_0_10":
            given = [Option(value=value, label=Text(en=value, cy=value)) for value in SCALE_VALUES]
        elif item.options is None:
            return []
        else:
            given = list(self.option_sets[item.options].options)
        return given + [RATHER_NOT_SAY_OPTION] if item.offers_rather_not_say else given

    @property
    def rather_not_say(self) -> Option:
        return RATHER_NOT_SAY_OPTION

    def values(self, item: Item) -> list[str]:
        return [option.value for option in self.options(item)]

    def is_visible(self, item: Item, answers: Mapping[str, Any]) -> bool:
        """Whether an item is asked, given the answers so far (show_if only looks backwards)."""
        if item.show_if is None:
            return True
        given = answers.get(item.show_if.item)
        chosen = given if isinstance(given, list) else [given]
        return any(value in item.show_if.any_of for value in chosen)

    def visible_items(self, page: Page, answers: Mapping[str, Any]) -> list[Item]:
        return [item for item in page.items if self.is_visible(item, answers)]

    def page_is_visible(self, page: Page, answers: Mapping[str, Any]) -> bool:
        return bool(self.visible_items(page, answers))

    def scoring(self) -> dict[str, tuple[str, frozenset[str]]]:
        """item id -> (indicator id, answer values that count as positive), for the analysis package."""
        return {
            item.id: (item.indicator, frozenset(self.indicators[item.indicator].positive))
            for item in self.items()
            if item.indicator
        }
