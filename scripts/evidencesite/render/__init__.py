"""Pure rendering: a Review in, ``{docs-relative path: text}`` out. No file access."""

from __future__ import annotations

from functools import partial

from ..model import Review
from .charts import charts_page
from .common import Site
from .data import data_files
from .evidence_map import cell_pages, map_pages
from .facets import facet_pages
from .findings import findings_pages
from .glance import glance_pages
from .indexes import keyword_pages, kind_index
from .notes import note_page
from .redirects import moved_pages, redirect_pages
from .references import bibliography_pages, page_inputs, reference_page
from .reuse import Reuse, piece
from .search_page import search_page
from .updates import whats_new_page


def render_site(review: Review, site_url: str = "", reuse: Reuse | None = None) -> dict[str, str]:
    """Every generated file, keyed by its path inside docs/. A preview passes the
    pieces of its last render (``reuse``); the pages are the same either way."""
    site = Site.build(review, site_url, reuse)
    pages: dict[str, str] = {}
    for kind in site.shape.kind_names:
        pages.update(kind_index(site, kind))
        for note in review.sorted_notes(kind):
            pages[note.url_path] = note_page(site, note)
    for ref in review.references.values():
        pages[site.ref_page(ref)] = piece(
            site.reuse, "reference page", ref.key, partial(page_inputs, site, ref),
            partial(reference_page, site, ref),
        )  # fmt: skip
    pages.update(bibliography_pages(site))
    pages.update(keyword_pages(site))
    pages.update(findings_pages(site))
    pages.update(glance_pages(site))
    pages[site.urls.whats_new()] = whats_new_page(site)
    pages[site.urls.search()] = search_page(site)
    pages.update(data_files(site))
    pages.update(map_pages(site))
    pages[site.urls.charts()] = charts_page(site)
    pages.update(cell_pages(site))
    pages.update(facet_pages(site))
    for path, html in {**redirect_pages(site), **moved_pages(site.urls, pages, site.words)}.items():
        if path in pages or path.replace("/index.html", ".md") in pages:
            raise AssertionError(f"redirect {path} would replace a page; validation missed it")
        pages[path] = html
    return pages
