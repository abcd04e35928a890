"""Simulated respondents: a phone's browser, over real HTTP, answering a Lleisiau survey to the end.

Used by the load and fault tests (tests/load/) and the benchmarks. Each `Respondent` opens the
introduction, starts, answers every page it is shown (choosing at random, never an answer the page
would refuse), sometimes switches language half-way, checks and sends. Like a person, it tries again
when the connection drops or the service says "try again" (502, 503, 504): the same request, after a
pause. It records what it sent, so that afterwards the database can be compared with it answer by answer.

Cookies are kept by hand: in production they are Secure, which an HTTP client on 127.0.0.1 would
otherwise refuse to send back.
"""

from __future__ import annotations

import http.client
import random
import socket
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from bs4 import BeautifulSoup

RETRY_STATUSES = frozenset({502, 503, 504})
CALM_HEADINGS = {"en": "Your answers are safe", "cy": "Mae dy atebion yn ddiogel"}
Form = list[tuple[str, str]]


class GaveUp(RuntimeError):
    """The respondent met something a person could not get past (or retried for too long)."""


@dataclass
class Reply:
    status: int
    location: str
    body: str
    set_cookies: list[str]


@dataclass
class Tally:
    """What happened on the way, for the test's report."""

    requests: int = 0
    retries: int = 0
    dropped: int = 0
    calm_pages: int = 0
    calm_pages_wrong: list[str] = field(default_factory=list)


