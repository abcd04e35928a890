"""A form for each questionnaire page, built from the page's items.

Validation messages are our own (WTForms' built-in ones have no Welsh), and no answer is ever
pre-selected: a field starts empty unless the respondent saved an answer to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, StopValidation, ValidationError

from ..content.frozen import FrozenQuestionnaire
from ..content.schema import RATHER_NOT_SAY, SINGLE_VALUE_TYPES, Item
from ..web.i18n import formal_register
from . import messages, text_limits


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


class NumberAnswer:
    """A whole number in range, or the "I'd rather not say" box beside it ticked, but not both."""

    def __init__(self, item: Item):
        self.low, self.high = item.min or 0, item.max or 0
        self.required = not item.optional
        self.not_saying = not_saying_name(item)

    def __call__(self, form: FlaskForm, field: Field) -> None:
        raw = (field.data or "").strip()
        not_saying = bool(form[self.not_saying].data)
        if not_saying and raw:
            raise StopValidation(str(messages.NUMBER_OR_NOT_SAYING))
        if not raw:
            if self.required and not not_saying:
                raise StopValidation(str(messages.WRITE_AN_ANSWER))
            raise StopValidation()  # nothing to check
        if not raw.lstrip("-").isdigit():
            raise StopValidation(str(messages.WHOLE_NUMBER))
        if not self.low <= int(raw) <= self.high:
            raise ValidationError(str(messages.NUMBER_BETWEEN) % {"min": self.low, "max": self.high})


class MaxCharacters:
    """No more letters than the item allows, counted as the browser's counter counts them.

    The error says how long the answer is and what to cut it to; the text itself is kept on the page.
    """

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form: FlaskForm, field: Field) -> None:
        length = text_limits.letter_count(field.data)
        if length > self.limit:
            raise ValidationError(text_limits.too_long(length, self.limit))


class FreeTextField(TextAreaField):
    """A free-text answer that knows its limit, so the page can say it in the respondent's words."""

    def __init__(self, *args: Any, limit: int, age_band: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.age_band = age_band

    @property
    def limit_hint(self) -> str:
        """The hint "You can write up to 600 letters (about 100 words).", or its adult or 4-7 form."""
        return text_limits.limit_hint(self.limit, self.age_band)

    @property
    def counter_messages(self) -> str:
        """What the live counter (static/text-count.js) says, as JSON."""
        return text_limits.counter_messages(self.limit)


def _presence(item: Item) -> Any:
    if item.optional:
        return Optional()
    message = messages.WRITE_AN_ANSWER if item.type in ("free_text", "number") else messages.CHOOSE_AN_ANSWER
    return InputRequired(message=str(message))


def not_saying_name(item: Item) -> str:
    """The name of the "I'd rather not say" box beside a number question."""
    return f"{item.id}__{RATHER_NOT_SAY}"


def row_name(item: Item, row_id: str) -> str:
    """The name of one row's answer in a grid."""
    return f"{item.id}__{row_id}"


def fields_for(frozen: FrozenQuestionnaire, item: Item, lang: str) -> dict[str, Field]:
    """The WTForms field(s) for one item, by name: one, or one per row of a grid, or a number and its box.

    Options are checked by `ChoiceIn` and drawn by our own macros, so WTForms is not given them.
    """
    values = frozen.values(item)
    if item.type in SINGLE_VALUE_TYPES:
        return {item.id: RadioField(validate_choice=False, validators=[_presence(item), ChoiceIn(values)])}
    if item.type == "multiple_choice":
        exclusive = {option.value: option.label(lang) for option in frozen.options(item) if option.exclusive}
        field = SelectMultipleField(
            validate_choice=False, validators=[_presence(item), ChoiceIn(values), OnItsOwn(exclusive)]
        )
        return {item.id: field}
    if item.type == "grid":
        return {
            row_name(item, row.id): RadioField(
                validate_choice=False, validators=[_presence(item), ChoiceIn(values)]
            )
            for row in item.rows or []
        }
    if item.type == "number":
        return {item.id: StringField(validators=[NumberAnswer(item)]), not_saying_name(item): BooleanField()}
    if item.type == "free_text":
        field = FreeTextField(
            limit=item.text_limit,
            age_band=frozen.questionnaire.age_band,
            validators=[_presence(item), MaxCharacters(item.text_limit)],
        )
        return {item.id: field}
    raise ValueError(f"no form field for item type {item.type}")


def page_form(
    frozen: FrozenQuestionnaire, items: list[Item], lang: str, saved: Mapping[str, Any], formdata: Any = None
) -> FlaskForm:
    """A form for the answerable items on a page, filled with saved answers (or the submitted ones)."""
    answerable = [item for item in items if item.answerable]
    initial: dict[str, Any] = {}
    for item in answerable:
        initial.update(_as_field_values(item, saved.get(item.id)))
    return _form_class(frozen, answerable, lang)(formdata=formdata, data=initial)


# The form class of each page, built once per (content, items, language, register): a class holds no
# answers (those are in each instance), only its fields and their validators, whose messages are in the
# language and register they were built in. Bounded, as published content is.
_FORM_CLASSES: dict[tuple[Any, ...], tuple[FrozenQuestionnaire, type[FlaskForm]]] = {}
_FORM_CLASS_LIMIT = 1000


def _form_class(frozen: FrozenQuestionnaire, answerable: list[Item], lang: str) -> type[FlaskForm]:
    # By identity: published content is parsed once per process; the entry keeps its questionnaire, so an
    # id is never reused for another one (a preview's draft) while its entry exists.
    key = (id(frozen), tuple(item.id for item in answerable), lang, formal_register())
    kept = _FORM_CLASSES.get(key)
    if kept is not None and kept[0] is frozen:
        return kept[1]

    class PageForm(FlaskForm):
        pass

    for item in answerable:
        for name, field in fields_for(frozen, item, lang).items():
            setattr(PageForm, name, field)
    if len(_FORM_CLASSES) >= _FORM_CLASS_LIMIT:
        _FORM_CLASSES.clear()
    _FORM_CLASSES[key] = (frozen, PageForm)
    return PageForm


def _as_field_values(item: Item, value: Any) -> dict[str, Any]:
    """A stored answer as the initial data of the item's field(s)."""
    if item.type == "grid":
        chosen = value if isinstance(value, dict) else {}
        return {row_name(item, row.id): chosen.get(row.id) for row in item.rows or []}
    if item.type == "number":
        not_saying = value == RATHER_NOT_SAY
        shown = None if value is None or not_saying else str(value)
        return {item.id: shown, not_saying_name(item): not_saying}
    if value is None:
        return {item.id: [] if item.type == "multiple_choice" else None}
    return {item.id: value}


def _answer_from(form: FlaskForm, item: Item) -> Any:
    """One item's answer in a submitted form, typed as it is stored (None for no answer)."""
    if item.type == "grid":
        rows = {row.id: form[row_name(item, row.id)].data for row in item.rows or []}
        return {row_id: value for row_id, value in rows.items() if value} or None
    data = form[item.id].data
    if item.type == "multiple_choice":
        return list(data or [])
    if item.type == "number":
        if form[not_saying_name(item)].data:
            return RATHER_NOT_SAY
        return int(data) if data and str(data).strip().lstrip("-").isdigit() else None
    if item.type == "free_text":
        return (data or "").strip() or None
    return data or None


def _has_errors(form: FlaskForm, item: Item) -> bool:
    if item.type == "grid":
        return any(form[row_name(item, row.id)].errors for row in item.rows or [])
    return bool(form[item.id].errors)


def error_links(frozen: FrozenQuestionnaire, form: FlaskForm, items: list[Item]) -> list[tuple[str, str]]:
    """(id of the input to jump to, message) for each field with a problem, in page order."""
    links = []
    for item in items:
        if not item.answerable:
            continue
        names = [row_name(item, row.id) for row in item.rows or []] if item.type == "grid" else [item.id]
        for name in names:
            if form[name].errors:
                options = frozen.options(item)
                anchor = f"{name}-{options[0].value}" if options else name
                links.append((anchor, form[name].errors[0]))
    return links


def answers_from(form: FlaskForm, items: list[Item]) -> dict[str, Any]:
    """The answers in a submitted form, by item id."""
    return {item.id: _answer_from(form, item) for item in items if item.answerable}


def valid_answers_from(form: FlaskForm, items: list[Item]) -> dict[str, Any]:
    """Only the answers that passed validation (used when leaving a page that has errors)."""
    return {
        item.id: _answer_from(form, item) for item in items if item.answerable and not _has_errors(form, item)
    }
