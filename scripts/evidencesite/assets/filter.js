// Combine the bibliography's narrowed views (each facet of the review, its grouping
// kinds, period and keyword) on one page, with the choice kept in the address so it
// can be linked, e.g. /references/?design=qualitative-study&period=2010s
// Without JavaScript the form stays hidden and the "Browse by" pages do the same job.
// Its words come from site.js (evidencesiteWords), which mkdocs.yml lists first.
(function () {
  function setup() {
    var form = document.getElementById("reference-filter");
    if (!form) return;
    var items = Array.prototype.slice.call(
      document.querySelectorAll("article li[data-period]")  // every work has a period
    );
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var status = form.querySelector(".filter-count");
    var headings = Array.prototype.slice.call(document.querySelectorAll("article h2[id^=letter-]"));

    function apply(updateAddress) {
      var wanted = {};
      selects.forEach(function (s) { if (s.value) wanted[s.name] = s.value; });
      var shown = 0;
      items.forEach(function (li) {
        var ok = Object.keys(wanted).every(function (name) {
          var have = (li.getAttribute("data-" + name) || "").split(" ");
          return have.indexOf(wanted[name]) !== -1;
        });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      headings.forEach(function (h) {
        var list = h.nextElementSibling;
        while (list && list.tagName !== "UL") list = list.nextElementSibling;
        var any = list && list.querySelector("li:not([hidden])");
        h.hidden = !any;
        if (list) list.hidden = !any;
      });
      status.textContent = Object.keys(wanted).length
        ? evidencesiteWords("filter_count", { shown: shown, count: items.length })
        : "";
      if (updateAddress) {
        var params = new URLSearchParams(wanted).toString();
        history.replaceState(null, "", location.pathname + (params ? "?" + params : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var value = params.get(s.name);
      if (value && s.querySelector('option[value="' + CSS.escape(value) + '"]')) s.value = value;
      s.addEventListener("change", function () { apply(true); });
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { apply(true); }, 0);
    });
    form.hidden = false;
    apply(false);
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();

// The characteristics of included studies (render/characteristics.py): a plain table
// that is whole without JavaScript. Here each column heading becomes a button that
// sorts the rows (again: the other way), and the form, hidden until now, keeps only
// the rows that contain what is typed, with the choice kept in the address (?q=).
(function () {
  function setup() {
    var table = document.querySelector(".study-table table");
    var form = document.getElementById("study-filter");
    if (!table || !form) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var input = form.querySelector("input");
    var status = form.querySelector(".filter-count");
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var collator = new Intl.Collator(LANGUAGE, { numeric: true, sensitivity: "base" });

    heads.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", evidencesiteWords("sort", { column: th.textContent }));
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          var order = collator.compare(a.cells[column].textContent.trim(),
                                       b.cells[column].textContent.trim());
          return ascending ? order : -order;
        });
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });

    function apply(updateAddress) {
      var wanted = input.value.trim().toLocaleLowerCase(LANGUAGE);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = !wanted || row.textContent.toLocaleLowerCase(LANGUAGE).indexOf(wanted) !== -1;
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = wanted
        ? evidencesiteWords("rows_count", { shown: shown, count: rows.length })
        : "";
      if (updateAddress) {
        var params = wanted ? "?" + new URLSearchParams({ q: input.value.trim() }).toString() : "";
        history.replaceState(null, "", location.pathname + params + location.hash);
      }
    }

    input.value = new URLSearchParams(location.search).get("q") || "";
    input.addEventListener("input", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(false);
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
