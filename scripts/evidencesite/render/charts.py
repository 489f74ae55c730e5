"""Charts of the evidence base, drawn at build time as SVG with real text, each with
its data table: references per year, by study design or document type, by setting."""

from __future__ import annotations

from collections.abc import Sequence

from .common import Site, front_matter, link, text
from .evidence_map import esc

BAR_H, GAP, LABEL_W, BAR_W = 22, 6, 150, 300


def bar_chart(chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, int]]) -> str:
    top = max((n for _, n in rows), default=1) or 1
    height = 10 + len(rows) * (BAR_H + GAP)
    width = LABEL_W + BAR_W + 50
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{esc(desc)}</desc>',
    ]
    for i, (label, count) in enumerate(rows):
        y = 5 + i * (BAR_H + GAP)
        bar = max(1.0, BAR_W * count / top)
        out.append(
            f'<text class="label" x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end">'
            f"{esc(label)}</text>"
            f'<rect class="bar" x="{LABEL_W}" y="{y}" width="{bar:.1f}" height="{BAR_H}"/>'
            f'<text class="value" x="{LABEL_W + bar + 6:.1f}" y="{y + 16}">{count}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def data_table(heading: str, rows: Sequence[tuple[str, int]]) -> str:
    lines = [f"| {text(heading)} | Works |", "|---|---:|"]
    lines += [f"| {text(label)} | {count} |" for label, count in rows]
    return "\n".join(lines)


def charts_page(site: Site) -> str:
    review = site.review
    page = site.urls.charts()
    total = len(review.references)
    counts = site.index.counts
    charts = [("year", "Works by year of publication", "Year", counts["year"])]
    for vocabulary in site.shape.facets:
        title = f"Works by {vocabulary.facet[:1].lower()}{vocabulary.facet[1:]}"
        if vocabulary.multiple:
            title += " (a work can have more than one)"
        charts.append((vocabulary.name, title, vocabulary.facet, counts[vocabulary.name]))
    ways = ["year", *(v.name for v in site.shape.facets)]
    description = f"The works in the review by {', by '.join(ways[:-1])} and by {ways[-1]}."
    if len(ways) == 1:
        description = "The works in the review by year."
    parts = [
        *front_matter("Charts of the evidence base", description, searchable=False),
        "# Charts of the evidence base",
        "",
        f"The {total} works in the review, counted {_count_word(len(charts))}. Each chart has "
        "its data table "
        f"beside it. Back to the {link('evidence map', page, site.urls.evidence_map())}; browse "
        f"the works themselves in the {link('references', page, site.urls.bibliography())}.",
        "",
    ]
    for chart_id, title, heading, rows in charts:
        desc = "; ".join(f"{label}: {count}" for label, count in rows)
        parts += [
            f"## {text(title)} {{ #{chart_id} }}",
            "",
            '<div class="chart-pair" markdown="1">',
            '<div class="chart-figure" markdown="0" tabindex="0" role="region" '
            f'aria-label="{esc(title)}">',
            bar_chart(chart_id, title, desc, rows),
            "</div>",
            '<div class="chart-table" markdown="1">',
            "",
            data_table(heading, rows),
            "",
            "</div>",
            "</div>",
            "",
        ]
    return "\n".join(parts)


def _count_word(n: int) -> str:
    words = {1: "one way", 2: "two ways", 3: "three ways", 4: "four ways", 5: "five ways"}
    return words.get(n, f"{n} ways")
