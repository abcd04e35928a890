/* Live letter count under each free-text box (textarea[data-count]), in the page's language and register.
   Without JavaScript the hint above the box says the limit and the server checks it on Continue; the text is
   never cut. Counts as the server does (respond/text_limits.py letter_count): code points after NFC, CRLF as
   one, no space at either end, so an emoji or a "ŵ" is one letter in both. A polite live region speaks the
   count once typing pauses. No network, no storage. */
(function () {
  "use strict";
  var ANNOUNCE_AFTER = 1000; // ms of no typing before the count is spoken
  // Python's str.strip() whitespace, so the two ends are trimmed as the server trims them.
  var EDGE_SPACE = /^[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
  var lang = (document.documentElement.lang || "en").slice(0, 2).toLowerCase();

  function letterCount(text) {
    var clean = text.replace(/\r\n/g, "\n");
    if (clean.normalize) clean = clean.normalize("NFC");
    clean = clean.replace(EDGE_SPACE, "");
    var count = 0;
    for (var i = 0; i < clean.length; i++) {
      var unit = clean.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < clean.length) {
        var next = clean.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++; // a surrogate pair is one code point
      }
      count++;
    }
    return count;
  }

  // The catalogue's plural forms, in order (translations/cy: nplurals=6).
  function pluralForm(n) {
    if (lang === "cy") return n === 0 ? 0 : n === 1 ? 1 : n === 2 ? 2 : n === 3 ? 3 : n === 6 ? 4 : 5;
    return n === 1 ? 0 : 1;
  }

  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function attach(box) {
    var messages;
    try {
      messages = JSON.parse(box.getAttribute("data-count"));
    } catch (e) {
      return;
    }
    if (!messages || !messages.limit || !messages.left || !messages.over) return;
    var shown = document.createElement("p");
    shown.className = "text-count";
    shown.id = box.id + "-count";
    shown.setAttribute("aria-hidden", "true"); // the live region below speaks for it
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    box.parentNode.insertBefore(shown, box.nextSibling);
    box.parentNode.insertBefore(spoken, shown.nextSibling);
    var timer = null;

    function message() {
      var length = letterCount(box.value);
      var left = messages.limit - length;
      if (left >= 0) {
        var forms = messages.left;
        return {text: say(forms[Math.min(pluralForm(left), forms.length - 1)], {count: grouped(left)}), over: false};
      }
      return {text: say(messages.over, {length: grouped(length), over: grouped(-left)}), over: true};
    }

    function update(announce) {
      var now = message();
      shown.textContent = now.text;
      shown.classList.toggle("too-long", now.over);
      box.classList.toggle("too-long", now.over);
      if (timer) window.clearTimeout(timer);
      if (announce) {
        timer = window.setTimeout(function () {
          spoken.textContent = message().text;
        }, ANNOUNCE_AFTER);
      }
    }

    box.addEventListener("input", function () {
      update(true);
    });
    update(false); // what is there already (a saved answer, or one sent back as too long) is counted at once
  }

  var boxes = document.querySelectorAll("textarea[data-count]");
  for (var i = 0; i < boxes.length; i++) attach(boxes[i]);
})();
