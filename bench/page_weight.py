"""Page weight of every kind of respondent page, against the 14 KB and 20 KB budgets (issues 4 and 19).

Usage:  .venv/bin/python bench/page_weight.py [--lang cy|en|both]      (or: make bench)

Builds the app on a temporary SQLite database, publishes every bundled questionnaire with an open campaign
each, and walks a respondent's pages with Flask's test client (no browser, no network). For each page it
fetches the HTML and every same-origin asset the page makes a browser load (stylesheets, scripts, images,
url()s inside stylesheets, and /favicon.ico when no icon is declared, because browsers ask for it anyway),
compresses each with gzip level 6 as a web server would, and prints:

  HTML       the page itself, gzipped (with the stylesheet inlined in it)
  paint      HTML + whatever is render-blocking (linked stylesheets, their @imports, scripts without
             defer or async): what must arrive before anything is drawn, on a first visit
  /14KB      paint as a share of 14 KB (14,336 bytes), about one TCP initial window (10 segments): a
             paint load under it arrives in one round trip; pass or FAIL
  assets     everything it loads, gzipped (each counted once; deferred scripts need not arrive first)
  first      HTML + assets: a first visit with nothing cached
  repeat     HTML only: assets carry a content hash in their URL and are cached
  /20KB      first load as a share of the 20 KB (20,480 bytes) budget for everything
  text       the page's visible text alone, gzipped: what no design can avoid sending

It also checks that no page makes the browser fetch anything from another host (links a person may choose
to follow, tel:, sms: and mailto: are fine). Exits 1, naming the page, if any paint load exceeds 14 KB, any
first load exceeds 20 KB, or anything third-party is referenced.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from bench.seeding import open_campaign  # noqa: E402
from survey_app import create_app  # noqa: E402
from survey_app.config import PROJECT_ROOT  # noqa: E402
from survey_app.content.frozen import FrozenQuestionnaire  # noqa: E402
from survey_app.content.loader import load_checked_library  # noqa: E402
from survey_app.extensions import db  # noqa: E402
from survey_app.models import Authority  # noqa: E402

BUDGET = 20 * 1024
PAINT_BUDGET = 14 * 1024  # one TCP initial window is 10 segments of about 1,460 bytes: 14,600 bytes
ORIGIN = "http://localhost"
AUTHORITY = "W06000016"
PREFIX = "bench-"
# Attributes that make a browser fetch something as soon as the page loads.
FETCHED = {"link": ["href"], "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"],
           "video": ["src", "poster"], "audio": ["src"], "iframe": ["src"], "embed": ["src"],
           "object": ["data"], "input": ["src"], "track": ["src"]}  # fmt: skip
LINK_RELS_FETCHED = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "manifest",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
NEVER_FETCHED = ("tel:", "sms:", "mailto:", "data:", "#", "javascript:")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass
class Weight:
    page: str
    lang: str
    status: int
    html: int
    assets: int
    text: int
    third_party: list[str]
    asset_names: list[str]
    blocking: int = 0  # gzipped bytes of the render-blocking assets

    @property
    def first(self) -> int:
        return self.html + self.assets

    @property
    def paint(self) -> int:
        return self.html + self.blocking


def visible_text(soup: BeautifulSoup) -> str:
    body = soup.body or soup
    for hidden in body.select("script, style, template, noscript, svg"):
        hidden.decompose()
    return " ".join(body.get_text(" ").split())


def fetched_urls(soup: BeautifulSoup) -> list[str]:
    """URLs the browser fetches on load (not links a person may follow)."""
    urls = []
    for tag, attributes in FETCHED.items():
        for element in soup.find_all(tag):
            if tag == "link" and not LINK_RELS_FETCHED & set(element.get("rel") or []):
                continue
            for attribute in attributes:
                value = element.get(attribute)
                if not value:
                    continue
                candidates = (
                    [part.split()[0] for part in value.split(",")] if "srcset" in attribute else [value]
                )
                urls += [url.strip() for url in candidates if url.strip()]
    for element in soup.select("[style]"):
        urls += [a or b for a, b in CSS_URL.findall(element["style"])]
    for style in soup.find_all("style"):
        urls += [a or b for a, b in CSS_URL.findall(style.get_text())]
    return [url for url in urls if not url.startswith(NEVER_FETCHED)]


def render_blocking_urls(soup: BeautifulSoup) -> list[str]:
    """What the browser must fetch before it draws: linked stylesheets and scripts without defer or async."""
    urls = [link["href"] for link in soup.select('link[rel~="stylesheet"][href]')]
    for script in soup.select("script[src]"):
        if not (script.has_attr("defer") or script.has_attr("async") or script.get("type") == "module"):
            urls.append(script["src"])
    return urls


def is_third_party(url: str) -> bool:
    parts = urlsplit(urljoin(ORIGIN + "/", url))
    return f"{parts.scheme}://{parts.netloc}" != ORIGIN


def form_actions(soup: BeautifulSoup) -> list[str]:
    return [form["action"] for form in soup.find_all("form") if form.get("action")]


def fetch(client: FlaskClient, url: str) -> tuple[Any, int]:
    """An asset as a browser gets it, following redirects; every hop's body counts."""
    size = 0
    for _hop in range(5):
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        size += gz(response.get_data())
        if response.status_code not in (301, 302, 303, 307, 308):
            break
        url = urljoin(url, response.location)
    return response, size


