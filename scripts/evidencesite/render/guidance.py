"""What a trust needs to link to and cite guidance: the permanent link, a citation
of the page in the review's style with version and date, and when each page last
changed."""

from __future__ import annotations

import re

from ..model import Note
from ..styles import WebPage
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
