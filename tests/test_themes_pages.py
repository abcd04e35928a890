"""What people wrote, in the browser: the themes pages, the review of comments, and what leaves.

The fixture is one campaign across Wales for children aged 8-10 that closed yesterday (K = 10):

  Rhondda Cynon Taf   13 answered, 12 wrote: five English and five Welsh comments about being
                      listened to, two English ones about school with a planted name, school and
                      phone number
  Cardiff, Ynys Môn, Gwynedd   12 each, all about pocket money
  Denbighshire         7 answered (under K): comments naming a street and a person, never shown

"listen" is used by exactly five people in English and "gwrando" by exactly five in Welsh, so a
correction of one comment in each language takes the word out of that language's cloud.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from markupsafe import escape

from survey_app.extensions import db
from survey_app.models import AuditEvent, ThemeReview
from survey_app.results.downloads import render_download, report_html
from survey_app.results.gather import gather
from survey_app.results.periods import Band, period_of
from survey_app.store import campaigns as campaign_store

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
PERIOD = period_of(YESTERDAY)
BAND = "child-8-10"
DENBIGHSHIRE = "W06000004"
LISTEN_EN = [
    "Someone to listen to me when I am upset.",
    "My carers listen to me and help me.",
    "I want adults to listen to what I say.",
    "Nobody will listen to me at my review.",
    "I want people to listen about where I live.",
]
LISTEN_CY = [
    "Rhywun sy'n gwrando arna i pan dw i'n drist.",
    "Mae fy ngofalwyr yn gwrando arna i.",
    "Dw i eisiau i oedolion wrando ar fy syniadau i.",
    "Does neb yn gwrando arna i yn fy adolygiad.",
    "Cael pobl yn gwrando am ble dw i'n byw.",
]
SCHOOL_EN = [
    "Help with school work and my homework, Dylan knows.",
    "Going to Maesglas High School with my friends, ring me on 07700 900123.",
]
POCKET_MONEY = "More pocket money for trips with my friends."
SMALL_GROUP = "Zebra crossings on Heol y Felin scare me, my name is Tomos."
# Planted identifiers: none may appear on any page or in any file.
IDENTIFIERS = ["Dylan", "Maesglas", "07700 900123", "Heol y Felin", "Tomos", "Zebra", "zebra"]


@pytest.fixture()
def comments_campaign(app, short_8_10):
    version = create_version(short_8_10)
    campaign = create_campaign(
        version,
        slug="cymru-8-10",
        authority_code=None,
        opens_on=YESTERDAY - timedelta(days=30),
        closes_on=YESTERDAY,
    )
    for text in LISTEN_EN + SCHOOL_EN:
        create_response(campaign, {"make_care_better": text}, HOME_AUTHORITY, "en")
    for text in LISTEN_CY:
        create_response(campaign, {"make_care_better": text}, HOME_AUTHORITY, "cy")
    create_response(campaign, {"safe_at_home": "all_the_time"}, HOME_AUTHORITY, "en")  # wrote nothing
    for code in (OTHER_AUTHORITY, "W06000001", "W06000002"):
        for number in range(12):
            create_response(
                campaign, {"make_care_better": f"{POCKET_MONEY} {'Please.' * (number % 3)}"}, code
            )
    for _ in range(7):
        create_response(campaign, {"make_care_better": SMALL_GROUP}, DENBIGHSHIRE)
    return campaign


def themes_url(lang: str = "en", code: str | None = None, tail: str = "") -> str:
    where = f"/{code}" if code else ""
    return f"/{lang}/staff/themes/{PERIOD}/{BAND}{where}{tail}"


def signed_in(app, email: str, role: str, code: str | None = HOME_AUTHORITY, lang: str = "en"):
    create_user(email, role, code)
    client = app.test_client()
    sign_in(client, email, lang)
    return client


def theme_row(page, label: str) -> str:
    table = page.soup.select_one("table.themes")
    row = next(row for row in table.select("tbody tr") if row.th.get_text(" ", strip=True) == label)
    return row.get_text(" ", strip=True)


def cloud_words(page, theme_id: str, lang: str) -> set[str]:
    """The words a cloud lists beside it (its text equivalent) for one theme and language."""
    section = page.soup.select_one(f"section.theme[aria-labelledby=theme-{theme_id}]")
    if section is None:
        return set()
    found = set()
    for figure in section.select(f"figure.word-cloud[data-language={lang}]"):
        assert figure.img is not None and figure.img["src"].startswith("data:image/png;base64,")
        found |= {item.span.get_text() for item in figure.select("ul.cloud-words li")}
    return found


def comment_key(page, text: str) -> str:
    article = next(each for each in page.soup.select("article.comment") if text in each.blockquote.get_text())
    return article["id"].removeprefix("comment-")


def save_themes(client, page, text: str, themes: list[str]):
    key = comment_key(page, text)
    return submit(client, page, {"themes": themes}, form_selector=f"#comment-{key} form")


def test_an_analyst_reviews_welsh_and_english_comments_corrects_two_and_the_summary_changes(
    app, comments_campaign
):
    client = signed_in(app, "analyst@rct.example", "analyst")
    listing = get_page(client, "/en/staff/themes/")
    assert PERIOD in listing.main_text() and "Children aged 8-10" in listing.main_text()
    assert listing.soup.select_one("nav.staff-nav a[aria-current=page]").get_text() == "What people wrote"

    before = get_page(client, themes_url())
    # Ten of the twelve who wrote were about being listened to: about 10 people, 83%. All of Wales pools
    # the four councils shown: 10 of the 48 who wrote, 21%.
    assert theme_row(before, "Being listened to") == "Being listened to about 10 (83%) 21%"
    assert "listen" in cloud_words(before, "listened_to", "en")
    assert "gwrando" in cloud_words(before, "listened_to", "cy")
    assert "No comment has been reviewed yet" in before.main_text()

    review = get_page(client, themes_url(tail="/review"))
    assert "Comments: about 10. Reviewed: 0%." in review.main_text()  # 12, rounded: never exact
    assert len(review.soup.select("article.comment")) == 12
    english = save_themes(client, review, "Nobody will listen to me at my review.", ["fairness"])
    assert "The themes of that comment have been saved." in english.main_text()
    welsh = save_themes(client, english, "Mae fy ngofalwyr yn gwrando arna i.", ["praise", "loved_valued"])
    assert "Comments: about 10. Reviewed: 17%." in welsh.main_text()
    key = comment_key(welsh, "Mae fy ngofalwyr yn gwrando arna i.")
    ticked = {box["value"] for box in welsh.soup.select(f"#comment-{key} input[name=themes][checked]")}
    assert ticked == {"praise", "loved_valued"}

    after = get_page(client, themes_url())
    # Eight people now: still about 10 when rounded, but 67% of the twelve who wrote; Wales 8/48 = 17%.
    assert theme_row(after, "Being listened to") == "Being listened to about 10 (67%) 17%"
    assert theme_row(after, "Fairness").startswith("Fairness c")
    assert "listen" not in cloud_words(after, "listened_to", "en")  # four people: under five
    assert "gwrando" not in cloud_words(after, "listened_to", "cy")
    agreement = after.main_text()
    assert "Comments analysts have reviewed: fewer than 10." in agreement
    assert "Exactly the same themes 0%" in agreement
    assert "Precision 0%" in agreement and "Recall 0%" in agreement

    events = db.session.query(AuditEvent).filter_by(action="themes_reviewed").all()
    assert len(events) == 2 and {event.target for event in events} == {"cymru-8-10"}
    # English: "listened to" (and "social workers", for the review) out, "fairness" in; Welsh: two in.
    assert sorted((event.detail["added"], event.detail["themes"]) for event in events) == [(1, 1), (2, 2)]
    assert "listen" not in str([event.detail for event in events])  # never the comment's words


def test_the_welsh_pages_are_in_welsh_with_welsh_theme_labels(app, comments_campaign):
    client = signed_in(app, "analyst@rct.example", "analyst", lang="cy")
    page = get_page(client, themes_url("cy"))
    assert page.lang == "cy"
    assert theme_row(page, "Cael eu clywed").startswith("Cael eu clywed")
    assert "Teimlad: caiff sylwadau Saesneg eu sgorio" in page.main_text()  # the method, in Welsh
    switch = page.soup.select_one("a.lang-switch")
    assert switch["href"] == themes_url("en")
    review = get_page(client, themes_url("cy", tail="/review?language=cy&state=not_reviewed"))
    assert len(review.soup.select("article.comment")) == 5
    assert review.soup.select_one("a.lang-switch")["href"].endswith("/review?language=cy&state=not_reviewed")
    saved = save_themes(client, review, "Does neb yn gwrando arna i yn fy adolygiad.", ["listened_to"])
    assert saved.lang == "cy" and len(saved.soup.select("article.comment")) == 4  # filters kept


def test_another_council_is_not_found_and_the_panel_may_not_look(app, comments_campaign):
    cardiff = signed_in(app, "officer@cardiff.example", "officer", OTHER_AUTHORITY)
    for url in (themes_url(code=HOME_AUTHORITY), themes_url(code=HOME_AUTHORITY, tail="/review")):
        assert cardiff.get(url).status_code == 404
    own = get_page(cardiff, themes_url(code=OTHER_AUTHORITY))
    assert "Dylan" not in own.text() and "listen" not in " ".join(
        q.get_text() for q in own.soup.select("blockquote")
    )
    # A form sent without a valid code is refused the same way: it never shows another council's page.
    stale = {"csrf_token": "stale", "comment": "x", "themes": ["school"]}
    assert cardiff.post(themes_url(code=HOME_AUTHORITY, tail="/review"), data=stale).status_code == 404
    panel = signed_in(app, "panel@rct.example", "panel")
    assert panel.get(themes_url()).status_code == 403
    assert panel.get("/en/staff/themes/").status_code == 403
    assert panel.post(themes_url(tail="/review"), data=stale).status_code == 403


def test_a_council_under_k_is_told_why_and_shown_nothing(app, comments_campaign):
    client = signed_in(app, "analyst@denbighshire.example", "analyst", DENBIGHSHIRE)
    summary = get_page(client, themes_url())
    assert (
        "Fewer than 10 people from your council answered, so nothing they wrote can be shown"
        in summary.main_text()
    )
    review = get_page(client, themes_url(tail="/review"))
    assert "none of their comments can be shown or reviewed" in review.main_text()
    assert not review.soup.select("article.comment") and not review.soup.select("main form[method=post]")
    for page in (summary, review):
        assert not any(word in page.text() for word in IDENTIFIERS)
    response = client.post(themes_url(tail="/review"), data={"csrf_token": csrf(review), "comment": "x"})
    assert response.status_code == 404


def csrf(page) -> str:
    return page.soup.select_one("form.sign-out input[name=csrf_token]")["value"]


def test_the_coordinator_sees_all_of_wales_and_no_councils_comments_one_by_one(app, comments_campaign):
    client = signed_in(app, "national@wales.example", "national", None)
    wales = get_page(client, themes_url())
    # Pooled over the four councils shown: 36 of the 48 who wrote asked for money (75%), rounded to 35.
    assert theme_row(wales, "Money") == "Money about 35 (75%)"
    councils = wales.soup.select("main table")[-1].get_text(" ", strip=True)
    assert "Rhondda Cynon Taf" in councils and "Denbighshire too few to show" in councils
    small = get_page(client, themes_url(code=DENBIGHSHIRE))
    assert "Fewer than 10 people from this council answered" in small.main_text()
    assert not small.soup.select("table.themes") and not any(word in small.text() for word in IDENTIFIERS)
    # Aggregates only: the coordinator never reads a council's comments one by one.
    assert "Review comments" not in wales.main_text()
    assert client.get(themes_url(tail="/review")).status_code == 403
    assert client.get(themes_url(code=HOME_AUTHORITY, tail="/review")).status_code == 403
    assert client.post(themes_url(code=HOME_AUTHORITY, tail="/review")).status_code in (400, 403)


def test_bad_input_gets_a_clear_message_and_loses_nothing(app, comments_campaign):
    client = signed_in(app, "analyst@rct.example", "analyst", lang="cy")
    review = get_page(client, themes_url("cy", tail="/review"))
    save_themes(client, review, LISTEN_EN[0], ["listened_to", "praise"])
    review = get_page(client, themes_url("cy", tail="/review"))
    key = comment_key(review, LISTEN_EN[1])
    token = csrf(review)

    unknown_theme = client.post(
        themes_url("cy", tail="/review"), data={"csrf_token": token, "comment": key, "themes": ["hacking"]}
    )
    assert unknown_theme.status_code == 400
    text = unknown_theme.get_data(as_text=True)
    assert "hacking" in text and 'lang="cy"' in text and "error-summary" in text

    unknown_comment = client.post(
        themes_url("cy", tail="/review"), data={"csrf_token": token, "comment": "nope", "themes": ["school"]}
    )
    assert unknown_comment.status_code == 404 and "error-summary" in unknown_comment.get_data(as_text=True)

    stale = client.post(
        themes_url("cy", tail="/review"), data={"csrf_token": "stale", "comment": key, "themes": ["school"]}
    )
    assert stale.status_code == 400
    stale_text = stale.get_data(as_text=True)
    assert "error-summary" in stale_text and 'lang="cy"' in stale_text and "article" in stale_text

    reviews = db.session.query(ThemeReview).all()
    assert len(reviews) == 1 and reviews[0].themes == ["listened_to", "praise"]  # the earlier one is kept


def test_filters_narrow_the_list_and_bad_filters_are_ignored(app, comments_campaign):
    client = signed_in(app, "analyst@rct.example", "analyst")
    assert len(get_page(client, themes_url(tail="/review?theme=school")).soup.select("article.comment")) == 2
    assert len(get_page(client, themes_url(tail="/review?language=en")).soup.select("article.comment")) == 7
    everything = get_page(client, themes_url(tail="/review?theme=nonsense&language=xx&page=zz"))
    assert len(everything.soup.select("article.comment")) == 12
    last = get_page(client, themes_url(tail="/review?page=99"))
    assert len(last.soup.select("article.comment")) == 12  # a page past the end shows the last one
    reviewed = get_page(client, themes_url(tail="/review?state=reviewed"))
    assert "No comment matches what you chose." in reviewed.main_text()


def page_and_file_texts(app, client) -> dict[str, str]:
    """Every page and file that shows what people wrote, as text."""
    texts = {}
    for lang in ("en", "cy"):
        for tail in ("", "/review", "/review?page=2"):
            texts[f"{lang}{tail}"] = client.get(themes_url(lang, tail=tail)).get_data(as_text=True)
        texts[f"{lang} csv"] = (
            client.get(themes_url(lang, tail="/download.csv")).get_data().decode("utf-8-sig")
        )
        book = openpyxl.load_workbook(
            io.BytesIO(client.get(themes_url(lang, tail="/download.xlsx")).get_data())
        )
        texts[f"{lang} xlsx"] = " ".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
        )
        texts[f"{lang} results"] = client.get(f"/{lang}/staff/results/{PERIOD}/{BAND}").get_data(as_text=True)
    return texts


def test_no_planted_identifier_appears_on_any_page_or_in_any_file(app, comments_campaign):
    client = signed_in(app, "analyst@rct.example", "analyst")
    texts = page_and_file_texts(app, client)
    with app.test_request_context():
        result_set = gather(PERIOD, Band("child", "8-10"), date.today(), _control(app))
        rct = campaign_store.authority_by_code(HOME_AUTHORITY)
        texts["pdf html"] = report_html(result_set, rct, [], "en", 10, date.today())
        xlsx = render_download(result_set, None, campaign_store.authorities("en"), "en", "xlsx", 10)[0]
        pdf = render_download(result_set, rct, [], "en", "pdf", 10)[0]
    assert pdf.startswith(b"%PDF-")  # WeasyPrint lays out the section it was given (the HTML above)
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    texts["national results xlsx"] = " ".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )
    for name, text in texts.items():
        for identifier in IDENTIFIERS:
            assert identifier not in text, f"{identifier!r} in {name}"
    assert (
        "[name]" in texts["en/review"]
        and "[school]" in texts["en/review"]
        and "[phone]" in texts["en/review"]
    )
    assert "What people wrote" in texts["en results"] and "Being listened to" in texts["en results"]
    assert "What people wrote" in texts["pdf html"]
    # Three quotes at least (the HTML escapes the apostrophes of "sy'n" and "dw i'n").
    assert sum(f"“{escape(text)}”" in texts["pdf html"] for text in LISTEN_EN + LISTEN_CY) >= 3
    assert "Themes" in book.sheetnames and "Quotes" in book.sheetnames


def _control(app):
    from analysis.disclosure import DisclosureControl

    return DisclosureControl(app.config["LLEISIAU_MIN_GROUP"])


def test_theme_downloads_are_logged_and_named(app, comments_campaign):
    client = signed_in(app, "analyst@rct.example", "analyst")
    response = client.get(themes_url(tail="/download.csv"))
    assert response.status_code == 200
    assert re.search(
        r'filename="lleisiau-themes-[0-9-]+-child-8-10-rhondda-cynon-taf-en.csv"',
        response.headers["Content-Disposition"],
    )
    rows = response.get_data().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Theme,People who wrote about it")
    assert client.get(themes_url(tail="/download.pdf")).status_code == 404
    assert db.session.query(AuditEvent).filter_by(action="downloaded").count() == 1
