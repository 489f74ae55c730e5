"""citeproc-py's style lookups, remembered.

citeproc-py finds every macro, term and enclosing layout by running an XPath query on
the style's tree each time it needs one: rendering 1,000 APA references ran 410,000
queries, a third of the whole time (``python -m cProfile``). The tree does not change
once the style and its locales are loaded, so each query's answer is remembered, on
the root of the tree it was asked of (a style's or a locale's): the same elements, in
the same order, so the output is the same; the answers go when the style does.
Whether a part of the style calls a variable (``calls_variable``, asked of every group
each time it is rendered) depends on the tree alone too, and is remembered the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_installed = False


def install() -> None:
    """Remember citeproc-py's XPath answers (once per process)."""
    global _installed
    if _installed:
        return
    from citeproc import model

    model.CitationStylesElement.xpath_search = _remembered(model.CitationStylesElement.xpath_search)
    for kind in vars(model).values():
        if isinstance(kind, type) and "calls_variable" in vars(kind):
            kind.calls_variable = _remembered(vars(kind)["calls_variable"])  # type: ignore[attr-defined]
    _installed = True


def _remembered(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` of an element of a loaded style, its answers remembered per element
    and arguments on the root of the element's tree."""

    def remembered(self: Any, *args: Any) -> Any:
        root = self.getroottree().getroot()
        # vars(): the elements answer any unknown attribute with a child of that name
        cache = vars(root).setdefault("_evidencesite_remembered", {})
        key = (method, self, *args)
        try:
            return cache[key]
        except KeyError:
            found = cache[key] = method(self, *args)
            return found

    return remembered
