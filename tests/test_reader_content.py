"""What a reader finds on every page (issue 25): where to get help now (review.yml
``signpost:``), how to cite the review and its pages, and a channel for comments. On
the fixture reviews' built HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import article, page, words

#: The fixture review's signpost (tests/fixtures/coproduction/literature/review.yml).
TEL = {"tel:111": "111", "tel:999": "999", "tel:116123": "116 123"}


def _pages(site: Path) -> list[str]:
    """Every built page's URL but the redirects, 404 and the home page."""
    urls = []
    for path in sorted(site.rglob("index.html")):
        url = "/" + str(path.parent.relative_to(site)).replace("\\", "/").strip(".") + "/"
        if url != "//" and "http-equiv" not in path.read_text(encoding="utf-8")[:2000]:
            urls.append(url.replace("//", "/"))
    return urls


def test_every_page_says_where_to_get_help_now(review_site: Path) -> None:
    urls = _pages(review_site)
    assert len(urls) > 30
    for url in urls:
        boxes = article(review_site, url).select("aside.signpost")
        assert len(boxes) == 1, url
        box = boxes[0]
        assert words(box.select_one("#" + box["aria-labelledby"])) == "Need help now?"
        assert {a["href"]: words(a) for a in box.select("a")} == TEL, url
        assert box.find_parent(attrs={"data-pagefind-body": True}) is None, url  # not indexed


def test_the_home_page_has_the_signpost_in_full_after_its_title(review_site: Path) -> None:
    body = article(review_site, "/")
    assert body.select_one("aside.signpost") is None
    box = body.select_one(".need-help")
    assert box is not None and box.find_previous("h2") is None
    assert box.find_previous("h1") is not None
    assert {a["href"]: words(a) for a in box.select("a")} == TEL
    said = words(box)
    assert "It cannot give advice about your care." in said and "A&E" in said
    assert words(box.select_one("h2")) == "Need help now?"


def test_a_review_without_a_signpost_shows_none(barriers_site: Path) -> None:
    for url in ["/", *_pages(barriers_site)]:
        found = page(barriers_site, url)
        assert not found.select(".signpost, .need-help"), url
        assert not found.select('a[href^="tel:"]'), url


# --- Cite this review, and this page (hand-written and generated pages) -------------

#: review.yml and changes.yml of the fixture: its authors, title, version and newest change.
CITED = ("Fixture Team (2026)", "Version 1.0, last updated 1 December 2026")


def _citation(site: Path, url: str, heading: str) -> str:
    body = article(site, url)
    found = body.select_one("h2#cite")
    assert found is not None and words(found).rstrip("¶") == heading, url
    assert found.has_attr("data-search-exclude")
    code = found.find_next("pre")
    assert "cite" in code["class"], url
    return words(code)


def test_the_home_page_cites_the_review(review_site: Path) -> None:
    cited = _citation(review_site, "/", "Cite this review")
    assert cited.startswith(f"{CITED[0]} A fixture review of co-production. {CITED[1]}.")
    assert "Available at: http://127.0.0.1:8000/ (Accessed:" in cited


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/methods/", "Methods"),  # hand-written: front matter cite: page
        ("/findings/", "Summary of qualitative findings"),
        ("/recommendations/at-a-glance/", "Recommendations at a glance"),
    ],
)
def test_pages_that_are_no_note_can_be_cited(review_site: Path, url: str, title: str) -> None:
    cited = _citation(review_site, url, "Cite this page")
    assert cited.startswith(f"{CITED[0]} {title}, in A fixture review of co-production.")
    assert CITED[1] in cited
    assert f"Available at: http://127.0.0.1:8000{url} (Accessed:" in cited


def test_a_hand_written_page_without_cite_has_no_citation(barriers_site: Path) -> None:
    assert article(barriers_site, "/").select_one("h2#cite") is None
