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
