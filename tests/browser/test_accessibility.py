"""axe-core on every kind of respondent page, in both languages, at 320 and 360 pixels: no WCAG 2.2 AA
violations, and nothing scrolls sideways. Pages still being built are skipped only while their route answers
404, never passed silently."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import VIEWPORTS
from .live_server import CLOSED, CODES, EVERY_TYPE, NATIONAL, TRY_PREFIX, LiveServer
from .steps import answer_page, assert_fits, click_and_wait, continue_button, goto, path_of, start

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
ITEM_TYPES = [
    "faces",
    "single_choice",
    "yes_no",
    "multiple_choice",
    "scale",
    "scale_0_10",
    "number",
    "grid",
    "free_text",
    "information",
]
SURVEY = TRY_PREFIX + "children-8-10"


def not_built_yet(page: Any, url: str) -> None:
    """Skip a page still being built, but only if its route does not exist at all."""
    response = page.goto(url)
    if response is not None and response.status == 404:
        pytest.skip(f"not built yet: {path_of(page)} answers 404")
    assert response is not None and response.status == 200, f"{url}: HTTP {response.status}"


def question_page(item_type: str) -> Callable[[Any, LiveServer, str], None]:
    def visit(page: Any, server: LiveServer, lang: str) -> None:
        slug, number = server.question_page_with(item_type)
        start(page, server.survey_url(lang, slug))
        goto(page, server.survey_url(lang, slug, f"/{number}"))
        assert page.locator(f".question-{item_type}, .information").count() > 0

    return visit


def validation_error(page: Any, server: LiveServer, lang: str) -> None:
    start(page, server.survey_url(lang, EVERY_TYPE))
    page.locator("input[name=moves]").fill("lots")
    click_and_wait(page, continue_button(page), expect_ok=False)
    assert page.locator(".error-summary").count() == 1


def check_and_send(page: Any, server: LiveServer, lang: str) -> None:
    start(page, server.survey_url(lang, EVERY_TYPE))
    answer_page(page, lang)
    click_and_wait(page, continue_button(page))
    click_and_wait(page, continue_button(page))
    assert path_of(page).endswith("/send")


def thank_you(page: Any, server: LiveServer, lang: str) -> None:
    check_and_send(page, server, lang)
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    assert path_of(page).endswith("/thank-you")


def access_code_error(page: Any, server: LiveServer, lang: str) -> None:
    goto(page, server.survey_url(lang, CODES))
    page.locator("input[name=access_code]").fill("ZZZZ-ZZZZ")
    click_and_wait(page, page.locator("#intro-form button[name=action][value=start]"), expect_ok=False)
    assert page.locator(".error-summary").count() == 1


def later(page: Any, server: LiveServer, lang: str) -> None:
    start(page, server.survey_url(lang, SURVEY))
    button = page.locator("#survey-form button[name=action][value=later]")
    if button.count() == 0:
        not_built_yet(page, server.survey_url(lang, SURVEY, "/later"))
        raise AssertionError("/later exists, but no question page has a 'Save and finish later' button")
    click_and_wait(page, button)
    assert page.locator("#resume-code").count() == 1


def resume_error(page: Any, server: LiveServer, lang: str) -> None:
    not_built_yet(page, server.survey_url(lang, SURVEY, "/resume"))
    page.locator("input[name=code]").fill("AAAA-BBBB-CCCC")
    click_and_wait(page, page.locator("#resume-submit"), expect_ok=False)
    assert page.locator(".error-summary").count() == 1


def council_choice(page: Any, server: LiveServer, lang: str) -> None:
    """A survey across Wales asks which council on the page after Start."""
    start(page, server.survey_url(lang, NATIONAL))
    assert path_of(page).endswith("/council") and page.locator("input[name=authority]").count() == 23


def url(path: str, status: int = 200) -> Callable[[Any, LiveServer, str], None]:
    def visit(page: Any, server: LiveServer, lang: str) -> None:
        goto(page, server.url + path.format(lang=lang), status)

    return visit


def new_page_route(path: str) -> Callable[[Any, LiveServer, str], None]:
    def visit(page: Any, server: LiveServer, lang: str) -> None:
        not_built_yet(page, server.url + path.format(lang=lang))

    return visit


PAGES: dict[str, Callable[[Any, LiveServer, str], None]] = {
    "language-choice": url("/"),
    "home": url("/{lang}/"),
    "service-privacy": new_page_route("/{lang}/privacy"),
    "introduction": url(f"/{{lang}}/s/{SURVEY}"),
    "introduction-across-wales": url(f"/{{lang}}/s/{NATIONAL}"),
    "council-choice": council_choice,
    "introduction-access-code": url(f"/{{lang}}/s/{CODES}"),
    "access-code-error": access_code_error,
    **{f"question-{item_type}": question_page(item_type) for item_type in ITEM_TYPES},
    "validation-error": validation_error,
    "check-and-send": check_and_send,
    "thank-you": thank_you,
    "closed": url(f"/{{lang}}/s/{CLOSED}", status=410),
    "not-found": url("/{lang}/s/no-such-survey", status=404),
    "resume": new_page_route(f"/{{lang}}/s/{SURVEY}/resume"),
    "resume-error": resume_error,
    "later": later,
    "privacy-4-7": new_page_route(f"/{{lang}}/s/{TRY_PREFIX}children-4-7/privacy"),
    "privacy-8-10": new_page_route(f"/{{lang}}/s/{SURVEY}/privacy"),
    "privacy-11-18": new_page_route(f"/{{lang}}/s/{TRY_PREFIX}young-people-11-18/privacy"),
    "privacy-adults": new_page_route(f"/{{lang}}/s/{TRY_PREFIX}foster-carers/privacy"),
}


def cases() -> list[Any]:
    """Every page in both languages (the language choice at `/` is one bilingual page)."""
    return [
        pytest.param(kind, lang, id=f"{kind}-{lang}")
        for kind in PAGES
        for lang in (["cy"] if kind == "language-choice" else ["cy", "en"])
    ]


def violations_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} - {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
    return "\n".join(lines)


def run_axe(page: Any) -> list[dict[str, Any]]:
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


@pytest.mark.parametrize(("kind", "lang"), cases())
def test_no_accessibility_violations(new_page, live_server, axe_path, kind, lang):
    """Checked at 320 pixels, then the same page again once the phone is 360 pixels wide."""
    # The app's Content-Security-Policy rightly refuses inline scripts; only the test's axe needs them.
    page = new_page(320, bypass_csp=True)
    PAGES[kind](page, live_server, lang)
    assert page.evaluate("document.documentElement.lang") == lang or kind == "language-choice"
    page.add_script_tag(path=str(axe_path))
    reports = []
    for width, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        assert_fits(page)
        violations = run_axe(page)
        if violations:
            reports.append(f"{path_of(page)} ({lang}, {width}px):\n{violations_report(violations)}")
    assert not reports, "\n".join(reports)


def test_axe_itself_finds_a_known_violation(new_page, axe_path):
    """Guards the guard: a page with an unlabelled field and no language must fail, or the checks above
    would pass whatever the pages were like."""
    page = new_page(320)
    page.set_content(
        "<!doctype html><html><head><title>x</title></head><body><input type=text></body></html>"
    )
    page.add_script_tag(path=str(axe_path))
    found = {violation["id"] for violation in run_axe(page)}
    assert {"html-has-lang", "label"} <= found, found
