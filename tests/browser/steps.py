"""What a respondent does in the browser, as small steps the tests share: tap labels, Continue, check.

Answers are given by clicking labels (as a thumb would), never by setting inputs directly.
"""

from __future__ import annotations

import re
from typing import Any

QUESTION_PATH = re.compile(r"/(?P<lang>cy|en)/s/(?P<slug>[^/]+)/(?P<number>\d+)$")
FREE_TEXT = {"cy": "Dim byd arall", "en": "Nothing else"}
MAX_PAGES = 80  # more page loads than any bundled questionnaire has pages: a loop, not a survey


def path_of(page: Any) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url).split("?")[0].split("#")[0]


def page_number(page: Any) -> int | None:
    match = QUESTION_PATH.search(path_of(page))
    return int(match["number"]) if match else None


def click_and_wait(page: Any, locator: Any, expect_ok: bool = True) -> Any:
    """Click something that submits or follows a link, and wait for the next page to load."""
    with page.expect_navigation() as navigation:
        locator.click()
    response = navigation.value
    if expect_ok:
        assert response is not None and response.status == 200, (
            f"{path_of(page)}: HTTP {response.status if response else '?'}"
        )
    return response


def goto(page: Any, url: str, status: int = 200) -> Any:
    response = page.goto(url)
    assert response is not None and response.status == status, (
        f"{url}: expected {status}, got {response.status if response else '?'}"
    )
    return response


def assert_fits(page: Any) -> None:
    """Nothing scrolls sideways: the page is no wider than the phone's screen."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path_of(page)} scrolls sideways: {scroll_width}px on a {width}px screen"


def assert_language(page: Any, lang: str) -> None:
    assert page.evaluate("document.documentElement.lang") == lang, f"{path_of(page)} is not in {lang}"


def answer_page(page: Any, lang: str, choice: int = 0) -> None:
    """Answer every question on a question page: the `choice`-th option of each group, some free text,
    a small number. "I'd rather not say" is never tapped here."""
    form = page.locator("#survey-form")
    for group in form.locator(".choices").all():
        labels = group.locator(".choice:not(.not-saying) > label")
        labels.nth(choice % labels.count()).click()
    for textarea in form.locator("textarea").all():
        textarea.fill(FREE_TEXT[lang])
    for number in form.locator("input.number").all():
        number.fill("2")


def chosen(page: Any) -> dict[str, Any]:
    """What is chosen or typed on the page's form: checked boxes by id, and text by field name."""
    return page.evaluate(
        """() => {
            const form = document.querySelector('#survey-form');
            const checked = [...form.querySelectorAll('input:checked')].map(e => e.id).sort();
            const typed = {};
            for (const e of form.querySelectorAll('textarea, input.number')) typed[e.name] = e.value;
            return {checked, typed};
        }"""
    )


def start(page: Any, url: str) -> None:
    """Open a survey's introduction and start it."""
    goto(page, url)
    assert_fits(page)
    click_and_wait(page, page.locator("#intro-form button[name=action][value=start]"))


def continue_button(page: Any) -> Any:
    return page.locator("#survey-form button[name=action][value=continue]")


def back_button(page: Any) -> Any:
    return page.locator("#survey-form button[name=action][value=back]")


def finish(page: Any, lang: str) -> list[int]:
    """From wherever the respondent is, answer every page, send, and land on the thank-you page.

    Returns the question page numbers seen; checks at each step that the page is in `lang` and fits.
    """
    seen: list[int] = []
    for _ in range(MAX_PAGES):
        assert_language(page, lang)
        assert_fits(page)
        path = path_of(page)
        if path.endswith("/thank-you"):
            return seen
        if path.endswith("/send"):
            click_and_wait(page, page.locator("main form button[type=submit]").first)
            continue
        number = page_number(page)
        assert number is not None, f"unexpected page {path}"
        assert page.locator(".error-summary").count() == 0, f"{path} shows errors"
        seen.append(number)
        answer_page(page, lang)
        assert_fits(page)
        click_and_wait(page, continue_button(page))
    raise AssertionError(f"never reached the thank-you page; pages seen: {seen}")
