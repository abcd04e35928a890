"""Time to first contentful paint of a survey's introduction and a question page on a slow phone (issue 8).

Usage:  .venv/bin/python bench/first_content.py [--runs 5] [--workers N]      (or: make bench)

Lleisiau is served as bench/throughput.py serves it (gunicorn, LLEISIAU_ENV=production, a temporary
SQLite file with an open campaign of the bundled children-8-10 questionnaire; 127.0.0.1 is allowed as a
host name besides lleisiau.example, because Chromium sends Secure cookies to it over plain HTTP) and
opened in Debian's headless Chromium (/usr/bin/chromium, or LLEISIAU_CHROMIUM) through Playwright, as a
slow phone:

  network   Network.emulateNetworkConditions: 150 ms latency, 1.6 Mbit/s (200,000 bytes/s) down and up
  CPU       Emulation.setCPUThrottlingRate 4 (four times slower than this machine)
  screen    360 x 640 CSS pixels, mobile, touch
  cache     cold: a new browser context (no cache, no cookies) for every run

Each run loads one page and reads first-contentful-paint from performance.getEntriesByType('paint'): from
the start of navigation to the first text drawn. The question page is the first one with a question, for
a respondent started beforehand over plain HTTP whose session cookie is given to the new context (it is
Secure, as in production; Chromium sends Secure cookies to 127.0.0.1). The first page this browser opens
pays for starting its renderer; that run is made and not counted.

Prints each page's runs, their median and worst, each beside its target (median under 0.6 s, worst under
0.8 s: the page drawn after one round trip for its HTML, as the stylesheet is inlined; comparable services
take about 3 s), how many files the browser had to wait for before drawing (render-blocking, from Resource
Timing's renderBlockingStatus: 0 when nothing in <head> makes it wait), when the HTML and those files had
all arrived (ready: the network's share of the time, which the machine's load hardly changes), and the
bytes each load sent (uncompressed, as gunicorn sends them). Exits 0 when every run was measured,
whatever the targets say; 1 if Chromium or Playwright is missing or a page did not load as it should.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.serving import Served, gunicorn  # noqa: E402
from bench.throughput import (  # noqa: E402
    busy,
    cores,
    lleisiau_environment,
    machine,
    seed_database,
    start_respondents,
)

CHROMIUM = Path(os.environ.get("LLEISIAU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LATENCY_MS = 150
BYTES_PER_SECOND = 200_000  # 1.6 Mbit/s
CPU_SLOWDOWN = 4
VIEWPORT = {"width": 360, "height": 640}
TARGET_MEDIAN_MS = 600.0
TARGET_WORST_MS = 800.0
PEERS_MS = 3000.0
LANG = "cy"
PAINTED = """() => {
  const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const sent = [nav, ...resources].reduce((n, e) => n + e.transferSize, 0);
  const blocking = resources.filter((e) => e.renderBlockingStatus === 'blocking');
  const ready = Math.max(nav.responseEnd, ...blocking.map((e) => e.responseEnd));
  return paint ? {fcp: paint.startTime, bytes: sent, blocking: blocking.length, ready} : null;
}"""


class NotMeasured(RuntimeError):
    """A page could not be measured (no browser, or it did not load as a respondent would see it)."""


@dataclass
class Run:
    fcp_ms: float
    bytes: int
    blocking: int = 0
    ready_ms: float = 0.0  # when the HTML and every render-blocking file had arrived


def slow_phone(browser: Any) -> tuple[Any, Any]:
    """A new context (cold cache, no cookies) and page, throttled like a slow phone on a slow network."""
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": BYTES_PER_SECOND,
            "uploadThroughput": BYTES_PER_SECOND,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return context, page


def load(browser: Any, url: str, cookie: str | None = None) -> Run:
    """Open `url` in a fresh throttled context (with this session cookie, if any); its FCP and bytes sent."""
    context, page = slow_phone(browser)
    try:
        if cookie:
            name, value = cookie.split("=", 1)
            host = urlsplit(url).hostname or "127.0.0.1"
            context.add_cookies(
                [
                    {
                        "name": name,
                        "value": value,
                        "domain": host,
                        "path": "/",
                        "secure": True,
                        "httpOnly": True,
                        "sameSite": "Lax",
                    }
                ]  # fmt: skip
            )
        answer = page.goto(url, wait_until="load", timeout=60_000)
        if answer is None or answer.status != 200:
            raise NotMeasured(f"{url}: HTTP {answer.status if answer else 'no answer'}")
        if urlsplit(page.url).path != urlsplit(url).path:
            raise NotMeasured(f"{url} went to {page.url} (was the session cookie refused?)")
        painted = page.wait_for_function(PAINTED, timeout=10_000).json_value()
        return Run(
            float(painted["fcp"]), int(painted["bytes"]), int(painted["blocking"]), float(painted["ready"])
        )
    finally:
        context.close()


@dataclass
class Page:
    name: str
    runs: list[Run]

    @property
    def median(self) -> float:
        return statistics.median(run.fcp_ms for run in self.runs)

    @property
    def worst(self) -> float:
        return max(run.fcp_ms for run in self.runs)

    @property
    def ready(self) -> float:
        return statistics.median(run.ready_ms for run in self.runs)

    @property
    def blocking(self) -> int:
        return max(run.blocking for run in self.runs)


def measure(served: Served, slug: str, runs: int, workers: int) -> list[Page]:
    from playwright.sync_api import sync_playwright

    introduction = f"{served.url}/{LANG}/s/{slug}"
    # Every worker answers the introduction and question pages at least once before any timing (a fresh
    # worker's first page loads templates and catalogues); the last respondents are the ones measured.
    started = start_respondents(served.url, slug, workers * 3 + runs, host=None)
    respondents = started[-runs:]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            load(browser, introduction)  # starts the renderer; not counted
            intro = Page("introduction", [load(browser, introduction) for _run in range(runs)])
            questions = [load(browser, served.url + r.path, r.cookie) for r in respondents]
            return [intro, Page("question page", questions)]
        finally:
            browser.close()


def verdict(value: float, target: float) -> str:
    return "pass" if value < target else "FAIL"


def report(pages: list[Page], runs: int, before: str) -> None:
    print(
        f"First contentful paint on this machine ({machine()}; {before}): headless Chromium as a slow phone "
        f"({LATENCY_MS} ms latency, {BYTES_PER_SECOND * 8 / 1e6:g} Mbit/s down and up, CPU {CPU_SLOWDOWN}x "
        f"slower, {VIEWPORT['width']}x{VIEWPORT['height']} mobile), cold cache, {runs} runs per page."
    )
    print(
        f"Lleisiau served by gunicorn on this machine; targets: median under {TARGET_MEDIAN_MS / 1000:g} s, "
        f"worst under {TARGET_WORST_MS / 1000:g} s (one round trip; comparable services: about 3 s).\n"
    )
    header = f"{'':<16}{'median':>9}{'target':>9}{'':<6}{'worst':>9}{'target':>9}{'':<6}{'blocking':>9}"
    header += f"{'ready':>9}"
    header += f"{'sent':>10}  runs (ms)"
    print(header)
    print("-" * (len(header) + 16))
    for page in pages:
        sent = statistics.median(run.bytes for run in page.runs) / 1024
        each = " ".join(f"{run.fcp_ms:.0f}" for run in page.runs)
        print(
            f"{page.name:<16}{page.median:>7.0f}ms{'< ' + f'{TARGET_MEDIAN_MS / 1000:g} s':>9} "
            f"{verdict(page.median, TARGET_MEDIAN_MS):<5}{page.worst:>7.0f}ms"
            f"{'< ' + f'{TARGET_WORST_MS / 1000:g} s':>9} {verdict(page.worst, TARGET_WORST_MS):<5}"
            f"{page.blocking:>9}{page.ready:>7.0f}ms{sent:>7.1f} KB  {each}"
        )
    print(
        "\nblocking: files the browser waited for before drawing anything (the most in any run). ready: "
        "median time by which the HTML and those files had all arrived (the network's share; the rest of "
        "first paint is the throttled CPU, which a busy machine slows further). sent: "
        "median bytes over the network (the HTML and what it loads) as gunicorn sends them, uncompressed "
        "(a proxy that compresses would send less; bench/page_weight.py counts them gzipped against 14 KB)."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per page (default 5)")
    parser.add_argument("--workers", type=int, default=2 * cores(), help="gunicorn workers (default 2/core)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.workers < 1:
        parser.error("--runs and --workers must be at least 1")
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError:
        print("First contentful paint NOT MEASURED: Playwright is not installed (make install)")
        return 1
    if not CHROMIUM.exists():
        print(f"First contentful paint NOT MEASURED: no Chromium at {CHROMIUM} (apt-get install chromium)")
        return 1
    before = busy()
    with tempfile.TemporaryDirectory(prefix="lleisiau-bench-") as tmp:
        database = Path(tmp) / "lleisiau.sqlite3"
        slug = seed_database(database)
        env = lleisiau_environment(database, extra_hosts="127.0.0.1")
        try:
            with gunicorn("wsgi:app", workers=args.workers, env=env, log_path=Path(tmp) / "log") as served:
                pages = measure(served, slug, args.runs, args.workers)
        except (NotMeasured, RuntimeError, PlaywrightError) as error:
            print(f"First contentful paint NOT MEASURED: {error}")
            return 1
    report(pages, args.runs, before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
