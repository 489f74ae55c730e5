"""The review's changes as an Atom feed (RFC 4287), beside What's new: one entry per
change in changes.yml, linking to What's new and to the pages it changed.

Ids are stable: with a published address, the address of the change on What's new
(``.../whats-new/#2026-11-30-1``); without one, a ``urn:uuid:`` made from the review's
title and the change's date and place among that day's changes (no address is made
up). Links are absolute with an address, and relative to the feed without one, which
feed readers resolve against the address they read the feed at.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from ..model import Change, ReviewInfo
from ..urls import url_of
from .common import Site

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "feed.xml"


def feed_path(whats_new: str) -> str:
    """The feed's docs path: beside What's new (whats-new/index.md -> whats-new/feed.xml)."""
    folder = whats_new.rpartition("/")[0]
    return f"{folder}/{FEED_NAME}" if folder else FEED_NAME


def _instant(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _numbered(changes: list[Change]) -> list[tuple[Change, int]]:
    """Each change with its number among its day's changes, counted from the oldest
    (the last written): a change added later that day does not renumber the others."""
    seen: dict[dt.date, int] = {}
    numbered = []
    for change in reversed(changes):
        seen[change.date] = seen.get(change.date, 0) + 1
        numbered.append((change, seen[change.date]))
    return numbered[::-1]


class _Addresses:
    """Site paths as the feed links them: absolute with a site address, else relative
    to the feed."""

    def __init__(self, site_url: str, feed: str) -> None:
        self.site = site_url.rstrip("/")
        self.up = "../" * feed.count("/")

    def __call__(self, path: str) -> str:
        return self.site + path if self.site else self.up + path.lstrip("/") or "./"


def _id(info: ReviewInfo, site_url: str, where: str, *parts: str) -> str:
    if site_url:
        return site_url.rstrip("/") + where
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "|".join((info.title, *parts))))


def atom_feed(site: Site) -> str:
    """The feed's XML (ElementTree escapes every value)."""
    review, words = site.review, site.words
    info = review.info
    assert info is not None and review.changes, "a feed is made only for a review with changes"
    whats_new = site.urls.whats_new()
    feed_file = feed_path(whats_new)
    address = _Addresses(site.site_url, feed_file)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": words.tag})

    def add(parent: ET.Element, name: str, content: str = "", **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
        if content:
            element.text = content
        return element

    add(feed, "id", _id(info, site.site_url, url_of(feed_file), "feed"))
    add(feed, "title", info.title, type="text")
    add(feed, "updated", _instant(review.changes[0].date))
    for name in info.authors:
        add(add(feed, "author"), "name", name)
    add(feed, "link", rel="self", type="application/atom+xml", href=address(url_of(feed_file)))
    add(feed, "link", rel="alternate", type="text/html", href=address(url_of(whats_new)))
    if info.licence:
        add(feed, "rights", info.licence, type="text")
    for change, number in _numbered(review.changes):
        day = change.date.isoformat()
        entry = add(feed, "entry")
        anchor = f"#{day}-{number}"
        add(entry, "id", _id(info, site.site_url, url_of(whats_new) + anchor, day, str(number)))
        title = words("feed.entry_title", date=words.date(change.date))
        add(entry, "title", title, type="text")
        add(entry, "updated", _instant(change.date))
        add(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=address(url_of(whats_new)) + f"#{day}",
        )
        notes = [] if change.notes is None else [review.find_note(n) for n in change.notes]
        shown = sorted((n for n in notes if n is not None), key=lambda n: site.position[n.id])
        for note in shown:
            href = address(url_of(note.url_path))
            add(
                entry,
                "link",
                rel="related",
                type="text/html",
                href=href,
                title=site.note_label(note),
            )
        add(entry, "summary", change.summary, type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def folder_sitemap(site: Site) -> str:
    """A sitemap of the feed's own folder, beside the feed. Material's script fetches
    ``sitemap.xml`` from the folder of every ``<link rel="alternate">`` (for its language
    selector); without this small one, each page load would ask for a missing file. The
    sitemap protocol allows a sitemap to list the addresses under its own folder."""
    whats_new = site.urls.whats_new()
    where = f"  <url><loc>{escape(site.site_url.rstrip('/') + url_of(whats_new))}</loc></url>\n"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + (where if site.site_url else "")
        + "</urlset>\n"
    )