def measure(client: FlaskClient, name: str, lang: str, path: str, response: Any) -> Weight:
    html = response.get_data()
    soup = BeautifulSoup(html, "html.parser")
    page_url = urljoin(ORIGIN, path)
    third_party = [url for url in fetched_urls(soup) + form_actions(soup) if is_third_party(url)]
    assets: dict[str, int] = {}
    imports: dict[str, list[str]] = {}  # a stylesheet's @imports block drawing as it does
    unexpected: dict[str, int] = {}
    queue = [urljoin(page_url, url) for url in fetched_urls(soup) if not is_third_party(url)]
    if not soup.select("link[rel~=icon]"):
        queue.append(urljoin(ORIGIN, "/favicon.ico"))  # asked for by browsers when no icon is declared
    while queue:
        url = queue.pop(0)
        if url in assets:
            continue
        asset, size = fetch(client, url)
        body = asset.get_data()
        assets[url] = size
        if asset.status_code != 200:
            unexpected[url] = asset.status_code
        if asset.mimetype == "text/css":
            imports[url] = [urljoin(url, b) for _a, b in CSS_URL.findall(body.decode()) if b]
            for a, b in CSS_URL.findall(body.decode("utf-8", "replace")):
                target = urljoin(url, a or b)
                if a.startswith("data:") or b.startswith("data:"):
                    continue
                if is_third_party(target):
                    third_party.append(target)
                else:
                    queue.append(target)
    text = visible_text(BeautifulSoup(html, "html.parser")).encode()
    names = [
        f"{urlsplit(url).path} {size}" + (f" (HTTP {unexpected[url]})" if url in unexpected else "")
        for url, size in assets.items()
    ]
    blocking: set[str] = set()
    waiting = [urljoin(page_url, url) for url in render_blocking_urls(soup) if not is_third_party(url)]
    while waiting:
        url = waiting.pop()
        if url not in blocking:
            blocking.add(url)
            waiting += imports.get(url, [])
    return Weight(
        name,
        lang,
        response.status_code,
        gz(html),
        sum(assets.values()),
        gz(text),
        third_party,
        names,
        sum(assets.get(url, 0) for url in blocking),
    )


def hidden_fields(response: Any, selector: str = "main form") -> tuple[str, dict[str, str]]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    form = soup.select_one(selector)
    assert form is not None, f"no form {selector}"
    fields = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    return form["action"], fields


def start(client: FlaskClient, lang: str, slug: str) -> Any:
    """Open a survey's introduction and press Start; returns the first question page's response."""
    action, fields = hidden_fields(client.get(f"/{lang}/s/{slug}"))
    return client.post(action, data={**fields, "action": "start"}, follow_redirects=True)


