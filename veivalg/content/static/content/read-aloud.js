/* Read-aloud: progressive enhancement. The buttons stay hidden unless the browser can speak. */
(function () {
  "use strict";
  var controls = document.querySelector("[data-read-aloud-controls]");
  var region = document.querySelector("[data-read-aloud-text]");
  if (!controls || !region || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") return;
  var start = controls.querySelector("[data-read-aloud-start]");
  var stop = controls.querySelector("[data-read-aloud-stop]");
  var status = controls.querySelector("[data-read-aloud-status]");
  var speaking = false;

  // Norwegian voices are registered as nb-NO (or no-NO); nynorsk rarely has its own voice.
  function voiceLang(lang) { return lang === "nn" ? "nn-NO" : "nb-NO"; }

  function chunks() {
    var parts = [];
    region.querySelectorAll("h2, h3, p, li, figcaption").forEach(function (el) {
      var text = el.textContent.replace(/\s+/g, " ").trim();
      if (!text || el.closest("[hidden]")) return;
      var holder = el.closest("[lang]");
      parts.push({ text: text, lang: holder ? holder.getAttribute("lang") : document.documentElement.lang });
    });
    return parts;
  }

  function finish() {
    speaking = false;
    stop.hidden = true;
    start.hidden = false;
    status.textContent = controls.getAttribute("data-stopped") || "";
  }

  start.addEventListener("click", function () {
    window.speechSynthesis.cancel();
    var parts = chunks();
    if (!parts.length) return;
    speaking = true;
    parts.forEach(function (part, i) {
      var utterance = new SpeechSynthesisUtterance(part.text);
      utterance.lang = voiceLang(part.lang);
      if (i === parts.length - 1) { utterance.onend = finish; utterance.onerror = finish; }
      window.speechSynthesis.speak(utterance);
    });
    start.hidden = true;
    stop.hidden = false;
    stop.focus();
    status.textContent = controls.getAttribute("data-started") || "";
  });

  stop.addEventListener("click", function () {
    window.speechSynthesis.cancel();
    finish();
    start.focus();
  });

  window.addEventListener("pagehide", function () { if (speaking) window.speechSynthesis.cancel(); });
  controls.hidden = false;
})();
