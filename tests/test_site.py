"""End to end: the small fixture literature built by MkDocs, asserted on the HTML."""

from __future__ import annotations

from pathlib import Path

from helpers import article, page, resolve, words


def test_citation_links_to_reference_with_full_reference_on_hover(small_site: Path) -> None:
    url = "/themes/power/"
    body = article(small_site, url)
    links = body.select("a.citation")
    texts = [a.get_text() for a in links]
    assert "Ostrom, 1996" in texts
    assert "Cahn (2000)" in texts  # narrative @key
    ostrom = next(a for a in links if a.get_text() == "Ostrom, 1996")
    assert resolve(small_site, url, ostrom["href"]) == "/references/ostrom1996crossing/"
    assert ostrom["title"].startswith("Ostrom, E. (1996) 'Crossing the great divide")
    assert "World Development, 24(6), pp. 1073–1087" in ostrom["title"]
    # the parenthetical citation keeps its brackets around the link
    assert "(Ostrom, 1996)" in body.get_text()


def test_locator_and_suppressed_author(small_site: Path) -> None:
    text = article(small_site, "/drivers/public-service-reform/").get_text()
    assert "(Ostrom, 1996; Cahn, 2000, p. 24)" in text
    text = article(small_site, "/challenges/unequal-power/").get_text()
    assert "Power is unequal (2000)." in text


def test_note_ends_with_reference_list(small_site: Path) -> None:
    body = article(small_site, "/recommendations/redistribute-power/")
    heading = body.select_one("h2#references")
    assert heading is not None
    items = [words(li) for li in heading.find_next("ul").select("li")]
    assert items[0].startswith("Cahn, E.S. (2000) No More Throw-Away People.")
    assert "Washington, DC: Essential Books." in items[0]
    assert items[1].startswith("Ostrom, E. (1996) 'Crossing the great divide")


def test_related_lists_links_in_both_directions(small_site: Path) -> None:
    challenge = article(small_site, "/challenges/unequal-power/")
    related = challenge.select_one("h2#related").find_all_next("a")
    targets = {resolve(small_site, "/challenges/unequal-power/", a["href"]) for a in related}
    assert "/recommendations/redistribute-power/" in targets  # incoming: addresses
    assert "/themes/power/" in targets  # outgoing
    assert "Recommendations that address it" in challenge.get_text()
    theme = article(small_site, "/themes/power/").get_text()
    for heading in ("Drivers in this theme", "Challenges in this theme"):
        assert heading in theme


def test_reference_page_has_entry_annotation_and_cited_in(small_site: Path) -> None:
    url = "/references/cahn2000no/"
    body = article(small_site, url)
    text = words(body)
    assert "Cahn, E.S. (2000) No More Throw-Away People." in text
    assert "Core values." in text  # the review's annotation
    assert "theory" in text  # design
    cited = body.select_one("h2#cited-in").find_next("ul").find_all("li", recursive=False)
    pages = {resolve(small_site, url, li.a["href"]) for li in cited}
    assert pages == {
        "/themes/power/",
        "/drivers/public-service-reform/",
        "/challenges/unequal-power/",
        "/recommendations/redistribute-power/",
    }
    sentences = " ".join(li.get_text() for li in cited)
    assert "As Cahn (2000) argued, people are assets." in sentences


def test_doi_and_url_links_only_for_http(small_site: Path) -> None:
    body = article(small_site, "/references/ostrom1996crossing/")
    for a in body.select("a[href]"):
        assert not a["href"].lower().startswith(("javascript:", "data:"))


def test_bibliography_sorted_with_a_to_z(small_site: Path) -> None:
    body = article(small_site, "/references/")
    jump = [a["href"] for a in body.select(".az a")]
    assert jump == ["#letter-c", "#letter-o"]
    entries = [words(li) for li in body.select("li")]
    assert entries[0].startswith("Cahn") and entries[1].startswith("Ostrom")


def test_kind_indexes_list_title_and_summary(small_site: Path) -> None:
    body = article(small_site, "/recommendations/")
    item = body.select_one("li")
    assert item.a.get_text() == "R1. Redistribute power"
    assert "Share decisions." in item.get_text()


def test_recommendation_shows_audience_and_confidence(small_site: Path) -> None:
    body = article(small_site, "/recommendations/redistribute-power/")
    text = words(body)
    assert "For: trust boards, managers" in text
    assert "Confidence in the evidence: Low" in text
    rows = [" | ".join(words(c) for c in tr.select("td, th")) for tr in body.select("table tr")]
    assert "Adequacy of data | Serious concerns | Thin data." in rows


def test_keyword_pages_group_notes_and_references(small_site: Path) -> None:
    body = article(small_site, "/keywords/theory/")
    hrefs = {resolve(small_site, "/keywords/theory/", a["href"]) for a in body.select("a")}
    assert {"/references/ostrom1996crossing/", "/references/cahn2000no/"} <= hrefs


def test_no_third_party_requests_in_html(small_site: Path) -> None:
    for html_file in small_site.rglob("*.html"):
        soup = page(small_site, str(html_file.relative_to(small_site)))
        for tag in soup.select("script[src], link[href], img[src], iframe[src]"):
            ref = tag.get("src") or tag.get("href")
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not ref.startswith(("http://", "https://", "//")), (html_file, ref)
