"""The respondent stylesheet inlined in every page, allowed by its CSP hash and nothing looser.

A page draws at once on a slow phone only if nothing in its <head> makes the browser wait for another
file; the browser draws the inline style only if the policy's hash is of exactly the bytes served.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from survey_app.web.inline_style import minify_css, style_of

from .conftest import get_page, submit

STYLE = re.compile(rb"<style>(.*?)</style>", re.S)
STATIC = Path(__file__).resolve().parent.parent / "survey_app" / "static"


def style_sources(response) -> list[str]:
    policy = response.headers["Content-Security-Policy"]
    [style_src] = [part.strip() for part in policy.split(";") if part.strip().startswith("style-src ")]
    return style_src.split()[1:]


def check_inline_style(response) -> bytes:
    """One <style> in the page, allowed by the sha256 of its bytes, and no other inline style allowed."""
    body = response.get_data()
    [css] = STYLE.findall(body)
    digest = base64.b64encode(hashlib.sha256(css).digest()).decode()
    assert style_sources(response) == ["'self'", f"'sha256-{digest}'"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    return css


def test_every_kind_of_respondent_page_carries_the_stylesheet_its_policy_allows(client, campaign):
    intro = get_page(client, "/cy/s/test-campaign")
    question = submit(client, intro, {})
    pages = [intro, question, get_page(client, "/en/s/test-campaign/privacy"), get_page(client, "/cy/")]
    pages += [get_page(client, "/"), get_page(client, "/cy/s/no-such-survey", status=404)]
    served = {check_inline_style(page.response) for page in pages}
    assert len(served) == 1  # the same bytes everywhere, so one hash serves them all
    assert served == {minify_css((STATIC / "lleisiau.css").read_text()).encode()}


def test_nothing_in_a_respondent_pages_head_waits_for_another_file(client, campaign):
    intro = get_page(client, "/cy/s/test-campaign")
    for page in (intro, submit(client, intro, {})):
        head = page.soup.head
        assert head.select('link[rel~="stylesheet"]') == []
        for script in head.select("script"):
            assert script.get("src") and (script.has_attr("defer") or script.has_attr("async")), script


def test_staff_pages_keep_the_stylesheets_as_files_kept_for_a_year(client):
    page = get_page(client, "/en/staff/sign-in")
    links = [link["href"] for link in page.soup.select('link[rel="stylesheet"]')]
    assert [href.split("?v=")[0] for href in links] == ["/static/lleisiau.css", "/static/staff.css"]
    assert page.soup.select("style") == []
    for href in links:
        asset = client.get(href)
        assert asset.status_code == 200 and "max-age=31536000" in asset.headers["Cache-Control"]
        asset.close()
    assert "unsafe-inline" not in page.response.headers["Content-Security-Policy"]


def test_an_edit_to_the_stylesheet_reaches_the_pages_and_their_hash_together(app, client, campaign, tmp_path):
    """Nobody keeps a second copy: the inlined text is read from the static file (again on a change)."""
    shutil.copytree(STATIC, tmp_path / "static")
    app.static_folder = str(tmp_path / "static")
    before = check_inline_style(client.get("/cy/s/test-campaign"))
    edited = tmp_path / "static" / "lleisiau.css"
    edited.write_text(edited.read_text() + "\n/* new widget */\n.scale-new  >  li {\n  gap: 1rem;\n}\n")
    after = check_inline_style(client.get("/cy/s/test-campaign"))
    assert after == before + b".scale-new > li{gap:1rem}"


def test_a_stylesheet_that_would_end_the_style_element_is_refused():
    with pytest.raises(ValueError, match="would end an inline <style> early"):
        style_of(minify_css('.x::after{content:"</style><script>"}'))


@pytest.mark.parametrize(
    ("css", "minified"),
    [
        ("a  b /* note */ {\n  color : red ;\n}\n", "a b{color :red}"),
        ('.q::before { content: "two  spaces; } kept" }', '.q::before{content:"two  spaces; } kept"}'),
        ("/* 'quoted' in a comment */ .x :focus , .y:hover { top: 0 }", ".x :focus,.y:hover{top:0}"),
        (
            "@media (min-width: 40rem) {\n  .wrap { padding: 0 2rem; }\n}",
            "@media (min-width:40rem){.wrap{padding:0 2rem}}",
        ),
    ],
)
def test_minifying_removes_only_what_css_does_not_need(css, minified):
    assert minify_css(css) == minified
