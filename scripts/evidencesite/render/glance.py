"""Guidance at a glance: every note of a guidance kind (recommendations) on one page,
with the one-line action, its vocabulary values (strength, who it is for) and the
confidence in the evidence, printable on two A4 pages (site.css has the print rules)."""

from __future__ import annotations

from ..shape import Kind
from .common import Site, front_matter, link, text
from .notes import explained_label


def glance_pages(site: Site) -> dict[str, str]:
    return {site.urls.glance(k.name): _glance(site, k) for k in site.shape.kinds if k.guidance}


def _glance(site: Site, kind: Kind) -> str:
    page = site.urls.glance(kind.name)
    notes = site.review.sorted_notes(kind.name)
    vocabularies = site.shape.note_vocabularies(kind.name)
    framework = site.shape.confidence if kind.confidence else None
    title = f"{kind.title} at a glance"
    headings = [text("No."), text(f"{kind.singular.capitalize()}: what to do")]
    headings += [explained_label(v, page) for v in vocabularies]  # Markdown already
    headings += [text("Confidence in the evidence")] if framework else []
    lines = [
        *front_matter(
            title, f"Every {kind.singular} on one page, ready to print.", searchable=False
        ),
        f"# {text(title)}",
        "",
        f"Every {text(kind.singular)} on one page, with what to do and the details that "
        "matter most. Each links to its own page, where the evidence is set out. Back to "
        f"{link(kind.title.lower(), page, site.urls.kind_index(kind.name))}.",
        "",
        '<div class="glance" markdown="1">',
        "",
        "| " + " | ".join(headings) + " |",
        "|" + "---|" * len(headings),
    ]
    for note in notes:
        cells = [
            text(site.numbers[note.id]),
            f"{link(note.title, page, note.url_path)}: {text(note.summary)}",
        ]
        for vocabulary in vocabularies:
            values = note.terms.get(vocabulary.name, [])
            cells.append(text(", ".join(vocabulary.values[v] for v in values)) or "not stated")
        if framework:
            level = note.confidence.level if note.confidence else ""
            cells.append(text(framework.levels.get(level, "not assessed")))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "</div>"]
    return "\n".join(lines) + "\n"
