"""Pieces of the last render that a preview's next render can use again.

A preview renders the whole review after every save, and at 10,000 references most of
that work is per work: its entry in the reference list, its page, its downloads, its
record in evidence.json. An edit to one note changes a handful of them. :class:`Reuse`
keeps each piece with the inputs it was made from, and a render takes the kept piece
when its inputs are equal, so the output is the same as a render from nothing
(``tests/test_reuse.py`` checks exactly that, edit after edit).

Each piece's inputs are everything its renderer reads, written out beside the renderer
(``page_inputs`` in references.py, for instance). Anything that shapes every page (the
review's shape, its details, the site's address, the citation style) is the epoch:
when it changes, nothing is reused. A citation style that cannot say what one entry
depends on (a CSL style: its processor disambiguates across the whole bibliography)
turns reuse off.

Plain builds (``evidencesite build``, ``mkdocs build``) make every piece afresh.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Reuse:
    """Kept pieces, by family ('reference page', 'entry', ...) and key."""

    def __init__(self) -> None:
        self.epoch: Any = None
        self.kept: dict[str, dict[Hashable, tuple[Any, Any]]] = {}
        self.family_epochs: dict[str, Any] = {}
        self.made_in: Counter[str] = Counter()
        """Pieces made (not reused) by the last render, by family (reset by
        ``Site.build``, also when the style turns reuse off)."""

    @property
    def made(self) -> int:
        """Pieces made (not reused) by the last render."""
        return sum(self.made_in.values())

    def start(self, epoch: Any) -> None:
        """A new render. Nothing is reused when ``epoch`` differs from the last one."""
        if epoch != self.epoch:
            self.kept, self.family_epochs = {}, {}
        self.epoch = epoch

    def family(self, name: str, epoch: Any = None) -> None:
        """Pieces of ``name`` are reused only while ``epoch`` (what all of them read
        beyond their own inputs) is equal."""
        if self.family_epochs.get(name, epoch) != epoch:
            self.kept.pop(name, None)
        self.family_epochs[name] = epoch

    def take(self, family: str, key: Hashable, inputs: Any, make: Callable[[], T]) -> T:
        """The kept piece when it was made from equal ``inputs``, else ``make()``."""
        pieces = self.kept.setdefault(family, {})
        old = pieces.get(key)
        if old is not None and old[0] == inputs:
            return old[1]  # type: ignore[no-any-return]
        value = make()
        self.made_in[family] += 1
        pieces[key] = (inputs, value)
        return value


def piece(
    reuse: Reuse | None,
    family: str,
    key: Hashable,
    inputs: Callable[[], Any],
    make: Callable[[], T],
) -> T:
    """``make()``, or its kept result when ``reuse`` holds one made from equal
    ``inputs()``; without ``reuse`` (a plain build) inputs are never worked out."""
    if reuse is None:
        return make()
    return reuse.take(family, key, inputs(), make)
