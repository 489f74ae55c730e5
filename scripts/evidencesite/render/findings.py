"""Summary of Qualitative Findings: every finding and recommendation with its
GRADE-CERQual confidence, in one table each (confidence in words, never colour)."""

from __future__ import annotations

from .. import harvard
from ..model import Note
from .common import Site, chunks, link, meta, page_path, pager_md, text
from .notes import LEVEL_NAMES

PAGE = "findings/index.md"
DESCRIPTION = "How far each finding and recommendation can be relied on (GRADE-CERQual)."


def _refs(site: Site, note: Note, page: str) -> str:
    refs = [site.review.references[k] for k in note.cited_keys if k in site.review.references]
    refs.sort(key=lambda r: site.ref_order[r.key])
    return "; ".join(
        link(harvard.in_text(r, site.labels[r.key]), page, site.ref_page(r)) for r in refs
    )


def _table(site: Site, notes: list[Note], heading: str, page: str) -> list[str]:
    lines = [
        f"| No. | {heading} | Confidence | Explanation of the confidence | References |",
        "|---|---|---|---|---|",
    ]
    for note in notes:
        assert note.confidence is not None
        finding = f"{link(note.title, page, note.url_path)}: {text(note.summary)}"
        lines.append(
            f"| {text(site.numbers[note.id])} | {finding} "
            f"| {text(LEVEL_NAMES[note.confidence.level])} "
            f"| {text(note.confidence.explanation)} | {_refs(site, note, page)} |"
        )
    return lines


ROWS = 50


def findings_pages(site: Site) -> dict[str, str]:
    """The Summary of Qualitative Findings, ROWS rows of each table to a page."""
    review = site.review
    findings = [
        n
        for kind in ("drivers", "challenges")
        for n in review.sorted_notes(kind)
        if n.confidence is not None
    ]
    recommendations = [n for n in review.sorted_notes("recommendations") if n.confidence]
    finding_pages, rec_pages = chunks(findings, ROWS), chunks(recommendations, ROWS)
    total = max(len(finding_pages), len(rec_pages))
    out = {}
    for number in range(1, total + 1):
        page = page_path(PAGE, number)
        title = "Summary of qualitative findings" + (f", page {number}" if number > 1 else "")
        lines = [
            "---",
            f"title: {meta(title)}",
            f"description: {meta(DESCRIPTION)}",
            "hide: [navigation]",
            "---",
            "",
            f"# {text(title)}",
            "",
            "How far we can rely on each finding of the review and on each recommendation. "
            "Confidence is judged in the GRADE-CERQual way: **high** means it is highly "
            "likely that the finding is a reasonable representation of the phenomenon; "
            "**moderate**, that it is likely; **low**, that it is possibly so; **very low**, "
            "that it is not clear. Each judgement weighs four components: the methodological "
            "limitations of the studies, the coherence of the findings across them, the "
            "adequacy of the data, and the relevance of the studies to NHS community mental "
            "health services. Each page gives the four components in full.",
            "",
        ]
        pager = pager_md(PAGE, number, total)
        lines += [pager, ""] if pager else []
        tables = (
            ("findings", "Findings: drivers and challenges", "Finding", finding_pages),
            ("recommendations", "Recommendations", "Recommendation", rec_pages),
        )
        for anchor, heading, column, pages in tables:
            rows = pages[number - 1] if number <= len(pages) else []
            if not rows and number > 1:
                continue
            lines += [f"## {heading} {{ #{anchor} }}", ""]
            if rows:
                lines += _table(site, rows, column, page)
            else:
                lines.append(f"No {column.lower()} has a confidence assessment yet.")
            lines.append("")
        lines += [pager] if pager else []
        out[page] = "\n".join(lines).rstrip() + "\n"
    return out
