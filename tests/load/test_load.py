"""Several hundred respondents at once through gunicorn: every response stored exactly once, whole.

Each simulated respondent (bench/respondent.py) answers short-8-10 (tests/data) on a phone-like HTTP client: a
survey across Wales (choosing a council) or one council's own, in Welsh or English, a quarter of them
switching language half-way. Afterwards the database is compared with what each one sent, answer by
answer: the same multiset of responses, no response twice, none missing, no unfinished one left over.
"""

from __future__ import annotations

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
