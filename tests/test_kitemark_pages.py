"""Kite-mark pages: the panel sets the bar, councils see their verdicts and why, and the PDFs."""

from __future__ import annotations

import contextlib
import zlib
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from analysis.disclosure import DisclosureControl
from analysis.kitemark import IndicatorCriterion, SelfAuditCriterion, reference_problems
from survey_app.content.frozen import FrozenQuestionnaire
from survey_app.extensions import db
from survey_app.kitemark.criteria import kitemark
from survey_app.kitemark.documents import certificate_html, report_html
from survey_app.kitemark.gather import period_evidence
from survey_app.kitemark.report import build_report
from survey_app.models import AuditEvent, Authority, KitemarkThreshold
from survey_app.results.periods import period_of

from .conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    Page,
    create_campaign,
    create_response,
    create_user,
    create_version,
    get_page,
    sign_in,
)
from .conftest import submit as submit_fields

YESTERDAY = date.today() - timedelta(days=1)
PERIOD = period_of(YESTERDAY)
EVIDENCE_TEXT = (
    "Written offer agreed by the corporate parenting board in May. Ring Sian Jenkins on 01443 425000 "
    "for the personal adviser figures."
)


CRITERIA_INDICATORS = {each.indicator for each in kitemark().criteria if isinstance(each, IndicatorCriterion)}


def answers_for(frozen: FrozenQuestionnaire, negative: frozenset[str] = frozenset()) -> dict[str, object]:
    """Answers to every item carrying a kite-mark indicator: positive, except for the `negative` ones."""
    found: dict[str, object] = {}
    for item in frozen.items():
        if item.indicator in CRITERIA_INDICATORS:
            good = set(frozen.indicators[item.indicator].positive)
            values = [value for value in frozen.values(item) if value != "rather_not_say"]
            wanted = [value for value in values if (value in good) != (item.indicator in negative)]
            found[item.id] = [wanted[0]] if item.type == "multiple_choice" else wanted[0]
    return found


def self_audit_answers(answer: str) -> dict[str, str]:
    answers: dict[str, str] = {}
    for each in kitemark().criteria:
        if isinstance(each, SelfAuditCriterion):
            answers.update(dict.fromkeys(each.items, answer))
    answers.update(
        {area.evidence_item: "Figures from the March performance report." for area in kitemark().areas}
    )
    answers["advice_evidence"] = EVIDENCE_TEXT
    return answers


def closed_campaign(frozen: FrozenQuestionnaire, slug: str):
    return create_campaign(
        create_version(frozen),
        slug=slug,
        authority_code=None,
        opens_on=YESTERDAY - timedelta(days=30),
        closes_on=YESTERDAY,
    )


@pytest.fixture()
def evidence(app, library):
    """Closed surveys and self-audits. Rhondda Cynon Taf: 40 children aged 8-10 and 40 care leavers
    answering positively, except that 30 of the 40 children feel safe at home (75%); every promise in
    place. Cardiff: no survey answers, every promise partly in place."""
    children = library.questionnaires["children-8-10"]
    survey = closed_campaign(children, "cymru-8-10-closed")
    for safe in [True] * 30 + [False] * 10:
        unsafe = frozenset() if safe else frozenset({"feels_safe_at_home"})
        create_response(survey, answers_for(children, unsafe), HOME_AUTHORITY)
    leavers = library.questionnaires["care-leavers-16-25"]
    leavers_survey = closed_campaign(leavers, "cymru-care-leavers-closed")
    for _ in range(40):
        create_response(leavers_survey, answers_for(leavers), HOME_AUTHORITY)
    audits = closed_campaign(library.questionnaires["authority-self-audit"], "cymru-self-audit-closed")
    create_response(audits, self_audit_answers("in_place"), HOME_AUTHORITY)
    create_response(audits, self_audit_answers("partly"), OTHER_AUTHORITY, language="cy")
    return survey


def report_url(code: str = HOME_AUTHORITY, lang: str = "en") -> str:
    return f"/{lang}/staff/kite-mark/{PERIOD}/{code}"


