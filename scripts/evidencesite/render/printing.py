"""What a printed page says of itself: the review's title, version and date, and the
page's address (or its path, when the site has none), at the foot of every page on
paper (site.css) and nowhere on screen."""

from __future__ import annotations

from html import escape

from ..model import ReviewInfo
from ..wording import Wording


def print_meta_html(words: Wording, info: ReviewInfo | None, page_url: str) -> str:
    """The block; '' for a review without review.yml (nothing to say but the address)."""
    if info is None:
        return ""
    edition = words(
        "print.edition",
        title=info.title,
        version=info.version,
        date=words.date(info.last_search),
    )
    return (
        '\n<div class="es-print-meta" aria-hidden="true" data-search-exclude>'
        f"<span>{escape(edition)}</span> <span>{escape(page_url)}</span></div>\n"
    )
