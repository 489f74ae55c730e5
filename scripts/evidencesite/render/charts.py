"""Charts of the evidence base, drawn at build time as SVG with real text, each with
its data table: references per year, by study design or document type, by setting."""

from __future__ import annotations

from collections.abc import Sequence

from ..wording import Wording
from .common import Site, front_matter, link, text
from .evidence_map import esc

BAR_H, GAP, LABEL_W, BAR_W = 22, 6, 150, 300


def bar_chart(
    words: Wording, chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, int]]
) -> str:
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
            f'<text class="value" x="{LABEL_W + bar + 6:.1f}" y="{y + 16}">'
            f"{esc(words.number(count))}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def data_table(site: Site, heading: str, rows: Sequence[tuple[str, int]]) -> str:
    lines = [f"| {text(heading)} | {site.say('charts.works')} |", "|---|---:|"]
    lines += [f"| {text(label)} | {text(site.words.number(count))} |" for label, count in rows]
    return "\n".join(lines)


def charts_page(site: Site) -> str:
    review = site.review
    page = site.urls.charts()
    total = len(review.references)
    counts = site.index.counts
    words = site.words
    charts = [("year", words("charts.by_year"), words("charts.year"), counts["year"])]
    for vocabulary in site.shape.facets:
        chart = "charts.by_facet_multiple" if vocabulary.multiple else "charts.by_facet"
        title = words(chart, facet=words.in_sentence(vocabulary.facet))
        charts.append((vocabulary.name, title, vocabulary.facet, counts[vocabulary.name]))
    ways = words.both(
        [words("charts.way", way=way) for way in
         (words("charts.way_year"), *(words.in_sentence(v.facet) for v in site.shape.facets))]
    )  # fmt: skip
    title = words("charts.title")
    parts = [
        *front_matter(title, words("charts.description", ways=ways), searchable=False),
        f"# {text(title)}",
        "",
        site.say_count(
            "charts.intro",
            total,
            ways=text(ways),
            map=link(words("map.map_link"), page, site.urls.evidence_map()),
            references=link(words("charts.references_link"), page, site.urls.bibliography()),
        ),
        "",
    ]
    for chart_id, title, heading, rows in charts:
        desc = "; ".join(
            words("charts.datum", label=label, count=words.number(count)) for label, count in rows
        )
        parts += [
            f"## {text(title)} {{ #{chart_id} }}",
            "",
            '<div class="chart-pair" markdown="1">',
            '<div class="chart-figure" markdown="0" tabindex="0" role="region" '
            f'aria-label="{esc(title)}">',
            bar_chart(words, chart_id, title, desc, rows),
            "</div>",
            '<div class="chart-table" markdown="1">',
            "",
            data_table(site, heading, rows),
            "",
            "</div>",
            "</div>",
            "",
        ]
    return "\n".join(parts)