def submit(client, page: Page, data: dict[str, str]) -> Page:
    """Send the thresholds form as a browser would: every field as it stands on the page, plus `data`."""
    form = page.soup.select_one("main form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    fields |= {field["name"]: field.get_text() for field in form.select("textarea[name]")}
    return submit_fields(client, page, {**fields, **data})


def criterion_block(page, label: str) -> str:
    block = next(each for each in page.soup.select(".kitemark-criterion") if label in each.get_text(" "))
    return " ".join(block.get_text(" ").split())


def test_the_criteria_refer_only_to_real_indicators_and_self_audit_items(library):
    asked: dict[str, set[str]] = {}
    audit_items: set[str] = set()
    for frozen in library.questionnaires.values():
        found = frozen.questionnaire
        band = f"{found.audience}-{found.age_band}" if found.age_band else found.audience
        asked.setdefault(band, set()).update(item.indicator for item in frozen.items() if item.indicator)
        if found.audience == "authority":
            audit_items |= {item.id for item in frozen.items()}
    assert reference_problems(kitemark(), asked, set(library.indicators), audit_items) == []
    # ...and the check does find a criterion that names nothing real.
    broken = kitemark().model_copy(
        update={"criteria": [kitemark().criteria[0].model_copy(update={"indicator": "pocket_money"})]}
    )
    assert any("pocket_money" in problem for problem in reference_problems(broken, asked, set(), set()))
    assert {each.kind for each in kitemark().criteria} == {"indicator", "self_audit"}
    assert all(isinstance(each, IndicatorCriterion | SelfAuditCriterion) for each in kitemark().criteria)


def test_a_panel_member_sets_a_threshold_and_the_councils_verdict_changes(app, evidence):
    panel = create_user("panel@rct.example", "panel")
    client = app.test_client()
    sign_in(client, "panel@rct.example")
    before = get_page(client, report_url())
    assert "Awarded All six areas of the offer are met." in before.main_text()
    safe = criterion_block(before, "Young people feel safe where they live")
    assert "Met Every group whose figure can be shown is at or above the bar. The bar: 70%." in safe
    assert f"Children aged 8-10, {PERIOD}: 75% (95% interval 60–86%), about 40 answered." in safe
    assert "At or above the bar of 70%." in safe
    assert f"Young people aged 11-18: no survey of this group closed in {PERIOD}." in safe
    assert before.soup.select_one("a[href$='certificate.pdf']") is not None

    form = get_page(client, "/en/staff/kite-mark/thresholds")
    assert form.soup.select_one("input#safe_at_home")["value"] == "70"
    assert form.soup.select_one("input#safe_at_home")["inputmode"] == "numeric"
    saved = submit(client, form, {"safe_at_home": "80", "reason": "Feeling safe matters most to us."})
    assert "Saved: 1 threshold changed." in saved.main_text()
    [row] = db.session.scalars(select(KitemarkThreshold)).all()
    assert (row.criterion_id, row.threshold, row.set_by_id) == ("safe_at_home", 80, panel.id)
    assert row.set_on == date.today()
    assert "Feeling safe matters most to us." in saved.main_text()  # the history table
    event = db.session.scalars(select(AuditEvent).filter_by(action="kitemark_threshold_set")).one()
    assert event.detail == {
        "changes": {"safe_at_home": [70, 80]},
        "reason": "Feeling safe matters most to us.",
        "shown_as": "Panel member",
    }
    assert event.authority_id is None  # the national audit log

    after = get_page(client, report_url())
    safe = criterion_block(after, "Young people feel safe where they live")
    assert "Not met At least one group is below the bar. The bar: 80%." in safe
    assert "Below the bar of 80%." in safe
    area = after.soup.select_one("#area-safeguarding h2").get_text(" ", strip=True)
    assert area == "Safeguarding from harm: Not met"
    assert "Not yet awarded 5 of the 6 areas of the offer are met." in after.main_text()
    assert after.soup.select_one("a[href$='certificate.pdf']") is None
    assert client.get(report_url() + "/certificate.pdf").status_code == 404

    # Saving the same numbers again adds nothing to the evidence trail.
    unchanged = submit(client, get_page(client, "/en/staff/kite-mark/thresholds"), {"reason": "Checking."})
    assert "Nothing was changed" in unchanged.main_text()
    assert len(db.session.scalars(select(KitemarkThreshold)).all()) == 1
    overview = get_page(client, "/en/staff/kite-mark/")
    # Everyone who views the kite mark sees when the bar moved and why; never which young person moved it.
    assert "Set by the young people's panel on" in overview.main_text()
    assert "Why: Feeling safe matters most to us." in overview.main_text()
    assert "panel@rct.example" not in overview.response.get_data(as_text=True)


def test_names_and_numbers_typed_into_a_reason_are_never_kept(app, evidence):
    create_user("panel@rct.example", "panel")
    client = app.test_client()
    sign_in(client, "panel@rct.example")
    form = get_page(client, "/en/staff/kite-mark/thresholds")
    reason = "Ask Dylan Evans on 07700 900123 or dylan.evans@example.com, it matters."
    saved = submit(client, form, {"safe_at_home": "75", "reason": reason})
    [row] = db.session.scalars(select(KitemarkThreshold)).all()
    for identifier in ("Dylan", "Evans", "07700", "900123", "example.com"):
        assert identifier not in row.reason
        assert identifier not in saved.response.get_data(as_text=True)
    assert "it matters" in row.reason


def test_the_report_shows_each_verdict_why_and_the_councils_own_evidence_redacted(app, evidence):
    create_user("officer@rct.example", "officer")
    client = app.test_client()
    sign_in(client, "officer@rct.example")
    page = get_page(client, report_url())
    rows = {
        row.th.get_text(" ", strip=True): row.select("td")[0].get_text(" ", strip=True)
        for row in page.soup.select(".kitemark-overall tbody tr")
    }
    assert len(rows) == 6 and set(rows.values()) == {"Met"}
    promises = criterion_block(page, "The council's promises on advice and help are in place")
    assert "6 of 6 promises in place with evidence" in promises and "Score: 100%" in promises
    assert "Every care leaver is offered a personal adviser up to the age of 25" in promises
    written = page.soup.select_one("#area-advice_assistance .kitemark-written").get_text(" ", strip=True)
    assert "corporate parenting board in May" in written
    for identifier in ("Sian", "Jenkins", "01443", "425000"):
        assert identifier not in page.response.get_data(as_text=True)
    adviser = criterion_block(page, "Care leavers can get hold of their personal adviser")
    assert f"Care leavers aged 16-25, {PERIOD}: 100%" in adviser
    assert "Every council needs evidence for this." not in adviser
    safe = criterion_block(page, "Young people feel safe where they live")
    assert "Every council needs evidence for this." in safe


def test_a_council_with_partial_promises_and_no_survey_answers_is_told_why(app, evidence):
    create_user("officer@cardiff.example", "officer", OTHER_AUTHORITY)
    client = app.test_client()
    sign_in(client, "officer@cardiff.example")
    page = get_page(client, report_url(OTHER_AUTHORITY))
    assert "Not yet awarded 0 of the 6 areas of the offer are met." in page.main_text()
    promises = criterion_block(page, "The council's promises on growing up are in place")
    assert "0 of 6 promises in place with evidence, 6 partly in place" in promises
    assert "Score: 50%; the bar is 60%." in promises
    assert "Not met The score is below the bar." in promises
    safe = criterion_block(page, "Young people feel safe where they live")
    assert "No evidence yet" in safe
    assert f"Children aged 8-10, {PERIOD}: nobody from this council answered this question." in safe
    assert page.soup.select_one("a[href$='certificate.pdf']") is None
    assert client.get(report_url(OTHER_AUTHORITY) + "/certificate.pdf").status_code == 404


def test_who_sees_which_councils_kite_mark(app, evidence):
    for email, role in (("panel@rct.example", "panel"), ("officer@rct.example", "officer")):
        create_user(email, role)
    create_user("national@wales.example", "national", None)
    panel = app.test_client()
    sign_in(panel, "panel@rct.example")
    listing = get_page(panel, f"/en/staff/kite-mark/{PERIOD}/")
    assert len(listing.soup.select("tbody tr")) == 22
    cardiff = get_page(panel, report_url(OTHER_AUTHORITY))
    assert "Cardiff: corporate parenting kite mark" in cardiff.main_text()
    officer = app.test_client()
    sign_in(officer, "officer@rct.example")
    get_page(officer, report_url(OTHER_AUTHORITY), status=404)
    assert officer.get(report_url(OTHER_AUTHORITY) + "/report.pdf").status_code == 404
    get_page(officer, report_url("W06999999"), status=404)
    get_page(officer, f"/en/staff/kite-mark/1999-00/{HOME_AUTHORITY}", status=404)
    get_page(officer, f"/en/staff/kite-mark/not-a-year/{HOME_AUTHORITY}", status=404)
    own = get_page(officer, f"/en/staff/kite-mark/{PERIOD}/")
    assert [row.th.get_text(strip=True) for row in own.soup.select("tbody tr")] == ["Rhondda Cynon Taf"]
    overview = get_page(officer, "/en/staff/kite-mark/")
    assert overview.soup.select_one(f"a[href='{report_url()}']") is not None
    assert overview.soup.select_one("a[href='/en/staff/kite-mark/thresholds']") is None
    assert "panel@rct.example" not in overview.main_text()
    national = app.test_client()
    sign_in(national, "national@wales.example")
    get_page(national, report_url(OTHER_AUTHORITY))


@pytest.mark.parametrize("role", ["analyst", "officer", "admin", "national"])
def test_only_the_young_peoples_panel_may_set_thresholds(app, evidence, role):
    create_user(f"{role}@rct.example", role, None if role == "national" else HOME_AUTHORITY)
    client = app.test_client()
    page = sign_in(client, f"{role}@rct.example")
    token = page.soup.select_one("form.sign-out input[name=csrf_token]")["value"]
    assert client.get("/en/staff/kite-mark/thresholds").status_code == 403
    response = client.post("/en/staff/kite-mark/thresholds", data={"csrf_token": token, "safe_at_home": "5"})
    assert response.status_code == 403
    assert db.session.scalars(select(KitemarkThreshold)).all() == []
    assert "Set the thresholds" not in get_page(client, "/en/staff/kite-mark/").main_text()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_bad_thresholds_are_explained_and_nothing_typed_is_lost(app, evidence, lang):
    create_user("panel@rct.example", "panel")
    client = app.test_client()
    sign_in(client, "panel@rct.example", lang=lang)
    form = get_page(client, f"/{lang}/staff/kite-mark/thresholds")
    typed = {"safe_at_home": "150", "say_listened_to": "abc", "advice_promises": "65", "reason": "Ein rheswm"}
    page = submit(client, form, typed)
    assert page.status == 400 and page.lang == lang
    assert page.soup.title.get_text().startswith("Error:" if lang == "en" else "Gwall:")
    for name, value in typed.items():
        field = page.soup.select_one(f"#{name}")
        assert (field.get_text() if name == "reason" else field["value"]) == value
    assert page.soup.select_one("#advice_promises-error") is None
    summary = [link["href"] for link in page.soup.select(".error-summary a")]
    assert summary == ["#safe_at_home", "#say_listened_to"]
    message = page.soup.select_one("#safe_at_home-error").get_text(" ", strip=True)
    if lang == "cy":
        assert "Mae pobl ifanc yn teimlo'n ddiogel lle maen nhw'n byw" in message  # the criterion's own Welsh
        assert "teipiwch rif cyfan o 0 i 100" in message  # needs the Welsh merge
    else:
        assert message.endswith(
            "“Young people feel safe where they live”: type a whole number from 0 to 100."
        )
    assert db.session.scalars(select(KitemarkThreshold)).all() == []
    fixed = submit(client, page, {"safe_at_home": "75%", "say_listened_to": "65"})
    assert fixed.status == 200
    saved = {row.criterion_id: row.threshold for row in db.session.scalars(select(KitemarkThreshold))}
    assert saved == {"safe_at_home": 75, "say_listened_to": 65, "advice_promises": 65}
    assert {row.reason for row in db.session.scalars(select(KitemarkThreshold))} == {"Ein rheswm"}


def test_the_welsh_report_uses_the_criteria_in_welsh(app, evidence):
    create_user("panel@rct.example", "panel")
    client = app.test_client()
    sign_in(client, "panel@rct.example", lang="cy")
    page = get_page(client, report_url(OTHER_AUTHORITY, "cy"))
    assert page.lang == "cy"
    text = page.main_text()
    assert (
        "Caerdydd" in text and "Diogelu rhag niwed" in text and "Cael dweud eu dweud a chynhwysiant" in text
    )
    assert "Mae addewidion y cyngor am gyngor a help ar waith" in text
    assert "Ar waith yn rhannol" in text  # Cardiff's answers, in the self-audit's own Welsh
    assert "nod barcud rhianta corfforaethol" in text  # needs the Welsh merge
    overview = get_page(client, "/cy/staff/kite-mark/")
    assert "Mae pobl ifanc yn teimlo eu bod yn cael eu clywed" in overview.main_text()


def pdf_text(content: bytes) -> bytes:
    """The PDF's bytes with every stream inflated (enough to find its metadata and tags)."""
    found = [content]
    start = 0
    while (start := content.find(b"stream", start)) != -1:
        body = content[start + 6 :].lstrip(b"\r\n")
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompressobj().decompress(body))
        start += 6
    return b"\n".join(found)


