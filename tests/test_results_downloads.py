"""Results downloads (CSV, XLSX, PDF) checked against figures worked out by hand.

The fixture is one campaign across Wales for children aged 8-10 that closed yesterday, answered in five
councils, and one the year before (Rhondda Cynon Taf only). K = 10.

                        knows social worker   feels safe    life score (0-10)   responses
  Rhondda Cynon Taf     15 yes / 5 no         10 / 10       ten 8s, ten 3s      20
  Ynys Môn              9 yes / 3 no          12 / 0        twelve 9s           12
  Cardiff               5 yes / 5 no          10 / 0        ten 5s              10
  Swansea               0 yes / 10 no         10 / 0        ten 10s             10
  Powys                 5 yes / 5 no          -             -                   10  (answered only the first)
  Gwynedd               0 yes / 7 no          0 / 7         seven 0s             7  (under K: nowhere)
  RCT the year before   5 yes / 15 no         20 / 0        twenty 7s           20

Worked by hand (z = 1.959964, z² = 3.841459;
Wilson interval = (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n)):
- RCT knows its social worker: 15/20 = 75%. Wilson: centre (0.75 + 0.096037) / 1.192073 = 0.709720,
  half-width 1.644158 · √(0.009375 + 0.002401) = 0.178419, so 53.1% to 88.8%: 53-89.
- Its benchmark pools the other councils whose own figure is shown in full (Cardiff, Swansea, Powys;
  never Gwynedd, under K, nor Ynys Môn, whose "no" is a hidden cell): (5 + 0 + 5) / 30 = 33.3%: 33;
  Wilson 19.2% to 51.2%: 19-51; base 30. (With Gwynedd it would be 10/37 = 27%.) Two-proportion
  test: pooled 25/50, z = 0.4167 / 0.144338 = 2.89, p = 0.004 < 0.05, and RCT is higher: a bright spot.
- The year before, 5/20 = 25%: change +50 points, z = 0.5 / 0.158114 = 3.16, p = 0.002: up. Feeling
  safe was 20/20 = 100%: change -50, z = 0.5 / 0.136931 = 3.65, p < 0.001: down.
- Ynys Môn: 3 said no (1-4), so its share is "c"; its base 12 rounds to 10.
- All of Wales (the councils shown in full): (15 + 5 + 0 + 5) / 50 = 50%, Wilson 36.6% to 63.4%: 37-63.
- RCT feels safe: 10/20 = 50%, Wilson 30-70; others 32/32 = 100%, Wilson 89.3% to 100%: 89-100;
  z = 0.5 / 0.112339 = 4.45: an area for improvement.
- RCT rates life 7+: 10/20 = 50%; others (12 + 0 + 10) / 32 = 68.75%: 69, Wilson 51-82; z = 1.35,
  p = 0.18: no clear difference.
- RCT's average life score (10·8 + 10·3) / 20 = 5.5; others (12·9 + 10·5 + 10·10) / 32 = 8.06: 8.1
  (6.6 if Gwynedd leaked in). RCT's bands: low (0-4) 50%, high (7-8) 50%; others' medium 10/32 = 31%,
  very high 22/32 = 69%.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.disclosure import DisclosureControl
from survey_app.extensions import db
from survey_app.models import Authority, Response
from survey_app.results.downloads import render_download, report_html
from survey_app.results.gather import ResultSet, gather
from survey_app.results.periods import Band, period_bounds, period_of, previous_period
from survey_app.results.spreadsheets import Sheet, ascii_slug, csv_bytes, xlsx_bytes
from survey_app.store import campaigns as campaign_store

from .conftest import create_campaign, create_response, create_version

RCT, ANGLESEY, CARDIFF, SWANSEA, GWYNEDD = "W06000016", "W06000001", "W06000015", "W06000011", "W06000002"
POWYS = "W06000023"
YESTERDAY = date.today() - timedelta(days=1)
PERIOD = period_of(YESTERDAY)
MADE_ON = date(2026, 11, 23)
BAND = Band("child", "8-10")


def add_responses(campaign, code: str, count: int, knows: int, safe: int, lives: list[int]) -> None:
    """`count` responses: the first `knows` know their social worker, the first `safe` feel safe."""
    for number in range(count):
        answers = {
            "know_social_worker": "yes" if number < knows else "no",
            "safe_at_home": "all_the_time" if number < safe else "never",
            "life_score": str(lives[number % len(lives)]),
        }
        create_response(campaign, answers, code)


@pytest.fixture()
def campaigns(app, short_8_10):
    version = create_version(short_8_10)
    this_year = create_campaign(
        version, "cymru-8-10", None, opens_on=YESTERDAY - timedelta(days=30), closes_on=YESTERDAY
    )
    add_responses(this_year, RCT, 20, knows=15, safe=10, lives=[8, 3])
    add_responses(this_year, ANGLESEY, 12, knows=9, safe=12, lives=[9])
    add_responses(this_year, CARDIFF, 10, knows=5, safe=10, lives=[5])
    add_responses(this_year, SWANSEA, 10, knows=0, safe=10, lives=[10])
    add_responses(this_year, GWYNEDD, 7, knows=0, safe=0, lives=[0])
    for number in range(10):  # Powys answered only the first question
        create_response(this_year, {"know_social_worker": "yes" if number < 5 else "no"}, POWYS)
    last_day = period_bounds(previous_period(PERIOD))[0] + timedelta(days=60)
    last_year = create_campaign(
        version, "cymru-8-10-last-year", None, opens_on=last_day - timedelta(days=30), closes_on=last_day
    )
    add_responses(last_year, RCT, 20, knows=5, safe=20, lives=[7])
    return this_year, last_year


def result_set() -> ResultSet:
    found = gather(PERIOD, BAND, date.today(), DisclosureControl(10))
    assert found is not None
    return found


def authority(code: str) -> Authority:
    return Authority.query.filter_by(ons_code=code).one()


def download(code: str | None, lang: str, fmt: str) -> tuple[bytes, str, str]:
    place = authority(code) if code else None
    return render_download(
        result_set(), place, campaign_store.authorities(lang), lang, fmt, 10, made_on=MADE_ON
    )


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read Welsh letters"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def by_indicator(rows: list[dict[str, str]], label: str = "Indicator") -> dict[str, dict[str, str]]:
    return {row[label]: row for row in rows}


def test_the_csv_of_one_council_holds_the_figures_worked_out_by_hand(campaigns):
    content, mimetype, name = download(RCT, "en", "csv")
    assert mimetype == "text/csv; charset=utf-8"
    assert name == f"lleisiau-{PERIOD}-child-8-10-rhondda-cynon-taf-en.csv"
    rows = by_indicator(csv_rows(content))
    assert set(rows) == {
        "Know who their social worker is",
        "Feel safe where they live",
        "Rate their life 7 or more out of 10",
    }
    knows = rows["Know who their social worker is"]
    assert knows["Answered (rounded to the nearest 5)"] == "20"
    assert (knows["Positive (%)"], knows["Interval from (%)"], knows["Interval to (%)"]) == (
        "75",
        "53",
        "89",
    )
    assert (
        knows["Other councils (%)"],
        knows["Other councils: interval from (%)"],
        knows["Other councils: interval to (%)"],
        knows["Number of other councils"],
    ) == ("33", "19", "51", "3")
    assert knows["Compared with other councils"] == "Bright spot"
    assert (knows["Previous year (%)"], knows["Change (percentage points)"]) == ("25", "50")
    assert knows["Change since the previous year"] == "Up"
    safe = rows["Feel safe where they live"]
    assert (safe["Positive (%)"], safe["Interval from (%)"], safe["Interval to (%)"]) == (
        "50",
        "30",
        "70",
    )
    assert (safe["Other councils (%)"], safe["Other councils: interval from (%)"]) == ("100", "89")
    assert safe["Compared with other councils"] == "Area for improvement"
    assert (safe["Previous year (%)"], safe["Change (percentage points)"]) == ("100", "-50")
    assert safe["Change since the previous year"] == "Down"
    life = rows["Rate their life 7 or more out of 10"]
    assert (life["Positive (%)"], life["Other councils (%)"]) == ("50", "69")
    assert life["Compared with other councils"] == "No clear difference"
    # Only this council's rows: no other council is named or has a row of its own.
    assert "Authority" not in csv_rows(content)[0]


def test_the_national_csv_shows_c_and_rounded_bases_and_keeps_ynys_mon_in_welsh(campaigns):
    content, _mimetype, name = download(None, "cy", "csv")
    assert name == f"lleisiau-{PERIOD}-child-8-10-cymru-cy.csv"
    rows = csv_rows(content)
    # Headers already in the Welsh catalogue; the rest of the Welsh comes with the merge.
    assert {"Cod yr awdurdod", "Awdurdod", "Dangosydd", "Wedi ateb (wedi'i dalgrynnu i'r 5 agosaf)"} <= set(
        rows[0]
    )
    anglesey = {row["Dangosydd"]: row for row in rows if row["Cod yr awdurdod"] == ANGLESEY}
    knows = anglesey["Yn gwybod pwy yw eu gweithiwr cymdeithasol"]
    assert knows["Awdurdod"] == "Ynys Môn"
    assert knows["Wedi ateb (wedi'i dalgrynnu i'r 5 agosaf)"] == "10"  # 12 rounded to the nearest 5
    figures = [value for header, value in knows.items() if header.endswith("(%)")]
    assert "c" in figures and not any(re.fullmatch(r"\d+", value) for value in figures[:3])
    assert {row["Cod yr awdurdod"] for row in rows} == {RCT, ANGLESEY, CARDIFF, SWANSEA, POWYS, GWYNEDD}


def words(html: str) -> str:
    """The text of some HTML, with its spaces made single."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_council_under_k_shows_no_figure_and_changes_nobody_elses(campaigns, app):
    with_gwynedd = {
        (code, lang, fmt): download(code, lang, fmt)[0]
        for code in (RCT, None)
        for lang in ("en", "cy")
        for fmt in ("csv", "xlsx")
    }
    rct_html = report_html(result_set(), authority(RCT), [], "en", 10, MADE_ON)
    national_rows = csv_rows(with_gwynedd[(None, "en", "csv")])
    gwynedd_rows = [row for row in national_rows if row["Authority code"] == GWYNEDD]
    assert len(gwynedd_rows) == 3
    for row in gwynedd_rows:
        own = [row[name] for name in ("Answered (rounded to the nearest 5)", "Positive (%)")]
        own += [row["Interval from (%)"], row["Interval to (%)"], row["Previous year (%)"]]
        assert own == ["", "", "", "", ""]
        assert row["Note"] == "Not shown: too few answered"
    gwynedd_xlsx = openpyxl.load_workbook(io.BytesIO(with_gwynedd[(None, "en", "xlsx")]))
    responses = {row[0]: row[2] for row in gwynedd_xlsx["Responses"].iter_rows(min_row=3, values_only=True)}
    assert responses[GWYNEDD] is None and responses[ANGLESEY] == 10

    # Without Gwynedd's seven responses, every other figure is exactly the same.
    db.session.query(Response).filter(Response.authority_id == authority(GWYNEDD).id).delete()
    db.session.commit()
    assert download(RCT, "en", "csv")[0] == with_gwynedd[(RCT, "en", "csv")]
    assert download(RCT, "cy", "csv")[0] == with_gwynedd[(RCT, "cy", "csv")]
    assert report_html(result_set(), authority(RCT), [], "en", 10, MADE_ON) == rct_html
    without = csv_rows(download(None, "en", "csv")[0])
    assert without == [row for row in national_rows if row["Authority code"] != GWYNEDD]
    for code in (RCT, None):
        before = openpyxl.load_workbook(io.BytesIO(with_gwynedd[(code, "en", "xlsx")]))
        after = openpyxl.load_workbook(io.BytesIO(download(code, "en", "xlsx")[0]))
        for name in after.sheetnames:
            kept = [row for row in before[name].iter_rows(values_only=True) if GWYNEDD not in row]
            assert kept == list(after[name].iter_rows(values_only=True)), name


