"""Faults in the middle of a crowd of respondents: nothing saved is lost, nothing is stored twice.

- A gunicorn worker is killed (SIGKILL, as the out-of-memory killer would) three times during the run;
  gunicorn starts a new one and the respondents whose requests died send them again.
- Connections are dropped mid-request on purpose: some respondents' Start, page saves and Send are sent
  whole and the phone "loses signal" before the answer; it sends them again.
- PostgreSQL is restarted during the run: requests in flight get a calm page in the respondent's own
  language saying their answers are safe, and carry on when they try again.

Afterwards every respondent has finished, the database holds each response exactly once with every
answer, and no unfinished response is left behind by a Start sent twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import site
from .conftest import required

RESPONDENTS = 150
AT_ONCE = 50
WORKERS = 3


def _assert_nothing_lost_or_doubled(crowd: site.Crowd, url: str, log: str = "") -> None:
    print(crowd.summary())
    assert crowd.failures == [], f"{crowd.failures[:5]}\n--- gunicorn's log, last lines ---\n{log[-4000:]}"
    held = site.stored(url)
    assert sum(held.complete.values()) == RESPONDENTS
    assert held.complete == crowd.expected()
    assert held.partial == 0, "a Start sent twice made a second response"
    assert crowd.tally.calm_pages_wrong == [], crowd.tally.calm_pages_wrong[:5]


def test_workers_killed_and_connections_dropped_mid_send_lose_and_double_nothing(
    load_database: str, tmp_path: Path
) -> None:
    killed: list[int] = []
    with site.serve(load_database, WORKERS, tmp_path / "gunicorn.log") as served:
        kill = [(share, lambda: killed.append(served.kill_worker())) for share in (0.25, 0.5, 0.75)]
        crowd = site.crowd(
            served.url,
            RESPONDENTS,
            AT_ONCE,
            seed=9,
            drop_start=0.2,
            drop_pages=0.1,
            drop_send=0.5,
            faults=kill,
        )
        workers_after = served.worker_pids()
        log = served.log()
    assert len(killed) == 3
    assert len(workers_after) == WORKERS and not set(killed) & set(workers_after), "gunicorn replaced them"
    assert crowd.tally.dropped > RESPONDENTS // 2
    _assert_nothing_lost_or_doubled(crowd, load_database, log)


def test_postgresql_restarted_mid_run_shows_a_calm_page_and_loses_nothing(tmp_path: Path) -> None:
    if not site.can_restart_postgresql():
        if required():
            pytest.fail("LLEISIAU_FAULT_TESTS=required, but PostgreSQL cannot be restarted here")
        pytest.skip("needs TEST_DATABASE_URL and root with pg_ctlcluster to restart PostgreSQL")
    url = site.postgresql_url()
    assert url is not None
    site.prepare(url)
    restarts: list[float] = []
    try:
        with site.serve(url, WORKERS, tmp_path / "gunicorn.log") as served:
            crowd = site.crowd(
                served.url,
                RESPONDENTS,
                AT_ONCE,
                seed=10,
                faults=[(0.4, lambda: restarts.append(site.restart_postgresql()))],
            )
            log = served.log()
        assert len(restarts) == 1
        print(f"PostgreSQL restarted in {restarts[0]:.1f} s")
        assert crowd.tally.calm_pages > 0, "requests during the restart should have met the calm page"
        _assert_nothing_lost_or_doubled(crowd, url, log)
        assert "database unavailable" in log
    finally:
        site.drop_postgresql()
