"""Reading built HTML in tests."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def page(site: Path, url: str) -> BeautifulSoup:
    """The built page at a site URL such as '/recommendations/redistribute-power/'."""
    path = site / url.strip("/") / "index.html" if not url.endswith(".html") else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, url: str) -> BeautifulSoup:
    """Just the page's content (no navigation or search)."""
    found = page(site, url).select_one("article.md-content__inner")
    assert found is not None, f"no article on {url}"
    return found


def resolve(site: Path, from_url: str, href: str) -> str:
    """A relative href on a page as a site URL ('/references/x/')."""
    from posixpath import join, normpath

    target = href.split("#")[0]
    base = from_url if from_url.endswith("/") else from_url.rsplit("/", 1)[0] + "/"
    url = normpath(join(base, target))
    last = url.rsplit("/", 1)[-1]
    return url if url.endswith("/") or "." in last else url + "/"


def words(element: object) -> str:
    """An element's text with whitespace collapsed, as a reader sees it."""
    return " ".join(element.get_text().split())  # type: ignore[attr-defined]
