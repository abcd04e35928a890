"""What surrounds the questions: Welsh register by audience, help by topic, leaving quickly, headers."""

from __future__ import annotations

import pytest

from .conftest import create_campaign, create_version, get_page, submit


def open_bundled(library, questionnaire_id, slug=None, authority_code="W06000016"):
    return create_campaign(
        create_version(library.questionnaires[questionnaire_id]),
        slug=slug or questionnaire_id,
        authority_code=authority_code,
    )


@pytest.mark.parametrize(
    ("questionnaire_id", "expected", "not_expected"),
    [
        ("children-8-10", "Galli di newid iaith unrhyw bryd", "Gallwch chi newid iaith"),
        ("young-people-11-18", "Galli di newid iaith unrhyw bryd", "Gallwch chi newid iaith"),
        ("foster-carers", "Gallwch chi newid iaith unrhyw bryd", "Galli di newid iaith"),
        ("staff", "Gallwch chi newid iaith unrhyw bryd", "Galli di newid iaith"),
    ],
)
def test_welsh_speaks_to_children_as_ti_and_to_adults_as_chi(
    client, library, questionnaire_id, expected, not_expected
):
    open_bundled(library, questionnaire_id)
    page = get_page(client, f"/cy/s/{questionnaire_id}")
    assert expected in page.text() and not_expected not in page.text()
    # The help panel and the English page are the same words for everyone.
    english = get_page(client, f"/en/s/{questionnaire_id}")
    assert "You can change language at any time" in english.text()


def test_validation_messages_follow_the_register_too(client, library):
    open_bundled(library, "foster-carers")
    page = submit(client, get_page(client, "/cy/s/foster-carers"), {})
    name = page.soup.select_one("main form input[type=radio]")["name"]
    page = submit(client, page, {name: "not-an-answer", "action": "continue"})
    assert page.status == 400
    assert "Dewiswch un o'r atebion sydd i'w gweld" in page.soup.select_one(".error-summary").get_text()


def test_a_sensitive_question_has_tailored_help_and_a_way_to_leave_quickly(app, client, library):
    open_bundled(library, "children-8-10")
    page = submit(client, get_page(client, "/en/s/children-8-10"), {})
    for _ in range(10):  # skip on to the page that asks whether they feel safe at home
        if page.soup.select_one("input[name=safe_at_home]") is not None:
            break
        assert page.soup.select_one("a.leave-page") is not None  # on every page, not only this one
        page = submit(client, page, {"action": "continue"})
    leave = page.soup.select_one("a.leave-page")
    assert leave is not None and leave["href"] == "/en/leave"
    assert "Leave this page" in leave.get_text()
    help_panel = page.soup.select_one("#help").get_text(" ")
    assert "Everyone has the right to feel safe" in help_panel
    after = submit(client, page, {"action": "continue"})
    assert "Everyone has the right to feel safe" in after.soup.select_one("#help").get_text(" ")
    # The leave button comes with a script that replaces the page in the history, from this server only.
    assert page.soup.select_one('script[src^="/static/leave-page.js"]') is not None


def test_a_page_without_sensitive_questions_has_the_leave_button_too(client, campaign):
    page = get_page(client, "/cy/s/test-campaign")
    assert page.soup.select_one("a.leave-page") is not None  # see test_leaving.py for every page kind
    assert "Meic" in page.soup.select_one("#help").get_text()


def test_help_is_on_every_respondent_page_in_the_same_place(client, campaign):
    intro = get_page(client, "/cy/s/test-campaign")
    pages = [intro, submit(client, intro, {}), get_page(client, "/cy/s/test-campaign/resume")]
    pages.append(get_page(client, "/cy/s/test-campaign/privacy"))
    pages.append(get_page(client, "/cy/s/no-such-survey", status=404))
    for page in pages:
        assert page.soup.select_one("header a.help-link[href='#help']") is not None
        assert page.soup.select_one("aside#help") is not None
        assert "999" in page.soup.select_one("aside#help").get_text()


def test_every_page_forbids_loading_anything_from_another_site(client, campaign):
    response = client.get("/cy/s/test-campaign")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "connect-src 'none'" in policy
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_question_pages_offer_read_aloud_labels_in_the_page_language(client, campaign):
    intro = get_page(client, "/cy/s/test-campaign")
    page = submit(client, intro, {})
    main = page.soup.select_one("main")
    assert main["data-read-label"] == "Darllen yn uchel" and main["data-read-stop"] == "Stopio darllen"
    assert page.soup.select_one('script[src^="/static/read-aloud.js"]').has_attr("defer")
    # Without JavaScript there is no button at all, rather than one that does nothing.
    assert page.soup.select_one("button.read-aloud") is None


def test_leaving_forgets_the_place_so_back_shows_no_answers(app, client, campaign):
    page = submit(client, get_page(client, "/en/s/test-campaign"), {})
    page = submit(client, page, {"safe_at_home": "most_of_the_time", "action": "continue"})
    left = client.get("/en/leave")
    assert left.status_code == 303 and left.headers["Location"] == app.config["LLEISIAU_EXIT_URL"]
    # Back re-asks for the page: it goes to the ordinary website again (test_leaving.py has the rest).
    back = client.get("/en/s/test-campaign/2")
    assert back.status_code == 303 and back.headers["Location"] == app.config["LLEISIAU_EXIT_URL"]
