"""Language: every page but `/` lives under /cy/ or /en/, and the URL alone decides the language."""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import support
from flask import Flask, abort, g, request, url_for
from flask_babel import LazyString, get_locale, get_translations, refresh
from wtforms.i18n import messages_path as wtforms_messages_path

LANGUAGES = ("cy", "en")
LANGUAGE_NAMES = {"cy": "Cymraeg", "en": "English"}
# Babel locale per page language: British English for dates and numbers.
BABEL_LOCALES = {"cy": "cy", "en": "en_GB"}


def current_language() -> str:
    """The language of the page being served ("cy" by default, outside language-prefixed pages)."""
    return str(g.get("lang", "cy"))


def other_language(lang: str | None = None) -> str:
    return "en" if (lang or current_language()) == "cy" else "cy"


def select_locale() -> str:
    """Flask-Babel's locale selector: the language of the URL, never the browser's guess."""
    return BABEL_LOCALES[current_language()]


def pull_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Take the language out of the URL values, refusing anything but cy and en."""
    g.pop("lang", None)
    refresh()  # the locale is decided afresh for every request, never carried over
    if values is None or "lang" not in values:
        return
    lang = values.pop("lang")
    if lang not in LANGUAGES:
        abort(404)
    g.lang = lang


def add_language(endpoint: str, values: dict[str, Any]) -> None:
    """Fill in the current language when building a URL that needs one (never for static files)."""
    if endpoint != "static" and "lang" not in values and "lang" in g:
        values["lang"] = g.lang


def same_page_in(lang: str) -> str | None:
    """The URL of the page being served, in another language, keeping its query string."""
    if request.endpoint is None or request.url_rule is None or "lang" not in request.url_rule.arguments:
        return None
    values = dict(request.view_args or {})
    values["lang"] = lang
    url = url_for(request.endpoint, **values)
    if request.query_string:
        url += "?" + request.query_string.decode("utf-8", "replace")
    return url


# Welsh addresses children as "ti" and adults as "chi". A string marked with _r / _lr (or nr for plurals)
# has a second Welsh translation under this context, used on pages for adults (foster carers, staff,
# officers). The extractor in survey_app/i18n_extract.py puts both into the catalogue.
FORMAL_CONTEXT = "chi"


def formal_register() -> bool:
    """True on pages for adults, whom Welsh addresses as "chi"."""
    return bool(g.get("formal", False))


def page_translations() -> Any:
    """flask-babel's catalogue for the locale in effect, looked up once per request and locale.

    A page's templates ask for a dozen or more strings, and flask-babel finds the catalogue afresh for each.
    The locale object is flask-babel's own: a new one after `refresh()` and inside `force_locale` (code
    sheets render both languages in one request), so a change of locale is always followed.
    """
    try:
        kept: tuple[Any, Any] | None = g.get("_lleisiau_translations")
    except RuntimeError:  # no app context: flask-babel's own answer (no catalogue)
        return get_translations()
    locale = get_locale()
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    g._lleisiau_translations = (locale, translations)
    return translations


def register_gettext(message: str, **variables: Any) -> str:
    """gettext in the register of the page's audience; the "ti" Welsh where there is no "chi" one."""
    translations = page_translations()
    translated = translations.pgettext(FORMAL_CONTEXT, message) if formal_register() else message
    if translated == message:
        translated = translations.gettext(message)
    return translated % variables if variables else translated


def register_ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """ngettext in the register of the page's audience; `num` is available to the message."""
    translations = page_translations()
    variables.setdefault("num", num)
    fallback = translations.ngettext(singular, plural, num)
    translated = translations.npgettext(FORMAL_CONTEXT, singular, plural, num) if formal_register() else ""
    if translated in ("", singular, plural):
        translated = fallback
    return translated % variables


def lazy_register_gettext(message: str, **variables: Any) -> LazyString:
    """For messages defined at import time (validation messages), chosen when shown."""
    return LazyString(register_gettext, message, **variables)


@cache
def wtforms_translations(locale: str) -> support.NullTranslations:
    """WTForms' own messages (Welsh ones ship with it), read once per language, not once per request."""
    return support.Translations.load(wtforms_messages_path(), [locale], domain="wtforms")


def share_wtforms_translations() -> None:
    """Flask-WTF reads WTForms' catalogue from disk on every request unless the request already has it."""
    request.wtforms_translations = wtforms_translations(str(get_locale()))  # type: ignore[attr-defined]


def init_app(app: Flask) -> None:
    app.url_value_preprocessor(pull_language)
    app.url_defaults(add_language)
    app.before_request(share_wtforms_translations)

    @app.context_processor
    def language_context() -> dict[str, Any]:
        lang = current_language()
        return {
            "lang": lang,
            "other_lang": other_language(lang),
            "language_names": LANGUAGE_NAMES,
            "same_page_in": same_page_in,
            "formal": formal_register(),
        }

    app.jinja_env.globals.update(_r=register_gettext, nr=register_ngettext)
    # Templates' _() and ngettext through the catalogue looked up once per request (flask-babel's own
    # callables, installed by babel.init_app just before, look it up on every string).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: page_translations().ugettext(message),
        ngettext=lambda singular, plural, n: page_translations().ungettext(singular, plural, n),
        pgettext=lambda context, message: page_translations().upgettext(context, message),
        npgettext=lambda context, singular, plural, n: page_translations().unpgettext(
            context, singular, plural, n
        ),
        newstyle=True,
    )
