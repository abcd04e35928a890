"""Forms for setting up and changing a campaign, and for making access codes."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, ValidationError

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A sheet of 300 codes takes WeasyPrint about 15 seconds: more would risk a worker's time limit.
MAX_CODES_PER_BATCH = 300
ACCESS_CHOICES: list[tuple[str, LazyString]] = [
    ("open", _l("Anyone with the link")),
    ("codes", _l("One-time access codes: each person needs a code from a printed slip")),
]
SHEET_LANGUAGES: list[tuple[str, LazyString]] = [
    ("both", _l("Welsh and English (Welsh first)")),
    ("cy", _l("Welsh only")),
    ("en", _l("English only")),
]


def _slug_is_tidy(form: FlaskForm, field: StringField) -> None:
    if field.data and not SLUG_PATTERN.match(field.data):
        raise ValidationError(
            str(_l("Use only small letters, numbers and hyphens, like gwynedd-11-18-2027."))
        )


class DayField(DateField):
    """A date typed as YYYY-MM-DD (a date picker in most browsers); a bad one gets the field's own message."""

    def __init__(self, label: LazyString, bad_date: LazyString, **kwargs: object):
        super().__init__(label, format="%Y-%m-%d", **kwargs)
        self.bad_date = bad_date

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(self.bad_date)) from error


class CampaignDatesForm(FlaskForm):
    opens_on = DayField(
        _l("Opens on"),
        description=_l("The first day people can answer."),
        bad_date=_l("Enter the day the campaign opens, like 2027-01-15."),
        validators=[InputRequired(_l("Enter the day the campaign opens, like 2027-01-15."))],
    )
    closes_on = DayField(
        _l("Closes on"),
        description=_l("The last day people can answer. Results can be read from the next day."),
        bad_date=_l("Enter the day the campaign closes, like 2027-02-28."),
        validators=[InputRequired(_l("Enter the day the campaign closes, like 2027-02-28."))],
    )
    # Choices are drawn by the templates (WTForms is not given them: see ACCESS_CHOICES).
    access = StringField(
        _l("How do people get in?"),
        validators=[
            InputRequired(_l("Choose how people get in.")),
            AnyOf(["open", "codes"], _l("Choose how people get in.")),
        ],
    )

    def validate_closes_on(self, field: DateField) -> None:
        if field.data and field.data < date.today():
            raise ValidationError(str(_l("The closing day cannot be in the past.")))
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(str(_l("The closing day must be on or after the opening day.")))
        if self.opens_on.data and field.data and (field.data - self.opens_on.data).days > 366:
            raise ValidationError(str(_l("A campaign can be open for a year at most.")))


class NewCampaignForm(CampaignDatesForm):
    # The versions the caller may use are checked in the view, through the authority scope.
    version = StringField(
        _l("Questionnaire"),
        description=_l(
            "Only published versions can be used: their questions cannot change during the campaign."
        ),
        validators=[InputRequired(_l("Choose a questionnaire."))],
    )
    slug = StringField(
        _l("Web address name (optional)"),
        description=_l("The end of the survey's web address. Leave it empty and one is made for you."),
        validators=[Optional(), _slug_is_tidy],
    )


class WholeNumberField(IntegerField):
    """A whole number; anything else gets the field's own message, not the form library's."""

    def __init__(self, label: LazyString, bad_number: LazyString, **kwargs: Any):
        super().__init__(label, **kwargs)
        self.bad_number = bad_number

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(self.bad_number)) from error


class CodesForm(FlaskForm):
    count = WholeNumberField(
        _l("How many codes?"),
        description=_l("One for each person who will be asked, up to 300 a sheet. You can make more later."),
        bad_number=_l("Enter how many codes to make, from 1 to 300."),
        validators=[
            InputRequired(_l("Enter how many codes to make, from 1 to 300.")),
            NumberRange(1, MAX_CODES_PER_BATCH, _l("Enter how many codes to make, from 1 to 300.")),
        ],
    )
    sheet_lang = StringField(
        _l("Language of the sheet"),
        default="both",
        validators=[
            InputRequired(_l("Choose the language of the sheet.")),
            AnyOf(["both", "cy", "en"], _l("Choose the language of the sheet.")),
        ],
    )
