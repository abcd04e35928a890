"""Welsh is never an afterthought: every interface string has its Welsh twin."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from survey_app.config import PROJECT_ROOT

CATALOGUE = PROJECT_ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
SIX_FORM_RULE = "(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "_l": None,
    "lazy_gettext": None,
}


def source_messages() -> set[tuple[str, str | None]]:
    """Every interface string (with its context) in the code and templates, as `make translations` finds.

    Strings that speak to the respondent come twice: plain (Welsh "ti") and in the context "chi".
    """
    method_map = [
        ("survey_app/**.py", "survey_app.web.i18n_extract:python"),
        ("templates/**.html", "survey_app.web.i18n_extract:jinja"),
    ]
    found = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(PROJECT_ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        found.add((message if isinstance(message, str) else message[0], context))
    return found


def welsh_catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="cy")


def test_the_welsh_catalogue_uses_the_six_form_plural_rule():
    catalogue = welsh_catalogue()
    assert catalogue.num_plurals == 6
    assert catalogue.plural_expr == SIX_FORM_RULE


def test_every_interface_string_has_a_welsh_translation():
    catalogue = welsh_catalogue()
    missing = []
    for message_id, context in sorted(source_messages(), key=lambda each: (each[0], each[1] or "")):
        message = catalogue.get(message_id, context=context)
        translations = (
            []
            if message is None
            else (list(message.string) if isinstance(message.string, tuple) else [message.string])
        )
        if message is None or not all(each.strip() for each in translations) or message.fuzzy:
            missing.append(f"{context}: {message_id}" if context else message_id)
    assert missing == [], f"without Welsh (run `make translations` and translate): {missing}"


def test_plural_messages_fill_all_six_welsh_forms():
    for message in welsh_catalogue():
        if message.id and isinstance(message.id, tuple):
            assert len(message.string) == 6 and all(message.string), message.id


def test_welsh_plurals_follow_the_numbers(app):
    from flask_babel import force_locale, ngettext

    with app.test_request_context("/cy/"), force_locale("cy"):
        said = [
            ngettext("There is %(num)d question.", "There are %(num)d questions.", n)
            for n in (1, 2, 3, 6, 12)
        ]
    assert said == [
        "Mae 1 cwestiwn.",
        "Mae 2 gwestiwn.",
        "Mae 3 chwestiwn.",
        "Mae 6 chwestiwn.",
        "Mae 12 o gwestiynau.",
    ]
