"""A form for each questionnaire page, built from the page's items.

Validation messages are our own (WTForms' built-in ones have no Welsh), and no answer is ever
pre-selected: a field starts empty unless the respondent saved an answer to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, StopValidation, ValidationError

from ..content.frozen import FrozenQuestionnaire
from ..content.schema import Item
from . import messages


class ChoiceIn:
    """Every chosen value must be one of the item's options."""

    def __init__(self, values: list[str]):
        self.values = set(values)

    def __call__(self, form: FlaskForm, field: Field) -> None:
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in self.values for value in chosen if value is not None):
            raise StopValidation(str(messages.CHOOSE_FROM_LIST))


class OnItsOwn:
    """An exclusive answer ("Nobody") cannot be chosen together with other answers."""

    def __init__(self, exclusive_labels: dict[str, str]):
        self.exclusive_labels = exclusive_labels

    def __call__(self, form: FlaskForm, field: Field) -> None:
        chosen = list(field.data or [])
        for value, label in self.exclusive_labels.items():
            if value in chosen and len(chosen) > 1:
                raise ValidationError(str(messages.ON_ITS_OWN) % {"answer": label})


class WholeNumber:
    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def __call__(self, form: FlaskForm, field: Field) -> None:
        raw = (field.data or "").strip()
        if not raw.lstrip("-").isdigit():
            raise StopValidation(str(messages.WHOLE_NUMBER))
        if not self.low <= int(raw) <= self.high:
            raise ValidationError(str(messages.NUMBER_BETWEEN) % {"min": self.low, "max": self.high})


class MaxCharacters:
    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if len((field.data or "").strip()) > self.limit:
            raise ValidationError(str(messages.TEXT_TOO_LONG) % {"max": self.limit})


def _presence(item: Item) -> Any:
    if item.optional:
        return Optional()
    message = messages.WRITE_AN_ANSWER if item.type in ("free_text", "number") else messages.CHOOSE_AN_ANSWER
    return InputRequired(message=str(message))


def field_for(frozen: FrozenQuestionnaire, item: Item, lang: str) -> Field:
    """The WTForms field for one item.

    Options are checked by `ChoiceIn` and drawn by our own macros, so WTForms is not given them.
    """
    values = frozen.values(item)
    if item.type in ("single_choice", "faces", "yes_no", "scale_0_10"):
        return RadioField(validate_choice=False, validators=[_presence(item), ChoiceIn(values)])
    if item.type == "multiple_choice":
        exclusive = {option.value: option.label(lang) for option in frozen.options(item) if option.exclusive}
        return SelectMultipleField(
            validate_choice=False, validators=[_presence(item), ChoiceIn(values), OnItsOwn(exclusive)]
        )
    if item.type == "number":
        return StringField(validators=[_presence(item), WholeNumber(item.min or 0, item.max or 0)])
    if item.type == "free_text":
        return TextAreaField(validators=[_presence(item), MaxCharacters(item.text_limit)])
    raise ValueError(f"no form field for item type {item.type}")


def page_form(
    frozen: FrozenQuestionnaire, items: list[Item], lang: str, saved: Mapping[str, Any], formdata: Any = None
) -> FlaskForm:
    """A form for the answerable items on a page, filled with saved answers (or the submitted ones)."""

    class PageForm(FlaskForm):
        pass

    answerable = [item for item in items if item.answerable]
    for item in answerable:
        setattr(PageForm, item.id, field_for(frozen, item, lang))
    initial = {item.id: _as_field_value(item, saved.get(item.id)) for item in answerable}
    return PageForm(formdata=formdata, data=initial)


def _as_field_value(item: Item, value: Any) -> Any:
    if value is None:
        return [] if item.type == "multiple_choice" else None
    return str(value) if item.type == "number" else value


def answers_from(form: FlaskForm, items: list[Item]) -> dict[str, Any]:
    """The answers in a submitted form, typed as they are stored (None for no answer)."""
    answers: dict[str, Any] = {}
    for item in items:
        if not item.answerable:
            continue
        data = form[item.id].data
        if item.type == "multiple_choice":
            answers[item.id] = list(data or [])
        elif item.type == "number":
            answers[item.id] = int(data) if data and str(data).strip().lstrip("-").isdigit() else None
        elif item.type == "free_text":
            answers[item.id] = (data or "").strip() or None
        else:
            answers[item.id] = data or None
    return answers


def valid_answers_from(form: FlaskForm, items: list[Item]) -> dict[str, Any]:
    """Only the answers that passed validation (used when leaving a page that has errors)."""
    answers = answers_from(form, items)
    return {item_id: value for item_id, value in answers.items() if not form[item_id].errors}
