"""Guidance at a glance: every note of a guidance kind (recommendations) on one page,
with the one-line action, its vocabulary values (strength, who it is for) and the
confidence in the evidence, printable on two A4 pages (site.css has the print rules)."""

from __future__ import annotations

from ..model import Note
from ..shape import Kind
from .common import Site, card_table, front_matter, link, text
from .guidance import page_citation_md
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
        *front_matter(title, words("glance.description", kind=kind.singular)),
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
            if assessed:
                reason = text(main_reason(site, note))
                cells.append(f'{text(assessed)}<span class="print-only"> ({reason})</span>')
            else:
                cells.append(say("glance.not_assessed"))
        rows.append(cells)
    lines += [*card_table(columns, rows), "", "</div>", ""]
    cite = page_citation_md(site.review, site.cite, site.site_url, title, page)
    lines += [cite] if cite else []
    return "\n".join(lines).rstrip() + "\n"


def main_reason(site: Site, note: Note) -> str:
    """A confidence rating's main reason in a few words, from the note's own
    assessment: its worst concern and the components that carry it ("Moderate
    concerns: Relevance"); the concern alone when it is the framework's least; or that
    no reason is recorded."""
    framework, conf = site.shape.confidence, note.confidence
    if framework is None or conf is None or not conf.components:
        return site.words("glance.no_reason")
    order = list(framework.concerns)
    recorded = {n: c for n, c in conf.components.items() if c.concern in framework.concerns}
    if not recorded:
        return site.words("glance.no_reason")
    worst = max(order.index(c.concern) for c in recorded.values())
    concern = framework.concerns[order[worst]]
    if worst == 0:
        return concern
    names = [
        framework.components.get(n, n) for n, c in recorded.items() if c.concern == order[worst]
    ]
    return site.words("glance.main_reason", concern=concern, components=site.words.both(names))
