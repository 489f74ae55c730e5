"""Narrowed views of the bibliography, each at its own URL and built as pages so
they work without JavaScript: by each facet of the review (evidencesite.yml), each
grouping kind (themes) and period (keywords have
their own pages). On the bibliography page a small script combines them
(/references/?design=qualitative-study&setting=nhs&theme=power), faster and in any
combination."""

from __future__ import annotations

import html

from ..model import Reference
from .common import Site, chunks, front_matter, link, page_path, pager_md, text


def facets(site: Site) -> dict[str, str]:
    """Facet id (a URL segment) -> its heading, in order (from the derived index)."""
    return {facet: spec.heading for facet, spec in site.index.facets.items()}


def entry_md(site: Site, ref: Reference, page: str) -> str:
    entry = site.entries[ref.key]
    return f"- {entry} {link('About this work', page, site.ref_page(ref))}"


def facet_pages(site: Site) -> dict[str, str]:
    headings = facets(site)
    ways = list(headings)
    home = site.urls.browse()
    pages: dict[str, str] = {}
    index = [
        *front_matter(
            "Browse the references",
            f"The references narrowed by {', '.join(ways[:-1])} or {ways[-1]}.",
            searchable=False,
        ),
        "# Browse the references",
        "",
        "Each list below has its own address, so you can link to it. On the "
        f"{link('references page', home, site.urls.bibliography())} you can "
        "combine them.",
        "",
    ]
    for facet, heading in headings.items():
        index += [f"## {text(heading)} {{ #{facet} }}", ""]
        spec = site.index.facets[facet]
        for value, label in spec.labels.items():
            refs = spec.members.get(value, ())
            if not refs:
                continue
            page = site.urls.facet(facet, value)
            index.append(f"- {link(label, home, page)} ({len(refs)})")
            pages.update(_facet_pages(site, f"{heading}: {label}", refs, page))
        index.append("")
    index += [
        "## Keyword { #keyword }",
        "",
        f"Every keyword has its {link('own page', home, site.urls.keywords())}.",
        "",
    ]
    pages[home] = "\n".join(index)
    return pages


def _facet_pages(
    site: Site, heading: str, refs: tuple[Reference, ...], base: str
) -> dict[str, str]:
    groups = chunks(refs)
    out = {}
    for number, group in enumerate(groups, start=1):
        page = page_path(base, number)
        lines = [
            *front_matter(
                heading if number == 1 else f"{heading}, page {number}", searchable=False
            ),
            f"# {text(heading)}",
            "",
            f"{len(refs)} {'work' if len(refs) == 1 else 'works'} "
            f"({link('all ways to browse', page, site.urls.browse())}).",
            "",
        ]
        pager = pager_md(site, base, number, len(groups))
        lines += [pager, ""] if pager else []
        lines += [entry_md(site, ref, page) for ref in group]
        lines += ["", pager] if pager else []
        out[page] = "\n".join(lines) + "\n"
    return out


def filter_form(site: Site) -> str:
    """The combining filter for the bibliography page: hidden until the script runs."""
    out = ['<form id="reference-filter" class="reference-filter" hidden>']
    out.append("<fieldset><legend>Narrow the list</legend>")
    for facet, spec in site.index.facets.items():
        out.append(f'<label>{html.escape(spec.heading)} <select name="{facet}">')
        out.append('<option value="">Any</option>')
        for value, label in spec.labels.items():
            if spec.members.get(value):
                out.append(f'<option value="{html.escape(value)}">{html.escape(label)}</option>')
        out.append("</select></label>")
    out.append('<label>Keyword <select name="keyword"><option value="">Any</option>')
    for slug, word in sorted(site.index.keywords.items(), key=lambda pair: pair[1]):
        out.append(f'<option value="{html.escape(slug)}">{html.escape(word)}</option>')
    out.append("</select></label>")
    out.append('<button type="reset">Show all</button>')
    out.append('</fieldset><p class="filter-count" role="status" aria-live="polite"></p></form>')
    return "\n".join(out)


def entry_attributes(site: Site, ref: Reference) -> str:
    """attr_list for a bibliography <li>: the facet values, space-separated slugs."""
    values = site.index.ref_facets[ref.key]
    attrs = " ".join(f'data-{facet}="{" ".join(vals)}"' for facet, vals in values.items())
    return f"{{ {attrs} }}"
