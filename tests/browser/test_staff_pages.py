"""Staff pages in Chromium: the officer's journey from the issue, and axe-core on every kind of staff page.

Officers work at a desk, so staff pages are checked at 1280 pixels (and must not scroll sideways at 1024);
the preview inside them is checked at phone width.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from survey_app.results.periods import period_of
from survey_app.staff import code_sheets

from .live_server import AUTHORITY, PANEL, STAFF, STAFF_PASSWORD, TRY_PREFIX, LiveServer
from .steps import click_and_wait, goto, path_of
from .test_accessibility import run_axe, violations_report

DESK = {"width": 1280, "height": 900}
# The demo's closed campaigns closed yesterday: their results are in yesterday's April-March year.
CLOSED_PERIOD = period_of(date.today() - timedelta(days=1))
OFFICER, ADMIN = list(STAFF)


def sign_in(page: Any, server: LiveServer, lang: str, email: str = OFFICER) -> None:
    page.set_viewport_size(DESK)
    goto(page, f"{server.url}/{lang}/staff/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(STAFF_PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))
    assert "/staff/" in path_of(page) and "sign-in" not in path_of(page)


def test_an_officer_previews_in_welsh_opens_a_campaign_with_codes_and_a_code_starts_the_survey(
    new_page, live_server, monkeypatch
):
    made: list[str] = []
    real_pdf = code_sheets.code_sheet_pdf

    def keep_codes(campaign: Any, codes: list[str], sheet_lang: str) -> bytes:
        made.extend(codes)  # the test reads the codes as the officer would read them off the sheet
        return real_pdf(campaign, codes, sheet_lang)

    monkeypatch.setattr(code_sheets, "code_sheet_pdf", keep_codes)
    page = new_page(320)
    sign_in(page, live_server, "cy")
    # Find the 11-18 questionnaire in the library and preview it in Welsh at phone width.
    goto(page, f"{live_server.url}/cy/staff/questionnaires/")
    row = page.locator("main tr", has_text="young-people-11-18").first
    click_and_wait(page, row.locator("a[href*='/staff/questionnaires/']").first)
    click_and_wait(page, page.locator("main a[href*='/staff/preview/version/']").first)
    width = page.locator("iframe.phone-frame").evaluate("frame => frame.clientWidth")
    assert width == 360
    frame = page.frame_locator("iframe.phone-frame")
    assert frame.locator("html").get_attribute("lang") == "cy"
    assert frame.locator("main").count() == 1
    # Open a campaign for it with one-time codes.
    goto(page, f"{live_server.url}/cy/staff/campaigns/new")
    option = page.locator("#version option", has_text="young-people-11-18").first
    page.locator("#version").select_option(option.get_attribute("value"))
    page.locator("#opens_on").fill(date.today().isoformat())
    page.locator("#closes_on").fill((date.today() + timedelta(days=20)).isoformat())
    page.locator("input[name=access][value=codes]").check()
    page.locator("#slug").fill("browser-officer-journey")
    click_and_wait(page, page.locator("main form button[type=submit]"))
    assert path_of(page).endswith("/staff/campaigns/browser-officer-journey")
    # Print 30 codes: the sheet downloads as a PDF.
    page.locator("#count").fill("30")
    # Laying out 30 slips takes WeasyPrint a second or two (longer on a busy CI machine).
    with page.expect_download(timeout=90_000) as download_info:
        page.locator("form[action$='/codes'] button[type=submit]").click(no_wait_after=True)
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as sheet:
        assert sheet.read(5) == b"%PDF-"
    assert len(made) == 30
    # A young person scans a slip: the code is filled in (and gone from the address bar), and starts once.
    child = new_page(360)
    goto(child, f"{live_server.url}/cy/s/browser-officer-journey?code={made[0].replace('-', '')}")
    assert "code=" not in child.url
    assert child.locator("#access-code").input_value().replace("-", "") == made[0].replace("-", "")
    click_and_wait(child, child.locator("#intro-form button[name=action][value=start]"))
    assert "/s/browser-officer-journey/" in path_of(child)
    again = new_page(360)
    goto(again, f"{live_server.url}/cy/s/browser-officer-journey")
    again.locator("#access-code").fill(made[0])
    click_and_wait(again, again.locator("#intro-form button[name=action][value=start]"), expect_ok=False)
    assert again.locator(".error-summary").count() == 1


STAFF_PAGES = {
    "sign-in": "/{lang}/staff/sign-in",
    "home": "/{lang}/staff/",
    "library": "/{lang}/staff/questionnaires/",
    "import": "/{lang}/staff/drafts/import",
    "campaigns": "/{lang}/staff/campaigns/",
    "new-campaign": "/{lang}/staff/campaigns/new",
    "campaign": f"/{{lang}}/staff/campaigns/{TRY_PREFIX}young-people-11-18",
    "paper-copy": f"/{{lang}}/staff/campaigns/{TRY_PREFIX}young-people-11-18/paper-copy",
    "help-contacts": "/{lang}/staff/settings/help",
    "new-help-contact": "/{lang}/staff/settings/help/new",
    "accounts": "/{lang}/staff/accounts/",
    "new-account": "/{lang}/staff/accounts/new",
    "audit-log": "/{lang}/staff/audit/",
    "account": "/{lang}/staff/account",
    "results": "/{lang}/staff/results/",
    "council-results": f"/{{lang}}/staff/results/{CLOSED_PERIOD}/child-8-10",
    "themes": "/{lang}/staff/themes/",
    "themes-summary": f"/{{lang}}/staff/themes/{CLOSED_PERIOD}/child-8-10",
    "themes-review": f"/{{lang}}/staff/themes/{CLOSED_PERIOD}/child-8-10/review",
    "kite-mark": "/{lang}/staff/kite-mark/",
    "kite-mark-year": f"/{{lang}}/staff/kite-mark/{CLOSED_PERIOD}/",
    "kite-mark-council": f"/{{lang}}/staff/kite-mark/{CLOSED_PERIOD}/{AUTHORITY}",
    "kite-mark-thresholds": "/{lang}/staff/kite-mark/thresholds",
}
# Pages only the young people's panel may open; the administrator opens the rest.
PANEL_PAGES = {"kite-mark-thresholds"}


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("kind", list(STAFF_PAGES))
def test_no_accessibility_violations_on_staff_pages(new_page, live_server, axe_path, kind, lang):
    page = new_page(320, bypass_csp=True)
    if kind != "sign-in":
        sign_in(page, live_server, lang, PANEL if kind in PANEL_PAGES else ADMIN)
    page.set_viewport_size(DESK)
    goto(page, live_server.url + STAFF_PAGES[kind].format(lang=lang))
    assert page.evaluate("document.documentElement.lang") == lang
    page.add_script_tag(path=str(axe_path))
    violations = run_axe(page)
    assert not violations, f"{path_of(page)} ({lang}):\n{violations_report(violations)}"
    page.set_viewport_size({"width": 1024, "height": 800})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 1024, f"{path_of(page)} scrolls sideways at 1024px: {scroll}px"
