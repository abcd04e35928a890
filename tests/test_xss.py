"""Cross-site scripting: whatever staff import or type, and whatever a respondent writes, stays text.

Hypothesis mixes known attack strings (script tags, on*= handlers, javascript: links, quotes that
close an attribute, </textarea>, SVG, look-alike and direction-changing characters) with random
characters, and sends them through every way text gets into a page: a questionnaire imported as
YAML and edited in the draft editor (then previewed and answered as a published survey), a council's
help contacts, and a respondent's free-text answer (on the check page, the analysts' review page and
in spreadsheet downloads). Each page is parsed: no script but our own files, no event handler, no
javascript: link, and the typed text is shown as text.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from survey_app.content.translation import Entry, export_xlsx, read_xlsx_strings
from survey_app.extensions import db
from survey_app.models import AuthorityHelpContact
from survey_app.results import spreadsheets as downloads
from survey_app.results.periods import period_of
from survey_app.results.spreadsheets import Sheet
from survey_app.store import questionnaires as questionnaire_store
from survey_app.web.inline_style import STYLESHEET, minify_css
from tests.conftest import (
    HOME_AUTHORITY,
    Page,
    create_campaign,
    create_response,
    create_user,
    create_version,
    data_dir,
    get_page,
    sign_in,
    submit,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><body onpageshow=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "</title><script src=//evil.example/x.js></script>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(document.cookie)",
    "<svg><script>alert(1)</script></svg>",
    '<iframe srcdoc="<script>alert(1)</script>">',
    "{{ config }}{% raw %}",
    "＜script＞alert(1)＜/script＞",  # full-width look-alikes
    "\u202e<b onmouseover=alert(1)>txet</b>",  # right-to-left override
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<style>*{display:none}</style>",
    '" autofocus onfocus="alert(1)',
]
FILLER = st.text(alphabet="ab ŵŷ'\"<>/=&;:\u200b", max_size=6)
PAYLOAD = st.builds(
    lambda before, attack, after: f"x{before}{attack}{after}x", FILLER, st.sampled_from(PAYLOADS), FILLER
)
FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ACTIVE_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
NEVER_TAGS = {"object", "embed", "base", "frame", "frameset", "applet", "foreignobject", "style"}
# The one <style> a page may hold: our stylesheet, inlined in <head> (its CSP hash: test_inline_style.py).
OUR_STYLE = minify_css((Path(__file__).parent.parent / "survey_app" / "static" / STYLESHEET).read_text())


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_inert(html: str, shown: str | None = None, where: str = "") -> None:
    """The page runs nothing but our own scripts; `shown`, if given, appears on it as text."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src", "").startswith("/static/") and not script.get_text().strip(), (where, script)
    ours = [tag for tag in soup.select("head > style") if tag.get_text() == OUR_STYLE and not tag.attrs]
    for tag in soup.find_all(True):
        if tag in ours:
            continue
        assert tag.name.lower() not in NEVER_TAGS, (where, str(tag)[:200])
        if tag.name.lower() == "iframe":  # only the staff preview's frame, of a page of our own
            assert tag.get("src", "").startswith("/") and not tag.has_attr("srcdoc"), (where, str(tag)[:200])
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (where, str(tag)[:200])
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "srcdoc"):
                assert not ACTIVE_URL.match(str(value)), (where, str(tag)[:200])
    if shown is not None:
        texts = [squash(soup.get_text(" "))] + [
            squash(tag.get_text() if tag.name == "textarea" else tag.get("value", ""))
            for tag in soup.find_all(["textarea", "input"])
        ]
        assert any(squash(shown) in text for text in texts), (where, shown)


# --- (a) questionnaire text: imported, edited, previewed, published, answered -------------------


def questionnaire_with(text: str, new_id: str) -> bytes:
    """tests/data/short-8-10.yaml under a new id, with `text` in its title and first question."""
    raw = yaml.safe_load((data_dir() / "short-8-10.yaml").read_text(encoding="utf-8"))
    raw["id"] = new_id
    raw["title"] = {"en": f"T {text}", "cy": f"T {text} cy"}
    first = raw["pages"][0]["items"][0]
    first["text"] = {"en": f"Q {text}", "cy": f"Q {text} cy"}
    return yaml.safe_dump(raw, allow_unicode=True).encode("utf-8")


