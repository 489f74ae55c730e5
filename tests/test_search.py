"""Search that costs kilobytes (issue 16): Pagefind indexes the built site; what it
indexes is marked in the HTML; listings, map cells and "Related"/"Cite" sections stay
out. (Bytes and ranking in the browser: test_browser.py; sizes at scale: make bench.)"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from evidencesite.search import mark_page
from helpers import page


def test_mark_page_indexes_the_body_and_ignores_excluded_sections() -> None:
    html = (
        '<h1 id="t">Title</h1><p class="lead">Boyle (2010)</p><p>Body.</p>'
        '<h2 data-search-exclude id="related">Related</h2><ul><li>Other</li></ul>'
        '<h2 id="more">More</h2><p>Kept.</p>'
    )
    marked = mark_page(html, searchable=True)
    assert marked.startswith("<div data-pagefind-body>") and marked.endswith("</div>")
    assert '<div data-pagefind-ignore="all"><h2 data-search-exclude id="related">' in marked
    assert '<li>Other</li></ul></div><h2 id="more">' in marked
    assert 'class="lead" data-pagefind-weight="10" data-pagefind-meta="lead"' in marked
    assert '<h1 id="t" data-pagefind-weight="5">' in marked
    assert mark_page(html, searchable=False) == html


def test_the_built_site_carries_a_search_index(review_site: Path) -> None:
    bundle = review_site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    pages = sum(1 for _ in review_site.glob("*/*/index.html"))
    assert 7 + 4 <= indexed < pages  # notes and references; not listings or map cells


def test_only_searchable_pages_are_marked(review_site: Path) -> None:
    def marked(url: str) -> bool:
        return page(review_site, url).select_one("[data-pagefind-body]") is not None

    for url in ("/", "/recommendations/redistribute-power/", "/references/farr2018power/"):
        assert marked(url), url
    for url in ("/references/", "/keywords/power/", "/map/unequal-power--redistribute-power/",
                "/find/"):  # fmt: skip
        assert not marked(url), url
    related = page(review_site, "/themes/power/").select_one("#related")
    assert related.find_parent(attrs={"data-pagefind-ignore": "all"}) is not None


def test_the_search_page_names_where_pagefind_is(review_site: Path) -> None:
    form = page(review_site, "/find/").select_one("form.es-search")
    assert form is not None and form["data-bundle"] == "../pagefind/"
    assert form.select_one("input[type=search][name=q]")["id"] == "es-search-input"
    assert form.select_one("label[for=es-search-input]") is not None


def _indexed(site: Path) -> list[dict]:
    """Every page in the site's Pagefind index, as Pagefind stores it (a fragment:
    gzip, a signature, then JSON with the page's url, meta and content)."""
    found = []
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        found.append(json.loads(data[len(b"pagefind_dcd") :]))
    return found


def test_no_permalink_character_reaches_a_result(review_site: Path) -> None:
    entries = _indexed(review_site)
    assert len(entries) > 10
    for entry in entries:
        for shown in (entry["meta"]["title"], entry["content"]):
            assert not set(shown) & set("¶§🔗"), (entry["url"], set(shown) & set("¶§🔗"))
    anchor = page(review_site, "/themes/power/").select_one("h1 a.headerlink")
    assert anchor is not None and anchor.has_attr("data-pagefind-ignore")


def test_summary_of_findings_and_at_a_glance_are_indexed_once(review_site: Path) -> None:
    urls = [entry["url"] for entry in _indexed(review_site)]
    for url in ("/findings/", "/recommendations/at-a-glance/"):
        assert urls.count(url) == 1, url


def test_surnames_equal_but_for_case_come_in_one_order_whatever_the_set_order() -> None:
    """The search page's names are the same on every build of the same review (a set's
    order changes from run to run; FitzJohn and Fitzjohn tie on casefold)."""
    from types import SimpleNamespace

    from evidencesite.render.search_page import surnames

    def site(order: list[str]) -> object:
        people = [SimpleNamespace(family=name, corporate=False) for name in order]
        return SimpleNamespace(sorted_refs=[SimpleNamespace(authors=people, editors=())])

    one = surnames(site(["Fitzjohn", "FitzJohn", "adams"]))  # type: ignore[arg-type]
    other = surnames(site(["FitzJohn", "adams", "Fitzjohn"]))  # type: ignore[arg-type]
    assert one == other == "adams|FitzJohn|Fitzjohn"
