// Hurtrock shop: a little on top of pages that work without it. Autocomplete under the search box
// (keyboard: arrows, Enter, Escape) and quantity changes in the cart that submit on their own.
"use strict";
(function () {
  var box = document.querySelector("input[data-suggest]");
  if (box) {
    var list = document.createElement("ul");
    list.className = "suggest";
    list.id = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.setAttribute("aria-controls", "suggestions");
    box.setAttribute("aria-autocomplete", "list");
    box.parentNode.appendChild(list);
    var timer = null, seq = 0, active = -1;
    var show = function (items) {
      list.textContent = "";
      active = -1;
      items.forEach(function (it) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = it.url;
        a.setAttribute("role", "option");
        var name = document.createElement("span");
        name.textContent = it.name;
        var price = document.createElement("span");
        price.textContent = it.price;
        a.appendChild(name);
        a.appendChild(price);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
    };
    box.addEventListener("input", function () {
      clearTimeout(timer);
      var q = box.value.trim();
      if (q.length < 2) { show([]); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch(box.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) { if (mine === seq) show(items); })
          .catch(function () { show([]); });
      }, 120);
    });
    box.addEventListener("keydown", function (e) {
      var links = list.querySelectorAll("a");
      if (e.key === "Escape") { show([]); return; }
      if (!links.length || (e.key !== "ArrowDown" && e.key !== "ArrowUp" && e.key !== "Enter")) return;
      if (e.key === "Enter") {
        if (active >= 0) { e.preventDefault(); window.location.href = links[active].href; }
        return;
      }
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : -1) + links.length) % links.length;
      links.forEach(function (a, i) { a.setAttribute("aria-selected", i === active ? "true" : "false"); });
    });
    document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== box) show([]); });
  }
  document.querySelectorAll("select[data-autosubmit], input[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { if (el.form) el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit(); });
  });
  document.querySelectorAll("[data-js-hide]").forEach(function (el) { el.hidden = true; });
  // Filters beside the results on a wide screen; folded under their heading on a phone.
  if (window.matchMedia("(min-width: 800px)").matches) {
    document.querySelectorAll("details.filter-box").forEach(function (d) { d.open = true; });
  }
})();
