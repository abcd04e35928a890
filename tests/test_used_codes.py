"""A right code whose answers were already sent says so, instead of "That code is not right".

A used access code and a sent resume code each get their own message, in Welsh and English and in
the "ti" (children) and "chi" (adults) registers, with where to go next. To a guesser they look like
a wrong code: the same work is done for both, and both count the same towards the guessing limit.
Nothing stored links a sent response to a code.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import AccessCode, Campaign, Response, SentCode
from survey_app.respond import codes
from survey_app.store import access_codes, retention

from .conftest import create_campaign, create_version, get_page, submit

WRONG_ACCESS = "ZZZZ-ZZZZ"
WRONG_RESUME = "AAAA-AAAA-AAAA"
TOO_MANY = "Too many tries"

ACCESS_SENT = {
    ("en", False): "This access code has already been used to send answers",
    ("en", True): "This access code has already been used to send answers",
    ("cy", False): "Rydyn ni wedi cael dy atebion",
    ("cy", True): "Rydyn ni wedi cael eich atebion",
}
RESUME_SENT = {
    ("en", False): "These answers were already sent",
    ("en", True): "These answers were already sent",
    ("cy", False): "Does dim angen i ti wneud dim byd arall",
    ("cy", True): "Does dim angen i chi wneud dim byd arall",
}
ACCESS_WRONG = {"en": "That access code is not right", "cy": "Dydy'r cod mynediad yna ddim yn iawn"}
RESUME_WRONG = {"en": "That code is not right", "cy": "Dydy'r cod yna ddim yn iawn"}
GET_HELP = {"en": "Get help", "cy": "Cael help"}


@pytest.fixture(params=[False, True], ids=["children", "adults"])
def coded(request, app, short_8_10, library):
    """A campaign that needs an access code: for children ("ti"), or for foster carers ("chi")."""
    frozen = library.questionnaires["foster-carers"] if request.param else short_8_10
    campaign = create_campaign(create_version(frozen), slug="coded")
    campaign.access = "codes"
    db.session.commit()
    app.config["LLEISIAU_CODE_TRIES"] = "5 per 10 minutes"
    return campaign, access_codes.create(campaign, 3), request.param


def error_text(page) -> str:
    return page.soup.select_one(".error-summary").get_text(" ", strip=True)


def send_with(client, access_code: str, lang: str = "en") -> tuple[str, dict]:
    """Get in with an access code, save (to get a resume code), then send; return the code and answers."""
    page = submit(client, get_page(client, f"/{lang}/s/coded"), {"access_code": access_code})
    assert page.status == 200 and "/s/coded/" in page.response.request.path
    page = submit(client, page, {"action": "later"})
    code = page.soup.select_one("#resume-code").get_text(strip=True)
    submit(client, get_page(client, f"/{lang}/s/coded/send"), {})
    [response] = db.session.scalars(select(Response)).all()
    assert response.status == "complete"
    return code, dict(response.answers)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_used_access_code_says_its_answers_were_sent(app, client, coded, lang):
    campaign, made, formal = coded
    _code, answers = send_with(client, made[0], lang)
    for browser in (client, app.test_client()):  # the same browser, and another one
        page = submit(browser, get_page(browser, f"/{lang}/s/coded"), {"access_code": made[0]})
        assert page.status == 400 and page.lang == lang
        assert ACCESS_SENT[(lang, formal)] in error_text(page)
        assert ACCESS_WRONG[lang] not in page.text()
        assert page.soup.select_one(".help-link").get_text(strip=True) == GET_HELP[lang]
    # Nothing new was started and the answers sent are as they were.
    [response] = db.session.scalars(select(Response)).all()
    assert response.status == "complete" and response.answers == answers
    # A wrong code still gets the old message.
    page = submit(client, get_page(client, f"/{lang}/s/coded"), {"access_code": WRONG_ACCESS})
    assert page.status == 400 and ACCESS_WRONG[lang] in error_text(page)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_sent_resume_code_says_the_answers_were_sent(app, client, coded, lang):
    campaign, made, formal = coded
    code, answers = send_with(client, made[0], lang)
    other = app.test_client()
    page = submit(other, get_page(other, f"/{lang}/s/coded/resume"), {"code": code.lower()})
    assert page.status == 400 and page.lang == lang
    assert RESUME_SENT[(lang, formal)] in error_text(page)
    assert RESUME_WRONG[lang] not in page.text()
    [response] = db.session.scalars(select(Response)).all()
    assert response.status == "complete" and response.answers == answers and response.resume_hash is None
    page = submit(other, get_page(other, f"/{lang}/s/coded/resume"), {"code": WRONG_RESUME})
    assert page.status == 400 and RESUME_WRONG[lang] in error_text(page)


def test_a_used_code_not_yet_sent_keeps_the_used_message(app, client, coded):
    _campaign, made, _formal = coded
    submit(client, get_page(client, "/en/s/coded"), {"access_code": made[1]})
    other = app.test_client()
    page = submit(other, get_page(other, "/en/s/coded"), {"access_code": made[1]})
    assert page.status == 400 and "already been used. Each code works once" in error_text(page)


@pytest.mark.parametrize("kind", ["access", "resume"])
def test_sent_and_wrong_codes_reach_the_limit_after_the_same_tries(app, coded, kind):
    _campaign, made, _formal = coded
    sender = app.test_client()
    resume_code, _answers = send_with(sender, made[0])
    url, field = ("/en/s/coded", "access_code") if kind == "access" else ("/en/s/coded/resume", "code")
    right, wrong = (made[0], WRONG_ACCESS) if kind == "access" else (resume_code, WRONG_RESUME)
    tries = {}
    for name, typed in (("sent", right), ("wrong", wrong)):
        browser = app.test_client()
        base = {"REMOTE_ADDR": f"192.0.2.{10 if name == 'sent' else 20}"}
        for number in range(1, 20):
            form = browser.get(url, environ_base=base)
            from .conftest import Page

            fields = Page(form).form_fields()
            answer = browser.post(url, data={**fields, field: typed}, environ_base=base)
            if answer.status_code == 429:
                tries[name] = number
                assert TOO_MANY in answer.get_data(as_text=True)
                break
            assert answer.status_code == 400
    assert tries["sent"] == tries["wrong"] == 6


def test_the_same_work_is_done_for_a_sent_and_a_wrong_code(app, client, coded):
    """Both hashes looked up, the sent codes looked up, one update and one commit, either way."""
    campaign, made, _formal = coded
    code, _answers = send_with(client, made[0])
    statements: list[str] = []

    from sqlalchemy import event

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement.split()[0])

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        work = {}
        for name, raw in (("sent", codes.normalise(made[0], 8)), ("wrong", "ZZZZZZZZ")):
            access_codes.redeem(campaign, raw)  # once before, so both start from a committed session
            statements.clear()
            access_codes.redeem(campaign, raw)
            work[name] = list(statements)
        assert work["sent"] == work["wrong"]
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert access_codes.redeem(campaign, codes.normalise(made[0], 8) or "") is access_codes.Redeemed.SENT
    assert access_codes.redeem(campaign, "ZZZZZZZZ") is access_codes.Redeemed.UNKNOWN


def test_nothing_links_a_sent_response_to_a_code(app, client, coded):
    campaign, made, _formal = coded
    code, _answers = send_with(client, made[0])
    columns = set(SentCode.__table__.columns.keys())
    assert columns == {"code_hash", "campaign_id"}
    assert set(Response.__table__.columns.keys()).isdisjoint({"access_code_id", "code_hash"})
    stored = set(db.session.scalars(select(SentCode.code_hash)))
    assert stored == {codes.hash_code(made[0].replace("-", "")), codes.hash_code(code.replace("-", ""))}
    [response] = db.session.scalars(select(Response)).all()
    assert response.id not in str(stored) and response.resume_hash is None and response.token_hash is None
    # The browser forgot the access code it started with.
    with client.session_transaction() as session:
        assert not session.get("access_codes")


def test_archiving_forgets_the_sent_codes(app, client, coded):
    campaign, made, _formal = coded
    code, _answers = send_with(client, made[0])
    assert count(SentCode) == 2
    campaign = db.session.get(Campaign, campaign.id)
    campaign.closes_on = campaign.opens_on
    db.session.commit()
    from datetime import date, timedelta

    retention.archive_campaign(campaign, date.today() + timedelta(days=1))
    assert count(SentCode) == 0
    used = db.session.scalars(select(AccessCode).filter_by(used=True)).all()
    assert len(used) == 1 and used[0].code_hash.startswith(access_codes.FORGOTTEN_PREFIX)
