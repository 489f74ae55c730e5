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
