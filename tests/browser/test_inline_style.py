"""The inlined stylesheet is drawn under the real Content-Security-Policy (its hash matches what is served).

If the hash in the policy and the bytes in <style> ever differed, Chromium would refuse the style and say
so on the console: the page would still work, unstyled. These tests look at the page as drawn.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .live_server import TRY_PREFIX
from .steps import goto, start

HEADER_GREEN = "rgb(11, 61, 46)"  # .site-header in lleisiau.css


def console_messages(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_respondent_pages_are_styled_without_loading_a_stylesheet_and_the_policy_refuses_nothing(
    new_page, live_server, lang
):
    page = new_page(360)
    messages = console_messages(page)
    goto(page, f"{live_server.url}/{lang}/")
    for step in ("home", "introduction", "question"):
        if step == "question":
            start(page, live_server.survey_url(lang, TRY_PREFIX + "children-8-10"))
        elif step == "introduction":
            goto(page, live_server.survey_url(lang, TRY_PREFIX + "children-8-10"))
        header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert header == HEADER_GREEN, step
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px", step
    assert not [text for text in messages if "Content Security Policy" in text], messages
    assert not [url for url in page.request_log.urls if urlsplit(url).path.endswith(".css")]


def test_an_injected_style_element_is_still_refused(new_page, live_server):
    """The hash allows the one stylesheet, not inline style in general."""
    page = new_page(360)
    messages = console_messages(page)
    goto(page, live_server.survey_url("en", TRY_PREFIX + "children-8-10"))
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'body{margin:7px}';"
        " document.head.append(s); }"
    )
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert any("Content Security Policy" in text for text in messages), messages
