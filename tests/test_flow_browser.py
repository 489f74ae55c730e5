"""The flow diagram and search strategy pages (issue 26) in the browser: axe (WCAG 2.2
A and AA) at 320 and 1280 px, nothing wider than the screen but the diagram's own
scrolling box, and a screenshot of each at 375 px (test-artifacts/screenshots/)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from test_browser import AXE, SHOTS, WCAG_TAGS, example_server  # noqa: F401

pytestmark = pytest.mark.browser

PAGES = {"flow": "/flow/", "search-strategy": "/search-strategy/"}


@pytest.fixture
def viewer(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_passes_axe_at_each_width(
    viewer: Page,
    example_server: str,  # noqa: F811
    name: str,
    width: int,
) -> None:
    viewer.set_viewport_size({"width": width, "height": 900})
    response = viewer.goto(example_server + PAGES[name])
    assert response is not None and response.ok
    viewer.wait_for_load_state("networkidle")
    viewer.add_script_tag(path=str(AXE))
    result = viewer.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:5]]}" for v in result["violations"]
    ]
    assert violations == []
    assert viewer.evaluate("document.documentElement.scrollWidth") <= width
    assert viewer.get_by_text("These numbers are an example").first.is_visible()


@pytest.mark.parametrize("name", list(PAGES))
def test_a_screenshot_at_375_px(viewer: Page, example_server: str, name: str) -> None:  # noqa: F811
    viewer.set_viewport_size({"width": 375, "height": 800})
    viewer.goto(example_server + PAGES[name])
    viewer.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    viewer.screenshot(path=str(SHOTS / f"{name}-375.png"), full_page=True)
    if name == "flow":
        figure = viewer.locator(".flow-figure")
        assert figure.get_attribute("tabindex") == "0"  # its scrolling box takes the keyboard
        assert viewer.locator("svg.flow-diagram title").text_content() == "Flow diagram"
        download = viewer.get_by_role("link", name="flow diagram (SVG)")
        svg = viewer.request.get(str(download.evaluate("a => a.href")))
        assert svg.ok and svg.text().startswith("<?xml")


def test_the_downloads_are_in_the_site(example_site: Path) -> None:
    assert (example_site / "flow/prisma-flow-diagram.svg").is_file()
    assert (example_site / "search-strategy/medline.txt").read_text().startswith("1. exp")
    assert (example_site / "search-strategy/search-strategies.txt").is_file()