def test_the_xlsx_has_every_table_with_numbers_as_numbers_and_the_notes(campaigns):
    content, mimetype, name = download(RCT, "en", "xlsx")
    assert mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert name.endswith("-rhondda-cynon-taf-en.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Indicators", "0-10 averages", "0-10 answers", "Notes"]
    sheet = book["Indicators"]
    assert sheet["A1"].value == "Indicators, with the other councils and the previous year"
    headers = [cell.value for cell in sheet[2]]
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "C3"  # the header, and the domain and indicator, stay in view
    rows = {
        row[headers.index("Indicator")]: dict(zip(headers, row, strict=True))
        for row in sheet.iter_rows(min_row=3, values_only=True)
    }
    knows = rows["Know who their social worker is"]
    assert knows["Positive (%)"] == 75 and isinstance(knows["Positive (%)"], int)
    assert (knows["Interval from (%)"], knows["Interval to (%)"]) == (53, 89)
    assert (knows["Other councils (%)"], knows["Answered (rounded to the nearest 5)"]) == (33, 20)
    assert knows["Change (percentage points)"] == 50
    assert knows["Published figure (%)"] is None  # empty, not a blank string
    means = list(book["0-10 averages"].iter_rows(min_row=3, values_only=True))
    assert means == [("How good is your life at the moment?", 20, 5.5, 8.1, None)]
    for column in range(1, len(headers) + 1):
        assert 6 <= sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width <= 62
    notes = [row[0] for row in book["Notes"].iter_rows(values_only=True)]
    assert notes[0] == f"Rhondda Cynon Taf: Children aged 8-10, {PERIOD}"
    assert any(note.startswith("Intervals are 95% Wilson score intervals") for note in notes)
    assert notes[-1] == "Made on 23 November 2026."
    assert book.properties.title == notes[0]
    assert book.properties.creator == "Lleisiau" and book.properties.lastModifiedBy is None
    assert book.properties.created.hour == 0 and book.properties.created.minute == 0


