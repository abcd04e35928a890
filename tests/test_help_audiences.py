"""Each audience gets its own help: children and young people, care leavers, foster carers, staff.

Adults are never shown children's services, and Welsh speaks to them as "chi"; a council's own contact
is shown only on the pages of the audience it is for; pages of no survey speak of every survey.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from survey_app.config import PROJECT_ROOT
from survey_app.content.schema import HelpContactFile
from survey_app.demo import TRY_PREFIX, ensure_trial_campaigns
from survey_app.extensions import db
from survey_app.help.contacts import load_help, panel
from survey_app.models import Authority, AuthorityHelpContact
from survey_app.store import questionnaires as questionnaire_store

from .conftest import HOME_AUTHORITY, create_campaign, create_version, get_page, submit

CHILDREN_EN = ["An advocate", "Meic", "Childline", "Children's Commissioner for Wales"]
CHILDREN_CY = ["Eiriolwr", "Meic", "Childline", "Comisiynydd Plant Cymru"]
CARE_LEAVERS_EN = ["An advocate", "Meic", "Your personal adviser", "Samaritans", "Shelter Cymru"]
CARE_LEAVERS_CY = ["Eiriolwr", "Meic", "Dy gynghorydd personol", "Y Samariaid", "Shelter Cymru"]
FOSTER_CARERS_EN = ["Your fostering service's on-call line", "The Fostering Network", "Samaritans"]
FOSTER_CARERS_CY = ["Llinell ffôn ar alwad eich gwasanaeth maethu", "Y Rhwydwaith Maethu", "Y Samariaid"]
STAFF_EN = ["Your employer's staff support", "Samaritans"]
STAFF_CY = ["Cymorth staff eich cyflogwr", "Y Samariaid"]

EXPECTED = {
    "children-4-7": (CHILDREN_EN, CHILDREN_CY),
    "children-8-10": (CHILDREN_EN, CHILDREN_CY),
    "young-people-11-18": (CHILDREN_EN, CHILDREN_CY),
    "placement-consultation": (CHILDREN_EN, CHILDREN_CY),
    "care-leavers-16-25": (CARE_LEAVERS_EN, CARE_LEAVERS_CY),
    "foster-carers": (FOSTER_CARERS_EN, FOSTER_CARERS_CY),
    "staff": (STAFF_EN, STAFF_CY),
    "authority-self-audit": (STAFF_EN, STAFF_CY),
}
ADULTS = ("foster-carers", "staff", "authority-self-audit")
CHILDRENS_SERVICES = ("Childline", "Children's Commissioner", "Comisiynydd Plant", "NYAS", "Meic", "Eiriolwr")
# Welsh words that speak to one person as "ti": never on an adult's page.
TI = re.compile(
    r"\b(ti|di|dy|wyt|rwyt|fyddi|galli|dywed|dyweda|siarada|cysyllta|ffonia|gofynna)\b", re.IGNORECASE
)


def help_names(page) -> list[str]:
    return [each.get_text(strip=True) for each in page.soup.select("#help .help-contacts li strong")]


def help_text(page) -> str:
    return page.soup.select_one("aside#help").get_text(" ")


@pytest.fixture()
def demo(app, library):
    """The demo's trial campaigns: one open campaign per bundled questionnaire (demo-try-<id>)."""
    for frozen in library.questionnaires.values():
        questionnaire_store.publish(frozen, date.today())
    db.session.commit()
    versions = [
        questionnaire_store.latest_published(each) for each in questionnaire_store.questionnaire_ids()
    ]
    ensure_trial_campaigns([each for each in versions if each is not None], date.today())
    db.session.commit()
    return app


