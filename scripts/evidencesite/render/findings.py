"""Summary of Qualitative Findings: every finding and recommendation with its
GRADE-CERQual confidence, in one table each (confidence in words, never colour)."""

from __future__ import annotations

from ..model import Note
from .common import Site, card_table, chunks, front_matter, link, page_path, pager_md, text
from .guidance import page_citation_md
from .indexes import numbered


def _refs(site: Site, note: Note, page: str) -> str:
    refs = [site.review.references[k] for k in note.cited_keys if k in site.review.references]
    refs.sort(key=lambda r: site.ref_order[r.key])
    return "; ".join(link(site.cite.item(r), page, site.ref_page(r)) for r in refs)


def _table(site: Site, notes: list[Note], heading: str, page: str) -> list[str]:
    assert site.shape.confidence is not None
    levels = site.shape.confidence.levels
    say, words = site.say, site.words
    columns = [
        (say("findings.number"), words("findings.number")),
        (text(heading), heading),
        (say("findings.confidence"), words("findings.confidence")),
        (say("findings.explanation"), words("findings.explanation")),
        (say("findings.references"), words("findings.references")),
    ]
    rows = []
    for note in notes:
        assert note.confidence is not None
        finding = f"{link(note.title, page, note.url_path)}: {text(note.summary)}"
        rows.append([
            text(site.numbers[note.id]), finding, text(levels[note.confidence.level]),
            text(note.confidence.explanation), _refs(site, note, page),
        ])  # fmt: skip
    return [
        '<div class="findings cards" markdown="1">',
        "",
        *card_table(columns, rows),
        "",
        "</div>",
    ]


ROWS = 50


def findings_pages(site: Site) -> dict[str, str]:
    """The summary of findings, ROWS rows of each table to a page."""
    framework = site.shape.confidence
    if framework is None:
        return {}
    review = site.review
    tables = [
        (
            table,
            chunks([n for k in table.kinds for n in review.sorted_notes(k) if n.confidence], ROWS),
        )
        for table in framework.tables
    ]
    total = max((len(pages) for _, pages in tables), default=1)
    words = site.words
    description = words("findings.description", framework=framework.framework)
    out = {}
    for number in range(1, total + 1):
        page = page_path(site.urls.findings(), number)
        title = numbered(site, words("findings.title"), number)
        lines = [
            *front_matter(title, description, wide=True),
            f"# {text(title)}",
            "",
            framework.summary,
            "",
        ]
        pager = pager_md(site, site.urls.findings(), number, total)
        lines += [pager, ""] if pager else []
        for table, pages in tables:
            rows = pages[number - 1] if number <= len(pages) else []
            if not rows and number > 1:
                continue
            lines += [f"## {text(table.heading)} {{ #{table.id} }}", ""]
            if rows:
                lines += _table(site, rows, table.column, page)
            else:
                lines.append(site.say("findings.none"))
            lines.append("")
        lines += [pager, ""] if pager else []
        lines.append(page_citation_md(site.review, site.cite, site.site_url, title, page))
        out[page] = "\n".join(lines).rstrip() + "\n"
    return out
