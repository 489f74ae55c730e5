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

// A local build knows no published address, so its permanent links name the preview
// server (127.0.0.1 or localhost). Wherever such a site is actually served, show the
// address the reader can use: this page's own, from the address bar.
(function () {
  var local = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;
  function fix() {
    var here = location.origin + location.pathname;
    if (!/^https?:/.test(here)) return;
    document.querySelectorAll("pre.permalink code").forEach(function (code) {
      var built = code.textContent.trim();
      var match = built.match(local);
      if (!match || location.origin === match[0].slice(0, -1)) return;
      code.textContent = here;
      document.querySelectorAll("pre.cite code").forEach(function (cite) {
        cite.textContent = cite.textContent.split(built).join(here);
      });
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(fix);
  } else {
    document.addEventListener("DOMContentLoaded", fix);
  }
})();

// Citation previews for mouse, keyboard and touch. A citation's first click, tap or
// Enter shows the full reference just after it (legible, and it stays until closed);
// a second one follows the link, and so does the "Open the reference" link inside.
// Escape or the Close button closes it and returns focus to the citation. Without
// JavaScript the link's title gives the reference on hover, and the link works.
(function () {
  var open = null;

  function close(returnFocus) {
    if (!open) return;
    open.preview.remove();
    open.link.setAttribute("aria-expanded", "false");
    if (returnFocus) open.link.focus();
    open = null;
  }

  function show(link) {
    close(false);
    var preview = document.createElement("span");
    preview.className = "citation-preview";
    preview.setAttribute("role", "note");
    var text = document.createElement("span");
    text.textContent = link.getAttribute("data-preview");
    var go = document.createElement("a");
    go.href = link.href;
    go.textContent = "Open the reference";
    var shut = document.createElement("button");
    shut.type = "button";
    shut.textContent = "Close";
    shut.addEventListener("click", function () { close(true); });
    preview.append(text, " ", go, " ", shut);
    link.after(preview);
    link.setAttribute("aria-expanded", "true");
    open = { link: link, preview: preview };
  }

  function setup() {
    document.querySelectorAll("a.citation[title]").forEach(function (link) {
      // the preview replaces the hover title (and the theme's tooltip built from it)
      link.setAttribute("data-preview", link.getAttribute("title"));
      link.removeAttribute("title");
      link.setAttribute("aria-expanded", "false");
      link.addEventListener("click", function (event) {
        if (open && open.link === link) return; // second activation: follow the link
        event.preventDefault();
        show(link);
      });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) close(true);
  });
  document.addEventListener("click", function (event) {
    if (open && !open.preview.contains(event.target) && event.target !== open.link) close(false);
  });
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
