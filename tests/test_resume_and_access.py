"""Stop and carry on later with a resume code; get in with a one-time access code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AccessCode, Response
from survey_app.respond import codes
from survey_app.store import access_codes

from .conftest import create_campaign, create_version, get_page, submit

PAGE_1 = {"safe_at_home": "most_of_the_time", "happy_at_home": "happy"}


def start(client, slug="test-campaign", lang="cy", data=None):
    return submit(client, get_page(client, f"/{lang}/s/{slug}"), data or {})


def save_for_later(client, lang="cy"):
    """Answer page 1, Continue, then press "Save and finish later" on page 2; return the code shown."""
    page = start(client, lang=lang)
    page = submit(client, page, {**PAGE_1, "action": "continue"})
    page = submit(client, page, {"know_social_worker": "yes", "action": "later"})
    code = page.soup.select_one("#resume-code").get_text(strip=True)
    return page, code


def the_response() -> Response:
    [response] = db.session.scalars(select(Response)).all()
    return response


def test_codes_are_easy_to_read_and_typing_forgives_case_spaces_and_dashes():
    code = codes.new_code(codes.RESUME_LENGTH)
    assert len(code) == 14 and code.count("-") == 2
    assert not set(code.replace("-", "")) & set("01OILUV")
    raw = code.replace("-", "")
    typed = " " + " ".join([raw[:4].lower(), raw[4:8], raw[8:].lower()]) + " "
    assert codes.normalise(typed, codes.RESUME_LENGTH) == raw
    assert codes.normalise(raw[:-1], codes.RESUME_LENGTH) is None
    assert codes.normalise(raw[:-1] + "O", codes.RESUME_LENGTH) is None


def test_a_young_person_saves_and_carries_on_in_another_browser(app, client, campaign):
    page, code = save_for_later(client)
    assert page.lang == "cy" and "Dy god i barhau nes ymlaen" in page.text()
    response = the_response()
    assert response.resume_hash == codes.hash_code(code.replace("-", ""))
    assert code not in str(response.answers) and response.answers["know_social_worker"] == "yes"

    other = app.test_client()  # another phone: no cookie
    form = get_page(other, "/en/s/test-campaign/resume")
    raw = code.replace("-", "")
    page = submit(other, form, {"code": f"{raw[:6].lower()} {raw[6:]}"})
    assert page.lang == "en" and "Page 3 of 6" in page.text()
    page = submit(other, page, {"action": "back"})
    assert page.soup.select_one("#know_social_worker-yes").has_attr("checked")
    # The first browser no longer opens these answers: they moved with the code.
    first = client.get("/cy/s/test-campaign/1")
    assert first.status_code == 302 and first.headers["Location"].endswith("/cy/s/test-campaign")


def test_reloading_the_later_page_shows_the_same_code(client, campaign):
    _page, code = save_for_later(client)
    again = get_page(client, "/cy/s/test-campaign/later")
    assert again.soup.select_one("#resume-code").get_text(strip=True) == code


@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        ("cy", "", "Teipia'r cod gest ti"),
        ("en", "ABCD-EFGH-JKMN", "That code is not right"),
        ("cy", "abcd efgh jkmn", "Dydy'r cod yna ddim yn iawn"),
        ("en", "not a code at all", "That code is not right"),
    ],
)
def test_a_wrong_resume_code_says_so_and_loses_nothing(app, client, campaign, lang, typed, message):
    save_for_later(client)
    before = dict(the_response().answers)
    other = app.test_client()
    page = submit(other, get_page(other, f"/{lang}/s/test-campaign/resume"), {"code": typed})
    assert page.status == 400 and page.lang == lang
    assert message in page.soup.select_one(".error-summary").get_text()
    assert page.soup.select_one("#code")["value"] == typed
    assert the_response().answers == before


def test_a_code_stops_working_once_the_answers_are_sent(app, client, campaign):
    _page, code = save_for_later(client)
    page = get_page(client, "/cy/s/test-campaign/send")
    submit(client, page, {})
    assert the_response().status == "complete" and the_response().resume_hash is None
    other = app.test_client()
    page = submit(other, get_page(other, "/en/s/test-campaign/resume"), {"code": code})
    # It no longer opens anything, but it says the answers were sent (tests/test_used_codes.py).
    assert page.status == 400 and "These answers were already sent" in page.text()
    assert "That code is not right" not in page.text()


def test_unfinished_answers_expire_after_the_configured_days(app, client, campaign, runner):
    _page, code = save_for_later(client)
    response = the_response()
    response.updated_on = date.today() - timedelta(days=app.config["LLEISIAU_PARTIAL_DAYS"] + 1)
    db.session.commit()
    other = app.test_client()
    page = submit(other, get_page(other, "/en/s/test-campaign/resume"), {"code": code})
    assert page.status == 400 and "were deleted" in page.text() and "30 days" in page.text()
    assert db.session.scalars(select(Response)).all() == []


def test_the_expire_command_deletes_only_stale_unfinished_responses(app, client, campaign, runner):
    save_for_later(client)
    stale = the_response()
    stale.updated_on = date.today() - timedelta(days=31)
    db.session.commit()
    fresh_client = app.test_client()
    start(fresh_client)
    result = runner.invoke(args=["responses", "expire"])
    assert result.exit_code == 0 and "1 unfinished response(s)" in result.output
    assert len(db.session.scalars(select(Response)).all()) == 1


# --- access codes ----------------------------------------------------------------------------


@pytest.fixture()
def coded(app, short_8_10):
    campaign = create_campaign(create_version(short_8_10), slug="coded")
    campaign.access = "codes"
    db.session.commit()
    return campaign, access_codes.create(campaign, 3)


def test_the_codes_command_prints_codes_once_and_keeps_only_hashes(app, campaign, runner):
    result = runner.invoke(args=["campaigns", "codes", "--campaign", "test-campaign", "--count", "4"])
    assert result.exit_code == 0, result.output
    printed = [line for line in result.stdout.splitlines() if line]
    assert len(printed) == 4 and all(len(code) == 9 for code in printed)
    stored = db.session.scalars(select(AccessCode.code_hash)).all()
    assert sorted(stored) == sorted(codes.hash_code(code.replace("-", "")) for code in printed)
    assert campaign.needs_code


def test_an_access_code_lets_one_person_in_once(app, client, coded):
    _campaign, made = coded
    intro = get_page(client, "/cy/s/coded")
    assert intro.soup.select_one("#access-code") is not None
    page = submit(client, intro, {"access_code": made[0].lower().replace("-", " ")})
    assert "Tudalen 1 o 6" in page.text()
    # Someone else tries the same code.
    other = app.test_client()
    page = submit(other, get_page(other, "/en/s/coded"), {"access_code": made[0]})
    assert page.status == 400 and "already been used" in page.soup.select_one(".error-summary").get_text()
    # The code is not linked to the response it started.
    assert set(Response.__table__.columns.keys()).isdisjoint({"access_code_id", "code_hash"})


@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        ("cy", "", "Teipia'r cod mynediad"),
        ("en", "", "Type the access code you were given"),
        ("cy", "ZZZZ-ZZZZ", "Dydy'r cod mynediad yna ddim yn iawn"),
        ("en", "hello", "That access code is not right"),
    ],
)
def test_a_missing_or_wrong_access_code_is_explained_in_the_page_language(
    client, coded, lang, typed, message
):
    page = submit(client, get_page(client, f"/{lang}/s/coded"), {"access_code": typed})
    assert page.status == 400 and page.lang == lang
    assert message in page.soup.select_one(".error-summary").get_text()
    assert page.soup.select_one("#access-code")["value"] == typed
    assert db.session.scalars(select(Response)).all() == []


def test_a_typed_access_code_survives_a_language_switch(client, coded):
    _campaign, made = coded
    page = submit(client, get_page(client, "/cy/s/coded"), {"access_code": made[1], "action": "switch"})
    assert page.lang == "en" and page.soup.select_one("#access-code")["value"] == made[1]


def test_a_closed_campaign_says_so_instead_of_asking_for_a_code(client, coded):
    campaign, _made = coded
    campaign.closes_on = date.today() - timedelta(days=1)
    campaign.opens_on = date.today() - timedelta(days=30)
    db.session.commit()
    page = get_page(client, "/cy/s/coded", status=410)
    assert "wedi cau" in page.text() and page.soup.select_one("#access-code") is None


def test_guessing_codes_is_rate_limited_without_keeping_the_address(app, client, coded):
    app.config["LLEISIAU_CODE_TRIES"] = "10 per 10 minutes"
    intro = get_page(client, "/en/s/coded")
    for _ in range(10):
        page = submit(client, intro, {"access_code": "ZZZZ-ZZZZ"})
        assert page.status == 400
    page = submit(client, intro, {"access_code": "ZZZZ-ZZZZ"})
    assert page.status == 429 and "Too many tries" in page.text()
    assert page.soup.select_one("main a[href='/en/s/coded']") is not None
    # Carrying on with the survey, or a right code, never counts against anyone.
    from survey_app.web.rate_limits import anonymous_client_key

    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        key = anonymous_client_key()
    assert "192.0.2.7" not in key and len(key) == 32


# --- codes are stored keyed -----------------------------------------------------------------


def test_codes_are_stored_as_a_keyed_hash_not_plain_sha256(app, coded):
    import hashlib

    _campaign, made = coded
    raw = made[0].replace("-", "")
    stored = set(db.session.scalars(select(AccessCode.code_hash)).all())
    assert codes.hash_code(raw) in stored
    assert hashlib.sha256(raw.encode()).hexdigest() not in stored  # no offline search from a backup
    # The key is derived from SECRET_KEY unless LLEISIAU_CODE_KEY is set; either way it changes the hash.
    derived = codes.hash_code(raw)
    app.config["SECRET_KEY"] = "another-secret-key"
    assert codes.hash_code(raw) != derived
    app.config["LLEISIAU_CODE_KEY"] = "a-key-of-its-own"
    keyed = codes.hash_code(raw)
    app.config["SECRET_KEY"] = "yet-another-secret-key"
    assert codes.hash_code(raw) == keyed != derived


def test_an_access_code_stored_the_old_unkeyed_way_still_works_once(app, client, coded):
    _campaign, made = coded
    raw = made[2].replace("-", "")
    row = db.session.scalar(select(AccessCode).filter_by(code_hash=codes.hash_code(raw)))
    row.code_hash = codes.legacy_hash(raw)  # as written before codes were keyed
    db.session.commit()
    page = submit(client, get_page(client, "/en/s/coded"), {"access_code": made[2]})
    assert "Page 1 of 6" in page.text()
    other = app.test_client()
    page = submit(other, get_page(other, "/en/s/coded"), {"access_code": made[2]})
    assert page.status == 400 and "already been used" in page.text()


def test_a_resume_code_stored_the_old_unkeyed_way_works_and_is_rehashed(app, client, campaign):
    _page, code = save_for_later(client)
    raw = code.replace("-", "")
    response = the_response()
    response.resume_hash = codes.legacy_hash(raw)
    db.session.commit()
    other = app.test_client()
    page = submit(other, get_page(other, "/en/s/test-campaign/resume"), {"code": raw})
    assert "Page 3 of 6" in page.text()
    db.session.expire_all()
    assert the_response().resume_hash in (codes.hash_code(raw), None)
    assert the_response().resume_hash != codes.legacy_hash(raw)
