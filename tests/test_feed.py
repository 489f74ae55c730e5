"""The Atom feed of changes (issue 27, part 2): valid Atom (RFC 4287), read by a real
feed parser, one entry per change in changes.yml linking to the pages it changed,
linked from What's new and advertised on every page."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import COPRODUCTION
from evidencesite.load import load_review

A = "{http://www.w3.org/2005/Atom}"

try:
    import feedparser
except ImportError:  # a test dependency (pyproject's test extras)
    if os.environ.get("CI"):
        raise
    feedparser = None


def test_the_feed_is_valid_atom_with_an_entry_per_change(review_site: Path) -> None:
    if feedparser is None:
        pytest.skip("feedparser is not installed (pip install feedparser)")
    review = load_review(COPRODUCTION / "literature")
    assert review.info is not None and len(review.changes) >= 2
    feed = feedparser.parse((review_site / "whats-new" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == review.info.title
    assert [e.summary for e in feed.entries] == [c.summary for c in review.changes]
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids)
    # the fixture has a published address: ids and links are its pages' addresses
    site = review.info.site_url.rstrip("/")
    assert all(i.startswith(site + "/whats-new/#") for i in ids)
    for entry, change in zip(feed.entries, review.changes, strict=True):
        related = {link.href for link in entry.links if link.rel == "related"}
        notes = [review.find_note(n) for n in change.notes or []]
        assert related == {site + f"/{n.url_path.removesuffix('.md')}/" for n in notes if n}


def test_the_feed_has_what_atom_requires(review_site: Path) -> None:
    root = ET.parse(review_site / "whats-new" / "feed.xml").getroot()
    assert root.tag == f"{A}feed"
    for parent in (root, *root.findall(f"{A}entry")):
        for required in ("id", "title", "updated"):
            assert parent.find(f"{A}{required}") is not None, (parent.tag, required)
            assert (parent.findtext(f"{A}{required}") or "").strip()
        assert parent.find(f"{A}link[@rel='alternate']") is not None
    assert root.findtext(f"{A}author/{A}name") == "Fixture Team"
    assert root.find(f"{A}link[@rel='self']").get("href").endswith("/whats-new/feed.xml")


def test_without_an_address_ids_are_uuids_and_links_relative(tmp_path: Path) -> None:
    from conftest import build_fixture

    project = tmp_path / "src"
    import shutil

    shutil.copytree(COPRODUCTION, project)
    review_yml = project / "literature" / "review.yml"
    review_yml.write_text(
        "\n".join(
            line
            for line in review_yml.read_text(encoding="utf-8").splitlines()
            if not line.startswith("site_url")
        )
        + "\n",
        encoding="utf-8",
    )
    site = build_fixture(tmp_path / "built", project)
    text = (site / "whats-new" / "feed.xml").read_text(encoding="utf-8")
    assert "http://127.0.0.1" not in text
    root = ET.fromstring(text)
    ids = [e.text for e in root.iter(f"{A}id")]
    assert ids and all((i or "").startswith("urn:uuid:") for i in ids)
    hrefs = [link.get("href") or "" for link in root.iter(f"{A}link")]
    assert hrefs and all(h.startswith("../") for h in hrefs)
    # the same review gives the same ids on every build
    again = build_fixture(tmp_path / "again", project)
    assert (again / "whats-new" / "feed.xml").read_text(encoding="utf-8") == text


def test_every_page_advertises_the_feed_and_whats_new_links_it(review_site: Path) -> None:
    pages = [p for p in review_site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page
        links = soup.head.find_all("link", rel="alternate", type="application/atom+xml")
        assert len(links) == 1, page
        target = (page.parent / links[0]["href"]).resolve()
        assert target == (review_site / "whats-new" / "feed.xml").resolve(), page
    whats_new = BeautifulSoup(
        (review_site / "whats-new" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert whats_new.find("article").find("a", href="feed.xml")
