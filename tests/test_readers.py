"""What readers hit (issue 14): every note can be linked and cited, What's new has one
heading a date and lists pages in reading order, confidence wording fits each kind,
and the licence is on every page."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import COPRODUCTION, build_site, make_project, write_literature
from evidencesite.load import load_review
from evidencesite.pipeline import derived
from helpers import article, page, words

REVIEW = load_review(COPRODUCTION / "literature")


@pytest.mark.parametrize(
    "url", ["/themes/power/", "/drivers/service-user-movement/", "/challenges/tokenism/"]
)
def test_every_kind_can_be_linked_and_cited(review_site: Path, url: str) -> None:
    body = article(review_site, url)
    assert body.select_one("#permalink") is not None
    cite = words(body.select_one("#cite").find_next("pre"))
    assert "Fixture Team" in cite and url in cite


def test_whats_new_has_one_heading_a_date_and_pages_in_reading_order(review_site: Path) -> None:
    body = article(review_site, "/whats-new/")
    ids = [h["id"] for h in body.find_all("h2") if h["id"] != "you-said-we-did"]
    assert len(ids) == len(set(ids)) == len({c.date for c in REVIEW.changes})
    position = {n.id: i for i, n in enumerate(REVIEW.all_notes())}
    for ul in body.find_all("ul"):
        linked = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in ul.select("a")]
        known = [n for n in linked if n in position]
        assert known == sorted(known, key=position.get)


def test_confidence_wording_fits_findings_too(review_site: Path) -> None:
    text = words(article(review_site, "/challenges/tokenism/"))
    assert "reasonable basis for this finding or recommendation" in text


def test_no_page_repeats_an_id(review_site: Path) -> None:
    for path in review_site.rglob("index.html"):
        url = "/" + str(path.parent.relative_to(review_site)).replace(".", "") + "/"
        counts = Counter(
            tag["id"] for tag in page(review_site, url.replace("//", "/")).find_all(id=True)
        )
        assert [i for i, n in counts.items() if n > 1] == [], url


def test_the_licence_is_on_every_page(review_site: Path) -> None:
    for url in ("/", "/recommendations/redistribute-power/", "/references/"):
        footer = page(review_site, url).select_one("footer")
        assert "CC BY 4.0" in words(footer)


def test_a_driver_page_names_its_challenges_without_blame(review_site: Path) -> None:
    related = words(
        article(review_site, "/drivers/service-user-movement/").select_one("#related").parent
    )
    assert "Challenges met when acting on it" in related and "Unequal power" in related
    assert "brings" not in related
    challenge = words(article(review_site, "/challenges/unequal-power/"))
    assert "Met when acting on these drivers" in challenge
    assert "bring it about" not in challenge


def test_no_page_names_the_theme_that_made_it(review_site: Path) -> None:
    """Point 11: a look of its own: custom colours, no "Made with Material"."""
    for url in ("/", "/recommendations/redistribute-power/", "/references/"):
        html = page(review_site, url)
        assert "Made with" not in words(html.select_one("footer"))
        assert html.body["data-md-color-primary"] == "custom"


REVIEW_YML = """\
title: A test review
authors: [Test Team]
version: "2.0"
last_search: 2026-01-02
contact: team@example.org
publisher: Example Trust
"""
CHANGES_YML = """\
- date: 2026-01-03
  summary: Explained what a working definition is.
  you_said: The word "definition" was unclear to people who use services.
  notes: [power]
- date: 2026-01-02
  summary: First version.
  notes: all
