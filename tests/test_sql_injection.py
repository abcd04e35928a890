"""SQL injection: attack strings in every path parameter, query argument and form field of every route.

Every route in the URL map is requested with each parameter in turn (the language too) replaced by an
attack string, with the query arguments the views read, and (for forms) every field of the page's
forms. Nothing may fail with a 500, and afterwards every table is still there, with the same
campaigns, staff accounts and answers. (Runs on PostgreSQL too when TEST_DATABASE_URL is set.)
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from sqlalchemy import inspect, select

from survey_app.extensions import db
from survey_app.models import Campaign, Response, User
from tests.conftest import Page
from tests.test_security_headers import ADMIN_WALK, ANALYST_WALK, WALKS, build_world, sign_in_as

ATTACKS = ["' OR '1'='1", "1; DROP TABLE responses--", '"; --', "%27", "ŵ' UNION SELECT * FROM users--\u202e"]
# Every query argument a view reads (request.args in survey_app/).
QUERY_ARGS = ("code", "back", "action", "language", "next", "page", "saved", "width", "theme", "state")
SKIPPED = ("auth.sign_out", "main.leave", "static")


def path_with(rule, values: dict[str, str], attacked: str | None, attack: str) -> str:
    """The rule's path, each parameter filled with its real value, and `attacked` with the attack."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = attack if name == attacked else _real(name, values, rule.rule)
        return quote(value, safe="")

    return re.sub(r"<(?:[^:<>]+:)?([a-z_]+)(?:\([^)]*\))?>", fill, rule.rule)


def _real(name: str, values: dict[str, str], rule_text: str) -> str:
    if name == "lang":
        return "en"
    if name == "kind":
        return "version"
    if name == "ident":
        return values["version_id"]
    if name == "fmt":
        return "csv"
    return values[name]


def snapshot() -> dict:
    db.session.expire_all()
    found = {
        "tables": sorted(inspect(db.session.connection()).get_table_names()),
        "campaigns": sorted(db.session.scalars(select(Campaign.slug))),
        "users": sorted(db.session.scalars(select(User.email))),
        # Online answers only: the walk's officer may correct or remove the paper copy it typed in.
        "responses": {
            each.id: each.answers for each in db.session.scalars(select(Response).filter_by(mode="online"))
        },
    }
    db.session.commit()  # SQLite: end this read before the app's requests write
    return found


def test_attack_strings_anywhere_never_break_a_page_or_the_database(app, library):
    world = build_world(app, library)
    before = snapshot()
    tried = 0
    for email, prefixes in WALKS.items():
        client = app.test_client()
        token = sign_in_as(client, email)
        for rule in app.url_map.iter_rules():
            if rule.endpoint in SKIPPED:
                continue
            mine = (
                rule.endpoint.startswith(prefixes)
                if prefixes
                else not rule.endpoint.startswith(ANALYST_WALK + ADMIN_WALK)
            )
            if not mine:
                continue
            real = path_with(rule, world, None, "")
            fields = form_fields(client, real) if "POST" in rule.methods else []
            for attacked in [*rule.arguments, None]:
                for attack in ATTACKS:
                    path = path_with(rule, world, attacked, attack)
                    query = urlencode({name: attack for name in QUERY_ARGS})
                    for method in sorted(rule.methods & {"GET", "POST"}):
                        data = {name: attack for name in fields} | {"csrf_token": token}
                        response = client.open(f"{path}?{query}", method=method, data=data)
                        tried += 1
                        assert response.status_code < 500, f"{email} {method} {path}: {response.status_code}"
                        response.close()
    after = snapshot()
    assert after["tables"] == before["tables"]
    assert after["campaigns"] == before["campaigns"] and after["users"] == before["users"]
    # Respondents' answers are all still there, unchanged (attack strings may start new ones).
    assert {key: after["responses"][key] for key in before["responses"]} == before["responses"]
    assert tried > 1000


def form_fields(client, path: str) -> list[str]:
    """The names of every field in the page's forms (what a browser would send)."""
    response = client.get(path)
    if response.status_code != 200 or response.mimetype != "text/html":
        return []
    soup = Page(response).soup
    names = {each.get("name") for each in soup.select("main form [name]")}
    return sorted(name for name in names if name and name != "csrf_token")


def test_attack_strings_in_sign_in_and_codes_are_just_wrong_answers(app, client, campaign):
    from tests.conftest import create_user, get_page, submit

    create_user("officer@rct.example", "officer")
    for attack in ATTACKS:
        page = submit(client, get_page(client, "/en/staff/sign-in"), {"email": attack, "password": attack})
        assert page.status == 400 and "not right" in page.main_text()
        page = submit(
            client,
            get_page(client, "/en/staff/sign-in"),
            {"email": "officer@rct.example", "password": attack},
        )
        assert page.status == 400
        resume = client.post("/en/s/test-campaign/resume", data={"resume_code": attack})
        assert resume.status_code == 400  # no CSRF token: refused before any query
    assert client.get("/en/staff/").status_code == 302  # never signed in
