"""Cite Them Right Harvard: in-text citations and reference-list entries.

Entries are built as Segments (text plus a style) so one description serves the
Markdown page (italics, links), the hover text (plain) and exports.
Rules followed (Cite Them Right, 12th edition): in-text, up to three authors are
named and four or more become "First et al."; the reference list names every author
as "Family, I."; works by the same author in the same year get a, b, c; undated
works are "no date"; a DOI is given as https://doi.org/... after "Available at:".
Its words ('no date', 'Available at', 'edn', 'et al.', 'and') are the review's wording
catalogue's (ids ``style.*``), so a Welsh review gets Welsh ones; English ones by
default.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from ..model import Person, Reference
from ..wording import Wording, default
from .base import (
    CitationStyle,
    Segment,
    WebPage,
    creators,
    doi_url,
    fold,
    in_text_names,
    join_names,
    name_order,
    plain_text,
)

#: The bibliography's order (the shared author-year-title order of styles/base.py).
sort_key = name_order

__all__ = [
    "HarvardCTR",
    "Segment",
    "doi_url",
    "in_text_names",
    "initials",
    "plain_text",
    "sort_key",
]


def initials(person: Person) -> str:
    """Cite Them Right initials: "Hayley M." -> "H.M.", "Jean-Paul" -> "J.-P."."""
    return _initials(person.given)


@lru_cache(maxsize=65536)
def _initials(given: str) -> str:
    parts = []
    for word in given.replace(".", ". ").split():
        pieces = [p for p in word.split("-") if p]
        parts.append("-".join(p[0] + "." for p in pieces if p[0].isalpha()))
    return "".join(p for p in parts if p)


def _reference_name(person: Person) -> str:
    if person.corporate or not person.given:
        return person.family
    name = f"{person.family}, {initials(person)}"
    return f"{name} {person.suffix}" if person.suffix else name


def editors(names: list[str], count: int, words: Wording) -> str:
    """'Brandsen, T. and Steen, T. (eds)'."""
    return words.plural("style.editors", count, names=join_names(names, words))


def year_labels(references: Iterable[Reference], words: Wording | None = None) -> dict[str, str]:
    """The year as cited, with a/b/c where one author list has several works in a year."""
    undated = (words or default())("style.no_date")
    groups: dict[tuple[str, str], list[Reference]] = defaultdict(list)
    for ref in references:
        people, _ = creators(ref)
        who = "|".join(fold(_reference_name(p)) for p in people) or fold(ref.title)
        groups[(who, ref.year)].append(ref)
    labels: dict[str, str] = {}
    for (_, year), refs in groups.items():
        base = year or undated
        if len(refs) == 1:
            labels[refs[0].key] = base
            continue
        for i, ref in enumerate(sorted(refs, key=lambda r: fold(r.title))):
            letter = chr(ord("a") + i) if i < 26 else str(i)
            labels[ref.key] = f"{base}{letter}" if year else f"{base} {letter}"
    return labels


def in_text(
    ref: Reference, label: str, locator: str = "", suppress_author: bool = False,
    words: Wording | None = None, names: str | None = None,
) -> str:  # fmt: skip
    """Parenthetical content without brackets: 'Ostrom, 1996, p. 3'. ``names``: the
    work's :func:`in_text_names`, when the caller has them already."""
    parts = [] if suppress_author else [names or in_text_names(ref, words)]
    parts.append(label)
    if locator:
        parts.append(locator)
    return ", ".join(parts)


def narrative(
    ref: Reference, label: str, words: Wording | None = None, locator: str = "",
    names: str | None = None,
) -> str:  # fmt: skip
    """'Ostrom (1996)', or with a locator 'Ostrom (1996, p. 33)'."""
    names = names or in_text_names(ref, words)
    return f"{names} ({', '.join(p for p in (label, locator) if p)})"