"""


@pytest.fixture(scope="module")
def commented_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("comment")
    literature = write_literature(root / "literature")
    (literature / "review.yml").write_text(REVIEW_YML, encoding="utf-8")
    (literature / "changes.yml").write_text(CHANGES_YML, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPOSITORY_URL", "https://github.com/example/review")
        return build_site(make_project(root, literature, own_pages=False))


def test_every_page_offers_a_way_to_comment(commented_site: Path) -> None:
    """Point 12: a plain link to the issue form, prefilled with the page; no request
    until it is followed; and the contact."""
    pages = list(commented_site.rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.select_one("meta[http-equiv=refresh]"):
            continue  # a redirect
        box = soup.select_one("article .page-feedback")
        assert box is not None, path
        link = urlparse(box.select_one("a")["href"])
        assert (link.scheme, link.netloc, link.path) == (
            "https",
            "github.com",
            "/example/review/issues/new",
        )
        query = parse_qs(link.query)
        title = soup.select_one("h1")
        assert query["title"] == [f"Comment on: {soup.title.string.split(' - ')[0]}"], path
        assert title is not None
        assert query["body"][0].startswith("Page: http")
        assert box.select_one("a[href='mailto:team@example.org']") is not None
        assert "Published by Example Trust." in words(box)
    # a plain link: no script, form, frame or image reaches the issue tracker
    html = (commented_site / "index.html").read_text(encoding="utf-8")
    assert html.count("github.com/example/review") == 1


def test_without_a_repository_no_comment_link_is_made_up(review_site: Path) -> None:
    assert page(review_site, "/").select_one(".page-feedback a[href*='issues/new']") is None


def test_whats_new_keeps_a_you_said_we_did_record(commented_site: Path) -> None:
    body = article(commented_site, "/whats-new/")
    section = body.select_one("#you-said-we-did").find_next("ul")
    text = words(section)
    assert text.startswith('You said: The word "definition" was unclear')
    assert "We did: Explained what a working definition is." in text
    assert section.select_one("a")["href"] == "#2026-01-03"
    assert body.find("h2", id="2026-01-03") is not None


def test_whose_comments_count_is_the_reviews_own_wording(
    commented_site: Path, tmp_path: Path
) -> None:
    """The generator says 'comments from readers'; this review says whose above all
    (wording: in its evidencesite.yml), and a review without that says no more."""
    from evidencesite.render.common import Site
    from evidencesite.render.updates import you_said_we_did

    said = words(article(commented_site, "/whats-new/"))
    assert "Comments from readers, and from people who use services above all, shape" in said
    assert "To comment, use the link at the foot of any page." in said
    literature = write_literature(tmp_path / "literature")
    (literature / "review.yml").write_text(REVIEW_YML, encoding="utf-8")  # a channel
    shape = literature / "evidencesite.yml"
    plain = shape.read_text(encoding="utf-8").split("\nwording:\n")[0]  # its last block
    shape.write_text(plain, encoding="utf-8")
    review = load_review(literature)
    assert not [p for p in review.problems if p.severity == "error"]
    site = Site.build(review, *derived(review))
    shown = "\n".join(you_said_we_did(site))  # Markdown: '.' escaped
    assert "Comments from readers shape the review: each change they lead to is listed" in shown
    assert "people who use services" not in shown


def test_publisher_and_contact_are_in_the_citation(commented_site: Path) -> None:
    cite = words(article(commented_site, "/themes/power/").select_one("#cite").find_next("pre"))
    assert "Example Trust" in cite


@pytest.mark.parametrize(
    ("old", "new"), [("definitions", "definition"), ("front-line", "front-line-staff")]
)
def test_merged_keywords_are_one_page_and_the_old_address_redirects(
    review_site: Path, old: str, new: str
) -> None:
    """Point 10: 'definitions' and 'definition' were two keyword pages."""
    moved = page(review_site, f"/keywords/{old}/")
    assert moved.select_one("link[rel=canonical]")["href"] == f"../{new}/"
    assert article(review_site, f"/keywords/{new}/") is not None
    index = article(review_site, "/keywords/")
    hrefs = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in index.select("a")]
    assert old not in hrefs and new in hrefs


def test_whats_new_points_to_the_released_versions(commented_site: Path) -> None:
    """Point 9: each released version is kept as a citable snapshot."""
    body = article(commented_site, "/whats-new/")
    assert body.select_one("a[href='https://github.com/example/review/releases']") is not None


def test_a_snapshot_is_reproducible_and_names_its_version(
    run, commented_site: Path, tmp_path: Path
) -> None:
    literature = commented_site.parent / "literature"
    first = run("snapshot", "--literature", literature, "--site-dir", commented_site,
                "--out", tmp_path / "a", "--tag", "v2.0")  # fmt: skip
    second = run("snapshot", "--literature", literature, "--site-dir", commented_site,
                 "--out", tmp_path / "b")  # fmt: skip
    assert first.code == second.code == 0, first.err
    assert first.out.splitlines()[-1] == second.out.splitlines()[-1]  # same sha256
    archive = tmp_path / "a" / "a-test-review-2.0.zip"
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        citation = z.read("CITATION.txt").decode()
    assert names[0] == "CITATION.txt" and "index.html" in names
    assert len(names) == 1 + sum(1 for p in commented_site.rglob("*") if p.is_file())
    assert "Version 2.0" in citation and "Example Trust" in citation


def test_a_snapshot_refuses_a_tag_of_another_version(
    run, commented_site: Path, tmp_path: Path
) -> None:
    literature = commented_site.parent / "literature"
    result = run("snapshot", "--literature", literature, "--site-dir", commented_site,
                 "--out", tmp_path / "out", "--tag", "v2.1")  # fmt: skip
    assert result.code == 1
    assert "the tag 'v2.1' is not version 2.0 (review.yml)" in result.err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    result = run("snapshot", "--literature", literature, "--site-dir", commented_site,
                 "--out", literature / "x")  # fmt: skip
    assert result.code == 1 and "refusing to write the archive here" in result.err


def test_a_hostile_repository_address_stays_text(tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    literature = write_literature(root / "literature")
    (literature / "review.yml").write_text(REVIEW_YML, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPOSITORY_URL", "https://x.org/a)<img src=x onerror=alert(1)>")
        site = build_site(make_project(root, literature, own_pages=False))
    html = (site / "whats-new/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "onerror=alert" not in html.replace(
        "onerror=alert(1)&gt;", ""
    )
