"""Cite Them Right Harvard: in-text citations and reference-list entries.

Entries are built as Segments (text plus a style) so one description serves the
Markdown page (italics, links), the hover text (plain) and exports.
Rules followed (Cite Them Right, 12th edition): in-text, up to three authors are
named and four or more become "First et al."; the reference list names every author
as "Family, I."; works by the same author in the same year get a, b, c; undated
works are "no date"; a DOI is given as https://doi.org/... after "Available at:".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from ..model import Person, Reference
from .base import (
    CitationStyle,
    Segment,
    WebPage,
    creators,
    doi_url,
    fold,
    in_text_names,
    join_names,
    long_date,
    name_order,
    plain_text,
)

__all__ = [
    "HarvardCTR",
    "Segment",
    "in_text_names",
    "initials",
    "long_date",
    "plain_text",
    "sort_key",
]

#: Bibliography order: first creator's family name, then year, then title.
sort_key = name_order


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


def year_labels(references: Iterable[Reference]) -> dict[str, str]:
    """The year as cited, with a/b/c where one author list has several works in a year."""
    groups: dict[tuple[str, str], list[Reference]] = defaultdict(list)
    for ref in references:
        people, _ = creators(ref)
        who = "|".join(fold(_reference_name(p)) for p in people) or fold(ref.title)
        groups[(who, ref.year)].append(ref)
    labels: dict[str, str] = {}
    for (_, year), refs in groups.items():
        base = year or "no date"
        if len(refs) == 1:
            labels[refs[0].key] = base
            continue
        for i, ref in enumerate(sorted(refs, key=lambda r: fold(r.title))):
            letter = chr(ord("a") + i) if i < 26 else str(i)
            labels[ref.key] = f"{base}{letter}" if year else f"{base} {letter}"
    return labels


def in_text(ref: Reference, label: str, locator: str = "", suppress_author: bool = False) -> str:
    """Parenthetical content without brackets: 'Ostrom, 1996, p. 3'."""
    parts = [] if suppress_author else [in_text_names(ref)]
    parts.append(label)
    if locator:
        parts.append(locator)
    return ", ".join(parts)


def narrative(ref: Reference, label: str, locator: str = "") -> str:
    """'Ostrom (1996)', or with a locator 'Ostrom (1996, p. 33)'."""
    return f"{in_text_names(ref)} ({', '.join(p for p in (label, locator) if p)})"


def _end(text: str) -> str:
    """Text followed by a full stop unless it already ends with punctuation."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _pages(pages: str) -> str:
    pages = pages.replace("--", "–").replace("-", "–")
    return f"pp. {pages}" if "–" in pages or "," in pages else f"p. {pages}"


def _edition(edition: str) -> str:
    ordinal = re.match(r"^(\d+)(st|nd|rd|th)?$", edition.strip())
    if ordinal:
        n = int(ordinal.group(1))
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} edn."
    return _end(edition)


def entry(ref: Reference, label: str) -> list[Segment]:
    """The full reference-list entry in Cite Them Right Harvard."""
    seg: list[Segment] = []
    people, role = creators(ref)
    body_is_author = not ref.authors and not ref.editors and bool(people)
    if people:
        seg.append(Segment(join_names([_reference_name(p) for p in people]) + role + " "))
    seg.append(Segment(f"({label}) "))
    kind = ref.entry_type
    title = ref.title or "[no title]"
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
            seg.append(Segment(f", {_pages(ref.get('pages'))}"))
        seg.append(Segment(". "))
    elif kind in ("incollection", "inbook", "inproceedings", "conference"):
        seg.append(Segment(f"'{title}', in "))
        if ref.editors:
            eds = join_names([_reference_name(p) for p in ref.editors])
            seg.append(Segment(eds + (" (ed.) " if len(ref.editors) == 1 else " (eds) ")))
        seg.append(Segment(ref.get("booktitle") or "[no book title]", "italic"))
        seg.append(Segment(". "))
        if ref.get("edition"):
            seg.append(Segment(_edition(ref.get("edition")) + " "))
        tail = place_pub
        if ref.get("pages"):
            tail = f"{tail}, {_pages(ref.get('pages'))}" if tail else _pages(ref.get("pages"))
        if tail:
            seg.append(Segment(_end(tail) + " "))
    else:
        seg.append(Segment(title, "italic"))
        seg.append(Segment(". " if not title.endswith(("?", "!", ".")) else " "))
        if ref.get("edition"):
            seg.append(Segment(_edition(ref.get("edition")) + " "))
        description = _description(ref)
        if description:
            seg.append(Segment(_end(description) + " "))
        if place_pub:
            seg.append(Segment(_end(place_pub) + " "))
    link = doi_url(ref.doi) if ref.doi else ref.url
    if link:
        seg.append(Segment("Available at: "))
        seg.append(Segment(link, "link", link))
        if not ref.doi and ref.get("urldate"):
            seg.append(Segment(f" (Accessed: {ref.get('urldate')})"))
        seg.append(Segment("."))
    return _tidy(seg)


def _description(ref: Reference) -> str:
    kind = ref.entry_type
    kind_type = ref.get("type")
    if kind in ("phdthesis", "mastersthesis", "thesis"):
        default = "PhD thesis" if kind == "phdthesis" else "Master's thesis"
        what = kind_type or default
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

    def __init__(self, references: Iterable[Reference]) -> None:
        self.labels = year_labels(references)

    def item(self, ref: Reference, locator: str = "", suppress_author: bool = False) -> str:
        return in_text(ref, self.labels[ref.key], locator, suppress_author)

    def narrative(self, ref: Reference, locator: str = "") -> str:
        return narrative(ref, self.labels[ref.key], locator)

    def short(self, ref: Reference) -> str:
        return f"{in_text_names(ref)} ({self.labels[ref.key]})"

    def entry(self, ref: Reference) -> list[Segment]:
        return entry(ref, self.labels[ref.key])

    def sort_key(self, ref: Reference) -> tuple[str, ...]:
        return sort_key(ref)

    def reuse_key(self, ref: Reference) -> str:
        """Every citation and the entry are made from the work and its year label."""
        return self.labels[ref.key]

    def web_page(self, page: WebPage) -> str:
        """'Cite this page' in Cite Them Right's form for a web page, with version."""
        year = str(page.updated.year) if page.updated else "no date"
        if not page.authors:
            return (
                f"{page.title} ({page.label}). Available at: {page.url} (Accessed: DD Month YYYY)."
            )
        updated = f", last updated {long_date(page.updated)}" if page.updated else ""
        publisher = f" {page.publisher}." if page.publisher else ""
        return (
            f"{join_names(page.authors)} ({year}) {page.title} ({page.label}), in "
            f"{page.container}. Version {page.version}{updated}.{publisher} "
            f"Available at: {page.url} "
            "(Accessed: DD Month YYYY)."
        )
