"""Pure rendering: a Review in, ``{docs-relative path: Markdown}`` out. No file access."""

from __future__ import annotations

from ..model import KINDS, Review
from .common import Site
from .indexes import keyword_pages, kind_index
from .notes import note_page
from .references import bibliography_page, reference_page

#: Folders of docs/ that the generator owns; everything else in docs/ is hand-written.
OUTPUT_FOLDERS: tuple[str, ...] = (*KINDS, "references", "keywords")


def render_site(review: Review) -> dict[str, str]:
    """Every generated page, keyed by its path inside docs/."""
    site = Site.build(review)
    pages: dict[str, str] = {}
    for kind in KINDS:
        pages[f"{kind}/index.md"] = kind_index(site, kind)
        for note in review.sorted_notes(kind):
            pages[note.url_path] = note_page(site, note)
    for ref in review.references.values():
        pages[site.ref_page(ref)] = reference_page(site, ref)
    pages["references/index.md"] = bibliography_page(site)
    pages.update(keyword_pages(site))
    return pages
