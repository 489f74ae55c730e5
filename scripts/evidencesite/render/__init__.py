"""Pure rendering: a Review and its derived Index in, ``{docs-relative path: text}`` out.
No file access."""

from __future__ import annotations

from ..derive import Index
from ..model import Review
from ..styles import CitationStyle
from .common import Site
from .families import REGISTRY
from .redirects import moved_pages, redirect_pages
from .reuse import Reuse


def render_site(
    review: Review,
    index: Index,
    style: CitationStyle,
    site_url: str = "",
    reuse: Reuse | None = None,
) -> dict[str, str]:
    """Every generated file, keyed by its path inside docs/, from the review, its
    derived ``index`` and its citation ``style`` (:func:`pipeline.derived`): each page
    family's pages (:mod:`.families`), then the redirects. A preview passes the pieces
    of its last render (``reuse``); the pages are the same either way."""
    site = Site.build(review, index, style, site_url, reuse)
    pages: dict[str, str] = {}
    for family in REGISTRY.values():
        for path, page in family.pages(site).items():
            if path in pages:  # one would hide the other: a bug, never the review's
                raise AssertionError(f"page family {family.name} claims {path}, made already")
            pages[path] = page
    for path, html in {
        **redirect_pages(site, pages),
        **moved_pages(site.urls, pages, site.words),
    }.items():
        if path in pages or path.replace("/index.html", ".md") in pages:
            raise AssertionError(f"redirect {path} would replace a page; validation missed it")
        pages[path] = html
    return pages
