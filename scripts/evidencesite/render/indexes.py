"""Index pages: one per kind of note, and keyword pages."""

from __future__ import annotations

from ..model import Note, Reference
from .common import Site, chunks, front_matter, link, page_path, pager_md, text


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
        pager = pager_md(base, number, len(groups))
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
        count = len(notes_by.get(slug, ())) + len(refs_by.get(slug, ()))
        index.append(f"- {link(word, site.urls.keywords(), base)} ({count})")
        items: list[tuple[str, Note | Reference]] = [("notes", n) for n in notes_by.get(slug, ())]
        items += [("references", r) for r in refs_by.get(slug, ())]
        groups = chunks(items)
        for number, group in enumerate(groups, start=1):
            page = page_path(base, number)
            title = f"Keyword: {word}" + (f", page {number}" if number > 1 else "")
            lines = front_matter(title, searchable=False)
            lines += [f"# Keyword: {text(word)}", ""]
            pager = pager_md(base, number, len(groups))
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
    pages[site.urls.keywords()] = "\n".join(index).rstrip() + "\n"
    return pages
