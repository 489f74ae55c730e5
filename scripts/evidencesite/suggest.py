"""'Did you mean ...?': the nearest known word to a mistyped one (mkdocs
``structure/pages.py``). A bottom module: the standard library only, so every
reader and checker can use it without an import cycle."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The known word nearest to ``word`` (difflib's ratio of at least 0.6), or None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], otherwise: str = "") -> str:
    """ "; did you mean 'x'?" for the nearest known word, to end a message; ``otherwise``
    when none is near."""
    near = closest(word, choices)
    return f"; did you mean '{near}'?" if near is not None else otherwise
