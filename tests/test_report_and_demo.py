"""The demo data and the reports written by `flask report` (CSV, XLSX, PDF)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Authority, Campaign, Response

from .conftest import create_campaign, create_response, create_version


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), (
        "spreadsheets need the UTF-8 byte-order mark to show Welsh letters"
    )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def closed_campaign(version, slug: str, authority_code: str | None):
    """A campaign that closed yesterday: only closed campaigns have results."""
    yesterday = date.today() - timedelta(days=1)
    return create_campaign(
        version, slug, authority_code, opens_on=yesterday - timedelta(days=30), closes_on=yesterday
    )


def report(runner, *args: str):
    return runner.invoke(args=["report", *args])


def test_the_report_shows_groups_of_at_least_k_and_no_figure_for_the_others(
    app, runner, short_8_10, tmp_path
):
    campaign = closed_campaign(create_version(short_8_10), "cymru", None)
    for _ in range(12):
        create_response(campaign, {"safe_at_home": "all_the_time", "good_friend": "no"}, "W06000001")
    for _ in range(4):
        create_response(campaign, {"safe_at_home": "never"}, "W06000002")
    out = tmp_path / "report.csv"
    result = report(runner, "--campaign", "cymru", "--lang", "cy", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    # Headers already in the Welsh catalogue (the others need the Welsh merge of issue 6).
    assert list(rows[0])[:2] == ["Cod yr awdurdod", "Awdurdod"]
    assert "Dangosydd" in rows[0] and "Wedi ateb (wedi'i dalgrynnu i'r 5 agosaf)" in rows[0]
    assert {row["Cod yr awdurdod"] for row in rows} == {"W06000001", "W06000002"}
    anglesey = {row["Dangosydd"]: row for row in rows if row["Cod yr awdurdod"] == "W06000001"}
    safe = anglesey["Yn teimlo'n ddiogel lle maen nhw'n byw"]
    assert safe["Awdurdod"] == "Ynys Môn"
    assert safe["Wedi ateb (wedi'i dalgrynnu i'r 5 agosaf)"] == "10"  # 12, rounded to the nearest 5
    figures = list(safe.values())
    assert "100" in figures
    assert "0" in anglesey["Mae ganddyn nhw ffrind da"].values()
    assert "Yn hoffi'r ysgol" not in anglesey  # nobody answered it
    for row in rows:
        if row["Cod yr awdurdod"] == "W06000002":  # 4 answered: under K, so no figure of its own
            assert row["Wedi ateb (wedi'i dalgrynnu i'r 5 agosaf)"] == ""
            assert not any(value in ("0", "100", "4", "5") for value in list(row.values())[4:8])


def test_the_report_in_english_for_one_authority_of_a_campaign_across_wales(
    app, runner, short_8_10, tmp_path
):
    campaign = closed_campaign(create_version(short_8_10), "cymru", None)
    for _ in range(10):
        create_response(campaign, {"safe_at_home": "never"}, "W06000016")
    for _ in range(10):
        create_response(campaign, {"safe_at_home": "never"}, "W06000015")
    out = tmp_path / "rct.csv"
    result = report(
        runner, "--campaign", "cymru", "--authority", "W06000016", "--lang", "en", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "rhondda-cynon-taf-en.csv" in result.output
    rows = read_csv(out)
    assert "Authority" not in rows[0]  # one council's report: no other council in it
    safe = next(row for row in rows if row["Indicator"] == "Feel safe where they live")
    assert safe["Positive (%)"] == "0" and safe["Answered (rounded to the nearest 5)"] == "10"


def test_partial_responses_are_not_counted(app, runner, short_8_10, tmp_path):
    campaign = closed_campaign(create_version(short_8_10), "local", "W06000016")
    for _ in range(10):
        create_response(campaign, {"safe_at_home": "all_the_time"})
    partial = create_response(campaign, {"safe_at_home": "never"})
    partial.status, partial.submitted_on = "partial", None
    db.session.commit()
    out = tmp_path / "local.csv"
    result = report(runner, "--campaign", "local", "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    safe = next(row for row in read_csv(out) if row["Indicator"] == "Feel safe where they live")
    assert safe["Positive (%)"] == "100"


def test_the_report_writes_xlsx_and_pdf(app, runner, short_8_10, tmp_path):
    campaign = closed_campaign(create_version(short_8_10), "local", "W06000016")
    for _ in range(10):
        create_response(campaign, {"safe_at_home": "all_the_time", "life_score": "8"})
    for fmt in ("xlsx", "pdf"):
        out = tmp_path / f"local.{fmt}"
        result = report(runner, "--campaign", "local", "--lang", "en", "--format", fmt, "--out", str(out))
        assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "local.xlsx")
    assert book.sheetnames[0] == "Indicators" and book.sheetnames[-1] == "Notes"
    assert (tmp_path / "local.pdf").read_bytes().startswith(b"%PDF-")
    national = tmp_path / "wales.pdf"
    cymru = closed_campaign(campaign.questionnaire_version, "cymru", None)
    create_response(cymru, {"safe_at_home": "never"}, "W06000001")
    result = report(runner, "--campaign", "cymru", "--lang", "cy", "--format", "pdf", "--out", str(national))
    assert result.exit_code == 0 and "cymru-cy.pdf" in result.output, result.output
    assert national.read_bytes().startswith(b"%PDF-")


def test_report_refuses_a_campaign_that_has_not_closed(app, runner, campaign, tmp_path):
    out = tmp_path / "x.csv"
    result = report(runner, "--campaign", "test-campaign", "--out", str(out))
    assert result.exit_code != 0
    assert f"results appear once the campaign has closed on {campaign.closes_on.isoformat()}" in result.output
    assert not out.exists()


def test_report_refuses_an_unknown_campaign_or_authority(app, runner, campaign, tmp_path):
    result = report(runner, "--campaign", "nope", "--out", str(tmp_path / "x.csv"))
    assert result.exit_code != 0 and "no campaign with slug 'nope'" in result.output
    result = report(
        runner, "--campaign", "test-campaign", "--authority", "W0", "--out", str(tmp_path / "x.csv")
    )
    assert result.exit_code != 0 and "no authority" in result.output
    # A council's own campaign gives only that council's report.
    result = report(
        runner, "--campaign", "test-campaign", "--authority", "W06000015", "--out", str(tmp_path / "x.csv")
    )
    assert result.exit_code != 0 and "belongs to W06000016" in result.output


def test_demo_spreads_plausible_responses_across_the_22_authorities_some_under_k(app, runner, tmp_path):
    assert runner.invoke(args=["questionnaires", "load"]).exit_code == 0
    result = runner.invoke(args=["demo", "--responses", "400", "--seed", "7"])
    assert result.exit_code == 0, result.output
    per_authority = dict(
        db.session.execute(
            select(Authority.ons_code, func.count(Response.id))
            .join(Response, Response.authority_id == Authority.id)
            .join(Campaign, Response.campaign_id == Campaign.id)
            .where(Campaign.slug == "demo-cymru-8-10")
            .group_by(Authority.ons_code)
        ).all()
    )
    assert len(per_authority) == 22
    assert 380 <= sum(per_authority.values()) <= 420
    # The closed campaigns (8-10 this year and last, care leavers) each get as many, for results; the
    # councils' self-audits (one each, for the kite mark) close too.
    closed = db.session.scalars(select(Campaign).where(Campaign.closes_on < date.today())).all()
    assert {each.slug for each in closed} == {
        "demo-cymru-8-10-last-year",
        "demo-cymru-8-10-closed",
        "demo-cymru-care-leavers-closed",
        "demo-cymru-self-audit-closed",
    }
    assert db.session.scalar(select(func.count(Response.id))) >= 4 * 380
    assert sum(1 for count in per_authority.values() if count < 10) >= 3
    assert max(per_authority.values()) >= 3 * min(per_authority.values())
    languages = set(db.session.scalars(select(Response.language)))
    assert languages == {"cy", "en"}
    # Running it again with --only-if-empty adds nothing.
    again = runner.invoke(args=["demo", "--responses", "400", "--seed", "7", "--only-if-empty"])
    assert "nothing added" in again.output
    out = tmp_path / "demo.csv"
    open_campaign = report(runner, "--campaign", "demo-cymru-8-10", "--lang", "en", "--out", str(out))
    assert open_campaign.exit_code != 0 and "results appear once" in open_campaign.output
    closed = report(runner, "--campaign", "demo-cymru-8-10-closed", "--lang", "en", "--out", str(out))
    assert closed.exit_code == 0, closed.output
    rows = read_csv(out)
    assert {row["Note"] for row in rows} >= {"", "Not shown: too few answered"}
    assert any(row["Positive (%)"] not in ("", "c") for row in rows)


def test_the_demo_opens_a_campaign_to_try_each_questionnaire_and_links_lists_them(app, runner, client):
    runner.invoke(args=["questionnaires", "load"])
    runner.invoke(args=["demo", "--responses", "20", "--seed", "1"])
    links = runner.invoke(args=["links"]).output
    for questionnaire_id in ("children-4-7", "foster-carers", "authority-self-audit"):
        assert f"{app.config['LLEISIAU_BASE_URL']}/cy/s/demo-try-{questionnaire_id}" in links
        assert client.get(f"/en/s/demo-try-{questionnaire_id}").status_code == 200


CLOSED_DEMO = (
    "demo-cymru-8-10-last-year",
    "demo-cymru-8-10-closed",
    "demo-cymru-care-leavers-closed",
    "demo-cymru-self-audit-closed",
)


def test_links_lists_the_closed_demo_surveys_and_one_shows_you_said_we_will(app, runner, client):
    runner.invoke(args=["questionnaires", "load"])
    assert runner.invoke(args=["demo", "--responses", "20", "--seed", "1"]).exit_code == 0
    links = runner.invoke(args=["links"]).output
    base = app.config["LLEISIAU_BASE_URL"]
    for slug in CLOSED_DEMO:
        [line] = [line for line in links.splitlines() if line.strip().startswith(f"{base}/cy/s/{slug}")]
        assert "(closed" in line, line
    assert '/cy/s/demo-cymru-8-10-closed  (closed, with "You said, we will")' in links
    assert "/cy/s/demo-cymru-8-10-last-year  (closed)" in links
    # What a child sees at that link: the closed page, the national statement and the council's.
    welsh = client.get("/cy/s/demo-cymru-8-10-closed")
    assert welsh.status_code == 410
    text = welsh.get_data(as_text=True)
    assert "Dywedoch chi, fe wnawn ni" in text and "Diolch i bob plentyn a atebodd" in text
    assert "Rhondda Cynon Taf" in text and "brodyr a&#39;ch chwiorydd" in text
    english = client.get("/en/s/demo-cymru-8-10-closed").get_data(as_text=True)
    assert "You said, we will" in english and "Thank you to every child who answered" in english
    assert "Diolch" not in english


def test_the_demo_statements_reach_an_older_demo_and_never_replace_an_officers(app, runner):
    from survey_app.models import YouSaidWeWill
    from survey_app.store import campaigns as campaign_store
    from survey_app.store import you_said as you_said_store

    runner.invoke(args=["questionnaires", "load"])
    runner.invoke(args=["demo", "--responses", "20", "--seed", "1"])
    campaign = campaign_store.campaign_by_slug("demo-cymru-8-10-closed")
    db.session.query(YouSaidWeWill).delete()  # a demo database made before there were statements
    you_said_store.save(campaign, None, "Ein geiriau ni.", "Our own words.", date.today())
    db.session.commit()
    again = runner.invoke(args=["demo", "--only-if-empty"])
    assert "nothing added" in again.output
    found = {each.authority_id: each.text_en for each in you_said_store.statements(campaign, "en")}
    assert found[None] == "Our own words."  # the officer's, kept
    assert len(found) == 2  # and the council's demo statement, added


def test_demo_is_the_same_for_the_same_seed(app, runner):
    runner.invoke(args=["questionnaires", "load"])
    runner.invoke(args=["demo", "--responses", "100", "--seed", "3"])
    first = sorted(str(answers) for answers in db.session.scalars(select(Response.answers)))
    db.session.query(Response).delete()
    db.session.commit()
    runner.invoke(args=["demo", "--responses", "100", "--seed", "3"])
    second = sorted(str(answers) for answers in db.session.scalars(select(Response.answers)))
    assert first == second


def test_loading_questionnaires_twice_publishes_one_frozen_version(app, runner):
    first = runner.invoke(args=["questionnaires", "load"])
    assert "version 1 published" in first.output
    second = runner.invoke(args=["questionnaires", "load"])
    assert "version 1 unchanged" in second.output
