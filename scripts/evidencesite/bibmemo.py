"""What a preview works out from the bibliography alone, kept while it is unchanged.

A save in a preview is nearly always an edit to a note: the 10,000 references are the
ones last read (``BibCache`` hands back the same objects). Yet validating them, putting
them in the style's order, working out their year labels, facet values and counts took
about a fifth of a save. :class:`BibMemo` keeps each such result under a name while the
references (compared as a tuple: the same objects, or equal ones) and the review's shape
(as its repr, the way ``NoteCache`` compares it: its wording's fingerprint included) are
unchanged, so the pages are the same as a build from nothing makes.

What goes in must read nothing but the references and the shape: never a note, the
changes, the history or the site's address. A plain build passes no memo
(:func:`memoised` then just makes the value).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .model import Reference, Review

T = TypeVar("T")


class BibMemo:
    """Results made from the references and the shape alone, by name."""

    def __init__(self) -> None:
        self.inputs: tuple[tuple[Reference, ...], str] | None = None
        self.kept: dict[str, Any] = {}
        self.made: list[str] = []
        """Names made (not reused) since the last :meth:`start`."""

    def start(self, review: Review) -> None:
        """A new build of ``review``: forget everything when its references or shape
        differ from the last build's."""
        inputs = (tuple(review.references.values()), repr(review.shape))
        if inputs != self.inputs:
            self.kept = {}
        self.inputs, self.made = inputs, []

    def get(self, name: str, make: Callable[[], T]) -> T:
        if name not in self.kept:
            self.kept[name] = make()
            self.made.append(name)
        return self.kept[name]  # type: ignore[no-any-return]


def memoised(memo: BibMemo | None, name: str, make: Callable[[], T]) -> T:
    """``make()``, or the result kept under ``name`` while the bibliography and the shape
    are unchanged (``make`` must read nothing else)."""
    return make() if memo is None else memo.get(name, make)