def survey_pages(client, questionnaire_id: str, lang: str):
    """The introduction and the first question page of the demo campaign."""
    intro = get_page(client, f"/{lang}/s/{TRY_PREFIX}{questionnaire_id}")
    return [intro, submit(client, intro, {})]


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("questionnaire_id", list(EXPECTED))
def test_each_audiences_demo_survey_shows_its_own_help_contacts(demo, questionnaire_id, lang):
    expected = EXPECTED[questionnaire_id][0 if lang == "en" else 1]
    for page in survey_pages(demo.test_client(), questionnaire_id, lang):
        assert help_names(page) == expected, page.soup.title.get_text()
        text = help_text(page)
        assert "999" in text
        if questionnaire_id in ADULTS:
            assert not [name for name in CHILDRENS_SERVICES if name in text]
            assert "adult you trust" not in text and "oedolyn rwyt ti" not in text
            assert "safeguarding procedures" in text or "gweithdrefnau diogelu" in text
        if questionnaire_id in ADULTS and lang == "cy":
            assert TI.findall(text) == [], text
            assert "ffoniwch 999" in text
        if questionnaire_id == "care-leavers-16-25":
            # Young adults: nobody sends them to "an adult", and Childline (for children) is not listed.
            assert "oedolyn" not in text and "an adult" not in text and "Childline" not in text


def test_care_leavers_get_a_young_adults_words_after_a_sensitive_question():
    bundled = load_help(PROJECT_ROOT / "questionnaires")
    for topic in ("safety", "feelings", "rights"):
        shown = panel(bundled, None, [topic], audience="care_leaver")
        message = shown.messages[0]
        assert "adult" not in message.en and "oedolyn" not in message.cy, topic
        assert "Childline" not in [each.name.en for each in shown.contacts]
    feelings = panel(bundled, None, ["feelings"], audience="care_leaver")
    assert [each.name.en for each in feelings.contacts][:2] == ["Samaritans", "Meic"]
    # Children keep their own words.
    assert "adult you trust" in panel(bundled, None, ["safety"]).messages[0].en


def test_the_carers_message_names_the_on_call_line_and_the_emergency_duty_team():
    bundled = load_help(PROJECT_ROOT / "questionnaires")
    shown = panel(bundled, None, ["carers"], audience="foster_carer")
    assert "llinell ffôn ar alwad eich gwasanaeth maethu" in shown.messages[0].cy
    assert "thîm dyletswydd brys" in shown.messages[0].cy
    assert "emergency duty team" in shown.messages[0].en
    assert [each.name.en for each in shown.contacts][0] == "Your fostering service's on-call line"


def test_every_adult_contact_speaks_chi_and_every_number_is_marked_for_checking():
    bundled = load_help(PROJECT_ROOT / "questionnaires")
    for audience in ("foster_carer", "staff"):
        for contact in bundled.defaults_for(audience).help_contacts:
            assert TI.findall(contact.description.cy) == [], contact.name.en
            assert TI.findall(contact.name.cy) == [], contact.name.en
    source = (PROJECT_ROOT / "questionnaires" / "help_contacts.yaml").read_text(encoding="utf-8")
    numbers = [line for line in source.splitlines() if re.match(r"\s*(phone|text):", line)]
    assert numbers and all("# check:" in line for line in numbers)


# --- a council's own contacts, per audience ---------------------------------------------------------


def add_contact(audience: str, name: str, kind: str = "contact") -> None:
    authority = db.session.scalar(select(Authority).filter_by(ons_code=HOME_AUTHORITY))
    db.session.add(
        AuthorityHelpContact(
            authority=authority,
            kind=kind,
            audience=audience,
            position=0,
            name_en=name,
            name_cy=f"{name} (cy)",
            description_en=f"About {name}.",
            description_cy=f"Am {name}.",
            phone="01443 000000",
        )
    )
    db.session.commit()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_councils_contact_shows_only_on_its_audiences_pages(demo, lang):
    add_contact("foster_carer", "RCT fostering on call")
    add_contact("child", "RCT children's rights officer")
    add_contact("care_leaver", "RCT leaving care team")
    add_contact("staff", "RCT staff wellbeing")
    add_contact("everyone", "RCT emergency duty team")
    add_contact("child", "RCT advocacy", kind="advocacy")
    suffix = "" if lang == "en" else " (cy)"
    own = {
        "children-8-10": ["RCT children's rights officer", "RCT emergency duty team", "RCT advocacy"],
        "care-leavers-16-25": ["RCT leaving care team", "RCT emergency duty team"],
        "foster-carers": ["RCT fostering on call", "RCT emergency duty team"],
        "staff": ["RCT staff wellbeing", "RCT emergency duty team"],
        "authority-self-audit": ["RCT staff wellbeing", "RCT emergency duty team"],
    }
    client = demo.test_client()
    for questionnaire_id, mine in own.items():
        defaults = EXPECTED[questionnaire_id][0 if lang == "en" else 1]
        for page in survey_pages(client, questionnaire_id, lang):
            names = help_names(page)
            council = [name for name in names if name.startswith("RCT")]
            assert council == [name + suffix for name in mine], questionnaire_id
            # The council's advocacy replaces the children's default advocate, and no one else's.
            if questionnaire_id == "children-8-10":
                assert names == council + defaults[1:]
            else:
                assert names == council + defaults


