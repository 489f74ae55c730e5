"""What readers hit (issue 14): every note can be linked and cited, What's new has one
heading a date and lists pages in reading order, confidence wording fits each kind,
and the licence is on every page."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from evidencesite.load import load_review
from helpers import article, page, words

REVIEW = load_review(ROOT / "literature")


@pytest.mark.parametrize(
    "url", ["/themes/power/", "/drivers/recovery-movement/", "/challenges/tokenism/"]
)
def test_every_kind_can_be_linked_and_cited(real_site: Path, url: str) -> None:
    body = article(real_site, url)
    assert body.select_one("#permalink") is not None
    cite = words(body.select_one("#cite").find_next("pre"))
    assert "Co-production Evidence Map Team" in cite and url in cite


def test_whats_new_has_one_heading_a_date_and_pages_in_reading_order(real_site: Path) -> None:
    body = article(real_site, "/whats-new/")
    ids = [h["id"] for h in body.find_all("h2")]
    assert len(ids) == len(set(ids)) == len({c.date for c in REVIEW.changes})
    position = {n.id: i for i, n in enumerate(REVIEW.all_notes())}
    for ul in body.find_all("ul"):
        linked = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in ul.select("a")]
        known = [n for n in linked if n in position]
        assert known == sorted(known, key=position.get)


def test_confidence_wording_fits_findings_too(real_site: Path) -> None:
    text = words(article(real_site, "/challenges/tokenism/"))
    assert "reasonable basis for this finding or recommendation" in text


def test_no_page_repeats_an_id(real_site: Path) -> None:
    for path in real_site.rglob("index.html"):
        url = "/" + str(path.parent.relative_to(real_site)).replace(".", "") + "/"
        counts = Counter(
            tag["id"] for tag in page(real_site, url.replace("//", "/")).find_all(id=True)
        )
        assert [i for i, n in counts.items() if n > 1] == [], url


def test_the_licence_is_on_every_page(real_site: Path) -> None:
    for url in ("/", "/recommendations/redistribute-power/", "/references/"):
        footer = page(real_site, url).select_one("footer")
        assert "CC BY 4.0" in words(footer)
