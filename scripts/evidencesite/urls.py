"""Site addresses of docs files (the start of one URL module for every page and link)."""

from __future__ import annotations


def url_of(path: str) -> str:
    """The site URL of a docs file: kind/id.md -> /kind/id/, a/index.md -> /a/."""
    if path.endswith("index.md") or path.endswith("index.html"):
        return "/" + path.rsplit("index.", 1)[0]
    if path.endswith(".md"):
        return "/" + path[: -len(".md")] + "/"
    return "/" + path
