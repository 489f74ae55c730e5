"""Every address the site publishes, in one place.

Each family of generated pages lives in a folder whose name the review may set in
evidencesite.yml (``urls:``); notes live in their kind's folder. Every renderer asks
:class:`Urls` for a page's docs path (``references/ostrom1996crossing.md``), never
builds one itself, and :func:`url_of` turns a docs path into the address readers see
(``/references/ostrom1996crossing/``). When a folder moves (``urls: moved:``), every
page once under the old folder gets a redirect there
(:func:`render.redirects.moved_pages`), so
published addresses keep working.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The built-in page families with a folder, and their default folders (each family
#: is registered with its folder in render/families.py).
FOLDERS: dict[str, str] = {
    "references": "references",
    "keywords": "keywords",
    "map": "map",
    "browse": "browse",
    "findings": "findings",
    "whats-new": "whats-new",
    "data": "data",
    "search": "find",
}
#: Folders MkDocs and the theme use for themselves.
ENGINE_FOLDERS = frozenset({"assets", "search"})


def url_of(path: str) -> str:
    """The site URL of a docs file: kind/id.md -> /kind/id/, a/index.md -> /a/ (a
    file named index only: references/hirsch2005index.md -> /references/hirsch2005index/)."""
    folder, _, name = path.rpartition("/")
    if name in ("index.md", "index.html"):
        return f"/{folder}/" if folder else "/"
    if path.endswith(".md"):
        return "/" + path[: -len(".md")] + "/"
    return "/" + path


@dataclass(frozen=True)
class Urls:
    """The docs path of every generated page and file."""

    folders: dict[str, str] = field(default_factory=lambda: dict(FOLDERS))
    """Page family -> its folder."""
    moved: dict[str, str] = field(default_factory=dict)
    """A folder used before -> the family now elsewhere; its pages redirect."""

    def _in(self, family: str, rest: str) -> str:
        return f"{self.folders[family]}/{rest}"

    def page(self, family: str, rest: str = "index.md") -> str:
        """A page of any family in its folder: a registered family's pages ask here
        (render/families.py); the built-in ones have their own methods below."""
        return self._in(family, rest)

    # Notes
    def note(self, kind: str, note_id: str) -> str:
        return f"{kind}/{note_id}.md"

    def kind_index(self, kind: str) -> str:
        return f"{kind}/index.md"

    def glance(self, kind: str) -> str:
        """A guidance kind's one-page summary (the id 'at-a-glance' is reserved)."""
        return f"{kind}/at-a-glance.md"

    def note_redirect(self, kind: str, old_id: str) -> str:
        return f"{kind}/{old_id}/index.html"

    # References
    def bibliography(self) -> str:
        return self._in("references", "index.md")

    def reference(self, slug: str) -> str:
        return self._in("references", f"{slug}.md")

    def reference_file(self, slug: str, suffix: str) -> str:
        return self._in("references", f"{slug}.{suffix}")

    def reference_redirect(self, old_slug: str) -> str:
        return self._in("references", f"{old_slug}/index.html")

    # Keywords and browsing
    def keywords(self) -> str:
        return self._in("keywords", "index.md")

    def keyword(self, slug: str) -> str:
        return self._in("keywords", f"{slug}.md")

    def keyword_redirect(self, old_slug: str) -> str:
        return self._in("keywords", f"{old_slug}/index.html")

    def browse(self) -> str:
        return self._in("browse", "index.md")

    def facet(self, facet: str, value: str) -> str:
        return self._in("browse", f"{facet}/{value}.md")

    # The evidence map
    def evidence_map(self) -> str:
        return self._in("map", "index.md")

    def charts(self) -> str:
        return self._in("map", "charts.md")

    def cell(self, slug: str) -> str:
        return self._in("map", f"{slug}.md")

    def cell_redirect(self, slug: str) -> str:
        return self._in("map", f"{slug}/index.html")

    def tile(self, table_id: str, row: int, column: int) -> str:
        return self._in("map", f"tiles/{table_id}/{row}-{column}.md")

    def diagram(self, note_id: str) -> str:
        return self._in("map", f"diagram/{note_id}.md")

    # Review-wide pages and data
    def findings(self) -> str:
        return self._in("findings", "index.md")

    def search(self) -> str:
        """The search page (Pagefind; see search.py)."""
        return self._in("search", "index.md")

    def whats_new(self) -> str:
        return self._in("whats-new", "index.md")

    def data(self, name: str = "index.md") -> str:
        return self._in("data", name)
