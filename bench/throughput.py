"""Requests per second for Lleisiau's respondent pages beside a minimal Flask app served the same way.

Usage:  .venv/bin/python bench/throughput.py [--workers N] [--clients C] [--seconds S] [--respondents R]
        (or: make bench, which runs every benchmark)

Two apps are served in turn by gunicorn on 127.0.0.1 with the same number of sync workers (default two
per core) and hit by the same client (stdlib http.client, C connections at a time spread over client
processes, a new connection per request as a phone's browser would make to a sync worker):

  reference       GET of bench/minimal_app.py's one tiny page: what this machine, gunicorn and this client
                  can do at all
  question page   GET of a question page of the bundled children-8-10 questionnaire by a respondent who has
                  already started (their session cookie sent), as LLEISIAU_ENV=production serves it from a
                  SQLite file
  saved answer    POST of that page with a valid answer and its CSRF token: the answer is saved and the
                  redirect to the next page is not followed

Lleisiau runs as in production (LLEISIAU_ENV=production, a random 64-hex-digit SECRET_KEY, DATABASE_URL a
temporary SQLite file migrated and given an open campaign). Its respondents (--respondents, default 200)
are started before any timing, each with its own session; each client connection takes its own share of
them in turn, so no respondent sends two answers at once. Production session cookies are Secure, so the
client keeps and sends the Cookie header itself over plain HTTP.

Each figure counts the requests that both started and finished within --seconds (after --warmup), and
prints req/s, its ratio to the reference, the median and 95th-percentile time of one request, and the
server's CPU time per request (its workers' user and system time over the window, from /proc, divided by
the requests answered in it). Targets (issue 19): question page >= 0.25 of the reference, saved answer
>= 0.15, each marked pass or FAIL, with the aims beyond them (0.5 and 0.25) marked too. The client runs
on the same machine and takes CPU time from the server (its share is printed), so the absolute figures
are lower than a separate client would see; the ratios compare like with like. On a machine busy with
other work the req/s ratios swing from run to run; the CPU-per-request ratio (printed under the table)
depends far less on what else the machine is doing.

Exits 0 when every figure was measured, whatever the targets say; 1 if a server did not start, a
respondent could not be started, or any timed request failed (a figure with errors is not a figure).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import multiprocessing
import os
import platform
import random
import secrets
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bs4 import BeautifulSoup, Tag  # noqa: E402

from bench.respondent import Browser, Form  # noqa: E402
from bench.seeding import open_campaign  # noqa: E402
from bench.serving import Served, gunicorn  # noqa: E402

QUESTIONNAIRE = "children-8-10"
SLUG = "bench-children-8-10"
AUTHORITY = "W06000016"
LANG = "cy"
SITE_HOST = "lleisiau.example"
TARGETS = {"question page": 0.25, "saved answer": 0.15}
AIMS = {"question page": 0.5, "saved answer": 0.25}  # beyond the targets: where issue 19 wants to get
TIMEOUT = 30.0


def cores() -> int:
    """CPUs this process may run on (a container's limit, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{cores()} cores{f' ({model})' if model else ''}, Python {platform.python_version()}"


def busy() -> str:
    """How busy the machine already is: other work running alongside a benchmark skews it."""
    try:
        return f"load average {os.getloadavg()[0]:.1f} over the last minute before this run"
    except OSError:
        return "load average unknown"


# ---------------------------------------------------------------------------------------------------------
# The database and the environment Lleisiau is served with


def seed_database(database: Path) -> str:
    """Migrate a new SQLite file and open a campaign of the bundled children-8-10 questionnaire; its slug."""

    import flask_migrate

    from survey_app import create_app
    from survey_app.config import PROJECT_ROOT
    from survey_app.content.loader import load_checked_library
    from survey_app.extensions import db
    from survey_app.models import Authority

    app = create_app(
        "testing",
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "RATELIMIT_STORAGE_URI": "memory://"},
    )
    frozen = load_checked_library(PROJECT_ROOT / "questionnaires").questionnaires[QUESTIONNAIRE]
    with app.app_context():
        with contextlib.redirect_stderr(io.StringIO()):  # Alembic's INFO lines
            flask_migrate.upgrade()
        authority = db.session.query(Authority).filter_by(ons_code=AUTHORITY).one()
        open_campaign(SLUG, frozen, authority)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return SLUG