def test_questionnaire_text_is_never_run_on_any_page(app, client):
    create_user("officer@rct.example", "officer")
    sign_in(client, "officer@rct.example")
    seen = {"examples": 0}

    # Each example imports, edits, previews, publishes and answers: few examples, no shrinking.
    @settings(FAST, max_examples=8, phases=[Phase.explicit, Phase.reuse, Phase.generate])
    @given(PAYLOAD, PAYLOAD)
    def imported_then_edited(imported: str, edited: str) -> None:
        seen["examples"] += 1
        new_id = f"xss-{seen['examples']}"
        form = get_page(client, "/en/staff/drafts/import")
        page = submit(
            client,
            form,
            {"file": (io.BytesIO(questionnaire_with(imported, new_id)), "x.yaml")},
            content_type="multipart/form-data",
        )
        assert page.status == 200, page.main_text()
        editor = page
        assert_inert(editor.response.get_data(as_text=True), f"Q {imported}", "draft editor")
        draft_id = int(editor.response.request.path.rsplit("/", 1)[1])
        fields = {
            each["name"]: each.get("value", "") for each in editor.soup.select("main form input[type=hidden]")
        }
        textareas = {
            each["name"]: each.get_text()
            for each in editor.soup.select(f"form[action$='/{draft_id}'] textarea")
        }
        question = next(name for name, value in textareas.items() if value == f"Q {imported}")
        fields.update(textareas)
        fields[question] = f"Q {edited}"
        fields["ok:" + question.split(":", 1)[1]] = "1"  # the Welsh checked against the new English
        saved = client.post(f"/en/staff/drafts/{draft_id}", data=fields, follow_redirects=True)
        assert saved.status_code == 200
        assert_inert(saved.get_data(as_text=True), f"Q {edited}", "draft editor after saving")
        for lang in ("en", "cy"):
            preview = client.get(f"/{lang}/staff/preview/draft/{draft_id}", follow_redirects=True)
            assert preview.status_code == 200
            assert_inert(preview.get_data(as_text=True), where=f"preview {lang}")
            for frame in Page(preview).soup.select("iframe"):
                inside = client.get(frame["src"], follow_redirects=True)
                assert inside.status_code == 200
                assert_inert(inside.get_data(as_text=True), where=f"preview frame {lang}")
        # Publish straight from the stored draft and answer it as a respondent.
        version = questionnaire_store.latest_published(new_id)
        if version is None:
            published = submit(
                client, get_page(client, f"/en/staff/drafts/{draft_id}"), {}, form_selector="#publish form"
            )
            assert published.status == 200
            version = questionnaire_store.latest_published(new_id)
        assert version is not None
        create_campaign(version, slug=new_id)
        respondent = app.test_client()
        for lang in ("en", "cy"):
            intro = get_page(respondent, f"/{lang}/s/{new_id}")
            assert_inert(intro.response.get_data(as_text=True), where=f"introduction {lang}")
            first = submit(respondent, intro, {})
            assert_inert(first.response.get_data(as_text=True), where=f"first question {lang}")
            if lang == "en":
                assert squash(f"Q {edited}") in first.text()

    imported_then_edited()
    assert seen["examples"] > 5


# --- (c) a council's help contacts --------------------------------------------------------------


def test_help_contacts_typed_by_staff_are_shown_as_text(app, client, campaign):
    create_user("officer@rct.example", "officer")
    sign_in(client, "officer@rct.example")
    respondent = app.test_client()

    @FAST
    @given(
        PAYLOAD,
        st.sampled_from(
            [
                "javascript:alert(1)",
                " JaVaScRiPt:alert(1)",
                "data:text/html,<script>",
                'https://ok.example/"><script>',
            ]
        ),
    )
    def typed(text: str, website: str) -> None:
        form = get_page(client, "/en/staff/settings/help/new")
        fields = {
            "kind": "contact",
            "audience": "everyone",
            "name_en": text[:100],
            "name_cy": text[:100],
            "description_en": text,
            "description_cy": text,
            "phone": "",
            "text": "",
            "website": website,
            "position": "1",
        }
        page = submit(client, form, fields)
        assert page.status in (200, 400)
        assert_inert(page.response.get_data(as_text=True), where="help contact form")
        for lang in ("en", "cy"):
            shown = get_page(respondent, f"/{lang}/s/test-campaign")
            assert_inert(shown.response.get_data(as_text=True), where=f"respondent help {lang}")
        listing = get_page(client, "/en/staff/settings/help")
        assert_inert(listing.response.get_data(as_text=True), where="contacts list")

    typed()
    assert db.session.query(AuthorityHelpContact).count() > 0  # payloads were saved, and shown


# --- (d) a respondent's free text ---------------------------------------------------------------


