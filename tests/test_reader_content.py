"""What a reader finds on every page (issue 25): where to get help now (review.yml
``signpost:``), how to cite the review and its pages, and a channel for comments. On
the fixture reviews' built HTML."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import build_site, make_project, write_literature
from evidencesite.model import ReviewInfo
from evidencesite.render.feedback import feedback_html
from evidencesite.wording import default
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


# --- A channel for comments -----------------------------------------------------------

REVIEW_YML = 'title: T\nauthors: [A. Author]\nversion: "1.0"\nlast_search: 2026-01-02\n'
#: What's new asks for comments only when there is a way to make one.
ASKS = "Comments from readers"


def _small(root: Path, review_yml: str) -> Path:
    literature = write_literature(root / "literature")
    (literature / "review.yml").write_text(review_yml, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("REPOSITORY_URL", raising=False)
        patch.delenv("SITE_URL", raising=False)
        return build_site(make_project(root, literature, own_pages=False))


@pytest.fixture(scope="module")
def emailed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review with a contact (an email) and no repository."""
    return _small(tmp_path_factory.mktemp("emailed"), REVIEW_YML + "contact: team@example.org\n")


@pytest.fixture(scope="module")
def silent_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review with neither a repository nor a contact, and no published address."""
    return _small(tmp_path_factory.mktemp("silent"), REVIEW_YML)


def test_without_a_repository_comments_go_to_the_contact(emailed_site: Path) -> None:
    for url in ("/", "/themes/power/", "/references/ostrom1996crossing/"):
        box = article(emailed_site, url).select_one(".page-feedback")
        link = urlparse(box.select_one("a")["href"])
        assert (link.scheme, link.path) == ("mailto", "team@example.org"), url
        subject = parse_qs(link.query)["subject"][0]
        assert subject.startswith("Comment on: "), url
        assert "by email to the review team" in words(box)
    assert ASKS in words(article(emailed_site, "/whats-new/"))


def test_a_contact_form_takes_the_comment() -> None:
    info = ReviewInfo("T", ["A"], "1", dt.date(2026, 1, 2), contact="https://example.org/form")
    html = BeautifulSoup(feedback_html(default(), info, "Power", "/themes/power/"), "html.parser")
    assert html.select_one("a")["href"] == "https://example.org/form"
    assert "contact form" in words(html)


def test_without_any_channel_nothing_asks_for_comments(silent_site: Path) -> None:
    assert article(silent_site, "/themes/power/").select_one(".page-feedback") is None
    assert ASKS not in words(article(silent_site, "/whats-new/"))


def test_check_says_when_readers_cannot_comment(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("REPOSITORY_URL", raising=False)
    literature = write_literature(tmp_path / "literature")
    (literature / "review.yml").write_text(REVIEW_YML, encoding="utf-8")
    result = run("check", "--strict", "--literature", literature)
    said = [line for line in result.err.splitlines() if "no way to comment" in line]
    assert said == [
        line for line in said if line.startswith(f"{literature / 'review.yml'}:1: info: ")
    ]
    assert len(said) == 1 and result.code == 0  # information: --strict still passes
    (literature / "review.yml").write_text(REVIEW_YML + "contact: a@example.org\n", "utf-8")
    assert "no way to comment" not in run("check", "--literature", literature).err


# --- No published address -------------------------------------------------------------


def test_a_build_without_an_address_says_so_once_and_names_none(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    literature = write_literature(tmp_path / "literature")
    (literature / "review.yml").write_text(REVIEW_YML + "contact: a@example.org\n", "utf-8")
    project = make_project(tmp_path, literature, own_pages=False)
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"\nsite_url:.*", "", config.read_text("utf-8")), "utf-8")
    site = tmp_path / "site"
    result = run("build", "--strict", "-q", "--config", config, "--site-dir", site)
    assert result.code == 0, result.err  # information, not a warning: --strict builds
    said = [line for line in result.err.splitlines() if "no published address" in line]
    assert said == [f"{literature / 'review.yml'}:1: info: " + said[0].split(": info: ")[1]]
    assert "set SITE_URL, or site_url" in said[0]
    assert page(site, "/themes/power/").select_one("link[rel=canonical]") is None
    assert "http" not in (site / "sitemap.xml").read_text("utf-8").replace(
        "http://www.sitemaps.org", ""
    ).replace("http://www.w3.org", "")
    for download in (site / "data").rglob("*.*"):
        assert "127.0.0.1" not in download.read_text("utf-8", errors="replace"), download
    permalink = article(site, "/themes/power/").select_one("pre.permalink")
    assert words(permalink) == "/themes/power/"
