"""Nothing a respondent's browser fetches goes anywhere but our own server: no fonts, analytics or CDNs.

Every browser test already fails if a request leaves 127.0.0.1 (see the `new_page` fixture); this test walks
every kind of respondent page on purpose, and checks that the recording really sees what the page loads.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .live_server import TRY_PREFIX
from .steps import click_and_wait, finish, goto, start


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_no_request_leaves_127_0_0_1_from_any_respondent_page(new_page, live_server, lang):
    page = new_page(320)
    slug = TRY_PREFIX + "children-4-7"
    goto(page, live_server.url + "/")
    goto(page, f"{live_server.url}/{lang}/")
    start(page, live_server.survey_url(lang, slug))
    later = page.locator("#survey-form button[name=action][value=later]")
    if later.count():
        click_and_wait(page, later)
        page.go_back()
    for rest in ("/privacy", "/resume"):
        page.goto(live_server.survey_url(lang, slug, rest))
    start(page, live_server.survey_url(lang, slug))
    finish(page, lang)
    page.goto(f"{live_server.url}/{lang}/s/no-such-survey")

    urls = page.request_log.urls
    paths = {urlsplit(url).path for url in urls}
    # The stylesheet is inlined (test_inline_style.py); the read-aloud script is a file.
    assert any(path.endswith(".js") for path in paths), "the recording did not see the script load"
    assert any(path.endswith("/thank-you") for path in paths)
    assert page.request_log.elsewhere() == []
