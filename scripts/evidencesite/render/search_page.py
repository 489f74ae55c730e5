"""The search page: a form, and a place for results. site.js runs the search with
Pagefind, loading it only when a reader starts to search (see search.py). The form
carries the authors' surnames, so that a misspelt one that finds nothing is searched
for as the nearest ("Did you mean"); after a search sent with Enter or the button,
focus moves to the status line, which says how many pages match, and the first result
is the next Tab."""

from __future__ import annotations

from html import escape

from .common import Site, attr, front_matter, rel


def surnames(site: Site) -> str:
    """Every author's and editor's family name (not an organisation's), once, joined by
    '|': site.js suggests the nearest when a search finds nothing ("Triter")."""
    names = {
        person.family
        for ref in site.sorted_refs
        for person in (*ref.authors, *ref.editors)
        if not person.corporate and person.family
    }
    # Names equal but for case (FitzJohn, Fitzjohn) in one order, whatever the set's
    # (which changes from run to run): the same review makes the same page.
    return "|".join(sorted(names, key=lambda name: (name.casefold(), name)))


def search_page(site: Site) -> str:
    page = site.urls.search()
    bundle = rel(page, "pagefind/pagefind.js").removesuffix("pagefind.js")
    words = site.words
    return "\n".join(
        [
            *front_matter(words("search.title"), words("search.description"), searchable=False),
            f"# {site.say('search.heading')}",
            "",
            f'<form class="es-search" role="search" action="./" method="get" '
            f'data-bundle="{attr(bundle)}" data-names="{escape(surnames(site))}">',
            f'<label for="es-search-input">{escape(words("search.label"))}</label>',
            '<input id="es-search-input" type="search" name="q" autocomplete="off" '
            'spellcheck="false">',
            f'<button type="submit">{escape(words("search.button"))}</button>',
            "</form>",
            "",
            '<p class="es-search-status" role="status" aria-live="polite" tabindex="-1"></p>',
            "",
            '<ol class="es-search-results"></ol>',
            "",
            f"<noscript><p>{escape(words('search.no_script'))}</p></noscript>",
            "",
        ]
    )
