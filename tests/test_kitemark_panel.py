"""The young people's panel is national: no council can make a panel account or move its own bar."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, KitemarkThreshold, User

from .conftest import create_user, get_page, sign_in, submit

COUNCIL_ROLES = ["admin", "officer", "analyst"]
WATCHED = ("kite-mark", "threshold", "accounts")


def _watched_urls(app) -> list[str]:
    """Every kite-mark, threshold and account route, with made-up values for its parts."""
    found = []
    for rule in app.url_map.iter_rules():
        if not any(word in rule.rule for word in WATCHED) or "<lang>" not in rule.rule:
            continue
        url = rule.rule.replace("<lang>", "en")
        for name in rule.arguments - {"lang"}:
            url = url.replace(f"<int:{name}>", "1").replace(f"<{name}>", "2025-26")
        found.append(url)
    assert any("thresholds" in each for each in found) and any("accounts" in each for each in found)
    return found


@pytest.mark.parametrize("role", COUNCIL_ROLES)
def test_no_council_role_can_make_a_panel_account_or_move_the_bar(app, role):
    create_user(f"{role}@rct.example", role)
    client = app.test_client()
    sign_in(client, f"{role}@rct.example")
    for url in _watched_urls(app):
        client.post(
            url, data={"role": "panel", "email": "p@rct.example", "display_name": "Me", "reason": "x"}
        )
    assert db.session.scalars(select(User).filter_by(role="panel")).all() == []
    assert db.session.scalars(select(KitemarkThreshold)).all() == []
    assert client.get("/en/staff/kite-mark/thresholds").status_code == 403


def test_an_administrator_asking_for_a_panel_account_is_refused_in_their_language(app):
    create_user("admin@rct.example", "admin")
    client = app.test_client()
    sign_in(client, "admin@rct.example", lang="cy")
    form = get_page(client, "/cy/staff/accounts/new")
    assert "panel" not in [each["value"] for each in form.soup.select("input[name=role]")]
    page = submit(client, form, {"email": "p@rct.example", "role": "panel"})
    assert page.status == 403
    assert "Dim ond y cydlynydd cenedlaethol" in page.main_text()


def test_the_coordinator_makes_panel_accounts_that_belong_to_no_council(app):
    create_user("national@example.org", "national")
    client = app.test_client()
    sign_in(client, "national@example.org")
    form = get_page(client, "/en/staff/accounts/new")
    submit(client, form, {"email": "sion@example.org", "display_name": "Siôn"})
    made = db.session.scalar(select(User).filter_by(email="sion@example.org"))
    assert (made.role, made.authority_id, made.display_name) == ("panel", None, "Siôn")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_panel_change_needs_a_reason_and_shows_in_the_national_log_with_the_chosen_name(app, lang):
    create_user("panel@example.org", "panel", display_name="Seren")
    client = app.test_client()
    sign_in(client, "panel@example.org", lang=lang)
    url = f"/{lang}/staff/kite-mark/thresholds"
    form = get_page(client, url)
    numbers = {each["name"]: each["value"] for each in form.soup.select("main form input[type=text]")}
    refused = submit(client, form, {**numbers, "safe_at_home": "20"})
    assert refused.status == 400
    assert ("Say why" if lang == "en" else "Dywedwch pam") in refused.main_text()
    assert refused.soup.select_one("input#safe_at_home")["value"] == "20"  # nothing typed is lost
    assert db.session.scalars(select(KitemarkThreshold)).all() == []
    saved = submit(client, refused, {**numbers, "safe_at_home": "60", "reason": "We want it higher."})
    assert "Seren" in saved.main_text() and "We want it higher." in saved.main_text()
    assert "panel@example.org" not in saved.main_text()
    event = db.session.scalar(select(AuditEvent).filter_by(action="kitemark_threshold_set"))
    assert event.authority_id is None and event.detail["shown_as"] == "Seren"


def test_migration_0010_moves_council_panel_accounts_out_and_switches_them_off(tmp_path):
    """A database at 0009 with a council's panel account, upgraded in a fresh process, as in production."""
    import os
    import subprocess
    import sys

    import sqlalchemy as sa

    path = tmp_path / "old.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "FLASK_APP": "wsgi"}

    def flask(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "flask", *args], env=env, check=True, capture_output=True)

    flask("db", "upgrade", "0009")
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        rct = connection.execute(sa.text("SELECT id FROM authorities WHERE ons_code = 'W06000016'")).scalar()
        connection.execute(
            sa.text(
                "INSERT INTO users (email, role, authority_id, active, created_on, session_epoch)"
                " VALUES ('panel@rct.example', 'panel', :rct, 1, '2026-01-01', 2)"
            ),
            {"rct": rct},
        )
    engine.dispose()
    flask("db", "upgrade")
    with engine.connect() as connection:
        user = connection.execute(
            sa.text("SELECT authority_id, active, session_epoch, display_name FROM users")
        ).one()
        logs = connection.execute(
            sa.text("SELECT authority_id FROM audit_events WHERE action = 'user_deactivated'")
        ).scalars()
        assert tuple(user) == (None, 0, 3, None)
        assert sorted(logs, key=str) == sorted([rct, None], key=str)
    engine.dispose()
