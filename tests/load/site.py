"""A real Lleisiau service for the load and fault tests: a database, gunicorn, a crowd of respondents.

`prepare` migrates and seeds a database (a SQLite file, or a PostgreSQL database of its own beside the
suite's); `serve` runs `gunicorn wsgi:app` on it in production mode; `crowd` sends respondents through
it (with faults injected part-way); `stored` reads back what the database holds, answer by answer.
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import flask_migrate
import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bench.respondent import Browser, GaveUp, Respondent, Tally, stored_pairs, total
from bench.seeding import open_campaign
from bench.serving import Served, gunicorn
from survey_app import create_app
from survey_app.config import PROJECT_ROOT, database_url
from survey_app.content.loader import load_library
from survey_app.extensions import db
from survey_app.models import Authority, Campaign, Response

NATIONAL = "load-national"  # asks which council
LOCAL = "load-local"  # Rhondda Cynon Taf's own
SITE_HOST = "lleisiau.example"
SHORT_QUESTIONNAIRE = Path(__file__).resolve().parent.parent / "data" / "short-8-10.yaml"
LOAD_DATABASE = "lleisiau_load"


def _server_url() -> str | None:
    """The suite's PostgreSQL database (TEST_DATABASE_URL) as a psycopg connection string."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return None
    return make_url(database_url(base)).set(drivername="postgresql").render_as_string(hide_password=False)


def postgresql_url() -> str | None:
    """A database of the load tests' own on the suite's PostgreSQL server, made empty; None without one."""
    server = _server_url()
    if server is None:
        return None
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {LOAD_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {LOAD_DATABASE}")
    url = make_url(database_url(server)).set(database=LOAD_DATABASE)
    return url.render_as_string(hide_password=False)


def drop_postgresql() -> None:
    server = _server_url()
    if server is not None:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {LOAD_DATABASE} WITH (FORCE)")


def prepare(url: str) -> None:
    """Migrate, publish short-8-10, and open one campaign across Wales and one for one council.

    short-8-10 (tests/data: 12 questions of every common kind on 6 pages, one written answer) keeps a
    respondent to about 16 requests, so that several hundred fit in CI's time on two cores.
    """
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        library = load_library(PROJECT_ROOT / "questionnaires", [SHORT_QUESTIONNAIRE])
        assert not library.problems, library.problems
        frozen = library.questionnaires["short-8-10"]
        council = db.session.scalars(select(Authority).filter_by(ons_code="W06000016")).one()
        for slug, authority in ((NATIONAL, None), (LOCAL, council)):
            open_campaign(slug, frozen, authority)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@contextmanager
def serve(url: str, workers: int, log_path: Path, secret_key: str | None = None) -> Iterator[Served]:
    """gunicorn wsgi:app in production mode on this database (servers of one service share the key)."""
    env = {
        "LLEISIAU_ENV": "production",
        "SECRET_KEY": secret_key or secrets.token_hex(32),
        "DATABASE_URL": url,
        "LLEISIAU_BASE_URL": f"https://{SITE_HOST}",
        "LLEISIAU_RATELIMIT_STORAGE": "memory://",
    }
    with gunicorn("wsgi:app", workers=workers, env=env, log_path=log_path, ready_path="/en/") as served:
        yield served


@dataclass
class Crowd:
    """What a crowd of respondents did, and what went wrong for any of them."""

    respondents: list[Respondent]
    failures: list[str]
    seconds: float
    tally: Tally = field(default_factory=Tally)

    def expected(self) -> Counter[frozenset[tuple[str, str]]]:
        return Counter(each.expected_answers() | _about(each) for each in self.respondents)

    def summary(self) -> str:
        t = self.tally
        return (
            f"{len(self.respondents)} respondents in {self.seconds:.1f} s: {t.requests} requests, "
            f"{t.retries} tried again, {t.dropped} connections dropped on purpose, "
            f"{t.calm_pages} 'answers are safe' pages"
        )


def _about(respondent: Respondent) -> frozenset[tuple[str, str]]:
    about = {("@campaign", respondent.slug), ("@language", respondent.lang)}
    if respondent.council:
        about.add(("authority", respondent.council))
    return frozenset(about)


def crowd(
    base_url: str | list[str],
    count: int,
    concurrency: int,
    seed: int,
    drop_start: float = 0.0,
    drop_pages: float = 0.0,
    drop_send: float = 0.0,
    faults: list[tuple[float, Callable[[], None]]] | None = None,
) -> Crowd:
    """Send `count` respondents through, `concurrency` at a time; run each fault when that share is done."""
    rng = random.Random(seed)
    respondents = [
        Respondent(
            browser=Browser(base_url, host_header=SITE_HOST),
            slug=rng.choice([NATIONAL, LOCAL]),
            lang=rng.choice(["cy", "en"]),
            rng=random.Random(rng.random()),
            note=f"respondent {index} {'ŵ ŷ' if index % 2 else 'it was ok'}",
            switch_language=rng.random() < 0.25,
            drop_start=rng.random() < drop_start,
            drop_pages=rng.random() < drop_pages,
            drop_send=rng.random() < drop_send,
        )
        for index in range(count)
    ]
    finished = 0
    lock = threading.Lock()
    failures: list[str] = []

    def one(respondent: Respondent) -> None:
        nonlocal finished
        try:
            respondent.run()
        except GaveUp as error:
            failures.append(str(error))
        except Exception as error:  # noqa: BLE001 (report every kind of failure, then fail the test)
            failures.append(f"{type(error).__name__}: {error}")
        with lock:
            finished += 1

    def inject() -> None:
        for share, fault in sorted(faults or [], key=lambda pair: pair[0]):
            while finished < share * count:
                time.sleep(0.05)
            fault()

    injector = threading.Thread(target=inject, daemon=True)
    started = time.monotonic()
    injector.start()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, respondents))
    injector.join(timeout=120)
    return Crowd(
        respondents=respondents,
        failures=failures,
        seconds=time.monotonic() - started,
        tally=total([each.browser.tally for each in respondents]),
    )


@dataclass
class Stored:
    complete: Counter[frozenset[tuple[str, str]]]
    partial: int


def stored(url: str) -> Stored:
    """Every response in the database, as the (field, value) pairs a browser would have sent."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        rows = db.session.execute(
            select(Response, Campaign.slug, Authority.ons_code)
            .join(Campaign, Response.campaign_id == Campaign.id)
            .outerjoin(Authority, Response.authority_id == Authority.id)
        ).all()
        complete: Counter[frozenset[tuple[str, str]]] = Counter()
        partial = 0
        for response, slug, council in rows:
            if response.status != "complete":
                partial += 1
                continue
            about = {("@campaign", slug), ("@language", response.language)}
            if slug == NATIONAL:
                about.add(("authority", council or "not_sure"))
            complete[stored_pairs(response.answers) | about] += 1
        db.session.remove()
        db.engine.dispose()
    return Stored(complete=complete, partial=partial)


def can_restart_postgresql() -> bool:
    """Whether this machine lets the tests restart the PostgreSQL server the suite uses."""
    return (
        bool(os.environ.get("TEST_DATABASE_URL"))
        and shutil.which("pg_ctlcluster") is not None
        and Path("/etc/postgresql").is_dir()
        and os.geteuid() == 0
    )


def restart_postgresql() -> float:
    """Restart the local PostgreSQL cluster (fast mode: open transactions are cut); return its seconds."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", "--mode", "fast", version, "main", "restart"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return time.monotonic() - started
