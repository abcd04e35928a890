"""Settings: an authority's own help contacts, as its staff change them and its respondents see them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, Authority, AuthorityHelpContact
from tests.conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    create_campaign,
    create_user,
    create_version,
    get_page,
    sign_in,
    submit,
)

ADVOCACY = {
    "kind": "advocacy",
    "audience": "child",
    "name_en": "RCT Advocacy Service",
    "name_cy": "Gwasanaeth Eirioli RhCT",
    "description_en": "An advocate for children in care in Rhondda Cynon Taf.",
    "description_cy": "Eiriolwr i blant mewn gofal yn Rhondda Cynon Taf.",
    "phone": "+44 1443 000000",
    "text": "",
    "website": "https://advocacy.example.org",
    "position": "1",
}
OUT_OF_HOURS = {
    **ADVOCACY,
    "kind": "contact",
    "audience": "everyone",
    "name_en": "Out of hours team",
    "name_cy": "Tîm y tu allan i oriau",
    "description_en": "Social services when the office is shut.",
    "description_cy": "Gwasanaethau cymdeithasol pan fydd y swyddfa ar gau.",
    "website": "",
    "position": "",
}


DEFAULTS_EN = ["Meic", "Childline", "Children's Commissioner for Wales"]
DEFAULTS_CY = ["Meic", "Childline", "Comisiynydd Plant Cymru"]


def add_contact(authority_code: str = HOME_AUTHORITY, **values: str) -> AuthorityHelpContact:
    authority = db.session.scalar(select(Authority).filter_by(ons_code=authority_code))
    fields = {**OUT_OF_HOURS, **values}
    contact = AuthorityHelpContact(
        authority=authority,
        kind=fields["kind"],
        audience=fields["audience"],
        position=int(fields["position"] or 0),
        **{name: fields[name] or None for name in ("name_en", "name_cy", "description_en", "description_cy")},
        phone=fields["phone"] or None,
        website=fields["website"] or None,
    )
    db.session.add(contact)
    db.session.commit()
    return contact


@pytest.fixture()
def officer(client):
    create_user("officer@rct.example", "officer")
    sign_in(client, "officer@rct.example")
    return client


CARE_LEAVERS_EN = ["An advocate", "Meic", "Your personal adviser", "Samaritans", "Shelter Cymru"]
FOSTER_CARERS_EN = ["Your fostering service's on-call line", "The Fostering Network", "Samaritans"]
STAFF_EN = ["Your employer's staff support", "Samaritans"]


def help_names(page, selector: str = ".help-contacts") -> list[str]:
    return [each.get_text(strip=True) for each in page.soup.select(f"{selector} li strong")]


def previews(page) -> dict[str, list[str]]:
    """The settings page's preview of each audience's help panel."""
    return {
        each["data-audience"]: [name.get_text(strip=True) for name in each.select("li strong")]
        for each in page.soup.select(".help-preview")
    }


def test_an_officer_adds_an_advocacy_service_that_replaces_the_childrens_default(officer):
    page = get_page(officer, "/en/staff/settings/help")
    assert "has not added any contacts of its own yet" in page.main_text()
    assert previews(page) == {  # the national defaults, each audience its own
        "child": ["An advocate", *DEFAULTS_EN],
        "care_leaver": CARE_LEAVERS_EN,
        "foster_carer": FOSTER_CARERS_EN,
        "staff": STAFF_EN,
    }
    form = get_page(officer, "/en/staff/settings/help/new")
    assert not form.soup.select("input[name=kind][checked]")  # no radio chosen for them
    assert not form.soup.select("input[name=audience][checked]")
    page = submit(officer, form, ADVOCACY)
    assert page.status == 200
    assert "The help contacts have been saved" in page.text()
    assert previews(page) == {
        "child": ["RCT Advocacy Service", *DEFAULTS_EN],
        "care_leaver": CARE_LEAVERS_EN,  # the care leavers' own advocacy stays
        "foster_carer": FOSTER_CARERS_EN,
        "staff": STAFF_EN,
    }
    welsh = get_page(officer, "/cy/staff/settings/help")
    assert previews(welsh)["child"] == ["Gwasanaeth Eirioli RhCT", *DEFAULTS_CY]
    assert "Gwasanaeth eiriolaeth" in welsh.main_text()  # its kind, in the list of the authority's own
    assert "Plant a phobl ifanc (4 i 18 oed)" in welsh.soup.select_one("main table").get_text()
    assert "Children and young people (4 to 18)" in page.soup.select_one("main table").get_text()
    saved = db.session.scalars(select(AuthorityHelpContact)).one()
    assert (saved.kind, saved.audience, saved.phone, saved.text, saved.position) == (
        "advocacy",
        "child",
        "+44 1443 000000",
        None,
        1,
    )
    event = db.session.scalars(select(AuditEvent).filter_by(action="help_contacts_changed")).one()
    assert event.target == "RCT Advocacy Service"
    assert event.detail == {"change": "added", "kind": "advocacy", "audience": "child"}


@pytest.mark.parametrize("audience", ["everyone", "child", "care_leaver", "foster_carer", "staff"])
def test_the_audience_chosen_is_saved_and_shown_again_when_changing_the_contact(officer, audience):
    submit(officer, get_page(officer, "/en/staff/settings/help/new"), {**OUT_OF_HOURS, "audience": audience})
    saved = db.session.scalars(select(AuthorityHelpContact)).one()
    assert saved.audience == audience
    page = get_page(officer, f"/cy/staff/settings/help/{saved.id}")
    assert [each["value"] for each in page.soup.select("input[name=audience][checked]")] == [audience]
    assert "Ar gyfer pwy mae'r cyswllt hwn?" in page.main_text()


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "Choose who this contact is for."), ("cy", "Dewiswch ar gyfer pwy mae'r cyswllt hwn.")],
)
@pytest.mark.parametrize("audience", ["", "adults", "authority"])
def test_an_unknown_or_missing_audience_is_refused_in_the_users_language(officer, lang, message, audience):
    form = get_page(officer, f"/{lang}/staff/settings/help/new")
    page = submit(officer, form, {**OUT_OF_HOURS, "audience": audience})
    assert page.status == 400
    assert message in page.soup.select_one(".error-summary").get_text(" ")
    assert page.soup.select_one(".error-summary a")["href"] == "#audience-0"
    assert page.soup.select_one("#name_en")["value"] == "Out of hours team"  # nothing typed is lost
    assert db.session.scalars(select(AuthorityHelpContact)).all() == []


def test_a_missing_welsh_name_is_refused_and_everything_typed_is_kept(officer):
    for lang, message in (
        ("en", "Enter the name in Welsh."),
        ("cy", "Rhowch yr enw yn Gymraeg."),
    ):
        form = get_page(officer, f"/{lang}/staff/settings/help/new")
        page = submit(officer, form, {**ADVOCACY, "name_cy": "  "})
        assert page.status == 400
        assert page.soup.title.get_text().startswith("Error:" if lang == "en" else "Gwall:")
        assert message in page.soup.select_one(".error-summary").get_text(" ")
        assert page.soup.select_one("#name_en")["value"] == "RCT Advocacy Service"
        assert page.soup.select_one("#phone")["value"] == "+44 1443 000000"
        assert "An advocate for children" in page.soup.select_one("#description_en").get_text()
        assert page.soup.select_one("#kind-0").has_attr("checked")
    assert db.session.scalars(select(AuthorityHelpContact)).all() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "0800 FREE"}, "Enter the phone number with digits, spaces and + only."),
        ({"text": "text-me"}, "Enter the number to text with digits, spaces and + only."),
        ({"website": "http://advocacy.example.org"}, "Enter a website address that starts with https://"),
        ({"position": "first"}, "Enter the position as a whole number from 0 to 999."),
        ({"kind": ""}, "Choose what kind of contact this is."),
        ({"description_cy": ""}, "Enter the description in Welsh."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(officer, change, message):
    page = submit(officer, get_page(officer, "/en/staff/settings/help/new"), {**ADVOCACY, **change})
    assert page.status == 400 and message in page.main_text()
    assert db.session.scalars(select(AuthorityHelpContact)).all() == []


def test_an_officer_edits_and_removes_a_contact(officer):
    contact = add_contact()
    page = get_page(officer, f"/en/staff/settings/help/{contact.id}")
    assert page.soup.select_one("#name_cy")["value"] == "Tîm y tu allan i oriau"
    assert page.soup.select_one("#kind-1").has_attr("checked")
    submit(officer, page, {"name_en": "Emergency duty team", "position": "3"})
    db.session.expire_all()
    assert (contact.name_en, contact.name_cy, contact.position) == (
        "Emergency duty team",
        "Tîm y tu allan i oriau",
        3,
    )
    listing = get_page(officer, "/en/staff/settings/help")
    assert "Emergency duty team" in listing.main_text()
    page = submit(officer, listing, {}, form_selector="main table form")
    assert "The help contact has been removed." in page.text()
    assert db.session.scalars(select(AuthorityHelpContact)).all() == []
    changes = [
        each.detail["change"]
        for each in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        if each.action == "help_contacts_changed"
    ]
    assert changes == ["changed", "removed"]


def test_another_authoritys_contact_is_not_found(client):
    contact = add_contact(HOME_AUTHORITY)
    create_user("admin@cardiff.example", "admin", OTHER_AUTHORITY)
    sign_in(client, "admin@cardiff.example")
    get_page(client, f"/en/staff/settings/help/{contact.id}", status=404)
    assert client.post(f"/en/staff/settings/help/{contact.id}/delete").status_code in (400, 404)
    assert "Out of hours team" not in get_page(client, "/en/staff/settings/help").main_text()
    assert db.session.get(AuthorityHelpContact, contact.id) is not None


def test_who_may_change_help_contacts(app, client):
    create_user("analyst@rct.example", "analyst")
    sign_in(client, "analyst@rct.example")
    assert client.get("/en/staff/settings/help").status_code == 403
    national = app.test_client()
    create_user("national@wales.example", "national")
    sign_in(national, "national@wales.example")
    assert national.get("/en/staff/settings/help").status_code in (403, 404)
    assert national.get("/en/staff/settings/help/new").status_code in (403, 404)
    assert "Help contacts" not in get_page(national, "/en/staff/").soup.select_one("nav.staff-nav").get_text()


# --- what respondents see -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_respondent_page_shows_the_authoritys_own_contacts_first_and_its_advocacy(app, short_8_10, lang):
    campaign = create_campaign(create_version(short_8_10))
    add_contact(**{**ADVOCACY, "name_en": "RCT Advocacy Service"})
    add_contact()
    add_contact(OTHER_AUTHORITY, name_en="Cardiff line", name_cy="Llinell Caerdydd")
    page = get_page(app.test_client(), f"/{lang}/s/{campaign.slug}")
    names = help_names(page)
    if lang == "en":
        assert names == [
            "Out of hours team",
            "RCT Advocacy Service",
            "Meic",
            "Childline",
            "Children's Commissioner for Wales",
        ]
    else:
        assert names == [
            "Tîm y tu allan i oriau",
            "Gwasanaeth Eirioli RhCT",
            "Meic",
            "Childline",
            "Comisiynydd Plant Cymru",
        ]
    text = page.soup.select_one(".help-contacts").get_text(" ")
    assert "+44 1443 000000" in text and "advocacy.example.org" in text


def test_a_respondent_page_of_an_authority_with_no_contacts_keeps_the_defaults(app, short_8_10):
    campaign = create_campaign(create_version(short_8_10))
    add_contact(OTHER_AUTHORITY, kind="advocacy", name_en="Cardiff advocacy")
    names = help_names(get_page(app.test_client(), f"/en/s/{campaign.slug}"))
    assert names == ["An advocate", *DEFAULTS_EN]


def test_the_help_panel_asks_the_database_once_per_page(app, short_8_10):
    from sqlalchemy import event

    from survey_app.help.contacts import help_for

    add_contact()
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if "authority_help_contacts" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with app.test_request_context("/en/s/x"):
            help_for(HOME_AUTHORITY)
            help_for(HOME_AUTHORITY, ["safety"])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
