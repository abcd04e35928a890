"""Who may reach what: every route declares a permission, and no authority sees another's things.

After alphagov/notifications-admin's tests over the route list: a new route that forgets to declare
who may use it fails here, and every staff route is tried by every role of one authority with the
identifiers of another authority's campaign, questionnaire, draft, codes, contacts and accounts.
"""

from __future__ import annotations

from datetime import date

import pytest

from survey_app.auth.permissions import PUBLIC, Permission, declared_permission
from survey_app.extensions import db
from survey_app.models import AccessCodeBatch, Authority, AuthorityHelpContact, QuestionnaireDraft
from survey_app.results.periods import Band, period_of
from survey_app.store import access_codes
from survey_app.store import paper as paper_store
from tests.conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    create_campaign,
    create_user,
    create_version,
    sign_in,
)

# Routes anyone may use: the respondent's pages, the language choice, sign-in, the health check.
PUBLIC_BLUEPRINTS = {"main", "respond"}
PUBLIC_STAFF_ENDPOINTS = {"auth.sign_in", "auth.sign_out", "auth.set_password", "static"}
AUTHORITY_ROLES = ["admin", "officer", "analyst", "panel"]


def staff_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in PUBLIC_STAFF_ENDPOINTS
        and rule.endpoint.split(".")[0] not in PUBLIC_BLUEPRINTS
    ]


def test_every_route_declares_who_may_use_it(app):
    undeclared = [
        rule.endpoint for rule in app.url_map.iter_rules() if declared_permission(app, rule.endpoint) is None
    ]
    assert undeclared == []


def test_only_respondent_pages_and_sign_in_are_public(app):
    public = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if declared_permission(app, rule.endpoint) == PUBLIC
    }
    assert public == {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in PUBLIC_BLUEPRINTS or rule.endpoint in PUBLIC_STAFF_ENDPOINTS
    }
    for rule in staff_rules(app):
        assert isinstance(declared_permission(app, rule.endpoint), Permission), rule.endpoint


def test_a_view_that_forgets_its_permission_is_refused(app):
    app.add_url_rule("/<lang>/staff/forgotten", "forgotten", lambda lang: "secret")
    response = app.test_client().get("/en/staff/forgotten")
    assert response.status_code == 403 and b"secret" not in response.data


@pytest.fixture()
def other_authority_things(app, short_8_10):
    """One of everything, belonging to the other authority (Cardiff)."""
    other = Authority.query.filter_by(ons_code=OTHER_AUTHORITY).one()
    version = create_version(short_8_10)
    own_version = create_version(
        short_8_10.model_copy(
            update={"questionnaire": short_8_10.questionnaire.model_copy(update={"id": "cardiff-only"})}
        )
    )
    own_version.authority_id = other.id
    campaign = create_campaign(version, slug="cardiff-secret-campaign", authority_code=OTHER_AUTHORITY)
    batch = AccessCodeBatch(campaign=campaign, made_on=date.today(), size=2)
    db.session.add(batch)
    access_codes.create(campaign, 2, batch)
    draft = QuestionnaireDraft(
        questionnaire_id="cardiff-secret-draft",
        authority_id=other.id,
        source=short_8_10.questionnaire.model_dump(mode="json", exclude_none=True),
        translated_from={},
        updated_on=date.today(),
    )
    contact = AuthorityHelpContact(
        authority_id=other.id,
        kind="contact",
        position=0,
        name_en="Cardiff Secret Line",
        name_cy="Llinell Gudd Caerdydd",
        description_en="x",
        description_cy="x",
    )
    db.session.add_all([draft, contact])
    copy = paper_store.add(campaign, {"good_friend": "yes"}, "en", None, date.today())
    db.session.commit()
    user = create_user("someone@cardiff.example", "officer", OTHER_AUTHORITY)
    sign_in(app.test_client(), "someone@cardiff.example")  # leaves an audit event in Cardiff's log
    return {
        "slug": campaign.slug,
        "version_id": own_version.id,
        "draft_id": draft.id,
        "contact_id": contact.id,
        # The builder: a page and a question of that draft.
        "page_id": "home",
        "item_id": "safe_at_home",
        "user_id": user.id,
        "batch_id": batch.id,
        "reference": paper_store.reference(copy),
        # Results: the period and band of Cardiff's campaign, and Cardiff itself.
        "period": period_of(campaign.closes_on),
        "band": Band(campaign.questionnaire_version.audience, campaign.questionnaire_version.age_band).key,
        "code": OTHER_AUTHORITY,
        "fmt": "csv",
        "secrets": [
            "cardiff-secret-campaign",
            "cardiff-secret-draft",
            "cardiff-only",
            "Cardiff Secret Line",
            "someone@cardiff.example",
        ],
    }