def test_the_national_xlsx_shows_c_as_text_and_too_few_as_empty(campaigns):
    book = openpyxl.load_workbook(io.BytesIO(download(None, "en", "xlsx")[0]))
    assert book.sheetnames == ["Indicators", "0-10 averages", "0-10 answers", "Responses", "Notes"]
    sheet = book["Indicators"]
    headers = [cell.value for cell in sheet[2]]
    rows = [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)]
    anglesey = next(
        row for row in rows if row["Authority"] == "Isle of Anglesey" and row["Indicator"].startswith("Know")
    )
    assert anglesey["Positive (%)"] == "c" and anglesey["Answered (rounded to the nearest 5)"] == 10
    gwynedd = [row for row in rows if row["Authority code"] == GWYNEDD]
    assert all(
        row["Positive (%)"] is None and row["Answered (rounded to the nearest 5)"] is None for row in gwynedd
    )


def test_the_welsh_xlsx_is_in_welsh(campaigns):
    book = openpyxl.load_workbook(io.BytesIO(download(RCT, "cy", "xlsx")[0]))
    assert book.sheetnames[-1] == "Nodiadau"  # needs the Welsh merge
    notes = [row[0] for row in book[book.sheetnames[-1]].iter_rows(values_only=True)]
    assert notes[0].startswith("Rhondda Cynon Taf: ") and notes[0].endswith(PERIOD)
    assert notes[-1] == "Gwnaed ar 23 Tachwedd 2026."  # needs the Welsh merge
    headers = [cell.value for cell in book.worksheets[0][2]]
    assert "Dangosydd" in headers


