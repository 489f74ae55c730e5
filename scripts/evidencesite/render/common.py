"""Helpers shared by the page renderers: escaping, relative links, the site index.

Everything that comes from BibTeX or front matter reaches Markdown through ``text()``
(HTML-escaped, then Markdown-escaped), ``attr()`` (for attribute values) or
``link()``, so no input can become markup.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TypeVar

from ..derive import CitedIn, Index
from ..model import Note, Reference, Review, is_web_url
from ..shape import Shape
from ..slugs import keyword_of
from ..styles import CitationStyle, Segment, plain_text
from ..urls import Urls, url_of
from ..wording import Wording
from .reuse import Reuse, piece

# Python-Markdown's escapable characters, plus '|' (added by the tables extension).
T = TypeVar("T")

_SPACE = re.compile(r"\s+")
# Control characters have no place in a page, and Python-Markdown uses \x02 and \x03
# as its own placeholders, so they are removed from every value before rendering.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


@lru_cache(maxsize=262144)
def text(value: str) -> str:
    """Plain text as inline Markdown that renders to exactly that text."""
    # Markdown escapes first: the backslashes they add are not HTML-special, and the
    # entities html.escape adds (&amp; &lt; &gt;) contain no Markdown-special character.
    escaped = _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", _CONTROL.sub("", value)))
    return html.escape(escaped, quote=False)


def attr(value: str) -> str:
    """Plain text for a double-quoted Markdown link title."""
    # Markdown ends a link title at '"' and ElementTree escapes the rest when it
    # serialises the attribute, so only the quote and backslash need replacing.
    return " ".join(_CONTROL.sub("", value).split()).replace('"', "'").replace("\\", "/")


def admonition_title(markdown: str) -> str:
    """Escaped Markdown (from ``text()`` or ``Site.say``) as an admonition's quoted
    title: Python-Markdown reads the title as inline Markdown, so it must be escaped
    like any text, and its quotes must not end it."""
    return markdown.replace('"', "&quot;")


def meta(value: str) -> str:
    """A value for a page's front matter (title, description), as a YAML string.

    MkDocs themes insert page titles and descriptions into HTML without escaping
    (its Jinja environment does not autoescape), so the value is HTML-escaped here.
    """
    clean = " ".join(_CONTROL.sub("", value).split())
    return json.dumps(html.escape(clean, quote=True), ensure_ascii=False)


def front_matter(
    title: str, description: str = "", *, searchable: bool = True, wide: bool = False
) -> list[str]:
    """A generated page's front matter: escaped title and description; listing pages
    (searchable=False) stay out of the search index, whose entries are the notes and
    references they list; wide pages hide the navigation sidebar."""
    lines = ["---", f"title: {meta(title)}"]
    if description:
        lines.append(f"description: {meta(description)}")
    if wide:
        lines.append("hide: [navigation]")
    if not searchable:
        lines += ["search:", "  exclude: true"]
    return [*lines, "---", ""]


def rel(source: str, target: str) -> str:
    """Relative link from page ``source`` to ``target`` (both docs-relative paths).

    Up to the docs root and down again: MkDocs resolves and checks it either way, and
    this is cheap enough to call for every link on every page.
    """
    source_dir = source.rpartition("/")[0]
    target_dir, _, name = target.rpartition("/")
    if source_dir == target_dir:
        return name
    return "../" * source.count("/") + target


def link(label: str, source: str, target: str, title: str = "") -> str:
    """A Markdown link with escaped text (and optional hover title)."""
    href = rel(source, target)
    title_part = f' "{attr(title)}"' if title else ""
    return f"[{text(label)}](<{href}>{title_part})"


def external(label: str, url: str) -> str:
    """A link to another site; only http(s) URLs become links."""
    if not is_web_url(url):
        return text(label)
    return f"[{text(label)}](<{url.replace('>', '%3E')}>)"


def card_table(columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table (Markdown in HTML, for md_in_html) that a narrow screen shows as one
    card per row (site.css, inside a ``cards`` block). Each column is (heading as
    inline Markdown, its label as plain text); each cell carries its column's label
    (data-label) for its card. The roles are explicit: some browsers drop a table's
    semantics once its rows and cells are laid out as blocks."""
    lines = ['<table markdown="1" role="table">', '<thead markdown="1">']
    lines.append('<tr markdown="1" role="row">')
    lines += [f'<th scope="col" role="columnheader" markdown="span">{h}</th>' for h, _ in columns]
    lines += ["</tr>", "</thead>", '<tbody markdown="1">']
    for row in rows:
        lines.append('<tr markdown="1" role="row">')
        for (_, label), cell in zip(columns, row, strict=True):
            lines.append(
                f'<td role="cell" data-label="{html.escape(label, quote=True)}" '
                f'markdown="span">{cell}</td>'
            )
        lines.append("</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def segments_md(segments: list[Segment]) -> str:
    out = []
    for seg in segments:
        if seg.style == "italic":
            out.append(f"*{text(seg.text)}*")
        elif seg.style == "link":
            out.append(external(seg.text, seg.href))
        else:
            out.append(text(seg.text))
    return "".join(out)


@dataclass
class Site:
    """What the renderers read: the review, its derived index (computed once by the
    derive stage) and its citation style with every reference already formatted."""

    review: Review
    index: Index
    style: CitationStyle
    site_url: str = ""
    """Where the site is published, for permanent links ('' when unknown)."""
    hover: dict[str, str] = field(default_factory=dict)
    """Cite key -> full reference as plain text."""
    entries: dict[str, str] = field(default_factory=dict)
    """Cite key -> full reference as Markdown."""
    plain_sentences: dict[str, str] = field(default_factory=dict)
    """A note's sentence -> as plain text (``notes.sentence_plain``), worked out once:
    every work a sentence cites quotes it."""
    reuse: Reuse | None = None
    """A preview's pieces of its last render (:mod:`.reuse`); None in a plain build."""
    said: dict[str, str] = field(default_factory=dict, repr=False)
    """The catalogue's strings without values as Markdown (:meth:`say`), made once:
    every reference page says the same dozen headings."""

    @property
    def shape(self) -> Shape:
        assert self.review.shape is not None, "rendered a review whose shape did not load"
        return self.review.shape

    @classmethod
    def build(
        cls,
        review: Review,
        index: Index,
        style: CitationStyle,
        site_url: str = "",
        reuse: Reuse | None = None,
    ) -> Site:
        site = cls(review, index, style, site_url)
        if reuse is not None:
            reuse.made_in.clear()
        if reuse is not None and style.reusable:
            # repr, not ==: dataclass equality misses a change of order in a dict of
            # the shape (its vocabularies' values, say), and pages show that order.
            reuse.start(repr((review.shape, review.info, site_url, style.name)))
            # A quoted sentence shows the citations of any work: reused while no
            # work's citation changed.
            reuse.family("sentence", [(r.content, style.reuse_key(r)) for r in site.sorted_refs])
            site.reuse = reuse
        for key, ref in review.references.items():
            site.hover[key], site.entries[key] = piece(
                site.reuse, "entry", key, partial(_entry_inputs, style, ref),
                partial(_entry, style, ref),
            )  # fmt: skip
        return site

    # The index's most-read parts, by their old names.
    @property
    def numbers(self) -> Mapping[str, str]:
        return self.index.numbers

    @property
    def position(self) -> Mapping[str, int]:
        return self.index.position

    @property
    def incoming(self) -> Mapping[str, tuple[tuple[str, Note], ...]]:
        return self.index.incoming

    @property
    def cited_in(self) -> Mapping[str, tuple[CitedIn, ...]]:
        return self.index.cited_in

    @property
    def keyword_slugs(self) -> Mapping[str, str]:
        return self.index.keyword_slugs

    @property
    def sorted_refs(self) -> tuple[Reference, ...]:
        return self.index.sorted_refs

    @property
    def ref_order(self) -> Mapping[str, int]:
        return self.index.ref_order

    @property
    def profile(self) -> Mapping[str, Mapping[str, tuple[Note, ...]]]:
        return self.index.profile

    @property
    def words(self) -> Wording:
        """Every interface string, in the review's language (:mod:`..wording`)."""
        return self.shape.wording

    def say(self, key: str, **markdown: str) -> str:
        """The catalogue's string ``key`` as Markdown: its own text escaped, the values
        (links, escaped text) inserted as given."""
        if markdown:
            return self.shape.wording.fill(key, text, **markdown)
        said = self.said.get(key)
        if said is None:
            said = self.said[key] = self.shape.wording.fill(key, text)
        return said

    def say_count(self, key: str, count: int, **markdown: str) -> str:
        """The plural ``key`` for ``count``, as Markdown."""
        return self.shape.wording.fill_plural(key, count, text, **markdown)

    @property
    def cite(self) -> CitationStyle:
        """The citation style."""
        return self.style

    @property
    def urls(self) -> Urls:
        return self.shape.urls

    def ref_page(self, ref: Reference) -> str:
        return self.urls.reference(ref.slug)

    def note_label(self, note: Note) -> str:
        return f"{self.numbers[note.id]}. {note.title}"

    def keyword_page(self, word: str) -> str:
        return self.urls.keyword(self.keyword_slugs[keyword_of(word)])


def _entry_inputs(style: CitationStyle, ref: Reference) -> tuple[object, ...]:
    return (ref.content, style.reuse_key(ref))


def work_view(site: Site, ref: Reference) -> tuple[object, ...]:
    """Everything the style and the URLs make of a work (its citations, entry, page and
    downloads), for a reused piece's inputs (.reuse): the work and its style key."""
    return _entry_inputs(site.style, ref)


def note_view(site: Site, note: Note) -> tuple[object, ...]:
    """What a list shows of a note (its number, title, summary and page), and where."""
    return (note.id, site.note_label(note), note.summary, note.url_path, site.position[note.id])


def _entry(style: CitationStyle, ref: Reference) -> tuple[str, str]:
    """The work's reference-list entry as plain text and as Markdown."""
    segments = style.entry(ref)
    return plain_text(segments), segments_md(segments)


#: Entries on one page of a list, so that no page grows with the review.
PAGE_SIZE = 100


def chunks(items: Sequence[T], size: int = PAGE_SIZE) -> list[list[T]]:
    """items split into pages; always at least one (possibly empty) page."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def page_path(base: str, number: int) -> str:
    """Docs path of page `number` of the list whose first page is `base`.

    references/index.md -> references/page/2.md; keywords/power.md ->
    keywords/power/page/2.md.
    """
    if number == 1:
        return base
    return f"{url_of(base).lstrip('/')}page/{number}.md"


def pager_md(site: Site, base: str, number: int, total: int) -> str:
    """'Page 2 of 5' with links to every page (empty when there is one page)."""
    if total <= 1:
        return ""
    here = page_path(base, number)
    words = site.words
    parts = []
    for n in range(1, total + 1):
        shown = words.number(n)
        parts.append(f"**{shown}**" if n == number else link(shown, here, page_path(base, n)))
    previous = (
        link(words("pager.previous"), here, page_path(base, number - 1)) if number > 1 else ""
    )
    following = (
        link(words("pager.next"), here, page_path(base, number + 1)) if number < total else ""
    )
    nav = " · ".join(p for p in (previous, " ".join(parts), following) if p)
    where = site.say(
        "pager.where", number=text(words.number(number)), total=text(words.number(total))
    )
    return f"{where} {nav}\n{{ .pager }}"
