"""What a trust needs to link to and cite a recommendation: the permanent link,
a Harvard citation with version and date, and when each page last changed."""

from __future__ import annotations

import datetime as dt
import re

from ..harvard import join_names
from ..model import Note
from ..urls import url_of
from .common import Site, rel, text


def long_date(day: dt.date) -> str:
    """26 November 2026 (no leading zero), as Cite Them Right writes dates."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def page_url(site: Site, path: str) -> str:
    """The absolute URL of a docs path (or the site path when no site URL is known)."""
    return site.site_url.rstrip("/") + url_of(path)


def fenced(content: str, classes: str = "text") -> str:
    """A fenced code block (copyable in Material) that no content can break out of."""
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence} {{ .{classes} }}\n{content}\n{fence}"


def last_updated_md(site: Site, note: Note) -> str:
    day = site.review.last_updated(note.id)
    if day is None:
        return ""
    whats_new = rel(note.url_path, site.urls.whats_new())
    return f"**Last updated:** {text(long_date(day))} ([what's new]({whats_new}))"


def citation_text(site: Site, note: Note) -> str:
    """'Cite this page' in Cite Them Right Harvard, with version and date."""
    info = site.review.info
    day = site.review.last_updated(note.id)
    year = str(day.year) if day else "no date"
    url = page_url(site, note.url_path)
    label = f"{site.shape.kind(note.kind).singular.capitalize()} {site.numbers[note.id]}"
    if info is None:
        return f"{note.title} ({label}). Available at: {url} (Accessed: DD Month YYYY)."
    authors = join_names(info.authors)
    updated = f", last updated {long_date(day)}" if day else ""
    return (
        f"{authors} ({year}) {note.title} ({label}), in {info.title}. "
        f"Version {info.version}{updated}. Available at: {url} (Accessed: DD Month YYYY)."
    )


def link_and_cite_md(site: Site, note: Note) -> str:
    kind = site.shape.kind(note.kind).singular
    lines = [
        f"## Link to this {kind} {{ #permalink data-search-exclude }}",
        "",
        "This address will keep working: it comes from the "
        f"{kind}'s permanent id, not its title or number.",
        "",
        fenced(page_url(site, note.url_path), "text .permalink"),
        "",
        "## Cite this page { #cite data-search-exclude }",
        "",
        "In Cite Them Right Harvard style; add the date you read it.",
        "",
        fenced(citation_text(site, note), "text .cite"),
        "",
    ]
    return "\n".join(lines)
