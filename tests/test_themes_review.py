"""Analysts' review of comments: what is kept, what is logged, which comments are listed, and paging.

One campaign across Wales for children aged 8-10 closed yesterday: Rhondda Cynon Taf has 30 people
who wrote (20 in English about family, 10 in Welsh about school); Cardiff has 12 and its own closed
campaign. An open campaign and an unfinished response hold comments that must never be listed.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from survey_app.extensions import db
from survey_app.models import AuditEvent, Authority, Response, ThemeReview

from .conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    create_campaign,
    create_response,
    create_user,
    create_version,
    get_page,
    sign_in,
    submit,
)

YESTERDAY = date.today() - timedelta(days=1)
BAND = "child-8-10"
FAMILY = "I want to see my family more often, number {n}."
SCHOOL = "Help gyda gwaith ysgol a gwaith cartref, rhif {n}."
NEVER = ["Open campaign words", "Unfinished words", "Cardiff campaign words"]


@pytest.fixture()
def review_set(app, short_8_10):
    version = create_version(short_8_10)
    wales = create_campaign(
        version,
        slug="cymru-8-10",
        authority_code=None,
        opens_on=YESTERDAY - timedelta(days=20),
        closes_on=YESTERDAY,
    )
    for n in range(20):
        create_response(wales, {"make_care_better": FAMILY.format(n=n)}, HOME_AUTHORITY, "en")
    for n in range(10):
        create_response(wales, {"make_care_better": SCHOOL.format(n=n)}, HOME_AUTHORITY, "cy")
    for n in range(12):
        create_response(wales, {"make_care_better": f"More pocket money please {n}."}, OTHER_AUTHORITY)
    cardiff = create_campaign(
        version,
        slug="cardiff-8-10",
        authority_code=OTHER_AUTHORITY,
        opens_on=YESTERDAY - timedelta(days=9),
        closes_on=YESTERDAY,
    )
    create_response(cardiff, {"make_care_better": NEVER[2]})
    still_open = create_campaign(version, slug="open-8-10", authority_code=HOME_AUTHORITY)
    create_response(still_open, {"make_care_better": NEVER[0]})
    rct = db.session.query(Authority).filter_by(ons_code=HOME_AUTHORITY).one()
    db.session.add(
        Response(
            campaign=wales,
            authority=rct,
            language="en",
            status="partial",
            answers={"make_care_better": NEVER[1]},
            last_page=2,
            started_on=YESTERDAY,
            updated_on=YESTERDAY,
        )
    )
    db.session.commit()
    return wales


def url(tail: str = "", lang: str = "en") -> str:
    from survey_app.results.periods import period_of

    return f"/{lang}/staff/themes/{period_of(YESTERDAY)}/{BAND}/review{tail}"


@pytest.fixture()
def analyst(app, review_set):
    create_user("analyst@rct.example", "analyst")
    client = app.test_client()
    sign_in(client, "analyst@rct.example")
    return client


def texts(page) -> list[str]:
    return [quote.get_text(strip=True) for quote in page.soup.select("article.comment blockquote")]


def save(client, page, text: str, themes: list[str]):
    article = next(each for each in page.soup.select("article.comment") if text in each.blockquote.get_text())
    return submit(client, page, {"themes": themes}, form_selector=f"#{article['id']} form")


def test_only_closed_finished_comments_of_the_callers_council_are_listed_25_a_page(analyst):
    first = get_page(analyst, url())
    assert "Comments shown: about 30" in first.main_text() and len(texts(first)) == 25
    second = get_page(analyst, url("?page=2"))
    assert len(texts(second)) == 5
    listed = texts(first) + texts(second)
    assert len(set(listed)) == 30
    assert not any(word in " ".join(listed) for word in ["pocket money", *NEVER])
    assert second.soup.select_one("a[rel=prev]")["href"].endswith("/review")
    assert first.soup.select_one("a[rel=next]")["href"].endswith("/review?page=2")


def test_saving_keeps_the_suggestion_the_themes_the_analyst_and_the_day_and_logs_no_words(app, analyst):
    page = get_page(analyst, url("?language=en"))
    done = save(analyst, page, FAMILY.format(n=0), ["family_friends_contact", "loved_valued"])
    assert "The themes of that comment have been saved." in done.main_text()
    review = db.session.query(ThemeReview).one()
    assert review.suggested == ["family_friends_contact"]  # what the codebook suggested
    assert review.themes == ["loved_valued", "family_friends_contact"]  # in the codebook's order
    assert review.reviewed_on == date.today() and review.item_id == "make_care_better"
    assert review.reviewer_id == db.session.query(AuditEvent).filter_by(action="signed_in").one().user_id
    event = db.session.query(AuditEvent).filter_by(action="themes_reviewed").one()
    assert event.target == "cymru-8-10" and event.authority.ons_code == HOME_AUTHORITY
    assert event.detail == {
        "question": "make_care_better",
        "review": "added",
        "suggested": 1,
        "themes": 2,
        "added": 1,
        "removed": 0,
    }
    assert "family" not in str(event.detail) and "number" not in event.target


def test_saving_again_replaces_one_review_and_never_touches_the_others(analyst):
    page = get_page(analyst, url("?language=en"))  # all twenty on one page
    page = save(analyst, page, FAMILY.format(n=1), ["praise"])
    page = save(analyst, page, FAMILY.format(n=2), [])  # no theme fits: counts under none
    page = save(analyst, page, FAMILY.format(n=1), ["fairness"])
    reviews = {review.themes.__repr__() for review in db.session.query(ThemeReview)}
    assert reviews == {"['fairness']", "[]"}
    assert db.session.query(ThemeReview).count() == 2
    kinds = [
        event.detail["review"] for event in db.session.query(AuditEvent).filter_by(action="themes_reviewed")
    ]
    assert sorted(kinds) == ["added", "added", "replaced"]
    assert "Comments: about 30. Reviewed: 7%." in page.main_text()  # never "2 of 30"


def test_after_saving_the_same_page_and_filters_come_back_with_a_message(analyst):
    page = get_page(analyst, url("?language=en&page=1&state=not_reviewed"))
    assert len(texts(page)) == 20
    done = save(analyst, page, FAMILY.format(n=5), ["family_friends_contact"])
    query = parse_qs(urlparse(done.response.request.url).query)
    assert query["language"] == ["en"] and query["state"] == ["not_reviewed"] and "saved" in query
    assert "The themes of that comment have been saved." in done.main_text()
    assert len(texts(done)) == 19  # the saved one is reviewed now, so the filter leaves it out
    assert done.soup.select_one("#language option[selected]")["value"] == "en"


def test_the_welsh_review_page_speaks_welsh_and_keeps_english_comments_marked_as_english(app, analyst):
    page = get_page(analyst, url("?language=cy", lang="cy"))
    assert page.lang == "cy" and len(texts(page)) == 10
    quote = page.soup.select_one("article.comment blockquote")
    assert quote["lang"] == "cy"
    english = get_page(analyst, url("?language=en", lang="cy"))
    assert english.soup.select_one("article.comment blockquote")["lang"] == "en"


def test_a_comment_is_named_by_a_key_that_does_not_give_away_its_response(analyst):
    page = get_page(analyst, url())
    keys = [field["value"] for field in page.soup.select("input[name=comment]")]
    ids = {response.id for response in db.session.query(Response)}
    assert len(set(keys)) == 25
    assert not any(key in response_id or response_id in key for key in keys for response_id in ids)
    assert not any(response_id in page.response.get_data(as_text=True) for response_id in ids)


def test_another_councils_staff_cannot_save_a_review_of_rct_comments(app, review_set, analyst):
    page = get_page(analyst, url())
    key = page.soup.select_one("input[name=comment]")["value"]
    create_user("officer@cardiff.example", "officer", OTHER_AUTHORITY)
    cardiff = app.test_client()
    own = sign_in(cardiff, "officer@cardiff.example")
    token = own.soup.select_one("form.sign-out input[name=csrf_token]")["value"]
    refused = cardiff.post(url(), data={"csrf_token": token, "comment": key, "themes": ["school"]})
    assert refused.status_code == 404
    theirs = url().replace("/review", f"/{HOME_AUTHORITY}/review")
    assert cardiff.post(theirs, data={"csrf_token": token, "comment": key}).status_code == 404
    assert db.session.query(ThemeReview).count() == 0
