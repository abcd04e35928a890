"""Language is chosen by the URL; every page links to itself in the other language."""

from __future__ import annotations

import pytest

from survey_app.web.i18n import LANGUAGE_NAMES

from .conftest import get_page, submit


def test_the_front_page_offers_welsh_first_then_english(client):
    page = get_page(client, "/")
    links = page.soup.select(".language-choice a")
    assert [link.get_text(strip=True) for link in links] == ["Cymraeg", "English"]
    assert [link["href"] for link in links] == ["/cy/", "/en/"]
    assert [link["lang"] for link in links] == ["cy", "en"]


@pytest.mark.parametrize(
    ("lang", "other", "heading"),
    [("cy", "en", "Lleisiau: dy lais di am ofal"), ("en", "cy", "Lleisiau: your voice about care")],
)
def test_home_page_sets_its_language_and_links_to_the_other(client, lang, other, heading):
    page = get_page(client, f"/{lang}/")
    assert page.lang == lang
    assert page.soup.h1.get_text(strip=True) == heading
    switch = page.soup.select_one("a.lang-switch")
    assert switch["href"] == f"/{other}/" and switch["hreflang"] == other


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_survey_introduction_switches_to_the_same_survey_in_the_other_language(client, campaign, lang):
    other = "en" if lang == "cy" else "cy"
    page = get_page(client, f"/{lang}/s/test-campaign")
    assert page.lang == lang
    switch = page.soup.select_one("button.lang-switch")
    assert switch["form"] == "intro-form" and switch.get_text(strip=True) == LANGUAGE_NAMES[other]
    switched = submit(client, page, {"action": "switch"})
    assert switched.lang == other
    assert switched.response.request.path == f"/{other}/s/test-campaign"


def test_question_pages_switch_language_through_the_form_so_nothing_typed_is_lost(client, campaign):
    intro = get_page(client, "/cy/s/test-campaign")
    fields = intro.form_fields()
    page = client.post("/cy/s/test-campaign", data=fields, follow_redirects=True)
    from .conftest import Page

    parsed = Page(page)
    switch = parsed.soup.select_one("button.lang-switch")
    assert switch["form"] == "survey-form" and switch["value"] == "switch"
    assert switch.get_text(strip=True) == "English"


@pytest.mark.parametrize("url", ["/fr/", "/xx/s/test-campaign", "/CY/"])
def test_an_unknown_language_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_error_pages_speak_the_language_of_the_url(client):
    assert get_page(client, "/en/nowhere", status=404).lang == "en"
    welsh = get_page(client, "/cy/nowhere", status=404)
    assert welsh.lang == "cy" and "Heb ddod o hyd i'r dudalen" in welsh.text()


def test_the_browser_language_does_not_override_the_url(client):
    page = get_page(
        client,
        "/cy/",
    )
    assert page.lang == "cy"
    response = client.get("/en/", headers={"Accept-Language": "cy-GB,cy;q=0.9"})
    assert "your voice about care" in response.get_data(as_text=True)


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_every_page_but_the_language_choice_lives_under_a_language(app):
    outside = {rule.rule for rule in app.url_map.iter_rules() if not rule.rule.startswith("/<lang>/")}
    assert outside == {"/", "/healthz", "/static/<path:filename>"}


@pytest.mark.parametrize(("url", "status"), [("/", 200), ("/cy/", 200), ("/en/", 200), ("/cy/nowhere", 404)])
def test_help_is_on_every_page_not_only_the_survey(client, url, status):
    page = get_page(client, url, status=status)
    panel = page.soup.select_one("#help")
    assert panel is not None and "Childline" in panel.get_text() and "999" in panel.get_text()
    assert page.soup.select_one("a.help-link[href='#help']") is not None


def test_the_language_choice_page_is_wholly_bilingual(client):
    page = get_page(client, "/")
    footer = page.soup.select_one("footer")
    assert footer.select_one("[lang=cy]") is not None and footer.select_one("[lang=en]") is not None
    panel = page.soup.select_one("#help")
    assert (
        "Need to talk to someone now?" in panel.get_text()
        and "Angen siarad â rhywun nawr?" in panel.get_text()
    )