def lleisiau_environment(database: Path, extra_hosts: str = "") -> dict[str, str]:
    """What a production deployment sets (README), with the temporary database.

    Requests name the host lleisiau.example, as a proxy in front would pass them on; a browser on this
    machine that must name 127.0.0.1 (Secure cookies are sent to it over plain HTTP) needs `extra_hosts`.
    """
    env = {
        "LLEISIAU_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": f"sqlite:///{database}",
        "LLEISIAU_BASE_URL": f"https://{SITE_HOST}",
    }
    return env | ({"LLEISIAU_EXTRA_HOSTS": extra_hosts} if extra_hosts else {})


# ---------------------------------------------------------------------------------------------------------
# Respondents, started over plain HTTP as a phone's browser would


def form_of(html: str, form_id: str) -> tuple[str, Form, dict[str, list[str]]]:
    """A form's action, hidden fields (the CSRF token), and the options of each radio question."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    if not isinstance(form, Tag):
        raise RuntimeError(f"no form #{form_id} in the page")
    fields = form.find_all("input", type="hidden")
    hidden = [(str(each["name"]), str(each.get("value", ""))) for each in fields]
    choices: dict[str, list[str]] = {}
    for each in form.find_all("input", type="radio"):
        choices.setdefault(str(each["name"]), []).append(str(each["value"]))
    return str(form["action"]), hidden, choices


@dataclass
class Started:
    """A respondent on a question page: their session cookie, the page, and an answer to it."""

    cookie: str
    path: str
    answer: Form


def start_respondent(
    url: str, slug: str, seed: int, lang: str = LANG, host: str | None = SITE_HOST
) -> Started:
    """Open the introduction, press Start, and carry on to the first page that asks a question."""
    browser, rng = Browser(url, host_header=host, attempts=1), random.Random(seed)
    intro = browser.request("GET", f"/{lang}/s/{slug}")
    action, hidden, _choices = form_of(intro.body, "intro-form")
    reply = browser.request("POST", action, [*hidden, ("action", "start")])
    for _page in range(10):
        if reply.status != 302:
            raise RuntimeError(f"starting a respondent: HTTP {reply.status}, not a redirect to a page")
        path = urlsplit(reply.location).path
        page = browser.request("GET", path)
        if page.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {page.status}")
        action, hidden, choices = form_of(page.body, "survey-form")
        answer = [*hidden, *((name, rng.choice(values)) for name, values in choices.items())]
        answer.append(("action", "continue"))
        if choices:
            cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
            return Started(cookie, path, answer)
        reply = browser.request("POST", action, answer)
    raise RuntimeError("no question page with a choice within the first ten pages")


def start_respondents(url: str, slug: str, count: int, host: str | None = SITE_HOST) -> list[Started]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda n: start_respondent(url, slug, seed=n, host=host), range(count)))


# ---------------------------------------------------------------------------------------------------------
# The load: client processes, each with threads, each a connection at a time


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    expected: int = 200


@dataclass
class Tally:
    ok: int = 0
    failed: int = 0
    latencies: list[float] = field(default_factory=list)
    first_failure: str = ""
    cpu_seconds: float = 0.0
    late_seconds: float = 0.0  # how long after the window opened this process began sending

    def add(self, other: Tally) -> None:
        self.ok += other.ok
        self.failed += other.failed
        self.latencies += other.latencies
        self.first_failure = self.first_failure or other.first_failure
        self.cpu_seconds += other.cpu_seconds
        self.late_seconds = max(self.late_seconds, other.late_seconds)


def _once(host: str, port: int, call: Call) -> int:
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        connection.request(call.method, call.path, body=call.body, headers=dict(call.headers))
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def _connection_loop(host: str, port: int, calls: list[Call], begin: float, end: float, tally: Tally) -> None:
    """Send these calls in turn, one at a time, until `end`; count those wholly within [begin, end]."""
    turn = 0
    while (started := time.monotonic()) < end:
        call = calls[turn % len(calls)]
        turn += 1
        try:
            status = _once(host, port, call)
            problem = "" if status == call.expected else f"{call.method} {call.path}: HTTP {status}"
        except (OSError, http.client.HTTPException) as error:
            problem = f"{call.method} {call.path}: {type(error).__name__}: {error}"
        finished = time.monotonic()
        if started >= begin and finished <= end:
            if problem:
                tally.failed += 1
                tally.first_failure = tally.first_failure or problem
            else:
                tally.ok += 1
                tally.latencies.append(finished - started)


def client_process(host: str, port: int, shares: list[list[Call]], begin: float, end: float) -> Tally:
    """One client process: a thread per connection. (time.monotonic is the same clock in every process.)"""
    cpu = time.process_time()
    late = max(0.0, time.monotonic() - begin)
    tallies = [Tally() for _share in shares]
    threads = [
        threading.Thread(target=_connection_loop, args=(host, port, share, begin, end, tally))
        for share, tally in zip(shares, tallies, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Tally()
    for tally in tallies:
        total.add(tally)
    total.cpu_seconds = time.process_time() - cpu
    total.late_seconds = late
    return total


@dataclass
class Load:
    clients: int
    processes: int
    seconds: float
    warmup: float


@dataclass
class Figure:
    name: str
    detail: str
    rate: float
    tally: Tally
    wall: float
    server_cpu: float = float("nan")  # seconds of the server's workers' CPU time in the window

    @property
    def cpu_per_request(self) -> float:
        """Milliseconds of server CPU time per request answered in the window."""
        answered = self.tally.ok + self.tally.failed
        return self.server_cpu / answered * 1000 if answered else float("nan")

    def percentile(self, share: float) -> float:
        ordered = sorted(self.tally.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time so far of these processes (those gone are left out)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / tick


def _server_cpu(served: Served, begin: float, end: float, into: list[float]) -> None:
    """Sample the workers' CPU time at `begin` and at `end` (run in a thread beside the load)."""
    time.sleep(max(0.0, begin - time.monotonic()))
    pids = served.worker_pids()
    before = _cpu_seconds(pids)
    time.sleep(max(0.0, end - time.monotonic()))
    into.append(_cpu_seconds(pids) - before)


