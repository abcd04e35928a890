"""Fixtures for the browser tests: a live server, Debian's Chromium through Playwright, axe-core.

Without Chromium, Playwright or axe-core these tests skip and say why, unless LLEISIAU_BROWSER_TESTS=required
(as in CI), when they fail instead. `playwright install` is never needed: we launch /usr/bin/chromium.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from survey_app.config import PROJECT_ROOT

from .live_server import LiveServer, serve

CHROMIUM = Path(os.environ.get("LLEISIAU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {320: {"width": 320, "height": 640}, 360: {"width": 360, "height": 740}}


def unavailable(reason: str) -> None:
    """Skip, or fail when the browser tests are required (CI)."""
    if os.environ.get("LLEISIAU_BROWSER_TESTS", "").strip().lower() == "required":
        pytest.fail(f"LLEISIAU_BROWSER_TESTS=required, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    with serve(tmp_path_factory.mktemp("browser") / "lleisiau.sqlite3") as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium, launched once per test module.

    Module scope, not session: only one sync Playwright may run at a time in a process, and a module may
    start its own (test_read_aloud.py does).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        unavailable(f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE_JS.exists():
        unavailable(f"axe-core is not installed at {AXE_JS} (run: npm ci --no-audit --no-fund)")
    return AXE_JS


class RequestLog:
    """Every URL a browser context asked for, to prove nothing leaves the live server."""

    def __init__(self, allowed_origin: str):
        self.allowed = urlsplit(allowed_origin)
        self.urls: list[str] = []

    def record(self, request: Any) -> None:
        self.urls.append(request.url)

    def elsewhere(self) -> list[str]:
        """URLs that went anywhere but the live server (data: and about: URLs never leave the phone)."""
        away = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "about", "blob"):
                continue
            if (parts.scheme, parts.hostname, parts.port) != (
                self.allowed.scheme,
                self.allowed.hostname,
                self.allowed.port,
            ):
                away.append(url)
        return away


@pytest.fixture()
def new_page(browser, live_server) -> Iterator[Callable[..., Any]]:
    """Open a page in a new browser context (a new phone: no cookies) at a given width.

    Every context records its requests; after the test, any request that left 127.0.0.1 fails it.
    """
    contexts: list[tuple[Any, RequestLog]] = []

    def open_page(width: int = 320, **options: Any) -> Any:
        context = browser.new_context(viewport=VIEWPORTS[width], **options)
        context.set_default_timeout(10_000)
        log = RequestLog(live_server.url)
        context.on("request", log.record)
        contexts.append((context, log))
        page = context.new_page()
        page.request_log = log
        return page

    yield open_page
    leaks = [url for context, log in contexts for url in log.elsewhere()]
    for context, _log in contexts:
        context.close()
    assert not leaks, f"requests left 127.0.0.1: {leaks}"
