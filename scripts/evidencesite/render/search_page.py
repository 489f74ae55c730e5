"""The search page: a form, and a place for results. site.js runs the search with
Pagefind, loading it only when a reader starts to search (see search.py)."""

from __future__ import annotations

from .common import Site, attr, front_matter, rel


def search_page(site: Site) -> str:
    page = site.urls.search()
    bundle = rel(page, "pagefind/pagefind.js").removesuffix("pagefind.js")
    return "\n".join(
        [
            *front_matter(
                "Search", "Search every note and reference in the review.", searchable=False
            ),
            "# Search the review",
            "",
            f'<form class="es-search" role="search" action="./" method="get" '
            f'data-bundle="{attr(bundle)}">',
            '<label for="es-search-input">Words to find in the notes and references</label>',
            '<input id="es-search-input" type="search" name="q" autocomplete="off" '
            'spellcheck="false">',
            '<button type="submit">Search</button>',
            "</form>",
            "",
            '<p class="es-search-status" role="status" aria-live="polite"></p>',
            "",
            '<ol class="es-search-results"></ol>',
            "",
            "<noscript><p>Search needs JavaScript. Every note and reference is also listed "
            "in the index pages.</p></noscript>",
            "",
        ]
    )
