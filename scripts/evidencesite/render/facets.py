"""Narrowed views of the bibliography, each at its own URL and built as pages so
they work without JavaScript: by each facet of the review (evidencesite.yml), each
grouping kind (themes) and period (keywords have
their own pages). On the bibliography page a small script combines them
(/references/?design=qualitative-study&setting=nhs&theme=power), faster and in any
combination."""

from __future__ import annotations

import html
from functools import partial

from ..model import Reference
from .common import Site, chunks, front_matter, link, page_path, pager_md, text
from .indexes import numbered
from .reuse import piece


def facets(site: Site) -> dict[str, str]:
    """Facet id (a URL segment) -> its heading, in order (from the derived index)."""
    return {facet: spec.heading for facet, spec in site.index.facets.items()}


def entry_md(site: Site, ref: Reference, page: str) -> str:
    entry = site.entries[ref.key]
    return f"- {entry} {link(site.words('reference.about'), page, site.ref_page(ref))}"


def facet_pages(site: Site) -> dict[str, str]:
    headings = facets(site)
    words = site.words
    home = site.urls.browse()
    pages: dict[str, str] = {}
    references = link(words("browse.references_page"), home, site.urls.bibliography())
    index = [
        *front_matter(
            words("browse.title"),
            words("browse.description", ways=words.either(list(headings.values()))),
            searchable=False,
        ),
        f"# {site.say('browse.title')}",
        "",
        site.say("browse.intro", references=references),
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
            count = text(words.number(len(refs)))
            index.append(f"- {link(label, home, page)} ({count})")
            title = words("browse.facet_title", facet=heading, value=label)
            pages.update(_facet_pages(site, title, refs, page))
        index.append("")
    own_page = link(words("browse.keyword_page"), home, site.urls.keywords())
    index += [
        f"## {site.say('browse.keyword')} {{ #keyword }}",
        "",
        site.say("browse.keywords", own_page=own_page),
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
        inputs = partial(_facet_inputs, site, heading, len(refs), len(groups), group)
        make = partial(_facet_page, site, heading, len(refs), len(groups), group, base, number)
        page = page_path(base, number)
        out[page] = piece(site.reuse, "facet page", page, inputs, make)
    return out


def _facet_inputs(
    site: Site, heading: str, total: int, pages: int, group: list[Reference]
) -> tuple[object, ...]:
    """What a facet's page reads beyond the epoch (words, URLs): its heading, its
    place among the facet's pages, and each work's entry and page."""
    works = tuple((site.entries[ref.key], site.ref_page(ref)) for ref in group)
    return (heading, total, pages, works)


def _facet_page(
    site: Site,
    heading: str,
    total: int,
    pages: int,
    group: list[Reference],
    base: str,
    number: int,
) -> str:
    page = page_path(base, number)
    every_way = link(site.words("browse.every_way"), page, site.urls.browse())
    lines = [
        *front_matter(numbered(site, heading, number), searchable=False),
        f"# {text(heading)}",
        "",
        site.say_count("browse.count", total, every_way=every_way),
        "",
    ]
    pager = pager_md(site, base, number, pages)
    lines += [pager, ""] if pager else []
    lines += [entry_md(site, ref, page) for ref in group]
    lines += ["", pager] if pager else []
    return "\n".join(lines) + "\n"


def filter_form(site: Site) -> str:
    """The combining filter for the bibliography page: hidden until the script runs."""
    words = site.words
    out = ['<form id="reference-filter" class="reference-filter" hidden>']
    out.append(f"<fieldset><legend>{html.escape(words('filter.legend'))}</legend>")
    any_value = f'<option value="">{html.escape(words("filter.any"))}</option>'
    for facet, spec in site.index.facets.items():
        out.append(f'<label>{html.escape(spec.heading)} <select name="{facet}">')
        out.append(any_value)
        for value, label in spec.labels.items():
            if spec.members.get(value):
                out.append(f'<option value="{html.escape(value)}">{html.escape(label)}</option>')
        out.append("</select></label>")
    keyword = html.escape(words("filter.keyword"))
    out.append(f'<label>{keyword} <select name="keyword">{any_value}')
    for slug, word in sorted(site.index.keywords.items(), key=lambda pair: pair[1]):
        out.append(f'<option value="{html.escape(slug)}">{html.escape(word)}</option>')
    out.append("</select></label>")
    out.append(f'<button type="reset">{html.escape(words("filter.show_all"))}</button>')
    out.append('</fieldset><p class="filter-count" role="status" aria-live="polite"></p></form>')
    return "\n".join(out)


def entry_attributes(site: Site, ref: Reference) -> str:
    """attr_list for a bibliography <li>: the facet values, space-separated slugs."""
    values = site.index.ref_facets[ref.key]
    attrs = " ".join(f'data-{facet}="{" ".join(vals)}"' for facet, vals in values.items())
    return f"{{ {attrs} }}"
