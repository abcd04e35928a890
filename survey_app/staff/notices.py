"""One-line notices shown at the top of the next staff page ("Campaign opened", "Signed out").

Only a key (and, for a counted notice, the number) is kept in the session; the text is chosen when the
page is shown, so a notice made on a Welsh page still reads in English if the next page is English.
"""

from __future__ import annotations

from flask import flash, get_flashed_messages
from flask_babel import LazyString, ngettext
from flask_babel import lazy_gettext as _l

NOTICES: dict[str, LazyString] = {
    "signed_out_idle": _l(
        "You were signed out because the page was not used for a while. Please sign in again."
    ),
    "signed_out": _l("You have signed out."),
    "password_changed": _l(
        "Your password has been changed. Any other place you were signed in has been signed out."
    ),
    "password_set": _l("Your password is set. You are signed in."),
    "campaign_opened": _l("The campaign has been set up."),
    "campaign_changed": _l("The campaign has been changed."),
    "you_said_published": _l(
        "What you will do about the results has been published. Young people see it on the survey's link."
    ),
    "codes_withdrawn": _l(
        "The unused codes of that batch have been withdrawn: they no longer start the survey."
    ),
    "draft_saved": _l("Your changes to the draft have been saved."),
    "draft_created": _l("A draft has been made. Change its text below, preview it, then publish it."),
    "draft_deleted": _l("The draft has been deleted."),
    "published": _l("The questionnaire has been published. Its text can no longer change."),
    "help_saved": _l("The help contacts have been saved. Respondents see them from now on."),
    "help_deleted": _l("The help contact has been removed."),
    "user_created": _l("The account has been made. Send the person the link below to set their password."),
    "user_deactivated": _l("The account has been switched off and signed out everywhere."),
    "user_reactivated": _l("The account has been switched back on."),
    "builder_saved": _l("The change has been saved in the draft. You can undo it below."),
    "builder_undone": _l("The last change has been undone."),
    "bank_added": _l("The question from the bank has been added, with its answers and indicator."),
    "bank_added_renamed": _l(
        "The question from the bank has been added. Its id was already used in this draft, so a number "
        "was added to it."
    ),
    "bank_added_no_show_if": _l(
        "The question from the bank has been added. It was asked only after an answer to a question of "
        "another questionnaire: here it is asked of everyone. Set “asked only if” again if it needs it."
    ),
    "bank_added_renamed_no_show_if": _l(
        "The question from the bank has been added, with a number added to its id (the id was already "
        "used in this draft). Here it is asked of everyone: set “asked only if” again if it needs it."
    ),
}

COUNTED = frozenset({"failed_sign_ins"})


def _counted(key: str, count: int) -> str:
    if key == "failed_sign_ins":
        return ngettext(
            "There was %(num)d failed try to sign in to your account since you last signed in. "
            "If it was not you, tell your authority's Lleisiau administrator.",
            "There were %(num)d failed tries to sign in to your account since you last signed in. "
            "If they were not you, tell your authority's Lleisiau administrator.",
            count,
        )
    raise KeyError(key)


def notify(key: str, count: int | None = None) -> None:
    if count is None and key in NOTICES:
        flash(key)
    elif count is not None and key in COUNTED:
        flash(f"{key}:{int(count)}")
    else:
        raise KeyError(key)


def pending() -> list[str]:
    """The notices waiting for this page, as text in the page's language."""
    texts = []
    for message in get_flashed_messages():
        key, _, count = str(message).partition(":")
        if key in NOTICES and not count:
            texts.append(str(NOTICES[key]))
        elif key in COUNTED and count.isdigit():
            texts.append(_counted(key, int(count)))
    return texts
