// Material for MkDocs drives its drawer and search with checkboxes whose labels are
// the header buttons. On wide screens those buttons are hidden, which leaves the
// search checkbox without an accessible name (axe: "label"). Name every toggle.
(function () {
  var names = { __drawer: "Open navigation", __search: "Open search" };
  function name() {
    document.querySelectorAll("input.md-toggle").forEach(function (input) {
      if (!input.hasAttribute("aria-label")) {
        input.setAttribute("aria-label", names[input.id] || "Toggle");
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(name);
  } else {
    document.addEventListener("DOMContentLoaded", name);
  }
})();

// "Cite this page": put today's date where the citation asks for the date of reading,
// so that the copy button copies a complete citation. Without JavaScript the
// placeholder stays, with the instruction above it.
(function () {
  var placeholder = "DD Month YYYY";
  function fill() {
    var today = new Date().toLocaleDateString("en-GB", {
      day: "numeric",
      month: "long",
      year: "numeric",
    });
    document.querySelectorAll("pre.cite code").forEach(function (code) {
      if (code.textContent.indexOf(placeholder) !== -1) {
        code.textContent = code.textContent.replace(placeholder, today);
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(fill);
  } else {
    document.addEventListener("DOMContentLoaded", fill);
  }
})();
