"""What a trust needs to link to and cite guidance: the permanent link, a citation
of the page in the review's style with version and date, and when each page last
changed."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Note, Review
from ..styles import CitationStyle, WebPage
from ..urls import url_of
from .common import Site, rel, text


def page_url(site: Site, path: str) -> str:
    """The absolute URL of a docs path (or the site path when no site URL is known)."""
    return site.site_url.rstrip("/") + url_of(path)


def fenced(content: str, classes: str = "text") -> str:
    """A fenced code block (copyable in Material) that no content can break out of."""
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence} {{ .{classes} }}\n{content}\n{fence}"


def last_updated_md(site: Site, note: Note) -> str:
    day = site.index.last_updated(note.id)
    if day is None:
        return ""
    whats_new = f"[{site.say('cite.whats_new')}]({rel(note.url_path, site.urls.whats_new())})"
    when = site.say("cite.updated", date=text(site.words.date(day)), whats_new=whats_new)
    return f"**{site.say('page.last_updated')}** {when}"


def citation_text(site: Site, note: Note) -> str:
    """'Cite this page' in the review's style, with version and date."""
    info = site.review.info
    kind = site.shape.kind(note.kind).label
    label = site.words("cite.label", kind=kind, number=site.numbers[note.id])
    page = WebPage(
        authors=info.authors if info else [],
        title=note.title,
        label=label,
        container=info.title if info else "",
        version=info.version if info else "",
        updated=site.index.last_updated(note.id),
        url=page_url(site, note.url_path),
        publisher=info.publisher if info else "",
    )
    return site.cite.web_page(page)


def link_and_cite_md(site: Site, note: Note) -> str:
    kind = text(site.shape.kind(note.kind).singular)
    lines = [
        f"## {site.say('cite.permalink', kind=kind)} {{ #permalink data-search-exclude }}",
        "",
        site.say("cite.permalink_lasts", kind=kind),
        "",
        fenced(page_url(site, note.url_path), "text .permalink"),
        "",
        f"## {site.say('cite.heading')} {{ #cite data-search-exclude }}",
        "",
        site.say("cite.style", style=text(site.cite.name)),
        "",
        fenced(citation_text(site, note), "text .cite"),
        "",
    ]
    return "\n".join(lines)


def review_updated(review: Review) -> dt.date | None:
    """When the review last changed: its newest change (changes.yml), else its last
    search; None without review.yml."""
    info = review.info
    days = [c.date for c in review.changes] + ([info.last_search] if info else [])
    return max(days, default=None)


def page_citation_md(
    review: Review, style: CitationStyle, site_url: str, title: str, path: str, whole: bool = False
) -> str:
    """'Cite this page' for a page that is no note (a hand-written page, the summary of
    findings, a kind at a glance), or 'Cite this review' (``whole``) for the review
    itself, at the home page's address, in the review's style with its version and
    date; '' without review.yml, which names the authors. Reads only the review's
    info, changes and shape, so an adapter can keep just those (mkdocs_plugin)."""
    info = review.info
    if info is None or review.shape is None:
        return ""
    page = WebPage(
        authors=info.authors,
        title=info.title if whole else title,
        label="",
        container="" if whole else info.title,
        version=info.version,
        updated=review_updated(review),
        url=site_url.rstrip("/") + url_of(path),
        publisher=info.publisher,
    )
    words = review.shape.wording
    heading = words.fill("cite.review_heading" if whole else "cite.heading", text)
    return "\n".join(
        [
            f"## {heading} {{ #cite data-search-exclude }}",
            "",
            words.fill("cite.style", text, style=text(style.name)),
            "",
            fenced(style.web_page(page), "text .cite"),
            "",
        ]
    )
