/* Read aloud: a button on each question (and information passage) that reads it, its hint and its answers with the browser's own
   speech, in the page's language only. Progressive enhancement: without speech, or without a voice for the
   page's language (never Welsh in an English voice), no button appears and nothing changes.
   Voices that speak through a remote service are not used, so nothing on the page leaves the device.
   No network, no storage, no globals. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var main = document.getElementById("main");
  if (!synth || !window.SpeechSynthesisUtterance || !main) return;
  var lang = (main.getAttribute("lang") || document.documentElement.lang || "").slice(0, 2).toLowerCase();
  var readLabel = main.getAttribute("data-read-label");
  var stopLabel = main.getAttribute("data-read-stop");
  var voice = null;
  var playing = null; // {button: the pressed button} while one question is being read

  function pickVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      var tag = String(voices[i].lang || "").toLowerCase().replace("_", "-");
      if ((tag === lang || tag.indexOf(lang + "-") === 0) && voices[i].localService !== false) return voices[i];
    }
    return null;
  }

  // The words a sighted reader sees: hidden helpers and aria-hidden pictures are skipped.
  function words(node) {
    if (node.nodeType === 3) return node.nodeValue;
    if (node.nodeType !== 1 || node.getAttribute("aria-hidden") === "true" ||
        node.classList.contains("visually-hidden") || node.classList.contains("read-aloud")) return "";
    var text = "";
    for (var child = node.firstChild; child; child = child.nextSibling) text += words(child);
    return text;
  }

  function release() {
    if (!playing) return;
    playing.button.setAttribute("aria-pressed", "false");
    playing.button.textContent = readLabel;
    playing = null;
  }

  function stop() {
    release();
    synth.cancel();
  }

  function read(button, question) {
    var run = { button: button };
    var parts = question.querySelectorAll(
      ".question-text, .information > p, .hint, .grid-row legend, .choice label, .anchors");
    var texts = [];
    for (var i = 0; i < parts.length; i++) {
      var text = words(parts[i]).replace(/\s+/g, " ").trim();
      if (text) texts.push(text);
    }
    stop();
    playing = run;
    button.setAttribute("aria-pressed", "true");
    button.textContent = stopLabel;
    texts.forEach(function (text, index) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = voice.lang;
      utterance.voice = voice;
      if (index === texts.length - 1) utterance.onend = function () { if (playing === run) release(); };
      utterance.onerror = function () { if (playing === run) stop(); };
      synth.speak(utterance);
    });
  }

  function addButtons() {
    if (voice || !readLabel || !stopLabel || !(voice = pickVoice())) return;
    // Questions, and the short passages between them (the youngest cannot read those either).
    var questions = main.querySelectorAll(".question, .information");
    for (var i = 0; i < questions.length; i++) {
      var text = questions[i].querySelector(".question-text") || questions[i].querySelector("p");
      if (!text) continue;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "read-aloud";
      button.setAttribute("aria-pressed", "false");
      button.textContent = readLabel;
      button.onclick = (function (button, question) {
        return function () { if (playing && playing.button === button) stop(); else read(button, question); };
      })(button, questions[i]);
      text.parentNode.insertBefore(button, text.nextSibling);
    }
  }

  addButtons();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", addButtons);
  window.addEventListener("pagehide", stop);
})();
