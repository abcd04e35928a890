"""Read aloud (survey_app/static/read-aloud.js) in headless Chromium, with the browser's speech stubbed.

The page is a static fixture written here, in the markup the question templates produce, so these tests
need no server. They skip when Chromium or Playwright is missing, unless LLEISIAU_BROWSER_TESTS=required.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest

from survey_app.config import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "survey_app" / "static" / "read-aloud.js"
READ, STOP = "Darllen yn uchel", "Stopio darllen"
WELSH_VOICE = {"name": "Cymraeg", "lang": "cy-GB", "localService": True}
ENGLISH_VOICE = {"name": "English (UK)", "lang": "en-GB", "localService": True}

FACE = '<svg class="face" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22"/></svg>'
FIXTURE = f"""<!doctype html>
<html lang="{{lang}}"><head><meta charset="utf-8"><title>Prawf</title>
<script src="{SCRIPT.as_uri()}" defer></script></head>
<body>
<main id="main" lang="{{lang}}" data-read-label="{READ}" data-read-stop="{STOP}">
<h1>Amdanat ti</h1>
<form>
<fieldset class="question question-faces">
  <legend class="question-text">Sut wyt ti'n teimlo heddiw?</legend>
  <p class="hint">Dewisa un wyneb.</p>
  <div class="choices faces">
    <div class="choice"><input type="radio" id="f-1" name="f" value="1">
      <label for="f-1">{FACE}<span class="visually-hidden">Wyneb yn gwenu: </span><span>Hapus</span></label>
    </div>
    <div class="choice"><input type="radio" id="f-2" name="f" value="2">
      <label for="f-2">{FACE}<span class="visually-hidden">Wyneb yn gwgu: </span><span>Trist</span></label>
    </div>
    <div class="choice not-saying"><input type="radio" id="f-3" name="f" value="rather_not_say">
      <label for="f-3"><span>Byddai'n well gen i beidio â dweud</span></label>
    </div>
  </div>
</fieldset>
<fieldset class="question question-grid">
  <legend class="question-text">Pa mor aml?</legend>
  <fieldset class="grid-row"><legend>Ysgol</legend>
    <div class="choices">
      <div class="choice"><input type="radio" id="g-1" name="g1">
        <label for="g-1"><span>Bob amser</span></label></div>
      <div class="choice"><input type="radio" id="g-2" name="g1">
        <label for="g-2"><span>Byth</span></label></div>
    </div>
  </fieldset>
  <fieldset class="grid-row"><legend>Cartref</legend>
    <div class="choices">
      <div class="choice"><input type="radio" id="g-3" name="g2">
        <label for="g-3"><span>Bob amser</span></label></div>
      <div class="choice"><input type="radio" id="g-4" name="g2">
        <label for="g-4"><span>Byth</span></label></div>
    </div>
  </fieldset>
</fieldset>
<fieldset class="question question-scale_0_10">
  <legend class="question-text">Pa mor hapus oeddet ti ddoe?</legend>
  <div class="choices scale">
    <div class="choice"><input type="radio" id="s-0" name="s"><label for="s-0"><span>0</span></label></div>
    <div class="choice"><input type="radio" id="s-10" name="s"><label for="s-10"><span>10</span></label></div>
  </div>
  <p class="anchors"><span>Dim o gwbl</span> <span>Yn llwyr</span></p>
</fieldset>
<div class="question question-free_text">
  <label class="question-text" for="t">Unrhyw beth arall?</label>
  <textarea id="t" name="t"></textarea>