def test_a_councils_contacts_in_the_help_file_are_per_audience_too():
    bundled = load_help(PROJECT_ROOT / "questionnaires")
    council = {
        "advocacy": {
            "audience": "care_leaver",
            "name": {"en": "RCT leaving care advocacy", "cy": "Eiriolaeth gadael gofal RhCT"},
            "description": {"en": "For care leavers.", "cy": "I bobl ifanc sy'n gadael gofal."},
        },
        "contacts": [
            {
                "id": "out_of_hours",
                "audience": "foster_carer",
                "name": {"en": "RCT emergency duty team", "cy": "Tîm dyletswydd brys RhCT"},
                "description": {"en": "Nights and weekends.", "cy": "Nosweithiau a phenwythnosau."},
            },
            {
                "name": {"en": "RCT for everyone", "cy": "RhCT i bawb"},
                "description": {"en": "Any time.", "cy": "Unrhyw bryd."},
            },
        ],
    }
    help_file = HelpContactFile.model_validate(
        {**bundled.model_dump(), "authorities": {HOME_AUTHORITY: council}}
    )

    def names(audience: str, topics=()) -> list[str]:
        return [each.name.en for each in panel(help_file, HOME_AUTHORITY, topics, audience=audience).contacts]

    assert names("foster_carer") == ["RCT emergency duty team", "RCT for everyone", *FOSTER_CARERS_EN]
    # After the question about help out of hours, the council's team and the on-call line come first.
    assert names("foster_carer", ["carers"]) == [
        "RCT emergency duty team",
        *FOSTER_CARERS_EN[:2],
        "RCT for everyone",
        "Samaritans",
    ]
    assert names("care_leaver") == ["RCT for everyone", "RCT leaving care advocacy", *CARE_LEAVERS_EN[1:]]
    assert names("child") == ["RCT for everyone", *CHILDREN_EN]
    assert names("staff") == ["RCT for everyone", *STAFF_EN]


def test_a_help_file_without_audiences_gives_everyone_its_contacts(tmp_path):
    """A service's copy written before audiences keeps showing its contacts on every page."""
    import yaml

    contact = {"name": {"en": "Local line", "cy": "Llinell leol"}, "description": {"en": "A", "cy": "B"}}
    (tmp_path / "help_contacts.yaml").write_text(
        yaml.safe_dump({"help_contacts": [contact]}), encoding="utf-8"
    )
    help_file = load_help(tmp_path)
    for audience in ("child", "care_leaver", "foster_carer", "staff"):
        assert [each.name.en for each in panel(help_file, None, audience=audience).contacts] == ["Local line"]


# --- what the panel says ----------------------------------------------------------------------------