def answer_free_text(client, text: str) -> tuple[Page, str]:
    """Answer short-8-10 with only the free-text question; return the check page and the question's URL."""
    page = submit(client, get_page(client, "/en/s/test-campaign"), {})
    while page.soup.select_one("textarea") is None:
        page = submit(client, page, {"action": "continue"})
    question = page.response.request.path
    name = page.soup.select_one("textarea")["name"]
    page = submit(client, page, {name: text, "action": "continue"})
    while "/send" not in page.response.request.path:
        page = submit(client, page, {"action": "continue"})
    return page, question


def test_free_text_is_shown_back_as_text_on_the_check_page_and_when_going_back(app, campaign):
    @settings(FAST, max_examples=12, phases=[Phase.explicit, Phase.reuse, Phase.generate])
    @given(PAYLOAD)
    def written(text: str) -> None:
        client = app.test_client()
        check, question = answer_free_text(client, text)
        assert_inert(check.response.get_data(as_text=True), where="check page")
        back = get_page(client, question)  # the answer, shown back in its box
        assert_inert(back.response.get_data(as_text=True), text, "question page with the answer")
        assert back.soup.select_one("textarea").get_text() == text

    written()


def test_free_text_on_the_analysts_review_page_is_text(app, client, short_8_10):
    yesterday = date.today() - timedelta(days=1)
    wales = create_campaign(
        create_version(short_8_10), slug="closed", authority_code=None,
        opens_on=yesterday - timedelta(days=20), closes_on=yesterday,
    )  # fmt: skip
    for payload in PAYLOADS:
        for n in range(2):
            create_response(wales, {"make_care_better": f"{payload} {n}"}, HOME_AUTHORITY, "en")
    create_user("analyst@rct.example", "analyst")
    sign_in(client, "analyst@rct.example")
    base = f"/en/staff/themes/{period_of(yesterday)}/child-8-10"
    pages = [base + "/review", base + "/review?page=2", base + f"/{HOME_AUTHORITY}", base]
    for fmt in ("csv", "xlsx"):
        pages.append(base + f"/{HOME_AUTHORITY}/download.{fmt}")
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        if response.mimetype == "text/html":
            assert_inert(response.get_data(as_text=True), where=path)
        elif response.mimetype == "text/csv":
            assert_no_formulas_in_csv(response.data.decode("utf-8-sig"))
        else:
            assert_no_formulas_in_xlsx(response.data)
    review = Page(client.get(base + "/review"))
    shown = " ".join(quote.get_text() for quote in review.soup.select("article.comment blockquote"))
    assert "<script>alert(1)</script>" in shown  # shown as the words the child wrote


# --- spreadsheets: a cell never starts a formula ------------------------------------------------

FORMULA = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(["=", "+", "-", "@", "=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example")']),
    # Printable text: a spreadsheet cannot hold control characters at all.
    st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=12).map(str.strip),
)


def assert_no_formulas_in_csv(text: str) -> None:
    import csv

    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert (
                not cell.startswith(downloads.FORMULA_START) or cell.lstrip("-").replace(".", "").isdigit()
            ), cell


def assert_no_formulas_in_xlsx(data: bytes) -> None:
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_results_downloads_never_hold_a_formula(app):
    @FAST
    @given(st.lists(FORMULA, min_size=1, max_size=4))
    def written(texts: list[str]) -> None:
        results_download(texts)

    written()


def results_download(texts: list[str]) -> None:
    import csv

    import pandas as pd

    sheet = Sheet(
        name="Quotes", title="Quotes", frame=pd.DataFrame({"Quote": texts, "Count": range(len(texts))})
    )
    csv_text = downloads.csv_bytes(sheet).decode("utf-8-sig")
    assert_no_formulas_in_csv(csv_text)
    quotes = [row[0] for row in csv.reader(io.StringIO(csv_text))][1:]
    assert quotes == [f"'{text}" if text.startswith(downloads.FORMULA_START) else text for text in texts]
    data = downloads.xlsx_bytes([sheet], ["note"], "Title", "en", date.today())
    assert_no_formulas_in_xlsx(data)
    cells = [cell.value for row in load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row]
    assert all(text in cells for text in texts)  # the words themselves, as text


@FAST
@given(st.lists(FORMULA, min_size=1, max_size=4))
def test_the_translators_spreadsheet_never_holds_a_formula_and_reads_back_the_same(texts):
    entries = [
        Entry(file=Path("q.yaml"), path=("pages", n), context=f"q.yaml:{n}", en=text, cy=text, note="")
        for n, text in enumerate(texts)
    ]
    data = export_xlsx(entries, {})
    assert_no_formulas_in_xlsx(data)
    returned = read_xlsx_strings(data)
    assert [each.cy for each in returned] == texts