</div>
<div class="information"><p>Gall oedolyn ddarllen hwn gyda ti.</p><p class="hint">Diolch.</p></div>
</form>
</main>
</body></html>
"""

# The browser's speech, stubbed: voices arrive late (as in Chrome) and every utterance is recorded.
STUB = """
(() => {
  const settings = %s;
  const log = { spoken: [], cancelled: 0, queue: [] };
  window.__speech = {
    log,
    finish() { log.queue.splice(0).forEach((u) => u.onend && u.onend({})); },
  };
  const snapshot = () => { window.__speech.globals = Object.getOwnPropertyNames(window); };
  if (!settings.present) {
    Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
    Object.defineProperty(window, "SpeechSynthesisUtterance", { value: undefined, configurable: true });
    snapshot();
    return;
  }
  let loaded = false;
  const listeners = [];
  const synth = {
    getVoices: () => (loaded ? settings.voices : []),
    addEventListener: (type, listener) => type === "voiceschanged" && listeners.push(listener),
    speak: (u) => {
      log.spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name });
      log.queue.push(u);
    },
    cancel: () => {
      log.cancelled += 1;
      log.queue.splice(0).forEach((u) => u.onerror && u.onerror({ error: "interrupted" }));
    },
  };
  function Utterance(text) { this.text = text; this.lang = ""; this.voice = null; }
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  Object.defineProperty(window, "SpeechSynthesisUtterance", { value: Utterance, configurable: true });
  snapshot();
  setTimeout(() => {
    loaded = true;
    listeners.forEach((listener) => listener(new Event("voiceschanged")));
  }, 30);
})();
"""


@pytest.fixture()
def open_fixture(browser, tmp_path) -> Iterator[Any]:
    """Open the fixture page with the given voices (or no speech at all); return the page."""
    contexts = []

    def open_page(voices: list[dict[str, Any]], lang: str = "cy", present: bool = True) -> Any:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.errors = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.add_init_script(STUB % json.dumps({"voices": voices, "present": present}))
        path = tmp_path / f"question-{lang}.html"
        path.write_text(FIXTURE.replace("{lang}", lang), encoding="utf-8")
        page.goto(path.as_uri())
        page.wait_for_timeout(150)  # past the late "voiceschanged"
        return page

    yield open_page
    for context in contexts:
        context.close()


def spoken(page: Any) -> list[dict[str, Any]]:
    return page.evaluate("window.__speech.log.spoken")


def buttons(page: Any) -> Any:
    return page.locator("button.read-aloud")


def test_a_welsh_page_with_a_welsh_voice_gets_a_button_for_each_question_and_passage(open_fixture):
    page = open_fixture([ENGLISH_VOICE, WELSH_VOICE])
    assert page.locator(".question").count() == 4
    assert buttons(page).count() == 5
    for index in range(5):
        button = buttons(page).nth(index)
        assert button.inner_text() == READ
        assert button.get_attribute("aria-pressed") == "false"
        assert button.get_attribute("type") == "button"
    # Each button sits inside its question, beside the question's text.
    assert page.evaluate(
        "[...document.querySelectorAll('.question')].every("
        "q => q.querySelector('.question-text + button.read-aloud'))"
    )
    assert page.locator(".information p:first-child + button.read-aloud").count() == 1
    assert page.errors == []


@pytest.mark.parametrize(
    "voices",
    [
        [ENGLISH_VOICE],
        [{**WELSH_VOICE, "localService": False}],  # a voice that would send the words to a remote service
        [],
    ],
    ids=["english-only", "remote-welsh-only", "no-voices"],
)
def test_a_welsh_page_never_gets_a_button_without_a_welsh_voice_on_the_device(open_fixture, voices):
    page = open_fixture(voices)
    assert buttons(page).count() == 0
    assert page.errors == []


def test_an_english_page_uses_an_english_voice(open_fixture):
    page = open_fixture([WELSH_VOICE, ENGLISH_VOICE], lang="en")
    assert buttons(page).count() == 5
    buttons(page).first.click()
    assert {each["voice"] for each in spoken(page)} == {"English (UK)"}
    assert {each["lang"] for each in spoken(page)} == {"en-GB"}


def test_nothing_appears_and_nothing_breaks_without_speech(open_fixture):
    page = open_fixture([WELSH_VOICE], present=False)
    assert buttons(page).count() == 0
    assert page.errors == []
    page.locator("label[for=f-1]").click()
    assert page.locator("#f-1").is_checked()


def test_reading_says_the_question_hint_and_answers_in_order_in_the_welsh_voice(open_fixture):
    page = open_fixture([ENGLISH_VOICE, WELSH_VOICE])
    buttons(page).first.click()
    said = spoken(page)
    assert [each["text"] for each in said] == [
        "Sut wyt ti'n teimlo heddiw?",
        "Dewisa un wyneb.",
        "Hapus",
        "Trist",
        "Byddai'n well gen i beidio â dweud",
    ]
    assert {each["voice"] for each in said} == {"Cymraeg"}
    assert {each["lang"] for each in said} == {"cy-GB"}
    first = buttons(page).first
    assert first.get_attribute("aria-pressed") == "true"
    assert first.inner_text() == STOP


def test_grid_rows_scale_ends_and_passages_are_read_where_they_stand(open_fixture):
    page = open_fixture([WELSH_VOICE])
    buttons(page).nth(1).click()
    assert [each["text"] for each in spoken(page)] == [
        "Pa mor aml?",
        "Ysgol",
        "Bob amser",
        "Byth",
        "Cartref",
        "Bob amser",
        "Byth",
    ]
    page.evaluate("window.__speech.log.spoken = []")
    buttons(page).nth(2).click()
    assert [each["text"] for each in spoken(page)][-1] == "Dim o gwbl Yn llwyr"
    page.evaluate("window.__speech.log.spoken = []")
    buttons(page).nth(4).click()
    assert [each["text"] for each in spoken(page)] == ["Gall oedolyn ddarllen hwn gyda ti.", "Diolch."]


def test_a_second_click_stops_reading(open_fixture):
    page = open_fixture([WELSH_VOICE])
    first = buttons(page).first
    first.click()
    cancelled = page.evaluate("window.__speech.log.cancelled")
    first.click()
    assert page.evaluate("window.__speech.log.cancelled") > cancelled
    assert first.get_attribute("aria-pressed") == "false"
    assert first.inner_text() == READ
    assert page.evaluate("window.__speech.log.queue.length") == 0


def test_only_one_question_speaks_at_a_time(open_fixture):
    page = open_fixture([WELSH_VOICE])
    buttons(page).nth(0).click()
    buttons(page).nth(3).click()
    pressed = page.locator("button.read-aloud[aria-pressed=true]")
    assert pressed.count() == 1
    assert (
        page.evaluate(
            "document.querySelector('button.read-aloud[aria-pressed=true]').closest('.question').id"
            " || document.querySelector('button.read-aloud[aria-pressed=true]').nextElementSibling.id"
        )
        == "t"
    )
    assert [
        each["text"] for each in page.evaluate("window.__speech.log.queue.map(u => ({text: u.text}))")
    ] == ["Unrhyw beth arall?"]


def test_the_button_comes_back_when_reading_ends(open_fixture):
    page = open_fixture([WELSH_VOICE])
    first = buttons(page).first
    first.click()
    page.evaluate("window.__speech.finish()")
    assert first.get_attribute("aria-pressed") == "false"
    assert first.inner_text() == READ


def test_leaving_the_page_stops_reading(open_fixture):
    page = open_fixture([WELSH_VOICE])
    buttons(page).first.click()
    cancelled = page.evaluate("window.__speech.log.cancelled")
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    assert page.evaluate("window.__speech.log.cancelled") > cancelled
    assert buttons(page).first.get_attribute("aria-pressed") == "false"


def test_no_network_no_storage_no_globals(open_fixture):
    page = open_fixture([WELSH_VOICE])
    buttons(page).first.click()
    buttons(page).first.click()
    assert [url for url in page.requests if not url.startswith("file://")] == []
    added = page.evaluate(
        "Object.getOwnPropertyNames(window).filter(n => !window.__speech.globals.includes(n))"
    )
    assert added == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""


def test_the_script_is_under_two_kilobytes_compressed():
    assert len(gzip.compress(SCRIPT.read_bytes(), compresslevel=9)) < 2048