def test_the_report_pdf_in_the_pages_language_and_the_downloads_are_logged(app, evidence):
    create_user("officer@rct.example", "officer")
    client = app.test_client()
    sign_in(client, "officer@rct.example")
    response = client.get(report_url(lang="cy") + "/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert f"lleisiau-kite-mark-report-{PERIOD}-rhondda-cynon-taf-cy.pdf" in disposition
    assert b"Rhondda Cynon Taf" in pdf_text(response.data)
    event = db.session.scalars(select(AuditEvent).filter_by(action="downloaded")).one()
    assert event.detail == {
        "format": "pdf",
        "document": "report",
        "language": "cy",
        "authority": HOME_AUTHORITY,
    }
    html = report_html(report_for(HOME_AUTHORITY), "en", date(2027, 3, 1))
    assert '<html lang="en">' in html and "size: A4 portrait" in html
    assert f"<h1>Rhondda Cynon Taf: corporate parenting kite mark, {PERIOD}</h1>" in html
    assert "All six areas of the offer are met." in html and "Made on 1 March 2027." in html
    assert "01443" not in html


def report_for(code: str):
    authority = db.session.scalars(select(Authority).filter_by(ons_code=code)).one()
    return build_report(period_evidence(PERIOD, date.today(), DisclosureControl(10)), authority, 10)


def test_the_certificate_is_bilingual_welsh_first_and_only_for_an_award(app, evidence):
    create_user("panel@rct.example", "panel")
    client = app.test_client()
    sign_in(client, "panel@rct.example")
    response = client.get(report_url() + "/certificate.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert (
        f"lleisiau-kite-mark-certificate-{PERIOD}-rhondda-cynon-taf-cy-en.pdf"
        in response.headers["Content-Disposition"]
    )
    event = db.session.scalars(select(AuditEvent).filter_by(action="downloaded")).one()
    assert event.detail["document"] == "certificate"
    html = certificate_html(report_for(HOME_AUTHORITY), date(2027, 3, 1))
    assert "size: A4 landscape" in html
    welsh, english = html.index('lang="cy">'), html.index('lang="en">')
    assert welsh < english
    assert (
        html.count("Rhondda Cynon Taf") >= 2
        and "Advice and assistance" in html
        and "Cyngor a chymorth" in html
    )
    assert "1 March 2027" in html and "1 Mawrth 2027" in html
    assert "Nod barcud rhianta corfforaethol" in html  # needs the Welsh merge
    with pytest.raises(ValueError):
        certificate_html(report_for(OTHER_AUTHORITY), date(2027, 3, 1))


def test_the_demo_self_audits_are_varied_deterministic_and_redacted(app, runner):
    from survey_app.kitemark.demo import NOT_SENT, add_demo_self_audits
    from survey_app.kitemark.gather import award_for
    from survey_app.models import Response
    from survey_app.store import campaigns as campaign_store

    assert runner.invoke(args=["questionnaires", "load"]).exit_code == 0
    assert add_demo_self_audits(date.today()) == 22 - len(NOT_SENT)
    assert add_demo_self_audits(date.today()) == 0  # once only
    sent = db.session.scalars(select(Response)).all()
    assert {each.language for each in sent} == {"cy", "en"}
    assert all(each.status == "complete" for each in sent)
    answers = [each.answers.get("advice_personal_adviser_offered") for each in sent]
    assert {"in_place", "partly"} <= set(answers) and len(set(answers)) >= 3
    assert any("01443 425000" in str(each.answers) for each in sent)  # as officers sometimes write
    evidence = period_evidence(PERIOD, date.today(), DisclosureControl(10))
    verdicts = set()
    for authority in campaign_store.authorities():
        award = award_for(evidence, authority)
        verdicts |= {each.verdict for area in award.areas for each in area.criteria}
        for area in award.areas:
            assert area.written is None or ("01443" not in area.written and "Jenkins" not in area.written)
    assert {"met", "not_met"} <= verdicts
