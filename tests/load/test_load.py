"""Several hundred respondents at once through gunicorn: every response stored exactly once, whole.

Each simulated respondent (bench/respondent.py) answers short-8-10 (tests/data) on a phone-like HTTP client: a
survey across Wales (choosing a council) or one council's own, in Welsh or English, a quarter of them
switching language half-way. Afterwards the database is compared with what each one sent, answer by
answer: the same multiset of responses, no response twice, none missing, no unfinished one left over.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from . import site

RESPONDENTS = 300
AT_ONCE = 100
WORKERS = 4


def test_several_hundred_respondents_at_once_are_each_stored_once_with_every_answer(
    load_database: str, tmp_path: Path
) -> None:
    with site.serve(load_database, WORKERS, tmp_path / "gunicorn.log") as served:
        crowd = site.crowd(served.url, RESPONDENTS, AT_ONCE, seed=8)
        log = served.log()
    print(crowd.summary())
    assert crowd.failures == [], crowd.failures[:5]
    held = site.stored(load_database)
    assert sum(held.complete.values()) == RESPONDENTS
    assert held.complete == crowd.expected()
    assert held.partial == 0, "a Start sent twice made a second response"
    assert crowd.tally.calm_pages == 0, "nothing failed, so nobody should have been asked to try again"
    assert "Traceback" not in log, log[-3000:]


def test_two_app_servers_share_nothing_but_the_database_and_the_key(
    load_database: str, tmp_path: Path
) -> None:
    """Scale-out: every request of every respondent goes to either of two separate gunicorn servers.

    Nothing about a respondent lives in a web server (the session is a signed cookie, answers are in
    the database), so it does not matter which server answers which request.
    """
    key = secrets.token_hex(32)
    with (
        site.serve(load_database, 2, tmp_path / "one.log", secret_key=key) as one,
        site.serve(load_database, 2, tmp_path / "two.log", secret_key=key) as two,
    ):
        crowd = site.crowd([one.url, two.url], 60, 20, seed=11)
    print(crowd.summary())
    assert crowd.failures == [], crowd.failures[:5]
    held = site.stored(load_database)
    assert held.complete == crowd.expected()
    assert held.partial == 0
