"""The citation-style seam: what every style turns a reference into.

The model holds names, dates and fields; a style turns them into text. Renderers ask
the review's style (``site.style``) for in-text citations, reference-list entries,
the order of the bibliography and a work's A-Z letter, and never format a citation
themselves. What every style reads off a work the same way (who it is by, the
author-year-title order, its DOI as a link) and dates as pages write them are shared
here, below the interface, so that nothing reaches into one style's module.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from ..model import Person, Reference
from ..wording import Wording, default

SegmentStyle = Literal["plain", "italic", "link"]


@dataclass(frozen=True)
class Segment:
    """A run of a reference entry: plain, italic, or a link (so one entry serves the
    Markdown page, the hover text and the exports)."""

    text: str
    style: SegmentStyle = "plain"
    href: str = ""


def plain_text(segments: Iterable[Segment]) -> str:
    return "".join(s.text for s in segments)


@dataclass(frozen=True)
class WebPage:
    """A page of the site, for 'Cite this page'."""

    authors: list[str]
    title: str
    label: str
    """'Recommendation R3'; '' for a page that is no note, or the whole review."""
    container: str
    """The review's title; '' when the page is the whole review."""
    version: str
    updated: dt.date | None
    url: str
    publisher: str = ""


class CitationStyle(ABC):
    """One citation style, prepared for one review's references."""

    name: str
    """As readers are told ('In Cite Them Right Harvard style')."""
    opening, delimiter, closing = "(", "; ", ")"
    """How a parenthetical citation of several works is put together."""

    @abstractmethod
    def item(self, ref: Reference, locator: str = "", suppress_author: bool = False) -> str:
        """One work inside a parenthetical citation, without the brackets."""

    @abstractmethod
    def narrative(self, ref: Reference, locator: str = "") -> str:
        """The work named in running text: 'Ostrom (1996)', 'Ostrom (1996, p. 33)'."""

    @abstractmethod
    def short(self, ref: Reference) -> str:
        """A short label for lists: names and year, or names and number."""

    @abstractmethod
    def entry(self, ref: Reference) -> list[Segment]:
        """The full reference-list entry."""

    @abstractmethod
    def sort_key(self, ref: Reference) -> tuple[str, ...]:
        """The bibliography's order."""

    @abstractmethod
    def web_page(self, page: WebPage) -> str:
        """A citation of one page of the site."""

    reusable = False
    """True when a work's citations and entry depend only on the work and its
    :meth:`reuse_key`, so that a preview can reuse them (:mod:`..render.reuse`); a
    style that cannot tell (its output may depend on every other work) leaves it
    False, and then a preview renders everything each time."""

    def reuse_key(self, ref: Reference) -> Hashable:
        """What this style's citations and entry of ``ref`` depend on besides the work
        itself (its year label, say); only read when :attr:`reusable`."""
        return None

    def letter(self, ref: Reference) -> str:
        """The A-Z heading the bibliography lists a work under: the initial of its
        first creator's family name ('#' for anything but A-Z). Remembered for each
        work (the object itself: a changed work is a new one), as a preview keeps its
        style while the bibliography is unchanged (bibmemo.py)."""
        kept = self._letters.get(id(ref))
        if kept is None or kept[0] is not ref:  # held, so its id is never reused
            kept = self._letters[id(ref)] = (ref, _letter(ref))
        return kept[1]

    @cached_property
    def _letters(self) -> dict[int, tuple[Reference, str]]:
        return {}

    def in_text(self, ref: Reference, locator: str = "") -> str:
        """A parenthetical citation of one work: '(Ostrom, 1996)'."""
        return f"{self.opening}{self.item(ref, locator)}{self.closing}"


# --- what every style reads off a work: shared, so that no renderer and no style
# --- reaches into another style's module ---------------------------------------------


def join_names(names: list[str], words: Wording | None = None) -> str:
    """'Boyle and Harris', 'Farr, Davies and Andrews', in the language's list form."""
    return (words or default()).both(names)


def creators(ref: Reference) -> tuple[list[Person], bool]:
    """Who a work is by, and whether they are its editors."""
    if ref.authors:
        return ref.authors, False
    if ref.editors:
        return ref.editors, True
    body = ref.get("institution") or ref.get("organization") or ref.get("publisher")
    if body:
        return [Person(family=body, corporate=True)], False
    return [], False


def in_text_names(ref: Reference, words: Wording | None = None) -> str:
    """'Ostrom', 'Boyle and Harris', 'Farr, Davies and Andrews', 'Masterson et al.'."""
    words = words or default()
    people, _ = creators(ref)
    people = [p for p in people if p.family != "others"] or people
    if not people:
        return ref.title
    families = [p.family for p in people]
    if len(families) >= 4 or any(p.family == "others" for p in creators(ref)[0]):
        return words("style.et_al", name=families[0])
    return join_names(families, words)


def _letter(ref: Reference) -> str:
    first = name_order(ref)[0][:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def name_order(ref: Reference) -> tuple[str, str, str]:
    """Author-year-title order: first creator's family name (without a leading article),
    then year, then title, accents dropped and case folded."""
    people, _ = creators(ref)
    first = people[0].family if people else ref.title
    name = re.sub(r"^(the|a|an)\s+", "", first.casefold())
    return (fold(name), ref.year or "0000", fold(ref.title))


def fold(text: str) -> str:
    """Text for sorting and comparing: accents dropped, case folded."""
    if text.isascii():
        return text.casefold()
    import unicodedata

    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).casefold()


def doi_url(doi: str) -> str:
    """A DOI as written (bare, 'doi:...' or a doi.org address) as its https://doi.org/ link."""
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.I)
    return f"https://doi.org/{doi}"
