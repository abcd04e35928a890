"""Accounts: an administrator makes their authority's accounts, sends password links, switches them off."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, User
from survey_app.store import users as user_store
from tests.conftest import OTHER_AUTHORITY, create_user, get_page, sign_in, submit

NEW_PASSWORD = "three words remembered well"


@pytest.fixture()
def admin(client):
    create_user("admin@rct.example", "admin")
    sign_in(client, "admin@rct.example")
    return client


def actions() -> list[str]:
    return [each.action for each in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def one_time_link(page) -> str:
    return page.soup.select_one("#link")["value"]


def test_the_list_shows_role_status_and_whether_a_password_is_set(admin):
    officer = create_user("officer@rct.example", "officer")
    user_store.create_user("analyst@rct.example", "analyst", officer.authority, date.today())
    create_user("admin@cardiff.example", "admin", OTHER_AUTHORITY)
    create_user("national@wales.example", "national")
    db.session.commit()
    rows = {
        row.select_one("td").get_text(strip=True): [
            cell.get_text(strip=True) for cell in row.select("td")[1:]
        ]
        for row in get_page(admin, "/en/staff/accounts/").soup.select("tbody tr")
    }
    assert rows == {
        "admin@rct.example": ["Administrator", "Active", "Set"],
        "analyst@rct.example": ["Analyst", "Active", "Not set yet"],
        "officer@rct.example": ["Participation officer", "Active", "Set"],
    }
    welsh = get_page(admin, "/cy/staff/accounts/")
    assert "Swyddog cyfranogiad" in welsh.main_text() and "Heb ei osod eto" in welsh.main_text()


def test_a_new_account_gets_a_one_time_link_that_sets_its_password(admin, app):
    form = get_page(admin, "/en/staff/accounts/new")
    assert [each["value"] for each in form.soup.select("input[name=role]")] == [
        "admin",
        "officer",
        "analyst",
    ]  # never "panel": only the national coordinator makes panel accounts
    page = submit(admin, form, {"email": "  New.Officer@RCT.example ", "role": "officer"})
    assert page.status == 200
    assert "Send this link to new.officer@rct.example and to nobody else" in page.main_text()
    assert "works once, for 7 days" in page.main_text()
    assert "The account has been made" in page.text()
    link = one_time_link(page)
    assert link.startswith("http://localhost/en/staff/set-password/")
    assert page.response.headers["Cache-Control"] == "no-store"
    user = user_store.by_email("new.officer@rct.example")
    assert (user.role, user.authority.ons_code, user.password_hash) == ("officer", "W06000016", None)
    assert actions()[-1] == "user_created"
    assert link.rsplit("/", 1)[1] not in str(db.session.scalars(select(AuditEvent.detail)).all())

    # The person opens the link in their own browser and sets a password; the link then stops working.
    person = app.test_client()
    path = link.removeprefix("http://localhost")
    page = submit(person, get_page(person, path), {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "Your password is set" in page.text()
    assert person.get(path).status_code == 404
    details = get_page(admin, f"/en/staff/accounts/{user.id}").soup.select_one(".summary-list")
    assert details.find("dt", string="Password").find_next("dd").get_text(strip=True) == "Set"


@pytest.mark.parametrize(
    ("lang", "email", "message"),
    [
        ("en", "officer@rct.example", "There is already an account for officer@rct.example."),
        ("en", "officer.rct.example", "Enter an e-mail address in the right form, like name@example.org"),
        ("en", "", "Enter the person's e-mail address."),
        ("cy", "OFFICER@rct.example", "Mae cyfrif ar gyfer OFFICER@rct.example yn bodoli'n barod."),
        ("cy", "officer@", "Rhowch gyfeiriad e-bost yn y ffurf gywir, fel enw@example.org"),
    ],
)
def test_a_duplicate_or_bad_e_mail_is_refused_in_the_page_language_and_nothing_is_lost(
    admin, lang, email, message
):
    create_user("officer@rct.example", "officer")
    page = submit(admin, get_page(admin, f"/{lang}/staff/accounts/new"), {"email": email, "role": "analyst"})
    assert page.status == 400 and page.lang == lang
    assert message in page.soup.select_one(".error-summary").get_text(" ")
    assert page.soup.select_one("#email").get("value", "") == email.strip()
    assert page.soup.select_one("input[name=role][value=analyst]").has_attr("checked")
    assert db.session.scalar(select(User).filter_by(role="analyst")) is None


def test_no_role_or_the_national_role_is_refused(admin):
    form = get_page(admin, "/en/staff/accounts/new")
    page = submit(admin, form, {"email": "someone@rct.example"})
    assert page.status == 400 and "Choose the person's role." in page.main_text()
    page = submit(admin, form, {"email": "someone@rct.example", "role": "national"})
    assert page.status == 400 and "Choose the person's role." in page.main_text()
    assert user_store.by_email("someone@rct.example") is None


def test_a_new_link_replaces_the_old_one(admin, app):
    user = create_user("officer@rct.example", "officer")
    page = get_page(admin, f"/en/staff/accounts/{user.id}")
    first = one_time_link(submit(admin, page, {}, form_selector=f"form[action$='/{user.id}/link']"))
    second = one_time_link(submit(admin, page, {}, form_selector=f"form[action$='/{user.id}/link']"))
    assert first != second
    person = app.test_client()
    assert person.get(first.removeprefix("http://localhost")).status_code == 404
    assert person.get(second.removeprefix("http://localhost")).status_code == 200
    assert actions()[-2:] == ["password_link_made", "password_link_made"]
    assert "runs out on" in get_page(admin, f"/en/staff/accounts/{user.id}").main_text()


def test_switching_an_account_off_ends_its_open_session_and_on_lets_it_back(admin, app):
    create_user("officer@rct.example", "officer")
    officer = app.test_client()
    sign_in(officer, "officer@rct.example")
    assert officer.get("/en/staff/").status_code == 200
    user = user_store.by_email("officer@rct.example")

    page = get_page(admin, f"/en/staff/accounts/{user.id}")
    page = submit(admin, page, {}, form_selector=f"form[action$='/{user.id}/deactivate']")
    assert "switched off and signed out everywhere" in page.text()
    assert "Switched off: cannot sign in" in page.main_text()

    after = officer.get("/en/staff/")
    assert after.status_code == 302 and "/en/staff/sign-in" in after.headers["Location"]
    refused = sign_in(app.test_client(), "officer@rct.example")
    assert refused.status == 400

    page = submit(admin, page, {}, form_selector=f"form[action$='/{user.id}/reactivate']")
    assert "switched back on" in page.text()
    assert sign_in(app.test_client(), "officer@rct.example").status == 200
    done = [each for each in actions() if each.startswith("user_")]
    assert done == ["user_deactivated", "user_reactivated"]


def test_an_administrator_cannot_switch_themselves_off(admin):
    me = user_store.by_email("admin@rct.example")
    page = get_page(admin, f"/cy/staff/accounts/{me.id}")
    assert not page.soup.select(f"form[action$='/{me.id}/deactivate']")
    response = admin.post(
        f"/en/staff/accounts/{me.id}/deactivate",
        data={"csrf_token": page.form_fields("main form")["csrf_token"]},
    )
    assert response.status_code == 400
    assert "You cannot switch off your own account." in response.get_data(as_text=True)
    db.session.expire_all()
    assert me.active and admin.get("/en/staff/").status_code == 200


def test_an_officer_may_not_manage_accounts(client):
    user = create_user("officer@rct.example", "officer")
    sign_in(client, "officer@rct.example")
    for url in ("/en/staff/accounts/", "/en/staff/accounts/new", f"/en/staff/accounts/{user.id}"):
        assert client.get(url).status_code == 403
    assert "Accounts" not in get_page(client, "/en/staff/").soup.select_one("nav.staff-nav").get_text()


def test_another_authoritys_administrator_gets_not_found(client):
    officer = create_user("officer@rct.example", "officer")
    create_user("admin@cardiff.example", "admin", OTHER_AUTHORITY)
    page = sign_in(client, "admin@cardiff.example")
    get_page(client, f"/en/staff/accounts/{officer.id}", status=404)
    token = page.soup.select_one("input[name=csrf_token]")["value"]
    for action in ("link", "deactivate"):
        assert (
            client.post(f"/en/staff/accounts/{officer.id}/{action}", data={"csrf_token": token}).status_code
            == 404
        )
    db.session.expire_all()
    assert officer.active and officer.password_token_hash is None
    assert "officer@rct.example" not in get_page(client, "/en/staff/accounts/").main_text()


def test_the_new_account_page_is_welsh_on_the_welsh_side(admin):
    page = get_page(admin, "/cy/staff/accounts/new")
    assert page.lang == "cy"
    assert "Creu cyfrif" in page.soup.h1.get_text()
    labels = [each.get_text(strip=True) for each in page.soup.select(".radios label")]
    assert labels[:2] == ["Gweinyddwr", "Swyddog cyfranogiad"]
    assert "dolen untro" in page.main_text()
