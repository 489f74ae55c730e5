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

import re
import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"
"""The folder Pagefind writes its index and scripts into, inside the site."""


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message is its own."""


def index_site(site: Path) -> None:
    """Index the built site in place (``<site>/pagefind/``)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    command += ["--output-subdir", BUNDLE, "--force-language", "en"]
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