def hammer(served: Served, name: str, detail: str, calls: list[Call], load: Load) -> Figure:
    """`load.clients` connections at a time send `calls` (each connection its own share) for the window."""
    parts = urlsplit(served.url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    # Each connection its own calls (its own respondents); a single call (the reference) is everyone's.
    shares: list[list[Call]] = [calls[n :: load.clients] or calls for n in range(load.clients)]
    per_process = [shares[n :: load.processes] for n in range(load.processes)]
    context = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    with context.Pool(load.processes) as pool:
        lead = 1.0  # for the client processes to start
        begin = time.monotonic() + lead + load.warmup
        end = begin + load.seconds
        wall = time.monotonic()
        cpu: list[float] = []
        sampler = threading.Thread(target=_server_cpu, args=(served, begin, end, cpu), daemon=True)
        sampler.start()
        tallies = pool.starmap(client_process, [(host, port, share, begin, end) for share in per_process])
        sampler.join()
        wall = time.monotonic() - wall
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return Figure(name, detail, total.ok / load.seconds, total, wall, cpu[0] if cpu else float("nan"))


HOST = ("Host", SITE_HOST)  # every request, the reference's too, names the site as a proxy would


def get_calls(path: str) -> list[Call]:
    return [Call("GET", path, (HOST,))]


def question_calls(respondents: list[Started]) -> list[Call]:
    return [Call("GET", r.path, (HOST, ("Cookie", r.cookie))) for r in respondents]


def answer_calls(respondents: list[Started]) -> list[Call]:
    form = ("Content-Type", "application/x-www-form-urlencoded")
    return [
        Call("POST", r.path, (HOST, ("Cookie", r.cookie), form), urlencode(r.answer).encode(), expected=302)
        for r in respondents
    ]


# ---------------------------------------------------------------------------------------------------------
# The report


def verdict(name: str, ratio: float) -> str:
    """ ">= 0.25  pass  (0.50 FAIL)": the target, and the aim beyond it, for a figure that has them."""
    target, aim = TARGETS.get(name), AIMS.get(name)
    if target is None or aim is None:
        return ""
    mark = {True: "pass", False: "FAIL"}
    return f">= {target:.2f}  {mark[ratio >= target]}  ({aim:.2f} {mark[ratio >= aim]})"


def report(figures: list[Figure], workers: int, load: Load, before: str) -> int:
    reference = figures[0].rate
    print(
        f"Throughput on this machine ({machine()}; {before}): gunicorn, {workers} sync workers per app; "
        f"{load.clients} client connections at a time from {load.processes} client processes; "
        f"{load.seconds:g} s each after {load.warmup:g} s warm-up."
    )
    print(
        "The client shares this machine with the server, so absolute figures are lower than a separate "
        "client would see; the ratios compare like with like.\n"
    )
    header = f"{'':<16}{'req/s':>10}{'ratio':>8}{'median':>9}{'p95':>9}{'CPU/req':>10}  target (aim)"
    print(header)
    print("-" * (len(header) + 16))
    problems = []
    for figure in figures:
        ratio = figure.rate / reference if reference else float("nan")
        print(
            f"{figure.name:<16}{figure.rate:>10,.1f}{ratio:>8.2f}{figure.percentile(0.5):>7.1f}ms"
            f"{figure.percentile(0.95):>7.1f}ms{figure.cpu_per_request:>8.2f}ms  "
            + verdict(figure.name, ratio)
        )
        if figure.tally.late_seconds:
            print(f"  ({figure.name}: a client process began {figure.tally.late_seconds:.1f} s late)")
        if figure.tally.failed or not figure.tally.ok:
            problems.append(
                f"{figure.name}: {figure.tally.failed} of {figure.tally.ok + figure.tally.failed} requests "
                f"failed ({figure.tally.first_failure or 'none answered'})"
            )
    cpu_reference = figures[0].cpu_per_request
    by_cpu = [
        f"{figure.name} {cpu_reference / figure.cpu_per_request:.2f} of the reference "
        f"({verdict(figure.name, cpu_reference / figure.cpu_per_request)})"
        for figure in figures[1:]
        if figure.cpu_per_request > 0 and cpu_reference > 0
    ]
    if by_cpu:
        print("\nBy server CPU time per request (less swayed by other work on the machine):")
        print("  " + "; ".join(by_cpu))
    print()
    for figure in figures:
        print(f"  {figure.name}: {figure.detail}")
    client_cpu = sum(figure.tally.cpu_seconds for figure in figures)
    client_wall = sum(figure.wall for figure in figures)
    print(
        f"\nThe client processes used {client_cpu:.1f} CPU seconds in {client_wall:.1f} s of load: about "
        f"{client_cpu / (client_wall * cores()):.0%} of this machine's {cores()} cores."
    )
    if problems:
        print("\nNOT MEASURED (requests failed):\n  " + "\n  ".join(problems))
        return 1
    return 0


def measure(workers: int, load: Load, respondents: int, work: Path) -> list[Figure]:
    figures = []
    with gunicorn("bench.minimal_app:app", workers=workers, env={}, log_path=work / "minimal.log") as minimal:
        detail = "GET / of bench/minimal_app.py (one route, a tiny HTML page)"
        figures.append(hammer(minimal, "reference", detail, get_calls("/"), load))
    database = work / "lleisiau.sqlite3"
    slug = seed_database(database)
    env = lleisiau_environment(database)
    with gunicorn("wsgi:app", workers=workers, env=env, log_path=work / "lleisiau.log") as lleisiau:
        started = start_respondents(lleisiau.url, slug, respondents)
        path = started[0].path
        detail = f"GET {path} ({QUESTIONNAIRE}), {len(started)} started respondents, their cookies sent"
        figures.append(hammer(lleisiau, "question page", detail, question_calls(started), load))
        detail = f"POST {path} with a valid answer and CSRF token, HTTP 302 expected and not followed"
        figures.append(hammer(lleisiau, "saved answer", detail, answer_calls(started), load))
        if any(figure.tally.failed for figure in figures):
            tail = "\n".join(lleisiau.log().splitlines()[-30:])
            print(f"Lleisiau's log, last lines:\n{tail}", file=sys.stderr)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2 * cores(), help="gunicorn workers (default 2/core)")
    parser.add_argument("--clients", type=int, help="connections at a time (default 2 per worker)")
    parser.add_argument("--processes", type=int, help="client processes (default one per core)")
    parser.add_argument("--seconds", type=float, default=5.0, help="timed seconds per figure (default 5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="untimed seconds first (default 1)")
    parser.add_argument("--respondents", type=int, default=200, help="respondents started (default 200)")
    args = parser.parse_args(argv)
    if args.workers < 1 or args.seconds <= 0 or args.warmup < 0 or args.respondents < 1:
        parser.error("--workers, --respondents: at least 1; --seconds: above 0; --warmup: not negative")
    clients = args.clients or 2 * args.workers
    if args.respondents < clients:
        parser.error(f"--respondents must be at least {clients}, one per connection at a time")
    processes = max(1, min(clients, args.processes or cores()))
    load = Load(clients=clients, processes=processes, seconds=args.seconds, warmup=args.warmup)
    before = busy()
    with tempfile.TemporaryDirectory(prefix="lleisiau-bench-") as tmp:
        try:
            figures = measure(args.workers, load, args.respondents, Path(tmp))
        except RuntimeError as error:
            print(f"Throughput NOT MEASURED: {error}")
            return 1
    return report(figures, args.workers, load, before)


if __name__ == "__main__":
    sys.exit(main())