def test_the_pdf_report_of_one_council(campaigns):
    content, mimetype, name = download(RCT, "en", "pdf")
    assert content.startswith(b"%PDF-") and mimetype == "application/pdf"
    assert name == f"lleisiau-{PERIOD}-child-8-10-rhondda-cynon-taf-en.pdf"
    html = report_html(result_set(), authority(RCT), [], "en", 10, MADE_ON)
    text = words(html)
    assert "<h1>Rhondda Cynon Taf: Children aged 8-10," in html
    assert "Anonymised results, made on 23 November 2026." in text
    assert "Know who their social worker is: 75% (other councils 33%)" in text  # bright spot
    assert "Feel safe where they live: 50% (other councils 100%)" in text  # area for improvement
    assert "75% (53–89%)" in text and "33% (19–51%)" in text
    assert "50% (30–70%)" in text and "100% (89–100%)" in text
    assert "5.5" in text and "8.1" in text  # the 0-10 averages
    assert "about 20" in text
    assert html.count("<svg") >= 3 + 2  # an interval chart per indicator, a stacked bar for us and others
    assert '· Page " counter(page) " of " counter(pages)' in html
    assert "Intervals are 95% Wilson score intervals" in text
    assert "size: A4 portrait" in html
    for leaked in ("27%", "6.6"):  # what Gwynedd's answers would have made of the benchmarks
        assert leaked not in text


