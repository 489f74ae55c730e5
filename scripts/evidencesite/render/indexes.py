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


def numbered(site: Site, title: str, number: int) -> str:
    """A list's title, with its page number after the first page ('Drivers, page 2')."""
    if number == 1:
        return title
    return site.words("page.numbered", title=title, number=site.words.number(number))


def kind_index(site: Site, kind: str) -> dict[str, str]:
    spec = site.shape.kind(kind)
    base = site.urls.kind_index(kind)
    notes = site.review.sorted_notes(kind)
    groups = chunks(notes)
    words = site.words
    pages = {}
    for number, group in enumerate(groups, start=1):
        page = page_path(base, number)
        title = numbered(site, spec.title, number)
        lines = [
            *front_matter(title, spec.intro, searchable=False),
            f"# {text(title)}",
            "",
            text(spec.intro),
            "",
        ]
        if not notes:
            lines.append(site.say("kind.empty", kind=text(spec.singular)))
        if spec.guidance and notes:
            all_of = words.plural("kind.glance_link", len(notes))
            glance = link(all_of, page, site.urls.glance(kind))
            lines += [site.say("kind.glance", glance=glance), ""]
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
    words = site.words
    index = [
        *front_matter(
            words("keyword.index_title"), words("keyword.index_description"), searchable=False
        ),
        f"# {site.say('keyword.index_title')}",
        "",
        site.say("keyword.index_intro"),
        "",
    ]
    for slug, word in sorted(site.index.keywords.items(), key=lambda pair: pair[1]):
        base = site.urls.keyword(slug)
        notes, refs = notes_by.get(slug, ()), refs_by.get(slug, ())
        count = text(words.number(len(notes) + len(refs)))
        index.append(f"- {link(word, site.urls.keywords(), base)} ({count})")

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
    heading = site.words("keyword.title", keyword=word)
    pages = {}
    for number, group in enumerate(groups, start=1):
        page = page_path(base, number)
        lines = front_matter(numbered(site, heading, number), searchable=False)
        lines += [f"# {site.say('keyword.title', keyword=text(word))}", ""]
        pager = pager_md(site, base, number, len(groups))
        lines += [pager, ""] if pager else []
        section = ""
        for kind, item in group:
            if kind != section:
                shown = site.say(f"keyword.{kind}")  # keyword.notes, keyword.references
                lines += ["", f"## {shown} {{ #{kind} }}", ""]
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
