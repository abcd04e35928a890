"""The respondent stylesheet, minified and inlined in every page's <head>, allowed by its CSP hash.

Why: on a slow phone a linked stylesheet costs a second round trip before anything is drawn. The whole
of static/lleisiau.css, minified, is about 2 KB gzipped, and every respondent page with it stays far
inside one TCP initial window (14 KB), so all of it is the critical CSS and every page inlines it.
Inlining only when the browser lacks the file would need a cookie to guess that, and a guess that is
wrong (cache cleared, another browser) costs the round trip again; 2 KB more per page costs no round trip.

The text is read from the static file when the app starts (and again when the file changes, in debug
and testing), so the file stays the only copy: edits to it reach the inlined CSS and its hash together.
The Content-Security-Policy allows exactly this text ('sha256-...'), never 'unsafe-inline'.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Flask, current_app
from markupsafe import Markup

STYLESHEET = "lleisiau.css"

# Strings are kept as they are; comments go; any run of whitespace becomes one space, then none at all
# next to the characters where CSS never needs it, and after ":". (A space before ":" is kept: ".a :focus"
# is not ".a:focus".)
_TOKEN = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|(/\*.*?\*/)|(\s+)""", re.S)
_NO_SPACE_AROUND = re.compile(r" ?([{};,]) ?")


@dataclass(frozen=True)
class InlineStyle:
    css: str
    sha256: str  # base64, as the CSP source 'sha256-<this>' names it

    @property
    def csp_source(self) -> str:
        return f"'sha256-{self.sha256}'"


def minify_css(text: str) -> str:
    """Minified CSS that means the same as `text`: comments and needless whitespace removed."""
    strings: list[str] = []

    def token(match: re.Match[str]) -> str:
        string = match[1]
        if string:
            strings.append(string)
            return f"\0{len(strings) - 1}\0"
        return " "

    squeezed = re.sub(" +", " ", _TOKEN.sub(token, text))
    squeezed = _NO_SPACE_AROUND.sub(r"\1", squeezed).replace(": ", ":").replace(";}", "}").strip()
    return re.sub("\0(\\d+)\0", lambda match: strings[int(match[1])], squeezed)


def style_of(css: str) -> InlineStyle:
    """The inline style for this CSS; refuses CSS that would end the <style> element early."""
    if "</" in css or "<!--" in css:
        raise ValueError(f"{STYLESHEET} holds '</' or '<!--', which would end an inline <style> early")
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return InlineStyle(css, base64.b64encode(digest).decode("ascii"))


@cache
def _read(path: Path, modified: float) -> InlineStyle:
    return style_of(minify_css(path.read_text(encoding="utf-8")))


def _current(path: Path) -> InlineStyle:
    return _read(path, path.stat().st_mtime)


@cache
def _released(path: Path) -> InlineStyle:
    """In production static files change only with a release (and a restart): read once."""
    return _current(path)


def inline_style() -> InlineStyle:
    """The respondent stylesheet as inlined in this app's pages, and its hash."""
    path = Path(current_app.static_folder or "") / STYLESHEET
    return _current(path) if current_app.debug or current_app.testing else _released(path)


def inline_stylesheet() -> Markup:
    """For templates: `<style>{{ inline_stylesheet() }}</style>` (the text the CSP hash is of, exactly)."""
    return Markup(inline_style().css)  # noqa: S704 (our own static file, checked for "</" above)


def init_app(app: Flask) -> None:
    with app.app_context():
        inline_style()  # a missing or unusable stylesheet stops the app starting, not a page later
    app.jinja_env.globals["inline_stylesheet"] = inline_stylesheet