def test_the_pdf_report_of_all_wales_sets_councils_side_by_side(campaigns):
    content = download(None, "en", "pdf")[0]
    assert content.startswith(b"%PDF-")
    html = report_html(result_set(), None, campaign_store.authorities("en"), "en", 10, MADE_ON)
    text = words(html)
    assert "size: A4 landscape" in html
    assert f"All of Wales: Children aged 8-10, {PERIOD}" in text
    assert "50% (37–63%)" in text  # all of Wales knows its social worker
    table = html[html.index('class="side-by-side"') :]
    table = table[: table.index("</table>")]
    headers = re.findall(r'<th scope="col" class="numeric">([^<]+)</th>', table)
    assert headers == ["Cardiff", "Gwynedd", "Isle of Anglesey", "Powys", "Rhondda Cynon Taf", "Swansea"]
    row = table[table.index("Know who their social worker is") :]
    cells = [words(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)][:7]
    # Wales, Cardiff, Gwynedd (too few: a dash), Ynys Môn ("c"), Powys, RCT (a bright spot), Swansea
    assert cells[0] == "50%" and cells[1] == "50%" and cells[3] == "c" and cells[5] == "75% +"
    assert cells[2].startswith("–") and cells[4] == "50%" and cells[6] == "0% −"


def test_the_welsh_pdf_is_in_welsh(campaigns):
    html = report_html(result_set(), authority(RCT), [], "cy", 10, MADE_ON)
    assert '<html lang="cy">' in html
    assert '· Tudalen " counter(page) " o " counter(pages)' in html  # already in the catalogue
    assert "Yn gwybod pwy yw eu gweithiwr cymdeithasol" in html  # from the questionnaire
    assert "23 Tachwedd 2026" in html
    assert "Canlyniadau dienw, a wnaed ar 23 Tachwedd 2026." in html  # needs the Welsh merge
    national = report_html(result_set(), None, campaign_store.authorities("cy"), "cy", 10, MADE_ON)
    assert "Cymru gyfan" in national and "Ynys Môn" in national


def test_file_names_say_what_they_hold_in_plain_ascii(campaigns):
    assert download(ANGLESEY, "cy", "xlsx")[2] == f"lleisiau-{PERIOD}-child-8-10-ynys-mon-cy.xlsx"
    assert download(None, "en", "pdf")[2] == f"lleisiau-{PERIOD}-child-8-10-wales-en.pdf"
    with pytest.raises(ValueError):
        download(None, "en", "docx")


@given(st.text())
def test_slugs_are_plain_ascii(text):
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", ascii_slug(text))


def test_text_that_looks_like_a_formula_stays_text(app):
    sheet = Sheet("Indicators", "A title", pd.DataFrame({"Indicator": ["=1+1", "@x"], "Change": [-5, 3]}))
    rows = csv_rows(csv_bytes(sheet))
    assert [row["Indicator"] for row in rows] == ["'=1+1", "'@x"]
    assert [row["Change"] for row in rows] == ["-5", "3"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([sheet], ["A note."], "Title", "en", MADE_ON)))
    cell = book["Indicators"]["A3"]
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert book["Indicators"]["B3"].value == -5


def test_a_council_under_k_gets_a_report_with_no_figure_of_its_own(campaigns):
    rows = by_indicator(csv_rows(download(GWYNEDD, "en", "csv")[0]))
    knows = rows["Know who their social worker is"]
    assert knows["Answered (rounded to the nearest 5)"] == knows["Positive (%)"] == ""
    assert knows["Other councils (%)"] == "50"  # the four councils shown in full, for reference
    html = report_html(result_set(), authority(GWYNEDD), [], "en", 10, MADE_ON)
    text = words(html)
    assert "Fewer than 10 people from your council answered any question" in text
    assert "too few to show" in text and "about 5" not in text and "about 10" not in text


def test_a_council_with_no_responses_gets_an_empty_report_not_an_error(campaigns):
    conwy = "W06000003"
    assert csv_rows(download(conwy, "en", "csv")[0]) == []
    book = openpyxl.load_workbook(io.BytesIO(download(conwy, "en", "xlsx")[0]))
    assert book.sheetnames == ["Indicators", "Notes"] and book["Indicators"].max_row == 2
    assert download(conwy, "cy", "pdf")[0].startswith(b"%PDF-")