EVERY_SURVEY = {
    "en": "Every survey on Lleisiau is anonymous",
    "cy": "Mae pob arolwg yn Lleisiau yn ddienw",
}
THIS_SURVEY = {"en": "This survey is anonymous", "cy": "Mae'r arolwg hwn yn ddienw"}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_pages_of_no_survey_speak_of_every_survey(client, lang):
    pages = [get_page(client, f"/{lang}/"), get_page(client, f"/{lang}/privacy")]
    pages.append(get_page(client, f"/{lang}/nonsense", status=404))
    pages.append(get_page(client, f"/{lang}/s/no-such-survey", status=404))
    for page in pages:
        text = help_text(page)
        assert EVERY_SURVEY[lang] in text and THIS_SURVEY[lang] not in text
        assert help_names(page) == (CHILDREN_EN if lang == "en" else CHILDREN_CY)
    choose = get_page(client, "/").soup.select_one("aside#help").get_text(" ")
    assert EVERY_SURVEY["en"] in choose and EVERY_SURVEY["cy"] in choose


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_survey_pages_speak_of_this_survey(client, library, lang):
    create_campaign(create_version(library.questionnaires["foster-carers"]), slug="carers")
    create_campaign(create_version(library.questionnaires["children-8-10"]), slug="children")
    for slug in ("carers", "children"):
        for path in ("", "/privacy", "/resume"):
            text = help_text(get_page(client, f"/{lang}/s/{slug}{path}"))
            assert THIS_SURVEY[lang] in text and EVERY_SURVEY[lang] not in text


# --- the migration --------------------------------------------------------------------------------


def test_migration_0011_gives_each_council_contact_an_audience_and_goes_back(tmp_path):
    """A database at 0010 with a council's contacts, upgraded and downgraded in fresh processes."""
    import os
    import subprocess
    import sys

    import sqlalchemy as sa

    path = tmp_path / "old.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "FLASK_APP": "wsgi"}

    def flask(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "flask", *args], env=env, check=True, capture_output=True)

    flask("db", "upgrade", "0010")
    engine = sa.create_engine(f"sqlite:///{path}")
    insert = sa.text(
        "INSERT INTO authority_help_contacts (authority_id, kind, position, name_en, name_cy,"
        " description_en, description_cy) VALUES (:rct, :kind, 0, :name, 'Enw', 'About', 'Am')"
    )
    with engine.begin() as connection:
        rct = connection.execute(sa.text("SELECT id FROM authorities WHERE ons_code = 'W06000016'")).scalar()
        connection.execute(insert, {"rct": rct, "kind": "advocacy", "name": "RCT advocacy"})
        connection.execute(insert, {"rct": rct, "kind": "contact", "name": "RCT out of hours"})
    engine.dispose()

    flask("db", "upgrade", "0011")
    with engine.begin() as connection:
        rows = connection.execute(
            sa.text("SELECT name_en, audience FROM authority_help_contacts ORDER BY id")
        ).all()
        # Advocacy replaced the children's advocate, so it stays with children; the rest is for everyone.
        assert [tuple(row) for row in rows] == [("RCT advocacy", "child"), ("RCT out of hours", "everyone")]
        with pytest.raises(sa.exc.IntegrityError):
            connection.execute(sa.text("UPDATE authority_help_contacts SET audience = 'adults'"))
    engine.dispose()

    flask("db", "downgrade", "0010")
    with engine.connect() as connection:
        columns = {each["name"] for each in sa.inspect(connection).get_columns("authority_help_contacts")}
        assert "audience" not in columns
        names = connection.execute(
            sa.text("SELECT name_en FROM authority_help_contacts ORDER BY id")
        ).scalars()
        assert list(names) == ["RCT advocacy", "RCT out of hours"]
    engine.dispose()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_kept_help_panel_never_crosses_between_survey_and_other_pages(app, client, library, lang):
    """The help panel is rendered once and reused (web/render_cache.py): whichever page came first, a
    children's survey page still says "this survey" and a page of no survey "every survey"."""
    assert app.config.get("LLEISIAU_RENDER_CACHE", True)
    create_campaign(create_version(library.questionnaires["children-8-10"]), slug="children")
    survey, other = f"/{lang}/s/children", f"/{lang}/privacy"
    for url in (survey, other, survey, other):
        text = help_text(get_page(client, url))
        expected, never = (THIS_SURVEY, EVERY_SURVEY) if url == survey else (EVERY_SURVEY, THIS_SURVEY)
        assert expected[lang] in text and never[lang] not in text, url
