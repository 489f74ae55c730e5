"""The characteristics table and the quality appraisal in the browser (issue 26, parts 3
and 4): axe (WCAG 2.2 A/AA) at 320 and 1280 px, no sideways scrolling, the table sorted
and filtered by filter.js, and a screenshot of each new page type at 375 px (in
test-artifacts/screenshots/, which git ignores)."""

# The browser and the served example are test_browser.py's fixtures, imported by name:
# each test's parameter of that name is the fixture, not a redefinition.
# ruff: noqa: F811

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import COPRODUCTION, main
from evidencesite.load import load_review
from test_browser import AXE, SHOTS, WCAG_TAGS, _serve, example_server  # noqa: F401

pytestmark = pytest.mark.browser

EXAMPLE_PAGES = {
    "characteristics": "/studies/",
    "appraisal": "/appraisal/",
    "reference-with-appraisal": "/references/ostrom1996crossing/",
}


@pytest.fixture(scope="session")
def appraised_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The coproduction fixture with a RoB 2 appraisal (test data, robvis's layout) of
    every work: its assessed recommendations show the appraisal of the works behind them."""
    project = tmp_path_factory.mktemp("appraised") / "coproduction"
    shutil.copytree(COPRODUCTION, project, ignore=shutil.ignore_patterns("site", ".*"))
    lit = project / "literature"
    keys = sorted(load_review(lit).references)
    cycle = ["Low", "Some concerns", "High", "No information"]
    rows = [f"{k},{','.join(cycle[(i + d) % 4] for d in range(6))}" for i, k in enumerate(keys)]
    (lit / "rob2.csv").write_text("Study,D1,D2,D3,D4,D5,Overall\n" + "\n".join(rows) + "\n")
    config = lit / "evidencesite.yml"
    config.write_text(
        config.read_text() + "\nappraisal:\n  tool: rob2\n  file: rob2.csv\n  example: true\n"
    )
    site = project / "site"
    assert (
        main(["build", "-q", "--config", str(project / "mkdocs.yml"), "--site-dir", str(site)]) == 0
    )
    yield from _serve(site)


def _open(browser: Browser, url: str, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route(
        "**/*",
        lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort(),
    )
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    return page


def _axe(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]]


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("name", list(EXAMPLE_PAGES))
def test_new_page_types_are_accessible(
    browser: Browser, example_server: str, name: str, width: int
) -> None:
    page = _open(browser, example_server + EXAMPLE_PAGES[name], width)
    assert _axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_a_finding_with_the_appraisal_behind_it_is_accessible(
    browser: Browser, appraised_server: str, width: int
) -> None:
    page = _open(browser, appraised_server + "/recommendations/redistribute-power/", width)
    expect(page.locator("#confidence ~ .admonition .judgement").first).to_be_visible()
    assert _axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()


def test_the_characteristics_table_sorts_and_filters(browser: Browser, example_server: str) -> None:
    page = _open(browser, example_server + "/studies/", 1280)
    rows = page.locator(".study-table tbody tr")
    expect(rows).to_have_count(3)
    year = page.get_by_role("button", name="Sort by Year")
    year.click()
    assert [rows.nth(i).locator("td").last.inner_text() for i in range(3)] == [
        "1969",
        "1996",
        "2009",
    ]
    year.click()
    assert [rows.nth(i).locator("td").last.inner_text() for i in range(3)] == [
        "2009",
        "1996",
        "1969",
    ]
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
    page.get_by_label("Show only the rows containing").fill("social care")
    expect(page.locator(".study-table tbody tr:visible")).to_have_count(1)
    expect(page.locator("#study-filter .filter-count")).to_have_text("1 of 3 rows shown.")
    assert "q=social+care" in page.url
    page.context.close()


def test_without_javascript_the_table_is_whole(browser: Browser, example_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(example_server + "/studies/")
    expect(page.locator(".study-table tbody tr")).to_have_count(3)
    expect(page.locator("#study-filter")).to_be_hidden()
    context.close()


def test_screenshots_of_the_new_page_types_at_375(
    browser: Browser, example_server: str, appraised_server: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    shots = {
        **{n: example_server + u for n, u in EXAMPLE_PAGES.items()},
        "finding-with-appraisal": appraised_server + "/recommendations/redistribute-power/",
    }
    for name, url in shots.items():
        page = _open(browser, url, 375)
        page.screenshot(path=str(SHOTS / f"issue26-{name}-375.png"), full_page=True)
        page.context.close()
        assert (SHOTS / f"issue26-{name}-375.png").stat().st_size > 0
