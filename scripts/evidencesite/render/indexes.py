"""Index pages: one per kind of note, and keyword pages."""

from __future__ import annotations

from functools import partial

from ..model import Note, Reference
from .common import (
    Site,
    chunks,
    front_matter,
    link,
    note_view,
    page_path,
    pager_md,
    text,
    work_view,
)  # fmt: skip
from .reuse import piece


def kind_index(site: Site, kind: str) -> dict[str, str]:
    spec = site.shape.kind(kind)
    base = site.urls.kind_index(kind)
    notes = site.review.sorted_notes(kind)
    groups = chunks(notes)
    pages = {}
    for number, group in enumerate(groups, start=1):
        page = page_path(base, number)
        title = spec.title + (f", page {number}" if number > 1 else "")
        lines = [
            *front_matter(title, spec.intro, searchable=False),
            f"# {text(title)}",
            "",
            text(spec.intro),
            "",
        ]
        if not notes:
            lines.append(f"There are no {spec.singular} notes yet.")
        if spec.guidance and notes:
            glance = link(f"All {len(notes)} at a glance", page, site.urls.glance(kind))
            lines += [f"{glance}, on one page you can print.", ""]
        pager = pager_md(site, base, number, len(groups))
        lines += [pager, ""] if pager else []
        for note in group:
            lines.append(
                f"- {link(site.note_label(note), page, note.url_path)}: {text(note.summary)}"
            )
        lines += ["", pager] if pager else []
        pages[page] = "\n".join(lines).rstrip() + "\n"
    return pages


def keyword_pages(site: Site) -> dict[str, str]:
    pages: dict[str, str] = {}
    notes_by, refs_by = site.index.keyword_notes, site.index.keyword_refs
    index = [
        *front_matter("Keywords", "Notes and references grouped by keyword.", searchable=False),
        "# Keywords",
        "",
        "Notes and references grouped by keyword. The number is how many pages carry it.",
        "",
    ]
    for slug, word in sorted(site.index.keywords.items(), key=lambda pair: pair[1]):
        base = site.urls.keyword(slug)
        notes, refs = notes_by.get(slug, ()), refs_by.get(slug, ())
        index.append(f"- {link(word, site.urls.keywords(), base)} ({len(notes) + len(refs)})")

        def inputs(word: str = word, notes: tuple[Note, ...] = notes,
                   refs: tuple[Reference, ...] = refs) -> tuple[object, ...]:  # fmt: skip
            views = tuple(note_view(site, n) for n in notes)
            return (word, views, tuple(work_view(site, r) for r in refs))

        make = partial(_keyword_pages, site, slug, word, notes, refs)
        pages.update(piece(site.reuse, "keyword pages", slug, inputs, make))
    pages[site.urls.keywords()] = "\n".join(index).rstrip() + "\n"
    return pages


def _keyword_pages(
    site: Site, slug: str, word: str, notes: tuple[Note, ...], refs: tuple[Reference, ...]
) -> dict[str, str]:
    """One keyword's pages: the notes, then the works, carrying it."""
    base = site.urls.keyword(slug)
    items: list[tuple[str, Note | Reference]] = [("notes", n) for n in notes]
    items += [("references", r) for r in refs]
    groups = chunks(items)
    pages = {}
    for number, group in enumerate(groups, start=1):
        page = page_path(base, number)
        title = f"Keyword: {word}" + (f", page {number}" if number > 1 else "")
        lines = front_matter(title, searchable=False)
        lines += [f"# Keyword: {text(word)}", ""]
        pager = pager_md(site, base, number, len(groups))
        lines += [pager, ""] if pager else []
        section = ""
        for kind, item in group:
            if kind != section:
                heading = "Notes" if kind == "notes" else "References"
                lines += ["", f"## {heading} {{ #{kind} }}", ""]
                section = kind
            if isinstance(item, Note):
                label = link(site.note_label(item), page, item.url_path)
                lines.append(f"- {label}: {text(item.summary)}")
            else:
                short = f"{site.cite.short(item)} {item.title}"
                lines.append(f"- {link(short, page, site.ref_page(item))}")
        lines += ["", pager] if pager else []
        pages[page] = "\n".join(lines).rstrip() + "\n"
    return pages