def first_page_with(frozen: FrozenQuestionnaire, wanted: Any) -> int | None:
    for number, page in enumerate(frozen.pages, start=1):
        if any(wanted(item) for item in frozen.visible_items(page, {})):
            return number
    return None


def pages(client: FlaskClient, lang: str, surveys: dict[str, FrozenQuestionnaire]) -> Iterator[Weight]:
    """Every kind of respondent page, in one language."""

    def get(name: str, path: str) -> Weight:
        return measure(client, name, lang, path, client.get(path))

    if lang == "cy":
        yield get("language choice /", "/")
    yield get("home", f"/{lang}/")
    main = PREFIX + "children-8-10"
    yield get("introduction (8-10)", f"/{lang}/s/{main}")
    for slug, frozen in surveys.items():
        first = start(client, lang, slug)
        yield measure(client, f"first question: {frozen.questionnaire.id}", lang, first.request.path, first)
    young = PREFIX + "children-4-7"
    faces = first_page_with(surveys[young], lambda item: item.type == "faces")
    if faces:
        yield get("faces page (4-7)", f"/{lang}/s/{young}/{faces}")
    sensitive = first_page_with(surveys[main], lambda item: getattr(item, "help_topic", None))
    if sensitive:
        yield get("sensitive page (8-10)", f"/{lang}/s/{main}/{sensitive}")
    yield from error_check_and_thanks(client, lang, surveys)
    yield get("resume", f"/{lang}/s/{main}/resume")
    start(client, lang, main)
    yield get("save for later", f"/{lang}/s/{main}/later")
    for band in ("children-4-7", "children-8-10", "young-people-11-18", "foster-carers"):
        yield get(f"privacy ({band})", f"/{lang}/s/{PREFIX}{band}/privacy")


def error_answer(frozen: FrozenQuestionnaire) -> tuple[int, dict[str, Any]] | None:
    """A page and an answer a respondent could give that fails validation: "none of these" ticked with
    another answer, or a word typed into a number box."""
    for number, page in enumerate(frozen.pages, start=1):
        for item in frozen.visible_items(page, {}):
            if item.type == "multiple_choice":
                options = frozen.options(item)
                alone = [option.value for option in options if option.exclusive]
                others = [option.value for option in options if not option.exclusive]
                if alone and others:
                    return number, {item.id: [others[0], alone[0]]}
            if item.type == "number":
                return number, {item.id: "lots"}
    return None


def error_check_and_thanks(
    client: FlaskClient, lang: str, surveys: dict[str, FrozenQuestionnaire]
) -> Iterator[Weight]:
    """A page with a validation error, then check and send, and thank you."""
    children_first = sorted(surveys.items(), key=lambda pair: pair[1].questionnaire.audience != "child")
    for slug, frozen in children_first:
        wrong = error_answer(frozen)
        if wrong is None:
            continue
        number, answer = wrong
        start(client, lang, slug)
        path = f"/{lang}/s/{slug}/{number}"
        action, fields = hidden_fields(client.get(path), "#survey-form")
        failed = client.post(action, data={**fields, **answer, "action": "continue"})
        assert failed.status_code == 400, f"{path}: {answer} gave HTTP {failed.status_code}, not 400"
        yield measure(client, f"validation error ({frozen.questionnaire.id})", lang, path, failed)
        check_path = f"/{lang}/s/{slug}/send"
        check = client.get(check_path)
        yield measure(client, "check and send", lang, check_path, check)
        action, fields = hidden_fields(check)
        thanks = client.post(action, data=fields, follow_redirects=True)
        yield measure(client, "thank you", lang, thanks.request.path, thanks)
        return
    raise SystemExit("no bundled questionnaire has a question that can show a validation error")


