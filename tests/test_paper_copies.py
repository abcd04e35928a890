"""Paper copies: the printable questionnaire in Welsh, English and both, its text as laid out, who prints.

The PDF's text is read from WeasyPrint's own layout of the pages (the boxes it draws), so the test needs
no PDF reader; the routes' answers are checked as PDF files.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from weasyprint.formatting_structure import boxes

from survey_app.content.schema import RATHER_NOT_SAY_OPTION
from survey_app.staff import paper_copies
from tests.conftest import OTHER_AUTHORITY, create_campaign, create_user, create_version, sign_in

BANDS = ["children-8-10", "children-4-7", "young-people-11-18"]
WELSH_RATHER_NOT_SAY = "Byddai'n well gen i beidio â dweud"
CLOSES_ON = date.today() + timedelta(days=60)


def words(text: str) -> str:
    return " ".join(text.split())


def laid_out_text(document) -> str:
    """Every piece of text WeasyPrint put on the pages (the footers included), in order."""
    found = []
    for page in document.pages:
        found += [box.text for box in page._page_box.descendants() if isinstance(box, boxes.TextBox)]
    # A line broken after a hyphen ("grown-" / "ups") joins up again, as a reader reads it.
    return re.sub(r"(\w)- (\w)", r"\1-\2", words(" ".join(found)))


def texts_of(frozen):
    """Each question's text, each answer's label and each grid row, as (Welsh, English) pairs."""
    for item in frozen.items():
        yield item.text
        yield from (option.label for option in frozen.options(item) if item.type != "scale_0_10")
        yield from (row.text for row in item.rows or [])


@pytest.fixture()
def versions(app, library):
    return {qid: create_version(library.questionnaires[qid]) for qid in BANDS}


@pytest.fixture()
def rct_campaign(versions):
    return create_campaign(versions["children-8-10"], slug="rct-8-10-papur", closes_on=CLOSES_ON)


def copy_html(app, campaign, copy_lang: str) -> str:
    with app.test_request_context("/en/staff/"):
        frozen = paper_copies.frozen_content(campaign.questionnaire_version)
        batch = paper_copies.campaign_batch(campaign, paper_copies.copy_languages(copy_lang))
        return paper_copies.paper_copy_html(frozen, batch, copy_lang)


@pytest.mark.parametrize("qid", BANDS)
def test_every_question_and_answer_is_on_the_copy_in_its_languages(app, library, versions, qid):
    campaign = create_campaign(versions[qid], slug=f"papur-{qid}", closes_on=CLOSES_ON)
    frozen = library.questionnaires[qid]
    for copy_lang, langs in (("cy", ["cy"]), ("en", ["en"]), ("both", ["cy", "en"])):
        with app.test_request_context("/en/staff/"):
            batch = paper_copies.campaign_batch(campaign, tuple(langs))
            document = paper_copies.paper_copy_document(frozen, batch, copy_lang)
        text = laid_out_text(document)
        for pair in texts_of(frozen):
            for lang in langs:
                assert words(pair(lang)) in text, (copy_lang, pair(lang))
        if "cy" in langs:
            assert WELSH_RATHER_NOT_SAY in text and "Swp: papur-" in text
        if "en" in langs:
            assert "I'd rather not say" in text and f"Batch: papur-{qid} · v1" in text
        if copy_lang == "cy":  # no English on the Welsh copy
            for item in frozen.items():
                assert words(item.text.en) not in text
            assert "I'd rather not say" not in text and "Batch:" not in text and "Page 1" not in text
            assert "Tudalen 1 o" in text and "Ticia un blwch." in text
        if copy_lang == "en":
            for item in frozen.items():
                assert words(item.text.cy) not in text
            assert WELSH_RATHER_NOT_SAY not in text and "Swp:" not in text
        assert document.metadata.lang == langs[0]
        assert document.metadata.title == " / ".join(frozen.questionnaire.title(lang) for lang in langs)
        # Numbered on paper: the last question's number is the count of questions.
        assert f"{frozen.question_count()} " in text


def test_every_bundled_questionnaire_prints_with_every_question_numbered(app, library):
    """Number questions (the self-audit), grids (staff, foster carers, care leavers) and the rest."""
    for qid, frozen in library.questionnaires.items():
        campaign = create_campaign(create_version(frozen), slug=f"papur-{qid}", closes_on=CLOSES_ON)
        soup = BeautifulSoup(copy_html(app, campaign, "both"), "html.parser")
        numbers = [int(cell.get_text()) for cell in soup.select("div.question .num")]
        assert numbers == list(range(1, frozen.question_count() + 1)), qid
        for item in frozen.items():
            if item.type == "number":
                question = soup.select("div.question")[paper_copies.question_numbers(frozen)[item.id] - 1]
                assert question.select_one(".number-box") is not None
                assert "Write a number in the box." in question.get_text()
                assert "I'd rather not say" in question.select("tr.option")[-1].get_text()
            if item.type == "grid":
                question = soup.select("div.question")[paper_copies.question_numbers(frozen)[item.id] - 1]
                cells = len(item.rows or []) * len(frozen.options(item))
                assert len(question.select(".grid tbody .box")) == cells


def test_the_welsh_copy_of_an_adult_survey_says_chi(app, library):
    version = create_version(library.questionnaires["foster-carers"])
    campaign = create_campaign(version, slug="gofalwyr-maeth", closes_on=CLOSES_ON)
    text = words(BeautifulSoup(copy_html(app, campaign, "cy"), "html.parser").get_text(" "))
    assert "Ticiwch" in text and "Ticia " not in text
    assert "Rhowch y copi hwn yn yr amlen" in text


def test_answers_as_boxes_nothing_ticked_rather_not_say_last(app, library, rct_campaign):
    html = copy_html(app, rct_campaign, "both")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "cy"
    assert soup.title.get_text() == "Dy fywyd, dy lais / Your life, your say"
    assert not soup.select("form, input, textarea, select")  # a blank copy: nothing to be pre-ticked
    assert soup.select_one("body")["class"] == ["child", "both"]
    frozen = library.questionnaires["children-8-10"]
    questions = soup.select("div.question")
    assert len(questions) == frozen.question_count()
    for number, (item, question) in enumerate(
        zip([i for i in frozen.items() if i.answerable], questions, strict=True), start=1
    ):
        assert question.select_one(".num").get_text(strip=True) == str(number)
        assert [td["lang"] for td in question.select(".q-head td.lang")] == ["cy", "en"]  # Welsh on the left
        if item.offers_rather_not_say:
            last = question.select("tr.option")[-1]
            assert "not-saying" in last["class"]
            assert [words(td.get_text()) for td in last.select("td.lang")][0].startswith(WELSH_RATHER_NOT_SAY)
        if item.type in ("single_choice", "scale", "yes_no", "multiple_choice"):
            assert len(question.select(".box")) == len(frozen.options(item))
        if item.type == "scale_0_10":
            assert len(question.select(".zero-ten .box")) == 11
            assert words(item.anchors.low.en) in words(question.get_text(" "))
        if item.type == "faces":
            assert len(question.select("svg.face")) == len(frozen.options(item)) - 1
        if item.type == "free_text":
            assert len(question.select(".write-in .line")) == paper_copies.write_in_lines(item)
    multiple = next(
        q
        for q, i in zip(questions, [i for i in frozen.items() if i.answerable], strict=True)
        if i.type == "multiple_choice"
    )
    multiple_text = words(multiple.get_text(" "))
    assert "Tick all that apply." in multiple_text and "Ticia bob un sy'n wir." in multiple_text
    assert "Nobody (or tick only this)" in multiple_text and "(neu ticia hwn yn unig)" in multiple_text


def test_show_if_is_said_in_words_with_the_question_number(app, library, rct_campaign):
    soup = BeautifulSoup(copy_html(app, rct_campaign, "both"), "html.parser")
    frozen = library.questionnaires["children-8-10"]
    numbers = paper_copies.question_numbers(frozen)
    item = frozen.item("trust_social_worker")  # asked only if they know who their social worker is
    question = soup.select("div.question")[numbers[item.id] - 1]
    said = [words(p.get_text()) for p in question.select(".show-if")]
    earlier = numbers["know_social_worker"]
    assert said == [
        f"Ateba hwn dim ond os wnest ti ateb “Ydw” i gwestiwn {earlier}.",
        f"Only answer this if you answered “Yes” to question {earlier}.",
    ]


def test_every_copy_of_a_batch_is_the_same_and_carries_no_serial(app, rct_campaign):
    first, second = copy_html(app, rct_campaign, "en"), copy_html(app, rct_campaign, "en")
    assert first == second
    assert "Batch: rct-8-10-papur · v1" in first
    assert "counter(page)" in first and "Batch: rct-8-10-papur · v1 · Page" in first


def test_a_4_7_copy_has_large_type_and_big_faces(app, versions):
    campaign = create_campaign(versions["children-4-7"], slug="rct-4-7-papur", closes_on=CLOSES_ON)
    soup = BeautifulSoup(copy_html(app, campaign, "cy"), "html.parser")
    assert soup.select_one("body")["class"] == ["young"]
    style = soup.style.get_text()
    assert re.search(r"body\.young \{ font-size: 15pt; \}", style)
    assert re.search(r"\.young \.face \{ width: 27mm; height: 27mm; \}", style)
    assert "I'r oedolyn sy'n helpu" in words(soup.get_text(" "))  # the adult's part of the cover


def officer(client, email="officer@rct.example", lang="en", role="officer", authority=None):
    if authority:
        create_user(email, role, authority)
    else:
        create_user(email, role)
    sign_in(client, email, lang)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_campaign_page_offers_paper_copies_and_downloads_one(app, rct_campaign, lang):
    client = app.test_client()
    officer(client, lang=lang)
    page = client.get(f"/{lang}/staff/campaigns/rct-8-10-papur")
    soup = BeautifulSoup(page.data, "html.parser")
    section = soup.select_one("section.paper-copies")
    assert section is not None
    assert section.h2.get_text() == ("Copïau papur" if lang == "cy" else "Paper copies")
    form = section.form
    assert form["method"] == "get" and form["action"] == f"/{lang}/staff/campaigns/rct-8-10-papur/paper-copy"
    assert [radio["value"] for radio in form.select("input[name=copy_lang]")] == ["both", "cy", "en"]
    response = client.get(form["action"] + "?copy_lang=both")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert 'filename="lleisiau-paper-rct-8-10-papur-v1-both.pdf"' in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("lang", "message"), [("cy", "Dewiswch iaith y copi."), ("en", "Choose the language of the copy.")]
)
def test_a_wrong_language_is_refused_with_a_clear_message(app, rct_campaign, lang, message):
    client = app.test_client()
    officer(client, lang=lang)
    response = client.get(f"/{lang}/staff/campaigns/rct-8-10-papur/paper-copy?copy_lang=fr")
    assert response.status_code == 400
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.select_one(".error-summary a").get_text() == message
    assert soup.select_one("#copy_lang-error").get_text(" ", strip=True).endswith(message)
    chooser = client.get(f"/{lang}/staff/campaigns/rct-8-10-papur/paper-copy")  # no language yet: the choice
    assert chooser.status_code == 200 and b"copy_lang" in chooser.data


def test_staff_of_another_council_or_without_campaign_rights_cannot_print(app, rct_campaign):
    client = app.test_client()
    officer(client, "officer@cardiff.example", authority=OTHER_AUTHORITY)
    assert client.get("/en/staff/campaigns/rct-8-10-papur/paper-copy?copy_lang=en").status_code == 404
    analyst = app.test_client()
    officer(analyst, "analyst@rct.example", role="analyst")
    assert analyst.get("/en/staff/campaigns/rct-8-10-papur/paper-copy?copy_lang=en").status_code == 403
    page = BeautifulSoup(analyst.get("/en/staff/campaigns/rct-8-10-papur").data, "html.parser")
    assert page.select_one("section.paper-copies") is None
    anonymous = app.test_client()
    assert anonymous.get("/en/staff/campaigns/rct-8-10-papur/paper-copy?copy_lang=en").status_code in (
        302,
        303,
    )


def test_a_version_page_links_to_its_paper_copy_and_unknown_versions_are_not_found(app, versions):
    client = app.test_client()
    officer(client, "analyst@rct.example", role="analyst")  # anyone who may view questionnaires
    version = versions["children-8-10"]
    soup = BeautifulSoup(client.get(f"/en/staff/questionnaires/{version.id}").data, "html.parser")
    link = soup.select_one(".paper-copy-link a")
    assert link["href"] == f"/en/staff/questionnaires/{version.id}/paper-copy"
    chooser = client.get(link["href"])
    assert chooser.status_code == 200 and b"belongs to no campaign" in chooser.data
    response = client.get(link["href"] + "?copy_lang=cy")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert client.get("/en/staff/questionnaires/999999/paper-copy?copy_lang=cy").status_code == 404
    assert client.get("/en/staff/campaigns/no-such-campaign/paper-copy?copy_lang=cy").status_code in (
        403,
        404,
    )
    with app.test_request_context("/en/staff/"):
        batch = paper_copies.version_batch(version, ("en",))
        html = paper_copies.paper_copy_html(paper_copies.frozen_content(version), batch, "en")
    assert "Questionnaire: children-8-10 · v1" in html and "Batch:" not in html


def test_a_language_other_than_cy_en_or_both_is_an_error_in_code(app, rct_campaign):
    with pytest.raises(ValueError):
        paper_copies.copy_languages("fr")
    assert RATHER_NOT_SAY_OPTION.label.cy == WELSH_RATHER_NOT_SAY
