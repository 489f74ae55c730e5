"""Guidance at a glance: every note of a guidance kind (recommendations) on one page,
with the one-line action, its vocabulary values (strength, who it is for) and the
confidence in the evidence, printable on two A4 pages (site.css has the print rules)."""

from __future__ import annotations

from ..shape import Kind
from .common import Site, card_table, front_matter, link, text
from .notes import explained_label


def glance_pages(site: Site) -> dict[str, str]:
    return {site.urls.glance(k.name): _glance(site, k) for k in site.shape.kinds if k.guidance}


def _glance(site: Site, kind: Kind) -> str:
    page = site.urls.glance(kind.name)
    notes = site.review.sorted_notes(kind.name)
    vocabularies = site.shape.note_vocabularies(kind.name)
    framework = site.shape.confidence if kind.confidence else None
    words, say = site.words, site.say
    title = words("glance.title", kinds=kind.title)
    columns = [
        (say("glance.number"), words("glance.number")),
        (say("glance.action", kind=text(kind.label)), words("glance.action", kind=kind.label)),
    ]
    columns += [(explained_label(v, page), v.label) for v in vocabularies]  # Markdown already
    columns += [(say("glance.confidence"), words("glance.confidence"))] if framework else []
    back = link(kind.title, page, site.urls.kind_index(kind.name))
    lines = [
        *front_matter(title, words("glance.description", kind=kind.singular), searchable=False),
        f"# {text(title)}",
        "",
        say("glance.intro", kind=text(kind.singular), kinds=back),
        "",
        '<div class="glance cards" markdown="1">',
        "",
    ]
    rows = []
    for note in notes:
        cells = [
            text(site.numbers[note.id]),
            f"{link(note.title, page, note.url_path)}: {text(note.summary)}",
        ]
        for vocabulary in vocabularies:
            values = note.terms.get(vocabulary.name, [])
            shown = ", ".join(vocabulary.values[v] for v in values)
            cells.append(text(shown) if shown else say("glance.not_stated"))
        if framework:
            level = note.confidence.level if note.confidence else ""
            assessed = framework.levels.get(level)
            cells.append(text(assessed) if assessed else say("glance.not_assessed"))
        rows.append(cells)
    lines += [*card_table(columns, rows), "", "</div>"]
    return "\n".join(lines) + "\n"