def build_app(database: Path) -> tuple[Any, dict[str, FrozenQuestionnaire]]:
    app = create_app(
        "testing",
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "RATELIMIT_STORAGE_URI": "memory://"},
    )
    library = load_checked_library(PROJECT_ROOT / "questionnaires")
    surveys = {PREFIX + qid: frozen for qid, frozen in sorted(library.questionnaires.items())}
    with app.app_context():
        flask_migrate.upgrade()
        authority = db.session.query(Authority).filter_by(ons_code=AUTHORITY).one()
        for slug, frozen in surveys.items():
            open_campaign(slug, frozen, authority)
        db.session.commit()
        db.session.remove()
    return app, surveys


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def verdict(size: int, budget: int) -> str:
    return "pass" if size <= budget else "FAIL"


def report(weights: list[Weight]) -> int:
    header = f"{'page':<44} {'lang':<4} {'HTML':>6} {'paint':>6} {'/14KB':>6}      "
    header += f"{'assets':>6} {'first':>6} {'repeat':>6} {'/20KB':>6} {'text':>6}"
    print(
        "Gzipped (level 6) kilobytes. Budgets: 14 KB (14,336 bytes, one TCP initial window) for what must "
        "arrive before the first paint; 20 KB (20,480 bytes) for a whole first load.\n"
    )
    print(header)
    print("-" * len(header))
    for w in weights:
        print(
            f"{w.page[:44]:<44} {w.lang:<4} {kb(w.html):>6} {kb(w.paint):>6} {w.paint / PAINT_BUDGET:>6.0%} "
            f"{verdict(w.paint, PAINT_BUDGET):<4} {kb(w.assets):>6} {kb(w.first):>6} {kb(w.html):>6} "
            f"{w.first / BUDGET:>6.0%} {kb(w.text):>6}"
        )
    assets = sorted({name for w in weights for name in w.asset_names})
    print("\nAssets (gzipped bytes): " + (", ".join(assets) or "none"))
    problems = [
        f"{w.page} ({w.lang}): first paint load {w.paint} bytes > {PAINT_BUDGET}"
        for w in weights
        if w.paint > PAINT_BUDGET
    ]
    problems += [
        f"{w.page} ({w.lang}): first load {w.first} bytes > {BUDGET}" for w in weights if w.first > BUDGET
    ]
    problems += [
        f"{w.page} ({w.lang}): third-party reference {url}" for w in weights for url in w.third_party
    ]
    problems += [f"{w.page} ({w.lang}): HTTP {w.status}" for w in weights if w.status >= 500]
    painted = max(weights, key=lambda w: w.paint)
    print(
        f"\nHeaviest first paint load: {painted.page} ({painted.lang}), {painted.paint} bytes of 14 KB "
        f"({PAINT_BUDGET:,} bytes), {painted.paint / PAINT_BUDGET:.0%}: "
        f"{verdict(painted.paint, PAINT_BUDGET).upper()}"
    )
    heaviest = max(weights, key=lambda w: w.first)
    print(
        f"Heaviest first load: {heaviest.page} ({heaviest.lang}), {heaviest.first} bytes of 20 KB "
        f"({BUDGET:,} bytes), {heaviest.first / BUDGET:.0%}: {verdict(heaviest.first, BUDGET).upper()}"
    )
    blocked = [w for w in weights if w.blocking]
    print(
        f"{len(blocked)} of {len(weights)} pages make the browser wait for another file before drawing."
        if blocked
        else "No page makes the browser wait for another file before drawing (the stylesheet is inlined)."
    )
    if not any(w.third_party for w in weights):
        print("No page references anything from another host.")
    if problems:
        print("\nOVER BUDGET OR THIRD-PARTY:\n  " + "\n  ".join(problems))
        return 1
    print("Every page is within both budgets.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=["cy", "en", "both"], default="both")
    args = parser.parse_args(argv)
    languages = ["cy", "en"] if args.lang == "both" else [args.lang]
    with tempfile.TemporaryDirectory() as tmp:
        app, surveys = build_app(Path(tmp) / "bench.sqlite3")
        weights = []
        for lang in languages:
            client = app.test_client()
            for weight in pages(client, lang, surveys):
                weights.append(weight)
        with app.app_context():
            db.engine.dispose()
    return report(weights)


if __name__ == "__main__":
    sys.exit(main())
