"""citeproc-js (Zotero's CSL processor) in an embedded V8, for :mod:`.csl`.

Chosen over citeproc-py by ``make bench`` (README, Performance): it renders APA about
ten times faster cold, and it does what citeproc-py does not: it tells works apart
('2019a', '2019b'; initials; more names before 'et al.'). The engine is the npm
package ``citeproc``'s single file, vendored unmodified in ``citeproc_js/`` with its
licence (CPAL or AGPL, see the README there); V8 comes in PyPI ``mini-racer``'s wheel,
so a build needs no Node (nor would it be faster: the same script, style and calls ran
cold in 0.68x Node's CPU time at 1,000 works, 0.72-0.79x at 10,000;
``python -m bench.csl_engines``). Every work is registered at once (``updateItems``),
so that the processor sees every work it may have to tell another apart from; the
bibliography and every citation are then made in one call each, and handed back as
JSON.
"""

from __future__ import annotations

import json
import weakref
from importlib import resources
from pathlib import Path
from typing import Any

#: The npm package vendored in citeproc_js/ (its engine calls itself 1.4.61).
ENGINE_VERSION = "citeproc-js npm 2.4.63"

_GLUE = """
var module = {exports: {}};
"""
_AFTER = r"""
var CSL = module.exports;
var ES = {items: {}, locales: {}, engine: null, pages: 0};
ES.sys = {
  retrieveItem: function (id) { return ES.items[id]; },
  retrieveLocale: function (lang) { return ES.locales[lang]; },
};
ES.start = function (style, lang) {  // each engine is built when first used
  ES.make = function () { return new CSL.Engine(ES.sys, style, lang || undefined, !!lang); };
};
ES.render = function (ids, cites) {
  var engine = ES.engine = ES.engine || ES.make();
  engine.updateItems(ids);
  var bib = engine.bibliography ? engine.makeBibliography() : false;
  var out = {order: ids, entries: {}, cites: [], undated: engine.getTerm("no date", "short") || "",
             and: engine.getTerm("and") || ""};
  if (bib) {
    out.order = bib[0].entry_ids.map(function (e) { return String(e[0]); });
    for (var i = 0; i < bib[1].length; i++) out.entries[out.order[i]] = bib[1][i];
  }
  for (var j = 0; j < cites.length; j++) {
    var item = {id: cites[j][0]};
    if (cites[j][2]) { item.label = cites[j][1]; item.locator = cites[j][2]; }
    if (cites[j][3]) item[cites[j][3]] = true;
    out.cites.push(engine.makeCitationCluster([item]));
  }
  return JSON.stringify(out);
};
// A page's entry on the works' engine (a second would compile the style again): the
// page alone is registered, as on an engine of its own (tests/test_styles.py compares
// the two), and the next render registers every work again.
ES.webPage = function (item) {
  var engine = ES.engine = ES.engine || ES.make();
  ES.pages += 1;
  item.id = "page-" + ES.pages;
  ES.items[item.id] = item;
  engine.updateItems([item.id]);
  var bib = engine.makeBibliography();
  delete ES.items[item.id];
  return bib ? bib[1][0] : "";
};
"""


class MissingEngine(RuntimeError):
    """mini-racer is not installed: no CSL style can be rendered."""


def _racer() -> Any:
    try:
        from py_mini_racer import MiniRacer
    except ImportError as error:  # a broken install: say what to install
        raise MissingEngine(
            "CSL styles are rendered by citeproc-js in V8, which needs the package "
            "mini-racer: pip install 'mini-racer>=0.14,<0.15' (it is one of "
            "evidencesite's dependencies; a partial install left it out)"
        ) from error
    return MiniRacer()


def locale_xml(tag: str) -> str | None:
    """CSL's locale file for ``tag`` ('en-US', 'cy-GB'), as citeproc-py ships them."""
    folder = resources.files("citeproc") / "data" / "locales"
    found = folder / f"locales-{tag}.xml"
    return found.read_text(encoding="utf-8") if found.is_file() else None


def script() -> str:
    """citeproc-js and the calls this module makes of it (``ES``), as one script."""
    code = resources.files(__package__) / "citeproc_js" / "citeproc.js"
    return _GLUE + code.read_text(encoding="utf-8") + _AFTER


def style_locales(style: str, locale: str | None) -> dict[str, str]:
    """The CSL locale files a style (its text) may ask for, rendered in ``locale``
    (None: the style's default-locale), by tag ('en-US', and the bare 'en')."""
    from citeproc import PRIMARY_DIALECTS

    default = _default_locale(style)
    tags = {"en-US", default, locale or default}
    tags |= {PRIMARY_DIALECTS.get(tag.split("-")[0], tag) for tag in tags}
    locales = {tag: xml for tag in tags if (xml := locale_xml(tag)) is not None}
    # citeproc-js also asks by the bare language ('en', 'cy').
    for tag in list(locales):
        locales.setdefault(tag.split("-")[0], locales[tag])
    return locales


class CiteprocJS:
    """citeproc-js with one style loaded and a set of works to register."""

    def __init__(self, style: Path, locale: str | None, items: dict[str, dict[str, Any]]):
        self.context = context = _racer()
        # V8's threads keep the interpreter from exiting while a context is open.
        weakref.finalize(self, context.close)
        context.eval(script())
        text = style.read_text(encoding="utf-8")
        locales = style_locales(text, locale)
        context.eval(f"ES.locales = JSON.parse({json.dumps(json.dumps(locales))});")
        context.eval(f"ES.items = JSON.parse({json.dumps(json.dumps(items))});")
        context.eval(f"ES.start({json.dumps(text)}, {json.dumps(locale or '')});")
        self.ids = list(items)

    def render(
        self, order: list[str], cites: list[tuple[str, str, str, str]]
    ) -> tuple[list[str], dict[str, str], list[str], tuple[str, str]]:
        """Every work registered in ``order`` (a numeric style without a sort numbers
        them so); the bibliography's order, each work's entry (HTML), each citation of
        ``cites`` (key, locator label, locator, and 'suppress-author',
        'author-only' or '') as a cluster of its own (so the same
        wherever it stands: each page of the site stands alone), and the locale's
        terms 'no date' and 'and'."""
        call = f"ES.render({json.dumps(order)}, {json.dumps(cites)})"
        out = json.loads(self.context.eval(call))
        entries = {key: text.strip() for key, text in out["entries"].items()}
        return out["order"], entries, out["cites"], (out["undated"], out["and"])

    def web_page(self, item: dict[str, Any]) -> str:
        """One item's bibliography entry, rendered alone (its id is the engine's)."""
        return str(self.context.eval(f"ES.webPage({json.dumps(item)})")).strip()


def _default_locale(style: str) -> str:
    """The style's default-locale attribute, else en-US."""
    import re

    found = re.search(r"<style\b[^>]*\bdefault-locale=\"([^\"]+)\"", style)
    return found.group(1) if found else "en-US"
