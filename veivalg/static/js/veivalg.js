/* Progressive enhancement only: every feature here also works as a plain form without JavaScript. */
(function () {
  "use strict";
  // Move focus to the error summary so screen reader and keyboard users hear what to fix.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();

  // Municipality type-ahead: suggestions as links under the field; the form still submits normally.
  document.querySelectorAll(".municipality-picker").forEach(function (form) {
    var input = form.querySelector("input[name=q]");
    var box = form.querySelector(".suggestions");
    var url = form.getAttribute("data-suggest-url");
    var timer = null;
    if (!input || !box || !url) return;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { box.textContent = ""; return; }
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            box.textContent = "";
            if (!data.results.length) return;
            var list = document.createElement("ul");
            list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
            data.results.forEach(function (m) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.className = "ds-link";
              a.href = m.url;
              a.textContent = m.name + " (" + m.number + ")";
              li.appendChild(a);
              list.appendChild(li);
            });
            box.appendChild(list);
          })
          .catch(function () { box.textContent = ""; });
      }, 200);
    });
  });
})();

/* Print button on the guide's overview: only shown when printing from script is possible. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    if (typeof window.print !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
