"""The citation-style seam: what every style turns a reference into.

The model holds names, dates and fields; a style turns them into text. Renderers ask
the review's style (``site.style``) for in-text citations, reference-list entries and
the order of the bibliography, and never format a citation themselves.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Literal

from ..model import Reference

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
    """'Recommendation R3'."""
    container: str
    """The review's title."""
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

    def in_text(self, ref: Reference, locator: str = "") -> str:
        """A parenthetical citation of one work: '(Ostrom, 1996)'."""
        return f"{self.opening}{self.item(ref, locator)}{self.closing}"
