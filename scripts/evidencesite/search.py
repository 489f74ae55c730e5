"""Search that costs kilobytes: Pagefind.

Material's search downloads the whole index (600 KB for this review, 14 MB at 10,000
references) on every first visit, before anyone searches. Pagefind (pagefind.app;
its binary ships in the `pagefind_bin` wheel, so nothing is downloaded at build time)
indexes the built HTML into small fragments that the browser fetches only for the
words typed; the search page loads it only when a reader starts to search. It runs
on any engine's output, offline, with no third-party request.

What is indexed, in the built HTML (:func:`mark_page`):
- a searchable page's article is ``data-pagefind-body``: pages whose front matter says
  ``search: exclude: true`` (listings, map cells, redirects) are not indexed at all;
- a section whose heading carries ``data-search-exclude`` (Related, References, Cite
  this page) is ``data-pagefind-ignore``: its words would make every page match;
- the ``.lead`` line (a reference's authors and year, a note's summary) weighs most
  (10) and the title less (5); it is also kept as the result's ``lead``, and the
  search page lists results whose lead names every word searched for (an author's
  surname) first, so an author's works come before works that discuss them ("Moving
  beyond Arnstein");
- a heading's permanent-link anchor (``a.headerlink``, whose text is a pilcrow) is
  ``data-pagefind-ignore``: no result's title or excerpt ends in "¶".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

BUNDLE = "pagefind"
"""The folder Pagefind writes its index and scripts into, inside the site."""


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message is its own."""


def index_site(site: Path, searchable: Iterable[str] | None = None) -> None:
    """Index the built site in place (``<site>/pagefind/``); only the pages
    ``searchable`` names (site-relative paths), when given.

    Pagefind skips a page without ``data-pagefind-body`` but still reads it, and holds
    what it read until it writes: at 10,000 references the 2,060 listing and map pages
    raised its peak from 835 to 1,042 MB for the same index. So it reads a mirror of
    the searchable pages, hard links in a folder beside the site, and writes the
    bundle into the site; its addresses are the same (relative to the mirror's root).
    """
    command = [sys.executable, "-m", "pagefind", "--silent", "--force-language", "en"]
    if searchable is None:
        command += ["--site", str(site), "--output-subdir", BUNDLE]
        _run_pagefind(command, site)
        return
    mirror = Path(tempfile.mkdtemp(prefix=f".{site.name}-search-", dir=site.parent))
    try:
        for rel in searchable:
            target = mirror / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / rel, target)
            except OSError:  # a file system without hard links
                shutil.copyfile(site / rel, target)
        command += ["--site", str(mirror), "--output-path", str(site / BUNDLE)]
        _run_pagefind(command, site)
    finally:
        shutil.rmtree(mirror, ignore_errors=True)


def _run_pagefind(command: list[str], site: Path) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        message = (result.stderr or result.stdout).strip() or f"exit {result.returncode}"
        raise SearchIndexError(f"pagefind could not index {site}: {message}")


_SECTION = re.compile(r"(?=<h2\b)")
_EXCLUDED_HEADING = re.compile(r"<h2\b[^>]*\bdata-search-exclude\b")
_LEAD = re.compile(r'<p class="lead">')
_H1 = re.compile(r"<h1\b([^>]*?)(?=>)")
_HEADERLINK = re.compile(r'<a class="headerlink"')


def mark_page(html: str, searchable: bool) -> str:
    """The page's article HTML marked for Pagefind (see the module's docstring)."""
    if not searchable:
        return html
    sections = _SECTION.split(html)
    marked = [
        f'<div data-pagefind-ignore="all">{part}</div>' if _EXCLUDED_HEADING.match(part) else part
        for part in sections
    ]
    body = _HEADERLINK.sub('<a class="headerlink" data-pagefind-ignore', "".join(marked))
    if _LEAD.search(body):
        body = _LEAD.sub(
            '<p class="lead" data-pagefind-weight="10" data-pagefind-meta="lead">', body, count=1
        )
        body = _H1.sub(r'<h1\1 data-pagefind-weight="5"', body, count=1)
    return f"<div data-pagefind-body>{body}</div>"
