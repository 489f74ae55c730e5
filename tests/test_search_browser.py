# ruff: noqa: F811 (the browser fixtures of test_browser.py, imported, are parameters)
"""Search in the browser (issue 25): after a search, focus goes to the count of
results, with the first result the next Tab; a misspelt surname finds its author."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from playwright.sync_api import Page, expect

from test_browser import LOADED, page, real_server, server  # noqa: F401 (fixtures)


def _find(page: Page, server: str, query: str) -> None:
    page.goto(server + "/find/")
    box = page.locator("#es-search-input")
    box.click()
    box.press_sequentially(query)
    box.press("Enter")
    expect(page.locator(".es-search-status")).to_have_text(re.compile(r"match"), timeout=LOADED)


def _focused(page: Page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.className + '|' + (e.getAttribute('href') || '') + '|' + e.textContent; }"
    )


def test_after_a_search_focus_is_on_the_count_and_the_first_result_a_tab_away(
    page: Page, server: str
) -> None:
    _find(page, server, "Ostrom")
    status = page.locator(".es-search-status")
    expect(status).to_be_focused()
    expect(status).to_have_attribute("role", "status")
    assert re.search(r"\d+ pages? match", status.inner_text())
    first = page.locator(".es-search-results a").first
    page.keyboard.press("Tab")
    expect(first).to_be_focused()  # one Tab from the count


def test_a_misspelt_surname_finds_the_author(page: Page, server: str) -> None:
    _find(page, server, "Arnstien")  # Arnstein
    status = page.locator(".es-search-status").inner_text()
    assert "“Arnstien”" in status and "“Arnstein”" in status, status
    hrefs = page.locator(".es-search-results a").evaluate_all("els => els.map(e => e.href)")
    assert urlparse(hrefs[0]).path == "/references/arnstein1969ladder/", hrefs


def test_the_real_review_finds_tritter_when_triter_is_typed(page: Page, real_server: str) -> None:
    _find(page, real_server, "Triter")
    hrefs = page.locator(".es-search-results a").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and "tritter" in urlparse(hrefs[0]).path, hrefs
