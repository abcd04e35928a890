"""Validation messages for respondents, as translatable constants (shown in the page's language)."""

from flask_babel import lazy_gettext as _l

CHOOSE_FROM_LIST = _l("Choose one of the answers shown")
CHOOSE_AN_ANSWER = _l("Choose an answer")
WRITE_AN_ANSWER = _l("Write an answer")
WHOLE_NUMBER = _l("Write a whole number, like 3")
NUMBER_BETWEEN = _l("Write a number from %(min)s to %(max)s")
TEXT_TOO_LONG = _l("Your answer is too long: write %(max)s characters or fewer")
ON_ITS_OWN = _l("Choose “%(answer)s” on its own, or choose other answers without it")
NUMBER_OR_NOT_SAYING = _l("Write a number, or tick “I'd rather not say”, but not both")
