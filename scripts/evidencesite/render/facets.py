"""Narrowed views of the bibliography, each at its own URL and built as pages so
they work without JavaScript: by design, setting, theme and period (keywords have
their own pages). On the bibliography page a small script combines them
(/references/?design=qualitative-study&setting=nhs&theme=power), faster and in any
combination."""

from __future__ import annotations

import html
from collections import defaultdict

from ..model import Reference
from ..validate import DESIGNS, SETTINGS
from .common import Site, chunks, front_matter, link, page_path, pager_md, slugify, text

FACETS = ("design", "setting", "theme", "period")
FACET_NAMES = {
    "design": "Study design or document type",
    "setting": "Setting",
    "theme": "Theme",
    "period": "Period",
}


def period(ref: Reference) -> str:
    return f"{ref.year[:3]}0s" if ref.year[:4].isdigit() else "no date"


def facet_values(site: Site, ref: Reference) -> dict[str, list[str]]:
    """Facet -> the values this reference has, as (slug) strings."""
    themes = [n.id for n in site.profile.get(ref.key, {}).get("themes", [])]
    return {
        "design": [slugify(ref.design)] if ref.design else [],
        "setting": [slugify(s) for s in ref.settings],
        "theme": themes,
        "period": [slugify(period(ref))],
        "keyword": [site.keyword_slugs[k.lower()] for k in ref.keywords],
    }


def labels(site: Site) -> dict[str, dict[str, str]]:
    """Facet -> slug -> label, in a sensible order."""
    review = site.review
    periods = sorted(
        {period(r) for r in review.references.values()}, key=lambda p: (p == "no date", p)
    )
    return {
        "design": {slugify(d): d for d in DESIGNS},
        "setting": {slugify(s): s for s in SETTINGS},
        "theme": {n.id: n.title for n in review.sorted_notes("themes")},
        "period": {slugify(p): p for p in periods},
    }


def _members(site: Site) -> dict[str, dict[str, list[Reference]]]:
    members: dict[str, dict[str, list[Reference]]] = {f: defaultdict(list) for f in FACETS}
    for ref in site.sorted_refs:
        values = facet_values(site, ref)
        for facet in FACETS:
            for value in values[facet]:
                members[facet][value].append(ref)
    return members


def entry_md(site: Site, ref: Reference, page: str) -> str:
    entry = site.entries[ref.key]
    return f"- {entry} {link('About this work', page, site.ref_page(ref))}"


def facet_pages(site: Site) -> dict[str, str]:
    members = _members(site)
    names = labels(site)
    pages: dict[str, str] = {}
    index = [
        *front_matter(
            "Browse the references",
            "The references narrowed by design, setting, theme or period.",
            searchable=False,
        ),
        "# Browse the references",
        "",
        "Each list below has its own address, so you can link to it. On the "
        f"{link('references page', 'browse/index.md', 'references/index.md')} you can "
        "combine them.",
        "",
    ]
    for facet in FACETS:
        index += [f"## {text(FACET_NAMES[facet])} {{ #{facet} }}", ""]
        for value, label in names[facet].items():
            refs = members[facet].get(value, [])
            if not refs:
                continue
            page = f"browse/{facet}/{value}.md"
            index.append(f"- {link(label, 'browse/index.md', page)} ({len(refs)})")
            pages.update(_facet_pages(site, facet, label, refs, page))
        index.append("")
    index += [
        "## Keyword { #keyword }",
        "",
        f"Every keyword has its {link('own page', 'browse/index.md', 'keywords/index.md')}.",
        "",
    ]
    pages["browse/index.md"] = "\n".join(index)
    return pages


def _facet_pages(
    site: Site, facet: str, label: str, refs: list[Reference], base: str
) -> dict[str, str]:
    heading = f"{FACET_NAMES[facet]}: {label}"
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
            f"({link('all ways to browse', page, 'browse/index.md')}).",
            "",
        ]
        pager = pager_md(base, number, len(groups))
        lines += [pager, ""] if pager else []
        lines += [entry_md(site, ref, page) for ref in group]
        lines += ["", pager] if pager else []
        out[page] = "\n".join(lines) + "\n"
    return out


def filter_form(site: Site) -> str:
    """The combining filter for the bibliography page: hidden until the script runs."""
    names = labels(site)
    members = _members(site)
    out = ['<form id="reference-filter" class="reference-filter" hidden>']
    out.append("<fieldset><legend>Narrow the list</legend>")
    for facet in FACETS:
        out.append(f'<label>{html.escape(FACET_NAMES[facet])} <select name="{facet}">')
        out.append('<option value="">Any</option>')
        for value, label in names[facet].items():
            if members[facet].get(value):
                out.append(f'<option value="{html.escape(value)}">{html.escape(label)}</option>')
        out.append("</select></label>")
    out.append('<label>Keyword <select name="keyword"><option value="">Any</option>')
    for word, slug in sorted(site.keyword_slugs.items()):
        out.append(f'<option value="{html.escape(slug)}">{html.escape(word)}</option>')
    out.append("</select></label>")
    out.append('<button type="reset">Show all</button>')
    out.append('</fieldset><p class="filter-count" role="status" aria-live="polite"></p></form>')
    return "\n".join(out)


def entry_attributes(site: Site, ref: Reference) -> str:
    """attr_list for a bibliography <li>: the facet values, space-separated slugs."""
    values = facet_values(site, ref)
    attrs = " ".join(f'data-{facet}="{" ".join(vals)}"' for facet, vals in values.items())
    return f"{{ {attrs} }}"
