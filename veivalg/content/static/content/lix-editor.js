/* Live LIX readout in the Wagtail editor, next to easy-read and body fields.
   LIX = words / sentences + 100 × long words (more than six letters) / words. The same rules as
   veivalg/core/readability.py, so the editor sees what the server checks on publish. */
(function () {
  "use strict";
  var FIELDS = { easy_read: 30, easy_read_nn: 30, body: 40, body_nn: 40 };
  var WORD = /[\p{L}\p{N}]+(?:(?:[-']|(?<=\p{N})[.:,](?=\p{N}))[\p{L}\p{N}]+)*/gu;
  var SENTENCE_END = /[.!?:;]+(?=\s|$)|\n+/u;

  function lix(text) {
    var words = text.match(WORD) || [];
    if (!words.length) return null;
    var sentences = text.split(SENTENCE_END).filter(function (part) { return part.match(WORD); }).length || 1;
    var long = words.filter(function (w) { return (w.match(/\p{L}/gu) || []).length > 6; }).length;
    return words.length / sentences + (100 * long) / words.length;
  }

  function band(score) {
    if (score <= 30) return "lettlest";
    if (score <= 40) return "middels";
    return "vanskelig";
  }

  function textOf(container) {
    var textarea = container.querySelector("textarea");
    if (textarea && container.querySelectorAll("[contenteditable=true]").length === 0) return textarea.value;
    var parts = [];
    container.querySelectorAll("[contenteditable=true], input[type=text], textarea").forEach(function (el) {
      parts.push(el.isContentEditable ? el.innerText : el.value);
    });
    return parts.join("\n");
  }

  function update(container, readout, goal) {
    var score = lix(textOf(container));
    if (score === null) { readout.textContent = "LIX: ingen tekst ennå"; readout.dataset.band = ""; return; }
    var rounded = Math.round(score);
    var message = "LIX " + rounded + " – " + band(score);
    if (score > goal) message += " (målet er " + goal + " eller lavere)";
    readout.textContent = message;
    readout.dataset.band = band(score);
  }

  function attach() {
    Object.keys(FIELDS).forEach(function (name) {
      var container = document.querySelector('[data-contentpath="' + name + '"]');
      if (!container || container.querySelector(".lix-readout")) return;
      var readout = document.createElement("p");
      readout.className = "lix-readout help";
      readout.setAttribute("aria-live", "polite");
      container.insertBefore(readout, container.firstChild);
      var timer = null;
      var refresh = function () { clearTimeout(timer); timer = setTimeout(function () { update(container, readout, FIELDS[name]); }, 300); };
      container.addEventListener("input", refresh);
      container.addEventListener("keyup", refresh);
      container.addEventListener("change", refresh);
      update(container, readout, FIELDS[name]);
      setTimeout(function () { update(container, readout, FIELDS[name]); }, 1500);  // after Draftail has rendered
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
})();
