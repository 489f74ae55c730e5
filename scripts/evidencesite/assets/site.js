// Every word this script and filter.js show, from the review's wording catalogue (the
// ids under js., without the prefix), the review's language as a BCP 47 tag, and how
// the language writes a date (a pattern and the month names, as the pages write them:
// a browser may not know the language): evidencesite writes them in place of the line
// below when it ships this file (pipeline.assets), so no word of the interface is
// written here.
var WORDING = {}, LANGUAGE = "en", DATES = null;

// The string `id` with its {placeholders} filled from `values`; for a plural, the form
// CLDR's rules of the language choose for values.count. Numbers are written as the
// language writes them. filter.js uses it too (site.js comes first in mkdocs.yml).
function evidencesiteWords(id, values) {
  var entry = WORDING[id];
  values = values || {};
  if (typeof entry !== "string") {
    entry = entry[new Intl.PluralRules(LANGUAGE).select(values.count)] || entry.other;
  }
  return entry.replace(/\{([a-z_][a-z0-9_]*)\}/g, function (_, name) {
    var value = values[name];
    return typeof value === "number" ? value.toLocaleString(LANGUAGE) : String(value);
  });
}

// Material for MkDocs drives its drawer and search with checkboxes whose labels are
// the header buttons. On wide screens those buttons are hidden, which leaves the
// search checkbox without an accessible name (axe: "label"). Name every toggle.
(function () {
  var names = { __drawer: "open_navigation", __search: "open_search" };
  function name() {
    document.querySelectorAll("input.md-toggle").forEach(function (input) {
      if (!input.hasAttribute("aria-label")) {
        input.setAttribute("aria-label", evidencesiteWords(names[input.id] || "toggle"));
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
  var placeholder = WORDING.date_placeholder;  // as the page wrote it (style.web_page)
  function fill() {
    var now = new Date();
    var today = DATES
      ? DATES.pattern.replace("{day}", String(now.getDate()))
          .replace("{month}", DATES.months[now.getMonth()])
          .replace("{year}", String(now.getFullYear()))
      : now.toLocaleDateString(LANGUAGE, { day: "numeric", month: "long", year: "numeric" });
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

// A build that knows no published address gives its permanent links as the page's
// path (/recommendations/x/), or, from an older setting, names the preview server
// (127.0.0.1 or localhost). Wherever such a site is served, show the address the
// reader can use: this page's own, from the address bar.
(function () {
  var local = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;
  function fix() {
    var here = location.origin + location.pathname;
    if (!/^https?:/.test(here)) return;
    document.querySelectorAll("pre.permalink code").forEach(function (code) {
      var built = code.textContent.trim();
      var match = built.match(local);
      var path = built.charAt(0) === "/";
      if (!path && (!match || location.origin === match[0].slice(0, -1))) return;
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
// a second one follows the link, and so does the link inside ("Open the reference").
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
    go.textContent = evidencesiteWords("open_reference");
    var shut = document.createElement("button");
    shut.type = "button";
    shut.textContent = evidencesiteWords("close");
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

// Search (Pagefind). Every page gets a search box in the header that opens the search
// page; the search page loads Pagefind (a few kilobytes of script and index, fetched
// for the words typed) only once a reader starts to search.
(function () {
  // The search page's folder; evidencesite writes the review's own (urls: search: in
  // evidencesite.yml) in its place when it ships this file.
  var SEARCH_PAGE = "find/";
  function config() {
    var node = document.getElementById("__config");
    try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
  }
  function headerBox() {
    var inner = document.querySelector(".md-header__inner");
    var cfg = config();
    if (!inner || !cfg || inner.querySelector(".es-header-search")) return;
    var base = new URL(cfg.base.replace(/\/?$/, "/"), location.href);  // "." or "/"
    var form = document.createElement("form");
    form.className = "es-header-search";
    form.setAttribute("role", "search");
    form.action = new URL(SEARCH_PAGE, base).href;
    var input = document.createElement("input");
    input.type = "search";
    input.name = "q";
    input.placeholder = evidencesiteWords("search");
    input.setAttribute("aria-label", evidencesiteWords("search_label"));
    form.appendChild(input);
    inner.appendChild(form);
  }

  var pagefindReady = null;
  function loadPagefind(form) {
    if (!pagefindReady) {
      var bundle = new URL(form.getAttribute("data-bundle"), location.href);
      pagefindReady = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        return pf.options({ baseUrl: new URL("../", bundle).pathname }).then(function () {
          return pf;
        });
      });
    }
    return pagefindReady;
  }
  // Pagefind's excerpt is text with <mark> around the matches: rebuild it as nodes,
  // never as HTML.
  function excerpt(text) {
    var p = document.createElement("p");
    text.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var node = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(node);
        p.appendChild(mark);
      } else {
        p.appendChild(node);
      }
      return marked;
    }, false);
    return p;
  }
  function byAuthorFirst(pages, query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    function names(data) {
      var lead = ((data.meta && data.meta.lead) || "").toLowerCase();
      return words.every(function (w) { return lead.indexOf(w) !== -1; });
    }
    var first = pages.filter(names);
    return first.concat(pages.filter(function (d) { return !names(d); }));
  }
  // --- Did you mean (issue 25): a search that finds nothing, one of whose words is
  // an edit or two from an author's surname (the form's data-names), is run for the
  // surname instead, and says so. ---
  function distance(a, b) {
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      current = [i];
      for (j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1,
          previous[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1)));
      }
      previous = current;
    }
    return previous[b.length];
  }
  function nearestNames(form, query) {
    var names = (form.getAttribute("data-names") || "").split("|").filter(Boolean);
    var changed = false;
    var words = query.split(/\s+/).map(function (word) {
      var low = word.toLowerCase(), best = null, bestDistance = low.length >= 5 ? 3 : 2;
      names.forEach(function (name) {
        var d = distance(low, name.toLowerCase());
        if (d > 0 && d < bestDistance) { best = name; bestDistance = d; }
      });
      if (best) changed = true;
      return best || word;
    });
    return changed ? words.join(" ") : null;
  }
  function asTyped(pages, query) {
    var shown = pages.map(function (data) {
      var meta = data.meta || {};
      return [meta.title, meta.lead, data.excerpt].join(" ").replace(/<\/?mark>/g, "");
    }).join(" ").toLowerCase();
    return pages.length > 0 && query.toLowerCase().split(/\s+/).every(function (word) {
      return shown.indexOf(word) !== -1;
    });
  }
  // --- (end of did you mean) ---
  function searchPage() {
    var form = document.querySelector("form.es-search");
    if (!form || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "true");
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector(".es-search-status");
    var list = document.querySelector(".es-search-results");
    var latest = 0;
    function run(query) {
      var ticket = ++latest;
      query = query.trim();
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      status.textContent = evidencesiteWords("searching");
      var sent = submitted;
      submitted = false;
      var suggestion = null;
      // The first 20 by Pagefind's ranking; those whose lead (a reference's authors)
      // names every word searched for go first, so a surname finds that author. When
      // no result holds a word as typed and it is near an author's surname, the
      // surname's results are shown instead, and the status says so.
      function top(search) {
        return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      }
      loadPagefind(form).then(function (pf) {
        return pf.debouncedSearch(query, {}, 150).then(function (search) {
          if (search === null || ticket !== latest) return null;  // a newer search won
          return top(search).then(function (pages) {
            var near = asTyped(pages, query) ? null : nearestNames(form, query);
            var mine = { total: search.results.length, pages: pages };
            if (!near) return mine;
            return pf.search(near).then(function (other) {
              return top(other).then(function (theirs) {
                if (!theirs.length) return mine;
                suggestion = near;
                return { total: other.results.length, pages: theirs };
              });
            });
          });
        });
      }).then(function (found) {
        if (!found || ticket !== latest) return null;
        return { total: found.total, pages: byAuthorFirst(found.pages, suggestion || query).slice(0, 10) };
      }).then(function (found) {
        if (!found || ticket !== latest) return;
        list.textContent = "";
        found.pages.forEach(function (data) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = data.url;
          link.textContent = (data.meta && data.meta.title) || data.url;
          item.appendChild(link);
          item.appendChild(excerpt(data.excerpt || ""));
          list.appendChild(item);
        });
        var shown = Math.min(found.total, 10);
        var said = { count: found.total, query: suggestion || query, shown: shown };
        status.textContent = found.total === 0
          ? evidencesiteWords("no_match", said)
          : evidencesiteWords(found.total > shown ? "matches_first" : "matches", said);
        if (suggestion && found.total) {
          status.textContent = evidencesiteWords("did_you_mean", { query: query, suggestion: suggestion })
            + " " + status.textContent;
        }
        // Sent with Enter or the button: the count is where focus goes, and the first
        // result is the next Tab.
        if (sent) status.focus();
      }).catch(function () {
        status.textContent = evidencesiteWords("search_failed");
      });
    }
    var submitted = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitted = true;
      run(input.value);
    });
    input.addEventListener("input", function () { run(input.value); });
    var start = new URL(location.href).searchParams.get("q");
    if (start) {
      input.value = start;
      run(start);
    }
  }
  function setup() {
    headerBox();
    searchPage();
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

// A table wider than the screen scrolls sideways inside Material's wrapper: a keyboard
// reader must be able to reach and scroll it too (WCAG 2.1.1; axe:
// scrollable-region-focusable), so such a wrapper takes focus and is named by the
// heading above it (the appraisal's traffic-light table on a phone, say).
(function () {
  function focusable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth + 1 || wrap.hasAttribute("tabindex")) return;
      var heading = null;
      for (var el = wrap; el && !heading; el = el.parentElement) {
        for (var prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
          if (/^H[1-6]$/.test(prev.tagName)) { heading = prev; break; }
        }
      }
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", heading ? heading.textContent.replace("¶", "").trim()
                                              : evidencesiteWords("table"));
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(focusable);
  } else {
    document.addEventListener("DOMContentLoaded", focusable);
  }
  window.addEventListener("resize", focusable);
})();
