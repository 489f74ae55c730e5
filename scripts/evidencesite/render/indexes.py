"""Index pages: one per kind of note, and keyword pages."""

from __future__ import annotations

from .. import harvard
from ..model import KIND_SINGULAR, Note, Reference
from .common import KIND_TITLES, Site, link, meta, text

INTROS = {
    "themes": (
        "The five themes that Bamber (2020) found in interviews with managers and clinical "
        "leads about one NHS trust's co-production model, read alongside the wider literature."
    ),
    "drivers": (
        "Why NHS trusts take up co-production: pressures inside services, national policy, "
        "the recovery and service-user movements, and the evidence of benefit."
    ),
    "challenges": "What gets in the way of co-production in NHS community mental health services.",
    "recommendations": (
        "What trust boards, managers, clinical leads and commissioners can do, each with the "
        "evidence behind it and how far we can rely on it."
    ),
}


def kind_index(site: Site, kind: str) -> str:
    page = f"{kind}/index.md"
    notes = site.review.sorted_notes(kind)
    lines = [
        "---",
        f"title: {meta(KIND_TITLES[kind])}",
        f"description: {meta(INTROS[kind])}",
        "---",
        "",
        f"# {KIND_TITLES[kind]}",
        "",
        text(INTROS[kind]),
        "",
    ]
    if not notes:
        lines.append(f"There are no {KIND_SINGULAR[kind]} notes yet.")
    for note in notes:
        lines.append(f"- {link(site.note_label(note), page, note.url_path)}: {text(note.summary)}")
    return "\n".join(lines).rstrip() + "\n"


def keyword_pages(site: Site) -> dict[str, str]:
    pages: dict[str, str] = {}
    notes_by: dict[str, list[Note]] = {}
    refs_by: dict[str, list[Reference]] = {}
    for note in site.review.all_notes():
        for word in note.keywords:
            notes_by.setdefault(word, []).append(note)
    for ref in sorted(site.review.references.values(), key=harvard.sort_key):
        for word in ref.keywords:
            refs_by.setdefault(word.lower(), []).append(ref)
    index = [
        "---",
        'title: "Keywords"',
        'description: "Notes and references grouped by keyword."',
        "---",
        "",
        "# Keywords",
        "",
        "Notes and references grouped by keyword. The number is how many pages carry it.",
        "",
    ]
    for word, slug in sorted(site.keyword_slugs.items()):
        page = f"keywords/{slug}.md"
        count = len(notes_by.get(word, [])) + len(refs_by.get(word, []))
        index.append(f"- {link(word, 'keywords/index.md', page)} ({count})")
        lines = [
            "---",
            f"title: {meta('Keyword: ' + word)}",
            "---",
            "",
            f"# Keyword: {text(word)}",
            "",
        ]
        if notes_by.get(word):
            lines += ["## Notes { #notes }", ""]
            lines += [
                f"- {link(site.note_label(n), page, n.url_path)}: {text(n.summary)}"
                for n in notes_by[word]
            ]
            lines.append("")
        if refs_by.get(word):
            lines += ["## References { #references }", ""]
            for ref in refs_by[word]:
                short = f"{harvard.in_text_names(ref)} ({site.labels[ref.key]}) {ref.title}"
                lines.append(f"- {link(short, page, site.ref_page(ref))}")
            lines.append("")
        pages[page] = "\n".join(lines).rstrip() + "\n"
    pages["keywords/index.md"] = "\n".join(index).rstrip() + "\n"
    return pages