def _end(text: str) -> str:
    """Text followed by a full stop unless it already ends with punctuation."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _pages(pages: str, words: Wording) -> str:
    pages = pages.replace("--", "–").replace("-", "–")
    return words("style.pages" if "–" in pages or "," in pages else "style.page", pages=pages)


def _edition(edition: str, words: Wording) -> str:
    """'2nd edn.' from '2' or '2nd' (English suffixes are read; the catalogue writes the
    language's own); any other edition as written."""
    ordinal = re.match(r"^(\d+)(st|nd|rd|th)?$", edition.strip())
    if ordinal:
        return words.ordinal("style.edition", int(ordinal.group(1)))
    return _end(edition)


def entry(ref: Reference, label: str, words: Wording | None = None) -> list[Segment]:
    """The full reference-list entry in Cite Them Right Harvard."""
    words = words or default()
    seg: list[Segment] = []
    people, edited = creators(ref)
    body_is_author = not ref.authors and not ref.editors and bool(people)
    if people:
        names = [_reference_name(p) for p in people]
        who = editors(names, len(people), words) if edited else join_names(names, words)
        seg.append(Segment(who + " "))
    seg.append(Segment(f"({label}) "))
    kind = ref.entry_type
    title = ref.title or words("style.no_title")
    place_pub = _place_publisher(ref, skip_body=body_is_author)

    if kind == "article":
        seg.append(Segment(f"'{title}', "))
        journal = ref.get("journal")
        if journal:
            seg.append(Segment(journal, "italic"))
        details = ""
        if ref.get("volume"):
            details += ref.get("volume")
            if ref.get("number") or ref.get("issue"):
                details += f"({ref.get('number') or ref.get('issue')})"
        if details:
            seg.append(Segment(f", {details}"))
        if ref.get("pages"):
            seg.append(Segment(f", {_pages(ref.get('pages'), words)}"))
        seg.append(Segment(". "))
    elif kind in ("incollection", "inbook", "inproceedings", "conference"):
        seg.append(Segment(f"'{title}', {words('style.in')} "))
        if ref.editors:
            names = [_reference_name(p) for p in ref.editors]
            seg.append(Segment(editors(names, len(names), words) + " "))
        seg.append(Segment(ref.get("booktitle") or words("style.no_book_title"), "italic"))
        seg.append(Segment(". "))
        if ref.get("edition"):
            seg.append(Segment(_edition(ref.get("edition"), words) + " "))
        tail = place_pub
        if ref.get("pages"):
            pages = _pages(ref.get("pages"), words)
            tail = f"{tail}, {pages}" if tail else pages
        if tail:
            seg.append(Segment(_end(tail) + " "))
    else:
        seg.append(Segment(title, "italic"))
        seg.append(Segment(". " if not title.endswith(("?", "!", ".")) else " "))
        if ref.get("edition"):
            seg.append(Segment(_edition(ref.get("edition"), words) + " "))
        description = _description(ref, words)
        if description:
            seg.append(Segment(_end(description) + " "))
        if place_pub:
            seg.append(Segment(_end(place_pub) + " "))
    link = doi_url(ref.doi) if ref.doi else ref.url
    if link:
        seg.append(Segment(words("style.available_at") + " "))
        seg.append(Segment(link, "link", link))
        if not ref.doi and ref.get("urldate"):
            seg.append(Segment(" " + words("style.accessed", date=ref.get("urldate"))))
        seg.append(Segment("."))
    return _tidy(seg)


def _description(ref: Reference, words: Wording) -> str:
    kind = ref.entry_type
    kind_type = ref.get("type")
    if kind in ("phdthesis", "mastersthesis", "thesis"):
        what = kind_type or words(
            "style.phd_thesis" if kind == "phdthesis" else "style.masters_thesis"
        )
        return f"{what}. {ref.get('school') or ref.get('institution')}".strip(". ")
    parts = []
    if kind_type:
        parts.append(kind_type + (f" {ref.get('number')}" if ref.get("number") else ""))
    if ref.get("howpublished"):
        parts.append(ref.get("howpublished"))
    if ref.get("note") and kind in ("misc", "online", "unpublished"):
        parts.append(ref.get("note"))
    return ". ".join(p.rstrip(".") for p in parts)


def _place_publisher(ref: Reference, skip_body: bool) -> str:
    if ref.entry_type in ("phdthesis", "mastersthesis", "thesis"):
        return ""
    publisher = ref.get("publisher") or ref.get("institution") or ref.get("organization")
    if skip_body and publisher and publisher == creators(ref)[0][0].family:
        publisher = ref.get("publisher") if ref.get("publisher") != publisher else ""
    place = ref.get("address")
    if place and publisher:
        return f"{place}: {publisher}"
    return publisher or place


def _tidy(segments: list[Segment]) -> list[Segment]:
    """Drop empty segments and collapse the double spaces left by missing parts."""
    out: list[Segment] = []
    for s in segments:
        text = re.sub(r"\s+", " ", s.text)
        if text:
            out.append(Segment(text, s.style, s.href))
    if out:
        last = out[-1]
        out[-1] = Segment(last.text.rstrip(), last.style, last.href)
    return out


class HarvardCTR(CitationStyle):
    """Cite Them Right Harvard, written out by hand: fast enough for 10,000 references."""

    name = "Cite Them Right Harvard"
    reusable = True

    def __init__(self, references: Iterable[Reference], words: Wording | None = None) -> None:
        self.words = words or default()
        self.labels = year_labels(references, self.words)
        # Each work's names as cited, made once: a work is cited on its page, in the
        # bibliography, in the notes and in the data (the style is made per render,
        # for the references it is given, so a key names one work here).
        self._names: dict[str, str] = {}

    def names(self, ref: Reference) -> str:
        """The work's names as cited ('Boyle and Harris'), made once per work."""
        names = self._names.get(ref.key)
        if names is None:
            names = self._names[ref.key] = in_text_names(ref, self.words)
        return names

    def item(self, ref: Reference, locator: str = "", suppress_author: bool = False) -> str:
        label = self.labels[ref.key]
        return in_text(ref, label, locator, suppress_author, self.words, self.names(ref))

    def narrative(self, ref: Reference, locator: str = "") -> str:
        return narrative(ref, self.labels[ref.key], self.words, locator, self.names(ref))

    def short(self, ref: Reference) -> str:
        return f"{self.names(ref)} ({self.labels[ref.key]})"

    def entry(self, ref: Reference) -> list[Segment]:
        return entry(ref, self.labels[ref.key], self.words)

    def sort_key(self, ref: Reference) -> tuple[str, ...]:
        return sort_key(ref)

    def reuse_key(self, ref: Reference) -> str:
        """Every citation and the entry are made from the work and its year label."""
        return self.labels[ref.key]

    def web_page(self, page: WebPage) -> str:
        """'Cite this page' in Cite Them Right's form for a web page, with version. The
        date of reading is the catalogue's placeholder (js.date_placeholder), which the
        site's script replaces with the day the page is read."""
        words = self.words
        read = words("js.date_placeholder")
        page_words = {"title": page.title, "label": page.label, "url": page.url, "date": read}
        if not page.authors:
            return words("style.web_page", **page_words)
        updated = words("style.last_updated", date=words.date(page.updated)) if page.updated else ""
        form = "style.web_page_by"
        if not page.label:  # a page that is no note, or the whole review (no container)
            form = "style.web_page_part_by" if page.container else "style.review_by"
        return words(
            form,
            authors=join_names(page.authors, words),
            year=str(page.updated.year) if page.updated else words("style.no_date"),
            container=page.container,
            version=page.version,
            updated=updated,
            publisher=f" {page.publisher}." if page.publisher else "",
            **page_words,
        )
