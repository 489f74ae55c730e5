"""The search page: a form, and a place for results. site.js runs the search with
Pagefind, loading it only when a reader starts to search (see search.py)."""

from __future__ import annotations

from html import escape

from .common import Site, attr, front_matter, rel


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
            f'data-bundle="{attr(bundle)}">',
            f'<label for="es-search-input">{escape(words("search.label"))}</label>',
            '<input id="es-search-input" type="search" name="q" autocomplete="off" '
            'spellcheck="false">',
            f'<button type="submit">{escape(words("search.button"))}</button>',
            "</form>",
            "",
            '<p class="es-search-status" role="status" aria-live="polite"></p>',
            "",
            '<ol class="es-search-results"></ol>',
            "",
            f"<noscript><p>{escape(words('search.no_script'))}</p></noscript>",
            "",
        ]
    )
