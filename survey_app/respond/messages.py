"""Messages for respondents, as translatable constants shown in the page's language.

They speak to the respondent, so they are marked with _lr: Welsh has a "ti" form for children and
a "chi" form for adults (see survey_app/web/i18n.py).
"""

from ..web.i18n import lazy_register_gettext as _lr

CHOOSE_FROM_LIST = _lr("Choose one of the answers shown")
CHOOSE_AN_ANSWER = _lr("Choose an answer")
WRITE_AN_ANSWER = _lr("Write an answer")
WHOLE_NUMBER = _lr("Write a whole number, like 3")
NUMBER_BETWEEN = _lr("Write a number from %(min)s to %(max)s")
ON_ITS_OWN = _lr("Choose “%(answer)s” on its own, or choose other answers without it")
NUMBER_OR_NOT_SAYING = _lr("Write a number, or tick “I'd rather not say”, but not both")
CHOOSE_A_COUNCIL = _lr("Choose one of the councils shown")

ACCESS_CODE_MISSING = _lr("Type the access code you were given")
ACCESS_CODE_WRONG = _lr(
    "That access code is not right. Check each letter and number and try again: codes look like ABCD-EFGH"
)
ACCESS_CODE_USED = _lr(
    "That access code has already been used. Each code works once. If you started with it before, carry "
    "on with the code you got when you saved your answers; if not, ask the person who gave it to you for a "
    "new one"
)
# A right code whose answers were already sent: say so, or the respondent keeps retyping it.
ACCESS_CODE_SENT = _lr(
    "This access code has already been used to send answers. The survey has your answers: thank you. You "
    "do not need to do anything else. If you want to talk to someone, choose “Get help” at the top of "
    "the page"
)
RESUME_CODE_MISSING = _lr("Type the code you were given when you saved your answers")
RESUME_CODE_WRONG = _lr(
    "That code is not right. Check each letter and number and try again: codes look like ABCD-EFGH-JKMN"
)
RESUME_CODE_EXPIRED = _lr(
    "Those answers were deleted, because nobody carried on with them for %(days)s days. You can start again"
)
RESUME_CODE_SENT = _lr(
    "These answers were already sent. The survey has your answers: thank you. You do not need to do "
    "anything else. If you want to talk to someone, choose “Get help” at the top of the page"
)
