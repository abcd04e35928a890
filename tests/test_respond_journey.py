"""A young person answers the 8-10 questionnaire: the whole path, in Welsh and English."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Response

from .conftest import create_campaign, create_version, get_page, submit

FULL_ANSWERS = {
    1: {"safe_at_home": "most_of_the_time", "happy_at_home": "happy"},
    2: {"know_social_worker": "yes"},
    3: {"trust_social_worker": "sometimes"},
    4: {"see_family": "not_enough", "good_friend": "yes", "talk_to_when_worried": ["carers", "friend"]},
    5: {"feel_about_school": "so_so", "understand_why_in_care": "not_sure", "adults_listen": "all_the_time"},
    6: {"life_score": "8", "make_care_better": "Gweld fy mrawd yn amlach. Seeing my brother more."},
}


def start(client, slug="test-campaign", lang="cy", data=None):
    intro = get_page(client, f"/{lang}/s/{slug}")
    return submit(client, intro, data or {})


def stored_responses():
    return db.session.scalars(select(Response)).all()


def test_a_child_completes_the_survey_switching_from_welsh_to_english_half_way(client, campaign):
    page = start(client)
    assert page.lang == "cy"
    assert "Tudalen 1 o 6" in page.text()
    for number in (1, 2, 3):
        page = submit(client, page, {**FULL_ANSWERS[number], "action": "continue"})
    # Half-way, on page 4 in Welsh: answer it, then press "English" instead of Continue.
    assert page.lang == "cy" and "Teulu a ffrindiau" in page.text()
    assert "Tudalen 4 o 6" in page.text()
    page = submit(client, page, {**FULL_ANSWERS[4], "action": "switch"})
    assert page.lang == "en"
    assert "Family and friends" in page.text()
    # The answers given on the Welsh page are still chosen on the English one.
    assert page.soup.select_one("#see_family-not_enough").has_attr("checked")
    assert page.soup.select_one("#talk_to_when_worried-carers").has_attr("checked")
    assert page.soup.select_one("#talk_to_when_worried-friend").has_attr("checked")
    for number in (4, 5, 6):
        page = submit(client, page, {**FULL_ANSWERS[number], "action": "continue"})
    # Check your answers: all 12 questions listed, each answered, in the language switched to.
    assert page.soup.h1.get_text() == "Check your answers before you send them"
    values = [each.get_text(" ", strip=True) for each in page.soup.select("main .summary-value")]
    assert len(values) == 12 and "Not answered" not in values
    page = submit(client, page, {})
    assert "Thank you" in page.text() and "Your answers have been sent." in page.text()

    [response] = stored_responses()
    expected = {key: value for answers in FULL_ANSWERS.values() for key, value in answers.items()}
    assert response.answers == expected
    assert response.status == "complete" and response.language == "en"
    assert response.submitted_on == date.today()
    assert response.token_hash is None  # no longer linked to the browser


def test_going_back_shows_saved_answers_and_nothing_is_pre_selected(client, campaign):
    page = start(client, lang="en")
    assert not page.soup.select("input[checked]"), "no answer may be pre-selected"
    page = submit(client, page, {**FULL_ANSWERS[1], "action": "continue"})
    assert not page.soup.select("input[checked]")
    page = submit(client, page, {"action": "back"})
    assert page.soup.select_one("#safe_at_home-most_of_the_time").has_attr("checked")
    assert page.soup.select_one("#happy_at_home-happy").has_attr("checked")


def test_every_question_can_be_skipped(client, campaign):
    page = start(client, lang="en")
    for _ in range(5):
        page = submit(client, page, {"action": "continue"})
    assert "Check your answers before you send them" in page.text()
    page = submit(client, page, {})
    [response] = stored_responses()
    assert response.status == "complete" and response.answers == {}


def test_a_follow_up_question_appears_only_after_the_answer_that_leads_to_it(client, campaign):
    page = start(client, lang="en")
    page = submit(client, page, {"action": "continue"})
    page = submit(client, page, {"know_social_worker": "no", "action": "continue"})
    assert "Family and friends" in page.text() and "Page 3 of 5" in page.text()
    page = submit(client, page, {"action": "back"})
    assert "Do you know who your social worker is?" in page.text()
    page = submit(client, page, {"know_social_worker": "yes", "action": "continue"})
    assert "Do you trust your social worker?" in page.text() and "Page 3 of 6" in page.text()


def test_an_answer_to_a_question_later_hidden_is_not_kept(client, campaign):
    page = start(client, lang="en")
    page = submit(client, page, {"action": "continue"})
    page = submit(client, page, {"know_social_worker": "yes", "action": "continue"})
    page = submit(client, page, {"trust_social_worker": "yes", "action": "continue"})
    page = submit(client, page, {"action": "back"})
    page = submit(client, page, {"action": "back"})
    page = submit(client, page, {"know_social_worker": "no", "action": "continue"})
    for _ in range(3):
        page = submit(client, page, {"action": "continue"})
    submit(client, page, {})
    [response] = stored_responses()
    assert response.answers == {"know_social_worker": "no"}


def test_too_long_an_answer_is_explained_in_welsh_and_what_was_typed_is_kept(client, campaign):
    page = start(client)
    for _ in range(4):
        page = submit(client, page, {"action": "continue"})
    long_text = "Rhywun sy'n gwrando arna i. " * 40
    page = submit(client, page, {"life_score": "6", "make_care_better": long_text, "action": "continue"})
    assert page.status == 400
    assert page.soup.title.get_text().startswith("Gwall:")
    summary = page.soup.select_one(".error-summary")
    assert summary is not None and summary.has_attr("autofocus")
    assert "Mae problem wedi codi" in summary.get_text()
    # How long it is and what to cut it to, in letters (not "nod") for a child: 40 x 28, less the end space.
    assert "Mae dy ateb yn 1,119 o lythrennau o hyd: cwtoga fe i 600 neu lai" in summary.get_text()
    assert page.soup.select_one("#make_care_better").get_text() == long_text
    assert page.soup.select_one("#life_score-6").has_attr("checked")


def test_switching_language_with_a_problem_on_the_page_keeps_the_input_and_explains_in_the_new_language(
    client, campaign
):
    page = start(client)
    for _ in range(4):
        page = submit(client, page, {"action": "continue"})
    long_text = "a" * 700
    page = submit(client, page, {"life_score": "3", "make_care_better": long_text, "action": "switch"})
    assert page.lang == "en"
    assert "Your answer is 700 letters long: cut it to 600 or fewer" in page.text()
    assert page.soup.select_one("#make_care_better").get_text() == long_text
    [response] = stored_responses()
    assert response.answers["life_score"] == "3"  # the valid answer was saved


def test_a_made_up_answer_is_refused_with_a_clear_message(client, campaign):
    page = start(client, lang="en")
    page = submit(client, page, {"safe_at_home": "<script>alert(1)</script>", "action": "continue"})
    assert page.status == 400
    assert "Choose one of the answers shown" in page.text()
    assert "<script>" not in page.response.get_data(as_text=True)
    [response] = stored_responses()
    assert response.answers == {}


def test_sending_twice_or_going_back_after_sending_never_duplicates(client, campaign):
    page = start(client, lang="en")
    for _ in range(5):
        page = submit(client, page, {"action": "continue"})
    check_page = page
    submit(client, check_page, {})
    again = submit(client, check_page, {})  # the same form sent a second time
    assert "Thank you" in again.text()
    back = get_page(client, "/en/s/test-campaign/3")  # Back to a question after sending
    assert "Check your answers" not in back.text()
    assert len(stored_responses()) == 1


def test_answers_are_saved_on_the_server_at_every_continue(client, campaign):
    page = start(client, lang="en")
    submit(client, page, {**FULL_ANSWERS[1], "action": "continue"})
    [response] = stored_responses()
    assert response.status == "partial"
    assert response.answers == FULL_ANSWERS[1]
    # Coming back to the introduction offers to carry on, then lands on the next unanswered page.
    intro = get_page(client, "/en/s/test-campaign")
    assert "Your answers so far are saved" in intro.text()
    page = submit(client, intro, {})
    assert "Your social worker" in page.text()


def test_a_closed_campaign_says_so_in_the_page_language(client, app, short_8_10):
    version = create_version(short_8_10)
    yesterday = date.today() - timedelta(days=1)
    create_campaign(version, slug="old", opens_on=yesterday - timedelta(days=10), closes_on=yesterday)
    page = get_page(client, "/cy/s/old", status=410)
    assert "Mae'r arolwg hwn wedi cau" in page.text()
    page = get_page(client, "/en/s/old/1", status=410)
    assert "This survey has closed" in page.text()


def test_a_campaign_not_yet_open_says_when_it_opens(client, app, short_8_10):
    version = create_version(short_8_10)
    soon = date.today() + timedelta(days=3)
    create_campaign(version, slug="soon", opens_on=soon, closes_on=soon + timedelta(days=10))
    page = get_page(client, "/en/s/soon", status=410)
    assert "has not opened yet" in page.text()


def test_an_unknown_campaign_is_not_found_in_the_page_language(client, app):
    page = get_page(client, "/cy/s/no-such-survey", status=404)
    assert "Heb ddod o hyd i'r dudalen" in page.text()


def test_help_is_on_every_respondent_page(client, campaign):
    page = start(client, lang="en")
    pages = [get_page(client, "/en/s/test-campaign"), page]
    for _ in range(5):
        page = submit(client, page, {"action": "continue"})
        pages.append(page)
    pages.append(submit(client, page, {}))
    for each in pages:
        help_panel = each.soup.select_one("#help")
        assert help_panel is not None, each.soup.title
        assert "Childline" in help_panel.get_text() and "Meic" in help_panel.get_text()
        assert "0800 1111" in help_panel.get_text()
        assert each.soup.select_one("a.help-link[href='#help']") is not None


def test_a_form_without_its_security_token_is_refused_and_nothing_is_lost(client, campaign):
    page = start(client, lang="en")
    submit(client, page, {**FULL_ANSWERS[1], "action": "continue"})
    response = client.post("/en/s/test-campaign/2", data={"know_social_worker": "yes", "action": "continue"})
    assert response.status_code == 400
    assert "Answers you saved before that page are still stored" in response.get_data(as_text=True)
    [stored] = stored_responses()
    assert stored.answers == FULL_ANSWERS[1]


def test_back_with_a_problem_on_the_page_keeps_what_was_typed_for_later(client, campaign):
    page = start(client, lang="en")
    for _ in range(4):
        page = submit(client, page, {"action": "continue"})
    long_text = "b" * 650
    page = submit(client, page, {"make_care_better": long_text, "life_score": "9", "action": "back"})
    assert "School and having a say" in page.text()  # Back was not blocked
    page = submit(client, page, {"action": "continue"})
    assert page.soup.select_one("#make_care_better").get_text() == long_text
    assert "Your answer is 650 letters long" in page.text()
    assert page.soup.select_one("#life_score-9").has_attr("checked")


def test_nobody_cannot_be_chosen_with_other_people(client, campaign):
    page = start(client)
    for _ in range(2):
        page = submit(client, page, {"action": "continue"})
    page = submit(client, page, {"talk_to_when_worried": ["friend", "nobody"], "action": "continue"})
    assert page.status == 400
    assert "Dewisa “Neb” ar ei ben ei hun, neu ddewisa atebion eraill hebddo" in page.text()
    assert page.soup.select_one("#talk_to_when_worried-friend").has_attr("checked")
    assert stored_responses()[0].answers == {}


def test_the_page_count_never_goes_up(client, campaign):
    page = start(client, lang="en")
    seen = []
    for answers in ({}, {"know_social_worker": "no"}, {}, {}, {}):
        seen.append(page.soup.select_one(".progress-text").get_text(strip=True))
        page = submit(client, page, {**answers, "action": "continue"})
    assert seen == ["Page 1 of 6", "Page 2 of 6", "Page 3 of 5", "Page 4 of 5", "Page 5 of 5"]
