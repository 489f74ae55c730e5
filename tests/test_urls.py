"""One URL scheme: every page family's folder is set in evidencesite.yml, and a folder
that moves leaves a redirect at every old address (a copy for downloads)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, make_project, write_literature
from evidencesite.pipeline import assets
from evidencesite.urls import Urls
from helpers import article, page, resolve

MOVE = "\nurls:\n  references: works\n  search: suche\n  moved:\n    references: references\n"


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("moved")
    lit = write_literature(root / "literature")
    config = lit / "evidencesite.yml"
    config.write_text(config.read_text() + MOVE)
    project = make_project(root, lit, own_pages=False)
    mkdocs = project / "mkdocs.yml"
    nav = mkdocs.read_text().replace("references/index.md", "works/index.md")
    mkdocs.write_text(nav.replace("find/index.md", "suche/index.md"))
    return build_site(project)


def test_pages_live_in_the_new_folder_and_links_follow(moved_site: Path) -> None:
    assert (moved_site / "works/cahn2000no/index.html").exists()
    assert (moved_site / "works/index.html").exists()
    body = article(moved_site, "/themes/power/")
    targets = {resolve(moved_site, "/themes/power/", a["href"]) for a in body.select("a.citation")}
    assert targets and all(t.startswith("/works/") for t in targets)


@pytest.mark.parametrize(
    ("old", "new"),
    [("/references/", "/works/"), ("/references/cahn2000no/", "/works/cahn2000no/")],
)
def test_every_old_page_redirects_to_its_new_address(moved_site: Path, old: str, new: str) -> None:
    redirect = page(moved_site, old)
    refresh = redirect.select_one('meta[http-equiv="refresh"]')["content"]
    assert resolve(moved_site, old, refresh.split("url=", 1)[1]) == new
    assert resolve(moved_site, old, redirect.select_one('link[rel="canonical"]')["href"]) == new


def test_the_header_search_box_goes_to_the_search_page_where_it_is(moved_site: Path) -> None:
    """site.js makes every page's header search box; it is shipped with the review's
    search folder, for the MkDocs plugin and for the tree other engines build alike."""
    assert (moved_site / "suche/index.html").exists()
    script = (moved_site / "assets/evidencesite/site.js").read_text()
    assert 'var SEARCH_PAGE = "suche/";' in script
    assert '"find/"' not in script
    default = assets(Urls())["assets/evidencesite/site.js"].decode()
    assert 'var SEARCH_PAGE = "find/";' in default


def test_old_downloads_still_download(moved_site: Path) -> None:
    for suffix in ("bib", "ris"):
        old = (moved_site / f"references/cahn2000no.{suffix}").read_bytes()
        assert old == (moved_site / f"works/cahn2000no.{suffix}").read_bytes()


@pytest.mark.parametrize(
    ("urls", "line_text", "message"),
    [
        ("urls:\n  refrences: works\n", "refrences", "did you mean 'references'?"),
        ("urls:\n  references: themes\n", "- name: themes",
         "kind 'themes' would take the address of the site's references"),
        ("urls:\n  moved:\n    old: referenes\n", "old: referenes",
         "'referenes' is not a page family; did you mean 'references'?"),
        ("urls:\n  moved:\n    references: references\n", "references: references",
         "'references' is where references are now"),
    ],
    ids=["unknown-family", "folder-of-a-kind", "moved-to-unknown-family", "moved-to-itself"],
)  # fmt: skip
def test_url_settings_are_checked(
    run, tmp_path: Path, urls: str, line_text: str, message: str
) -> None:
    lit = write_literature(tmp_path / "lit")
    config = lit / "evidencesite.yml"
    text = config.read_text() + "\n" + urls
    config.write_text(text)
    result = run("check", "--literature", lit)
    errors = [e for e in result.err.splitlines() if ": error: " in e]
    assert result.code == 1
    assert len(errors) == 1, result.err
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if line_text in t)
    assert errors[0].startswith(f"{config}:{line}: error: "), errors[0]
    assert message in errors[0]


def test_a_key_or_keyword_ending_in_index_keeps_its_own_address(tmp_path: Path) -> None:
    """url_of read any name ending in 'index.md' as a folder's index page, so the work
    'cahn2000index' was recorded as /references/cahn2000/ and its published address
    failed the check."""
    from conftest import BIB
    from evidencesite.pipeline import run
    from evidencesite.urls import url_of

    assert url_of("references/cahn2000index.md") == "/references/cahn2000index/"
    assert url_of("keywords/h-index.md") == "/keywords/h-index/"
    assert url_of("references/index.md") == "/references/"
    assert url_of("index.md") == "/"
    # the map's links and a long list's later pages had the same mistake
    from evidencesite.render.common import page_path
    from evidencesite.render.evidence_map import url_from_map

    assert url_from_map("themes/deprivation-index.md") == "../themes/deprivation-index/"
    assert url_from_map("themes/index.md") == "../themes/"
    assert page_path("keywords/h-index.md", 2) == "keywords/h-index/page/2.md"
    assert page_path("references/index.md", 2) == "references/page/2.md"
    lit = write_literature(tmp_path / "lit", bib=BIB.replace("cahn2000no", "cahn2000index"))
    for note in lit.rglob("*.md"):
        note.write_text(note.read_text().replace("cahn2000no", "cahn2000index"))
    (lit / "published-urls.txt").write_text("/references/cahn2000index/\n/keywords/power/\n")
    outcome = run(lit)
    assert outcome.pages is not None and outcome.errors == 0, outcome.problems