def csrf_token(page) -> str:
    """The CSRF token of a signed-in page (the sign-out form carries one on every staff page)."""
    return page.soup.select_one("form.sign-out input[name=csrf_token]")["value"]


def url_with(rule, values: dict) -> str | None:
    """The rule's URL filled with the other authority's identifiers; None if it takes none."""
    arguments = set(rule.arguments) - {"lang"}
    if not arguments:
        return None
    filled = {"lang": "en"}
    for name in arguments:
        if name == "kind":
            filled["kind"] = "draft" if "draft" in rule.rule else "version"
        elif name == "ident":
            continue
        elif name == "page":
            filled["page"] = "1"
        else:
            assert name in values, f"{rule.endpoint}: teach this test what {name!r} is"
            filled[name] = values[name]
    if "ident" in arguments:
        filled["ident"] = values["draft_id"] if filled.get("kind") == "draft" else values["version_id"]
    return rule.build(filled, append_unknown=False)[1]


@pytest.mark.parametrize("role", AUTHORITY_ROLES)
def test_no_role_of_one_authority_reaches_another_authoritys_things(app, other_authority_things, role):
    create_user(f"{role}@rct.example", role, HOME_AUTHORITY)
    client = app.test_client()
    token = csrf_token(sign_in(client, f"{role}@rct.example"))
    tried = 0
    for rule in staff_rules(app):
        url = url_with(rule, other_authority_things)
        if url is None:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(url, method=method, data={"csrf_token": token})
            tried += 1
            assert response.status_code in (403, 404), f"{role} {method} {url}: {response.status_code}"
    assert tried > 5


@pytest.mark.parametrize("role", [*AUTHORITY_ROLES, "national"])
def test_lists_never_show_another_authoritys_things(app, other_authority_things, role):
    create_user(f"{role}@rct.example", role, HOME_AUTHORITY)
    client = app.test_client()
    sign_in(client, f"{role}@rct.example")
    secrets = other_authority_things["secrets"]
    if role == "national":
        # The coordinator sees every authority's campaigns and questionnaires, never their drafts,
        # help contacts or accounts.
        secrets = ["cardiff-secret-draft", "Cardiff Secret Line", "someone@cardiff.example"]
    for rule in staff_rules(app):
        if set(rule.arguments) - {"lang"} or "GET" not in rule.methods:
            continue
        response = client.get(rule.build({"lang": "en"})[1])
        assert response.status_code in (200, 403), rule.endpoint
        page = response.get_data(as_text=True)
        for secret in secrets:
            assert secret not in page, f"{role} sees {secret} on {rule.endpoint}"


def test_the_national_coordinator_cannot_reach_an_authoritys_drafts_settings_or_accounts(
    app, other_authority_things
):
    create_user("national@wales.example", "national", None)
    client = app.test_client()
    token = csrf_token(sign_in(client, "national@wales.example"))
    for rule in staff_rules(app):
        if not ({"draft_id", "contact_id", "user_id"} & set(rule.arguments)):
            continue
        url = url_with(rule, other_authority_things)
        for method in sorted(rule.methods & {"GET", "POST"}):
            assert client.open(url, method=method, data={"csrf_token": token}).status_code in (403, 404), url


def test_staff_of_an_authority_see_but_cannot_change_a_campaign_run_across_wales(app, short_8_10):
    version = create_version(short_8_10)
    create_campaign(version, slug="all-wales-round", authority_code=None)
    create_user("officer@rct.example", "officer")
    client = app.test_client()
    token = csrf_token(sign_in(client, "officer@rct.example"))
    assert client.get("/en/staff/campaigns/all-wales-round").status_code == 200
    assert (
        client.post("/en/staff/campaigns/all-wales-round/change", data={"csrf_token": token}).status_code
        == 404
    )
    codes = {"csrf_token": token, "count": 3, "sheet_lang": "cy"}
    assert client.post("/en/staff/campaigns/all-wales-round/codes", data=codes).status_code == 404


def test_not_signed_in_every_staff_page_asks_to_sign_in(app, other_authority_things):
    client = app.test_client()
    for rule in staff_rules(app):
        url = url_with(rule, other_authority_things) or rule.build({"lang": "cy"})[1]
        if "GET" in rule.methods:
            response = client.get(url)
            assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"], url
