"""The demo data and the CSV report written by `flask report`."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Authority, Response

from .conftest import create_campaign, create_response, create_version


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), (
        "spreadsheets need the UTF-8 byte-order mark to show Welsh letters"
    )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_report_shows_authorities_with_at_least_k_responses_and_nothing_for_the_others(
    app, runner, short_8_10, tmp_path
):
    campaign = create_campaign(create_version(short_8_10), slug="cymru", authority_code=None)
    for _ in range(12):
        create_response(campaign, {"safe_at_home": "all_the_time", "good_friend": "no"}, "W06000001")
    for _ in range(4):
        create_response(campaign, {"safe_at_home": "never"}, "W06000002")
    out = tmp_path / "report.csv"
    result = runner.invoke(
        args=["report", "--campaign", "cymru", "--lang", "cy", "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert list(rows[0]) == [
        "Cod yr awdurdod",
        "Awdurdod",
        "Cod y dangosydd",
        "Dangosydd",
        "Wedi ateb (wedi'i dalgrynnu i'r 5 agosaf)",
        "Atebion cadarnhaol (%)",
        "Statws",
    ]
    assert {row["Cod yr awdurdod"] for row in rows} == {
        each.ons_code for each in db.session.scalars(select(Authority))
    }
    anglesey = {row["Cod y dangosydd"]: row for row in rows if row["Cod yr awdurdod"] == "W06000001"}
    assert anglesey["feels_safe_at_home"]["Awdurdod"] == "Ynys Môn"
    assert anglesey["feels_safe_at_home"]["Dangosydd"] == "Yn teimlo'n ddiogel lle maen nhw'n byw"
    assert anglesey["feels_safe_at_home"]["Atebion cadarnhaol (%)"] == "100"
    assert anglesey["feels_safe_at_home"]["Wedi ateb (wedi'i dalgrynnu i'r 5 agosaf)"] == "10"
    assert anglesey["has_good_friend"]["Atebion cadarnhaol (%)"] == "0"
    assert anglesey["likes_school"]["Atebion cadarnhaol (%)"] == ""  # nobody answered it
    for row in rows:
        if row["Cod yr awdurdod"] != "W06000001":
            assert (
                row["Atebion cadarnhaol (%)"] == "" and row["Wedi ateb (wedi'i dalgrynnu i'r 5 agosaf)"] == ""
            )
            assert row["Statws"] == "Heb ei ddangos: llai na 10 ateb"


def test_the_report_in_english_and_for_one_authority(app, runner, short_8_10, tmp_path):
    campaign = create_campaign(create_version(short_8_10), slug="cymru", authority_code=None)
    for _ in range(10):
        create_response(campaign, {"safe_at_home": "never"}, "W06000016")
    out = tmp_path / "rct.csv"
    result = runner.invoke(
        args=["report", "--campaign", "cymru", "--authority", "W06000016", "--lang", "en", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert {row["Authority"] for row in rows} == {"Rhondda Cynon Taf"}
    safe = next(row for row in rows if row["Indicator code"] == "feels_safe_at_home")
    assert safe["Positive answers (%)"] == "0" and safe["Status"] == "Shown"


def test_partial_responses_are_not_counted(app, runner, short_8_10, tmp_path):
    campaign = create_campaign(create_version(short_8_10), slug="local")
    for _ in range(10):
        create_response(campaign, {"safe_at_home": "all_the_time"})
    partial = create_response(campaign, {"safe_at_home": "never"})
    partial.status, partial.submitted_on = "partial", None
    db.session.commit()
    out = tmp_path / "local.csv"
    runner.invoke(args=["report", "--campaign", "local", "--lang", "en", "--out", str(out)])
    safe = next(row for row in read_csv(out) if row["Indicator code"] == "feels_safe_at_home")
    assert safe["Positive answers (%)"] == "100"


def test_report_refuses_an_unknown_campaign_or_authority(app, runner, campaign, tmp_path):
    result = runner.invoke(args=["report", "--campaign", "nope", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code != 0 and "no campaign with slug 'nope'" in result.output
    result = runner.invoke(
        args=["report", "--campaign", "test-campaign", "--authority", "W0", "--out", str(tmp_path / "x.csv")]
    )
    assert result.exit_code != 0 and "no authority" in result.output


def test_demo_spreads_plausible_responses_across_the_22_authorities_some_under_k(app, runner, tmp_path):
    assert runner.invoke(args=["questionnaires", "load"]).exit_code == 0
    result = runner.invoke(args=["demo", "--responses", "400", "--seed", "7"])
    assert result.exit_code == 0, result.output
    per_authority = dict(
        db.session.execute(
            select(Authority.ons_code, func.count(Response.id))
            .join(Response, Response.authority_id == Authority.id)
            .group_by(Authority.ons_code)
        ).all()
    )
    assert len(per_authority) == 22
    assert 380 <= sum(per_authority.values()) <= 420
    assert sum(1 for count in per_authority.values() if count < 10) >= 3
    assert max(per_authority.values()) >= 3 * min(per_authority.values())
    languages = set(db.session.scalars(select(Response.language)))
    assert languages == {"cy", "en"}
    # Running it again with --only-if-empty adds nothing.
    again = runner.invoke(args=["demo", "--responses", "400", "--seed", "7", "--only-if-empty"])
    assert "nothing added" in again.output
    out = tmp_path / "demo.csv"
    assert (
        runner.invoke(
            args=["report", "--campaign", "demo-cymru-8-10", "--lang", "en", "--out", str(out)]
        ).exit_code
        == 0
    )
    statuses = {row["Status"] for row in read_csv(out)}
    assert statuses == {"Shown", "Not shown: fewer than 10 answers"}


def test_the_demo_opens_a_campaign_to_try_each_questionnaire_and_links_lists_them(app, runner, client):
    runner.invoke(args=["questionnaires", "load"])
    runner.invoke(args=["demo", "--responses", "20", "--seed", "1"])
    links = runner.invoke(args=["links"]).output
    for questionnaire_id in ("children-4-7", "foster-carers", "authority-self-audit"):
        assert f"http://127.0.0.1:5000/cy/s/demo-try-{questionnaire_id}" in links
        assert client.get(f"/en/s/demo-try-{questionnaire_id}").status_code == 200


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