class Browser:
    """One person's browser: a cookie jar and a request that is tried again as a person would."""

    def __init__(
        self,
        base_url: str | Sequence[str],
        host_header: str | None = None,
        attempts: int = 12,
        timeout: float = 60.0,
    ) -> None:
        """`base_url` may be several servers of one service: each request then goes to any of them."""
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self.servers = [(parts.hostname or "127.0.0.1", parts.port or 80) for parts in map(urlsplit, urls)]
        self.host_header = host_header or urlsplit(urls[0]).netloc
        self.attempts = attempts
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.tally = Tally()

    def _headers(self, body: bytes | None) -> dict[str, str]:
        headers = {"Host": self.host_header, "Connection": "close", "User-Agent": "lleisiau-load/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Content-Length"] = str(len(body))
        return headers

    def _keep_cookies(self, set_cookies: Iterable[str]) -> None:
        for header in set_cookies:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in header.lower() or "expires=thu, 01 jan 1970" in header.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def _server(self) -> tuple[str, int]:
        return random.choice(self.servers)

    def _once(self, method: str, path: str, body: bytes | None) -> Reply:
        host, port = self._server()
        connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=self._headers(body))
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
            return Reply(
                status=answer.status,
                location=answer.getheader("Location", "") or "",
                body=text,
                set_cookies=answer.headers.get_all("Set-Cookie") or [],
            )
        finally:
            connection.close()

    def request(self, method: str, path: str, form: Form | None = None, lang: str = "") -> Reply:
        """Send, and send again after a dropped connection or a "try again" page, up to `attempts` times."""
        body = urlencode(form).encode() if form is not None else None
        pause = 0.2
        for attempt in range(self.attempts):
            self.tally.requests += 1
            try:
                reply = self._once(method, path, body)
            except (ConnectionError, http.client.HTTPException, TimeoutError, OSError):
                reply = None
            if reply is not None:
                self._keep_cookies(reply.set_cookies)
                if reply.status not in RETRY_STATUSES:
                    return reply
                if reply.status == 503:
                    self._check_calm_page(reply, lang)
            if attempt + 1 < self.attempts:
                self.tally.retries += 1
                time.sleep(pause * (0.5 + random.random()))
                pause = min(pause * 2, 4.0)
        raise GaveUp(f"{method} {path}: no answer after {self.attempts} tries")

    def send_and_drop(self, method: str, path: str, form: Form) -> None:
        """Send a whole request and close the connection without waiting (a phone losing signal)."""
        body = urlencode(form).encode()
        head = [f"{method} {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in self._headers(body).items()]
        raw = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        self.tally.dropped += 1
        try:
            with socket.create_connection(self._server(), timeout=self.timeout) as sock:
                sock.sendall(raw)
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _check_calm_page(self, reply: Reply, lang: str) -> None:
        self.tally.calm_pages += 1
        page = BeautifulSoup(reply.body, "html.parser")
        heading = page.find("h1")
        expected = CALM_HEADINGS.get(lang, "")
        html_lang = page.html.get("lang") if page.html else None
        if heading is None or heading.get_text(strip=True) != expected or (lang and html_lang != lang):
            self.tally.calm_pages_wrong.append(f"{lang}: {heading.get_text(strip=True) if heading else '?'}")


def _hidden_fields(form: Any) -> Form:
    if form is None:
        raise GaveUp("no form on the page")
    return [(str(each["name"]), str(each.get("value", ""))) for each in form.find_all("input", type="hidden")]


def _form_fields(page: BeautifulSoup, form_id: str) -> tuple[Any, Form]:
    form = page.find("form", id=form_id)
    return form, _hidden_fields(form)


def answers_for(form: Any, rng: random.Random, note: str) -> Form:
    """Answers a person might give to one page: one option per question (sometimes none), a short note.

    As in a browser, a radio button already chosen (a page seen again after a language switch) is sent
    again unless another is chosen: a radio button cannot be unticked. Numbers are left blank (every
    question may be skipped) and "I'd rather not say" boxes left alone, so no answer is refused.
    """
    chosen: Form = []
    groups: dict[str, list[str]] = {}
    ticked: dict[str, str] = {}
    for each in form.find_all("input", type=["radio", "checkbox"]):
        name = str(each["name"])
        if name.endswith("__rather_not_say"):
            continue
        groups.setdefault(name, []).append(str(each["value"]))
        if each.get("type") == "radio" and each.has_attr("checked"):
            ticked[name] = str(each["value"])
    for name, values in groups.items():
        if rng.random() < 0.9:
            chosen.append((name, rng.choice(values)))
        elif name in ticked:
            chosen.append((name, ticked[name]))
    for each in form.find_all("textarea"):
        chosen.append((str(each["name"]), note))
    return chosen


@dataclass
class Respondent:
    """One young person answering one survey, start to finish."""

    browser: Browser
    slug: str
    lang: str
    rng: random.Random
    note: str
    switch_language: bool = False
    drop_start: bool = False
    drop_pages: bool = False
    drop_send: bool = False
    council: str = ""
    sent: dict[int, Form] = field(default_factory=dict)

    def _path(self, rest: str = "") -> str:
        return f"/{self.lang}/s/{self.slug}{rest}"

    def _get(self, path: str) -> BeautifulSoup:
        reply = self.browser.request("GET", path, lang=self.lang)
        if reply.status != 200:
            raise GaveUp(f"GET {path}: {reply.status}")
        return BeautifulSoup(reply.body, "html.parser")

    def _post(self, path: str, form: Form, drop_first: bool) -> str:
        """Send a form (first dropping the connection once, if asked); return where it leads."""
        if drop_first:
            self.browser.send_and_drop("POST", path, form)
        reply = self.browser.request("POST", path, form, lang=self.lang)
        if reply.status not in (302, 303):
            raise GaveUp(f"POST {path}: {reply.status} {_error_text(reply.body)}")
        return reply.location

    def run(self) -> None:
        """Answer the whole survey; raise GaveUp if that could not be done."""
        page = self._get(self._path())
        _form, fields = _form_fields(page, "intro-form")
        location = self._post(self._path(), [*fields, ("action", "start")], self.drop_start)
        if urlsplit(location).path.endswith("/council"):  # a survey across Wales asks which council next
            location = self._choose_council(urlsplit(location).path)
        switch_at = self.rng.randint(1, 3) if self.switch_language else 0
        steps = 0
        while not location.endswith("/send"):
            steps += 1
            if steps > 60:
                raise GaveUp("more than 60 pages")
            path = urlsplit(location).path
            page = self._get(path)
            form, fields = _form_fields(page, "survey-form")
            answers = answers_for(form, self.rng, self.note)
            number = int(path.rsplit("/", 1)[1])
            action = "switch" if steps == switch_at else "continue"
            location = self._post(path, [*fields, *answers, ("action", action)], self.drop_pages)
            self.sent[number] = answers
            if action == "switch":  # saved; the same page again, in the other language
                self.lang = "en" if self.lang == "cy" else "cy"
        page = self._get(self._path("/send"))
        fields = _hidden_fields(page.find("form", method="post"))
        location = self._post(self._path("/send"), fields, self.drop_send)
        if not location.endswith("/thank-you"):
            raise GaveUp(f"sending led to {location}")
        self._get(self._path("/thank-you"))

    def _choose_council(self, path: str) -> str:
        """Choose a council (or "not sure") on the page after Start; return where Continue leads."""
        form, fields = _form_fields(self._get(path), "council-form")
        councils = [str(each["value"]) for each in form.find_all("input", attrs={"name": "authority"})]
        if not councils:
            raise GaveUp("the council page lists no councils")
        self.council = self.rng.choice(councils)
        return self._post(
            path, [*fields, ("authority", self.council), ("action", "continue")], self.drop_pages
        )

    def expected_answers(self) -> frozenset[tuple[str, str]]:
        """What the database should hold for this respondent: every (field, value) last sent."""
        return frozenset(pair for answers in self.sent.values() for pair in answers)


def _error_text(body: str) -> str:
    heading = BeautifulSoup(body, "html.parser").find("h1")
    return heading.get_text(strip=True) if heading else body[:200]


def stored_pairs(answers: dict[str, Any]) -> frozenset[tuple[str, str]]:
    """A stored response's answers as the (field, value) pairs a browser sends (grids: item__row)."""
    pairs: set[tuple[str, str]] = set()
    for item_id, value in answers.items():
        if isinstance(value, dict):
            pairs.update((f"{item_id}__{row}", str(chosen)) for row, chosen in value.items())
        elif isinstance(value, list):
            pairs.update((item_id, str(chosen)) for chosen in value)
        else:
            pairs.add((item_id, str(value)))
    return frozenset(pairs)


def total(tallies: Sequence[Tally]) -> Tally:
    """All respondents' tallies added up."""
    summed = Tally()
    for each in tallies:
        summed.requests += each.requests
        summed.retries += each.retries
        summed.dropped += each.dropped
        summed.calm_pages += each.calm_pages
        summed.calm_pages_wrong += each.calm_pages_wrong
    return summed
