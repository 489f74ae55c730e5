"""Summary of Qualitative Findings: every finding and recommendation with its
GRADE-CERQual confidence, in one table each (confidence in words, never colour)."""

from __future__ import annotations

from .. import harvard
from ..model import Note
from .common import Site, link, meta, text
from .notes import LEVEL_NAMES

PAGE = "findings/index.md"
DESCRIPTION = "How far each finding and recommendation can be relied on (GRADE-CERQual)."


def _refs(site: Site, note: Note) -> str:
    refs = [site.review.references[k] for k in note.cited_keys if k in site.review.references]
    refs.sort(key=harvard.sort_key)
    return "; ".join(
        link(harvard.in_text(r, site.labels[r.key]), PAGE, site.ref_page(r)) for r in refs
    )


def _table(site: Site, notes: list[Note], heading: str) -> list[str]:
    lines = [
        f"| No. | {heading} | Confidence | Explanation of the confidence | References |",
        "|---|---|---|---|---|",
    ]
    for note in notes:
        assert note.confidence is not None
        finding = f"{link(note.title, PAGE, note.url_path)}: {text(note.summary)}"
        lines.append(
            f"| {text(site.numbers[note.id])} | {finding} "
            f"| {text(LEVEL_NAMES[note.confidence.level])} "
            f"| {text(note.confidence.explanation)} | {_refs(site, note)} |"
        )
    return lines


def findings_page(site: Site) -> str:
    review = site.review
    findings = [
        n
        for kind in ("drivers", "challenges")
        for n in review.sorted_notes(kind)
        if n.confidence is not None
    ]
    recommendations = [n for n in review.sorted_notes("recommendations") if n.confidence]
    lines = [
        "---",
        f"title: {meta('Summary of qualitative findings')}",
        f"description: {meta(DESCRIPTION)}",
        "hide: [navigation]",
        "---",
        "",
        "# Summary of qualitative findings",
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
        "## Findings: drivers and challenges { #findings }",
        "",
    ]
    if findings:
        lines += _table(site, findings, "Finding")
    else:
        lines.append("No finding has a confidence assessment yet.")
    lines += ["", "## Recommendations { #recommendations }", ""]
    if recommendations:
        lines += _table(site, recommendations, "Recommendation")
    else:
        lines.append("No recommendation has a confidence assessment yet.")
    return "\n".join(lines).rstrip() + "\n"
