"""Printable access-code sheets: the slips' content in each language, their QR codes, the PDF."""

from __future__ import annotations

import base64
import re
import struct
import time
from datetime import date, timedelta

import pytest
import segno
from babel.dates import format_date
from bs4 import BeautifulSoup
from flask import g

from survey_app.respond.codes import ALPHABET, display
from survey_app.staff import code_sheets
from survey_app.staff.qr import qr_code, qr_png_data_uri, qr_svg
from tests.conftest import OTHER_AUTHORITY, create_campaign, create_version

CLOSES_ON = date.today() + timedelta(days=200)
# Thirty valid, distinct, predictable access codes: 2345-6789, 3456-789A, ... ZZZZ-ZZZZ.
CODES = [display((ALPHABET * 2)[start : start + 8]) for start in range(len(ALPHABET))] + ["ZZZZ-ZZZZ"]


@pytest.fixture()
def campaign(app, short_8_10):
    """A Cardiff campaign: its name differs in Welsh (Caerdydd), so the language of a slip shows."""
    return create_campaign(
        create_version(short_8_10), slug="llais-caerdydd", authority_code=OTHER_AUTHORITY, closes_on=CLOSES_ON
    )


def sheet(app, campaign, codes, sheet_lang) -> BeautifulSoup:
    with app.test_request_context("/cy/staff/"):
        return BeautifulSoup(code_sheets.code_sheet_html(campaign, codes, sheet_lang), "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def test_every_code_is_on_exactly_one_slip_with_its_own_qr_code(app, campaign):
    codes = CODES[:11]
    soup = sheet(app, campaign, codes, "both")
    slips = soup.select("td.slip")
    assert [slip.select_one(".code").get_text(strip=True) for slip in slips] == codes
    html = str(soup)
    assert all(html.count(code) == 1 for code in codes)
    with app.test_request_context("/cy/staff/"):
        for slip, code in zip(slips, codes, strict=True):
            link = code_sheets.survey_link("llais-caerdydd", "cy", code)
            assert link == f"http://localhost/cy/s/llais-caerdydd?code={code.replace('-', '')}"
            assert slip.select_one(".slip-qr img")["src"] == qr_png_data_uri(link)
            assert slip.select_one(".slip-qr img")["alt"]


def test_slips_differ_only_in_their_code_so_nothing_can_say_whose_slip_it_was(app, campaign):
    soup = sheet(app, campaign, CODES[:6], "both")
    assert not soup.select("form, input, textarea, select")
    slips = []
    for slip in soup.select("td.slip"):
        slip.select_one(".code").clear()
        slip.select_one(".slip-qr img")["src"] = ""
        slips.append(str(slip))
    assert len(set(slips)) == 1


def test_a_sheet_in_both_languages_has_welsh_first_then_english(app, campaign):
    soup = sheet(app, campaign, CODES[:3], "both")
    assert soup.html["lang"] == "cy"
    assert [section["lang"] for section in soup.select("section.instructions")] == ["cy", "en"]
    slip = soup.select_one("td.slip")
    assert [title.get_text() for title in slip.select(".slip-title")] == [
        "Dy fywyd, dy lais",
        "Your life, your say",
    ]
    assert [body["lang"] for body in slip.select(".slip-body")] == ["cy", "en"]
    slip_text = text_of(slip)
    assert "Caerdydd / Cardiff" in slip_text
    assert "Dy god mynediad / Your access code" in slip_text
    assert format_date(CLOSES_ON, "long", locale="cy") in slip_text
    assert format_date(CLOSES_ON, "long", locale="en_GB") in slip_text
    links = [link.get_text() for link in slip.select(".slip-link")]
    assert links == ["http://localhost/cy/s/llais-caerdydd", "http://localhost/en/s/llais-caerdydd"]
    assert "code=" not in " ".join(links)


@pytest.mark.parametrize(
    ("sheet_lang", "present", "absent"),
    [
        (
            "cy",
            ["Dy fywyd, dy lais", "Caerdydd", "Dy god mynediad", "Cael help"],
            ["Your", "Cardiff", "/en/"],
        ),
        (
            "en",
            ["Your life, your say", "Cardiff", "Your access code", "Get help"],
            ["Dy ", "Caerdydd", "/cy/"],
        ),
    ],
)
def test_a_sheet_in_one_language_has_nothing_in_the_other(app, campaign, sheet_lang, present, absent):
    soup = sheet(app, campaign, CODES[:3], sheet_lang)
    assert soup.html["lang"] == sheet_lang
    assert len(soup.select("section.instructions")) == 1
    text = text_of(soup.body)
    for words in present:
        assert words in text
    for words in absent:
        assert words not in text


def test_a_national_campaign_is_for_all_of_wales(app, short_8_10):
    national = create_campaign(create_version(short_8_10), slug="cymru", authority_code=None)
    text = text_of(sheet(app, national, CODES[:2], "both").body)
    assert "Cymru gyfan / All of Wales" in text


def test_slips_speak_to_adults_as_chi_and_to_children_as_ti(app, campaign, library):
    carers = create_campaign(create_version(library.questionnaires["foster-carers"]), slug="gofalwyr")
    with app.test_request_context("/cy/staff/"):
        for survey, words in ((carers, "Eich cod mynediad"), (campaign, "Dy god mynediad")):
            soup = BeautifulSoup(code_sheets.code_sheet_html(survey, CODES[:1], "cy"), "html.parser")
            assert soup.select_one(".code-label").get_text() == words
        assert not g.get("formal")  # the staff page around the sheet keeps its own register


def test_the_instructions_tell_the_adult_how_to_hand_out_slips_safely(app, campaign):
    instructions = sheet(app, campaign, CODES[:12], "en").select_one("section.instructions")
    text = text_of(instructions)
    facts = {
        row.th.get_text(strip=True): row.td.get_text(strip=True) for row in instructions.select(".facts tr")
    }
    assert facts["Codes in this batch"] == "12"
    assert facts["Closing date"] == format_date(CLOSES_ON, "long", locale="en_GB")
    assert facts["Council"] == "Cardiff"
    assert facts["Who it is for"] == "Children and young people, aged 8-10"
    for words in (
        "one slip to each person",
        "Never write a name",
        "do not keep a list",
        "start the survey once",
        "cannot be linked to the answers",
        "resume code",
        "destroy them",
        "withdraw this whole batch",
        "Get help",
    ):
        assert words in text


def test_slips_are_laid_out_in_pages_with_cut_lines(app, campaign):
    for sheet_lang, per_page in (
        ("cy", code_sheets.SLIPS_PER_PAGE),
        ("both", code_sheets.SLIPS_PER_PAGE_BOTH),
    ):
        soup = sheet(app, campaign, CODES[:13], sheet_lang)
        pages = soup.select("section.slip-page")
        assert len(pages) == -(-13 // per_page)
        assert all(len(page.select("td.slip")) <= per_page for page in pages)
        assert len(soup.select("td.slip")) == 13
        assert len(soup.select("td.no-slip")) == -13 % code_sheets.SLIP_COLUMNS
        assert len(soup.select(".cut-guide")) == len(pages)
        assert re.search(r"td\.slip \{[^}]*dashed", soup.style.get_text())


def test_every_page_has_a_footer_with_the_campaign_and_page_numbers(app, campaign):
    style = sheet(app, campaign, CODES[:2], "both").style.get_text()
    footer = re.search(r"@bottom-center \{\s*content: (.*);", style).group(1)
    assert footer.startswith('"llais-caerdydd · Tudalen " counter(page) " o " counter(pages)')
    assert '" / Page " counter(page) " of " counter(pages)' in footer
    assert "This sheet holds access codes that each work once." in footer


def test_codes_in_either_form_and_case_are_printed_the_same_way(app, campaign):
    soup = sheet(app, campaign, ["abcd efgh", "BCDEFGHJ"], "en")
    assert [code.get_text() for code in soup.select(".code")] == ["ABCD-EFGH", "BCDE-FGHJ"]


@pytest.mark.parametrize(
    "codes",
    [[], ["ABCD-EFG0"], ["ABCD-EFGH-JKMN"], ["ABCD-EFGH", "abcdefgh"]],
    ids=["none", "not-in-alphabet", "resume-code", "twice"],
)
def test_a_sheet_refuses_codes_that_could_not_work(app, campaign, codes):
    with app.test_request_context("/cy/staff/"), pytest.raises(ValueError):
        code_sheets.code_sheet_html(campaign, codes, "cy")


def test_a_sheet_is_only_in_welsh_english_or_both(app, campaign):
    with app.test_request_context("/cy/staff/"), pytest.raises(ValueError):
        code_sheets.code_sheet_html(campaign, CODES[:1], "fr")


def test_survey_link_is_absolute_with_the_code_only_when_given(app):
    with app.test_request_context("/en/staff/"):
        assert code_sheets.survey_link("haf", "en") == "http://localhost/en/s/haf"
        assert code_sheets.survey_link("haf", "cy", "abcd-efgh") == "http://localhost/cy/s/haf?code=ABCDEFGH"
    assert code_sheets.short_link("https://lleisiau.example/cy/s/haf") == "lleisiau.example/cy/s/haf"


def test_qr_svg_is_an_accessible_inline_drawing_of_the_data():
    data = "https://lleisiau.example/cy/s/haf?code=ABCDEFGH"
    svg = qr_svg(data, 'Cod QR <"ŵ">')
    assert svg.startswith("<svg ") and "<?xml" not in svg
    opening = svg[: svg.index(">")]
    assert 'role="img"' in opening and 'aria-label="Cod QR &lt;&#34;ŵ&#34;&gt;"' in opening
    assert "viewBox" in opening and "width=" not in opening and "height=" not in opening
    assert "<title>Cod QR &lt;&#34;ŵ&#34;&gt;</title>" in svg
    assert 'stroke="#000"' in svg and 'fill="#fff"' in svg
    assert svg == qr_svg(data, 'Cod QR <"ŵ">')
    assert svg != qr_svg(data.replace("ABCDEFGH", "ABCDEFGJ"), 'Cod QR <"ŵ">')
    # The same symbol segno makes for the data, with the quiet zone in the drawing.
    symbol = segno.make(data, error="m", micro=False)
    assert qr_code(data).matrix == symbol.matrix
    size = symbol.symbol_size(scale=1, border=4)[0]
    assert f'viewBox="0 0 {size} {size}"' in opening


def test_qr_codes_are_never_micro_qr_codes_that_phones_cannot_read():
    assert not qr_code("A").is_micro
    assert qr_code("A").error in ("M", "Q", "H")


def test_the_png_qr_code_has_one_pixel_a_module_and_a_quiet_zone():
    data = "https://lleisiau.example/en/s/haf?code=ABCDEFGH"
    uri = qr_png_data_uri(data)
    assert uri.startswith("data:image/png;base64,")
    png = base64.b64decode(uri.split(",", 1)[1])
    width, height = struct.unpack(">II", png[16:24])
    assert width == height == qr_code(data).symbol_size(scale=1, border=4)[0]


@pytest.mark.parametrize(("sheet_lang", "codes", "pages"), [("cy", 9, 1 + 2), ("both", 7, 2 + 2)])
def test_the_pdf_has_the_instructions_then_the_pages_of_slips(app, campaign, sheet_lang, codes, pages):
    with app.test_request_context("/cy/staff/"):
        assert code_sheets.page_count(CODES[:codes], sheet_lang) == pages
        assert len(code_sheets.code_sheet_document(campaign, CODES[:codes], sheet_lang).pages) == pages
        pdf = code_sheets.code_sheet_pdf(campaign, CODES[:codes], sheet_lang)
    assert pdf.startswith(b"%PDF")


def test_thirty_codes_in_both_languages_render_quickly(app, campaign):
    with app.test_request_context("/cy/staff/"):
        start = time.perf_counter()
        pdf = code_sheets.code_sheet_pdf(campaign, CODES, "both")
    print(f"30 codes in both languages: {time.perf_counter() - start:.1f} s, {len(pdf) // 1024} KB")
    assert pdf.startswith(b"%PDF")
