"""The site as a reader uses it (issue 6): headless Chromium from Debian, driven by
Playwright; journeys, search, accessibility (axe-core), no third-party requests. The
generator's behaviour is tested on the fixture review (tests/fixtures/coproduction);
the real review's pages are checked for accessibility and reflow too, as their
content (long titles, wide tables) is what a reader meets.

These tests never skip: when Chromium cannot start they fail, in CI and locally
(`make test` installs it with tools/ensure-browser.sh).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Route, expect

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules/axe-core/axe.min.js"
SHOTS = ROOT / "test-artifacts/screenshots"
#: An upper bound for a condition on a busy machine, not a wait: every wait in these
#: tests ends as soon as its condition holds.
LOADED = 60_000
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.browser

#: One URL per page type of the fixture review, for screenshots and accessibility checks.
PAGE_TYPES = {
    "home": "/",
    "recommendations-index": "/recommendations/",
    "recommendations-at-a-glance": "/recommendations/at-a-glance/",
    "recommendation": "/recommendations/redistribute-power/",
    "challenge": "/challenges/unequal-power/",
    "driver": "/drivers/service-user-movement/",
    "theme": "/themes/power/",
    "reference": "/references/farr2018power/",
    "bibliography": "/references/",
    "keywords": "/keywords/",
    "keyword": "/keywords/power/",
    "methods": "/methods/",
    "findings": "/findings/",
    "map": "/map/",
    "charts": "/map/charts/",
    "map-cell": "/map/unequal-power--redistribute-power/",
    "browse": "/browse/",
    "browse-facet": "/browse/design/qualitative-study/",
    "whats-new": "/whats-new/",
    "data": "/data/",
    "search": "/find/?q=power",
    "not-found": "/404.html",
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


#: The same page types in the real review (literature/).
REAL_PAGES = {
    **PAGE_TYPES,
    "driver": "/drivers/rising-demand-and-reduced-resources/",
    "reference": "/references/bamber2020managers/",
}


@pytest.fixture(scope="session")
def server(review_site: Path) -> Iterator[str]:
    """The fixture review."""
    yield from _serve(review_site)


@pytest.fixture(scope="session")
def real_server(real_site: Path) -> Iterator[str]:
    """The real review, for the checks of its content's pages."""
    yield from _serve(real_site)


@pytest.fixture(scope="session")
def example_server(example_site: Path) -> Iterator[str]:
    """The second example review (another shape), served beside the real one."""
    yield from _serve(example_site)


@pytest.fixture(scope="session")
def renamed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small review whose recommendation was renamed (the old id is an alias)."""
    from conftest import NOTES, build_site, make_project, write_literature

    root = tmp_path_factory.mktemp("renamed")
    notes = dict(NOTES)
    key = "recommendations/redistribute-power.md"
    notes[key] = NOTES[key].replace(
        "id: redistribute-power", "id: share-power\n        aliases: [redistribute-power]"
    )
    write_literature(root / "literature", notes=notes)
    yield from _serve(build_site(make_project(root, root / "literature", own_pages=False)))


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    """A page that blocks, and records, every request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []
    local = urlparse(server).hostname  # this machine: the sites under test, any port

    def guard(route: Route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https") and url.hostname != local:
            blocked.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    context.set_default_timeout(LOADED)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert blocked == [], f"requests to other hosts: {blocked}"
    assert errors == [], f"JavaScript errors: {errors}"


def test_journey_home_to_recommendation_to_reference_and_back(page: Page, server: str) -> None:
    page.goto(server + "/")
    assert "A fixture review" in page.title()
    page.get_by_role("navigation", name="Navigation").get_by_role(
        "link", name="Recommendations", exact=True
    ).first.click()
    page.wait_for_url("**/recommendations/")
    page.get_by_role("link", name="R1. Redistribute power").first.click()
    page.wait_for_url("**/recommendations/redistribute-power/")
    citation = page.locator("article a.citation", has_text="Ostrom").first
    expect(citation).to_have_attribute("data-preview", re.compile(r"Ostrom, E\. \(1996\)"))
    citation.click()  # the first click shows the reference
    page.locator(".citation-preview a", has_text="Open the reference").click()
    page.wait_for_url("**/references/ostrom1996crossing/")
    assert page.locator("h1").inner_text().startswith("Crossing the great divide")
    cited_in = page.locator("#cited-in ~ ul").first
    cited_in.get_by_role("link", name="Redistribute power").first.click()
    page.wait_for_url("**/recommendations/redistribute-power/")


def test_cite_this_page_is_dated_today(page: Page, server: str) -> None:
    page.goto(server + "/recommendations/redistribute-power/")
    citation = page.locator("pre.cite code").inner_text()
    today = page.evaluate(
        "new Date().toLocaleDateString('en-GB', {day: 'numeric', month: 'long', year: 'numeric'})"
    )
    assert f"(Accessed: {today})." in citation
    assert "DD Month YYYY" not in citation
    assert "(Recommendation R1)" in citation


def _authored_by(name: str) -> set[str]:
    """The reference pages of works with an author of this (family) name."""
    from evidencesite.load import load_review

    review = load_review(ROOT / "tests/fixtures/coproduction/literature")
    return {
        f"/references/{ref.slug}/"
        for ref in review.references.values()
        if any(p.family == name for p in ref.authors)
    }


def _search(page: Page, server: str, query: str) -> list[str]:
    """Search as a reader does: the header box on the home page, then the results."""
    page.goto(server + "/")
    box = page.locator(".es-header-search input")
    box.click()
    box.press_sequentially(query)  # key by key, as a reader types
    box.press("Enter")
    status = page.locator(".es-search-status")
    expect(status).to_have_text(re.compile(r"match|No pages"), timeout=LOADED)
    links = page.locator(".es-search-results a")
    return [urlparse(h).path for h in links.evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ostrom", _authored_by("Ostrom")),
        ("Arnstein", _authored_by("Arnstein")),
        ("Farr", _authored_by("Farr")),
        ("Cahn", _authored_by("Cahn")),
        ("tokenism", {"/challenges/tokenism/"}),
    ],
    ids=["Ostrom", "Arnstein", "Farr", "Cahn", "tokenism"],
)
def test_search_puts_the_right_page_first(
    page: Page, server: str, query: str, expected: set[str]
) -> None:
    assert expected
    hrefs = _search(page, server, query)
    assert hrefs and hrefs[0] in expected, hrefs[:5]
    # an author's works come before any page that only mentions them
    authored = [h in expected for h in hrefs]
    assert authored == sorted(authored, reverse=True) or query == "tokenism", hrefs
    # listing and map-cell pages stay out of the index
    assert not any(h.startswith(("/map/", "/browse/", "/keywords/")) for h in hrefs)


def test_search_loads_nothing_until_a_reader_searches(page: Page, server: str) -> None:
    """Pagefind: no search file on a first visit; then a few hundred kilobytes at most,
    only from this site."""
    loaded: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: loaded.append((r.url, r.sizes()["responseBodySize"])))
    page.goto(server + "/")
    page.wait_for_load_state("networkidle")
    assert [u for u, _ in loaded if "/pagefind/" in u] == []
    loaded.clear()
    hrefs = _search(page, server, "Farr")
    assert hrefs[0] in _authored_by("Farr")
    search = [(u, n) for u, n in loaded if "/pagefind/" in u]
    assert search and all(urlparse(u).hostname == "127.0.0.1" for u, _ in search)
    assert sum(n for _, n in search) < 300_000, search


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_is_accessible_and_complete(page: Page, server: str, name: str) -> None:
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    response = page.goto(server + PAGE_TYPES[name])
    assert response is not None and (response.ok or name == "not-found")
    page.wait_for_load_state("networkidle")
    # nothing the page asks for is missing (Material reads a sitemap.xml beside the feed
    # that every page advertises: render/feed.py folder_sitemap)
    assert [url for url in missing if url != server + PAGE_TYPES[name]] == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    # every stylesheet and script came from this site and loaded
    failed = page.evaluate(
        """() => [...document.querySelectorAll('link[rel=stylesheet]')]
                 .filter(l => !l.sheet).map(l => l.href)"""
    )
    assert failed == []
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:5]]}"
        for v in result["violations"]
    ]
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize("name", list(REAL_PAGES))
def test_the_real_reviews_pages_are_accessible(page: Page, real_server: str, name: str) -> None:
    """The real review's content (literature/, docs/) in the same checks."""
    response = page.goto(real_server + REAL_PAGES[name])
    assert response is not None and (response.ok or name == "not-found")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert [v["id"] for v in result["violations"]] == []


EXAMPLE_PAGES = [
    "/",
    "/barriers/",
    "/facilitators/officials-encourage-contributions/",
    "/map/",
    "/map/charts/",
    "/references/",
    "/browse/sector/social-care/",
    "/data/",
]


@pytest.mark.parametrize("url", EXAMPLE_PAGES)
def test_example_review_page_is_accessible(page: Page, example_server: str, url: str) -> None:
    """The second review, with no code of its own, opens in the browser and passes
    the same checks."""
    response = page.goto(example_server + url)
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert [v["id"] for v in result["violations"]] == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]


def test_example_review_searches_with_pagefind_alone(page: Page, example_server: str) -> None:
    """The example (and every review `init` starts) has one search box, Pagefind's:
    Material's search plugin is off, and a reader's search finds the work."""
    hrefs = _search(page, example_server, "Arnstein")
    assert hrefs and hrefs[0] == "/references/arnstein1969ladder/", hrefs[:5]
    expect(page.locator(".md-search")).to_have_count(0)
    expect(page.locator(".es-header-search")).to_have_count(1)


def test_example_bibliography_filter_uses_its_own_facets(page: Page, example_server: str) -> None:
    page.goto(example_server + "/references/?sector=social-care")
    page.locator("#reference-filter").wait_for(state="visible")
    visible = page.locator("article li[data-period]:visible")
    expect(visible).to_have_count(1)
    assert "social-care" in visible.first.get_attribute("data-sector").split()
    assert page.locator("select[name=approach]").count() == 1


def test_recommendations_at_a_glance_print_on_two_a4_pages(page: Page, server: str) -> None:
    page.goto(server + "/recommendations/at-a-glance/")
    page.wait_for_load_state("networkidle")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("review", ["fixture", "real"])
def test_no_page_type_scrolls_sideways_on_a_phone_and_text_stays_legible(
    browser: Browser, request: pytest.FixtureRequest, review: str, width: int
) -> None:
    """WCAG 1.4.10 (reflow): wide tables, the diagram and the charts scroll inside their
    own box, never the page; no text, SVG text included, is shrunk out of legibility.
    In the fixture review and in the real one (its long titles and wide tables)."""
    server = request.getfixturevalue("server" if review == "fixture" else "real_server")
    pages = PAGE_TYPES if review == "fixture" else REAL_PAGES
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(LOADED)
    phone = context.new_page()
    problems = []
    for name, url in pages.items():
        phone.goto(server + url)
        phone.wait_for_load_state("networkidle")
        scroll = phone.evaluate("document.documentElement.scrollWidth")
        smallest = phone.evaluate(
            """() => {
                let least = 99;
                for (const t of document.querySelectorAll('article svg text')) {
                    const h = t.getBoundingClientRect().height;
                    if (h > 0) least = Math.min(least, h);
                }
                for (const e of document.querySelectorAll('article p, article li, article td')) {
                    if (e.closest('.visually-hidden') || !e.getBoundingClientRect().height) continue;
                    least = Math.min(least, parseFloat(getComputedStyle(e).fontSize));
                }
                return least;
            }"""
        )
        if scroll > width:
            problems.append(f"{name}: page is {scroll} px wide")
        if smallest < 11:
            problems.append(f"{name}: text {smallest:.1f} px")
    context.close()
    assert problems == []


def test_a_redirect_keeps_the_fragment(page: Page, renamed_server: str) -> None:
    """A policy linking to a section of a renamed recommendation still lands on it."""
    page.goto(renamed_server + "/recommendations/redistribute-power/#what-to-do")
    page.wait_for_url("**/recommendations/share-power/#what-to-do")
    expect(page.locator("h2#what-to-do")).to_be_visible()


CITING = "/themes/power/"


def _first_citation(page: Page, server: str):
    page.goto(server + CITING)
    link = page.locator("article a.citation").first
    expect(link).to_have_attribute("aria-expanded", "false")  # the script has run
    return link


def _assert_preview_legible(page: Page) -> None:
    preview = page.locator(".citation-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Open the reference")
    size = preview.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 13, size


def test_citation_preview_with_a_mouse(page: Page, server: str) -> None:
    link = _first_citation(page, server)
    reference = link.get_attribute("data-preview")
    link.click()
    _assert_preview_legible(page)
    assert reference and reference[:20] in page.locator(".citation-preview").inner_text()
    assert page.url.endswith(CITING)  # the first click previews, it does not navigate
    page.keyboard.press("Escape")
    expect(page.locator(".citation-preview")).to_have_count(0)
    link.click()
    page.locator(".citation-preview a").click()
    page.wait_for_url("**/references/**")


def test_citation_preview_with_a_keyboard(page: Page, server: str) -> None:
    link = _first_citation(page, server)
    link.focus()
    page.keyboard.press("Enter")
    _assert_preview_legible(page)
    page.keyboard.press("Escape")
    expect(page.locator(".citation-preview")).to_have_count(0)
    expect(link).to_be_focused()  # focus returns to the citation


def test_citation_preview_with_touch(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, has_touch=True)
    context.set_default_timeout(LOADED)
    phone = context.new_page()
    link = _first_citation(phone, server)
    link.tap()
    _assert_preview_legible(phone)
    phone.locator(".citation-preview button").tap()
    expect(phone.locator(".citation-preview")).to_have_count(0)
    context.close()


DARK_PAGES = ["home", "recommendation", "bibliography", "map", "recommendations-at-a-glance"]


@pytest.mark.parametrize("name", DARK_PAGES)
def test_dark_mode_is_accessible(page: Page, server: str, name: str) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(server + PAGE_TYPES[name])
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert [v["id"] for v in result["violations"]] == []


@pytest.mark.parametrize(
    ("scheme", "header"), [("light", "rgb(31, 78, 90)"), ("dark", "rgb(23, 60, 69)")]
)
def test_the_site_has_its_own_colours_and_styled_controls(
    page: Page, server: str, scheme: str, header: str
) -> None:
    """Not Material's indigo: the site's own deep teal, and form controls in its colours."""
    page.emulate_media(color_scheme=scheme)
    page.goto(server + PAGE_TYPES["bibliography"])
    colour = page.locator("header.md-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == header
    select = page.locator(".reference-filter select").first
    border = select.evaluate("e => getComputedStyle(e).borderTopColor")
    background = select.evaluate("e => getComputedStyle(e).backgroundColor")
    body = page.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
    assert border not in ("rgb(118, 118, 118)", "rgb(133, 133, 133)")  # Chromium's default
    assert background == body


def test_a_local_build_links_to_where_it_is_served(page: Page, server: str) -> None:
    """The local build's permalink names 127.0.0.1:8000; served elsewhere, "Link to
    this" and "Cite this page" give the address the reader is actually at."""
    page.goto(server + PAGE_TYPES["recommendation"])
    permalink = page.locator("pre.permalink code")
    expect(permalink).to_have_text(server + PAGE_TYPES["recommendation"])
    expect(page.locator("pre.cite code")).to_contain_text(server + PAGE_TYPES["recommendation"])
    expect(page.locator("pre.cite code")).not_to_contain_text("127.0.0.1:8000")


def test_journey_through_the_map(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.get_by_role("navigation", name="Navigation").get_by_role(
        "link", name="Evidence map", exact=True
    ).first.click()
    page.wait_for_url("**/map/")
    cell = page.locator("#cell-unequal-power--redistribute-power a")
    count = cell.inner_text()
    cell.click()
    page.wait_for_url("**/map/unequal-power--redistribute-power/")
    assert f"{count} works are cited on both pages" in page.locator("article").inner_text()
    page.get_by_role("link", name="R1. Redistribute power", exact=False).first.click()
    page.wait_for_url("**/recommendations/redistribute-power/")
    page.goto(server + "/map/")
    page.locator("svg.evidence-diagram a.node-challenges").first.click()
    page.wait_for_url("**/challenges/**")


def test_bibliography_filter_combines_views_and_keeps_them_in_the_address(
    page: Page, server: str
) -> None:
    page.goto(server + "/references/?design=theory&setting=nhs")
    form = page.locator("#reference-filter")
    form.wait_for(state="visible")
    visible = page.locator("article li[data-design]:visible")
    n = visible.count()
    assert 0 < n < page.locator("article li[data-design]").count()
    for i in range(n):
        item = visible.nth(i)
        assert item.get_attribute("data-design") == "theory"
        assert "nhs" in item.get_attribute("data-setting").split()
    assert f"{n} of " in page.locator(".filter-count").inner_text()
    page.select_option("select[name=theme]", "power")
    assert "theme=power" in page.url
    page.locator("#reference-filter button[type=reset]").click()
    page.wait_for_function("() => !location.search")


def test_a_build_without_an_address_links_to_where_it_is_served(
    page: Page, example_server: str, example_site: Path
) -> None:
    """With no site_url and no SITE_URL (the example review, as `init` gives it), a
    page names no address of its own, no development server's either: its permanent
    link is its path, and the script puts the address it is read at in front."""
    path = "/barriers/officials-discourage-contributions/"
    html = (example_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "127.0.0.1" not in html and "localhost" not in html
    assert f'<code class="language-text">{path}\n' in html
    page.goto(example_server + path)
    expect(page.locator("pre.permalink code")).to_have_text(example_server + path)
    expect(page.locator("pre.cite code")).to_contain_text(example_server + path)


# --- reading by keyboard, on a phone and on paper (issue 25) --------------------------
# A visible focus ring on every control, table and map cells that keep their labels in
# view at 320 px, a header title that can be read, and printouts that say what they
# are and fit their pages.

SITE_NAME = re.search(
    r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M
).group(1)

#: The page types a reader tabs through (the brief's list).
KEYBOARD_PAGES = [
    "home",
    "recommendation",
    "reference",
    "map",
    "recommendations-at-a-glance",
    "findings",
    "search",
    "bibliography",
]

# Colour arithmetic (WCAG relative luminance) in the page, and a snapshot of what a
# control looks like, to compare before and after it takes the focus.
COLOUR_JS = """
window.esRgb = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
window.esLum = c => { const f = v => { v /= 255;
  return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
window.esContrast = (a, b) => { const x = esLum(a), y = esLum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
window.esBackground = e => { for (let n = e; n; n = n.parentElement) {
  const c = esRgb(getComputedStyle(n).backgroundColor); if (c && c.a > 0.5) return c; }
  return {r: 255, g: 255, b: 255, a: 1}; };
window.esLook = e => { const s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
          s.backgroundColor].join('|'); };
// What shows the focus: the control, or for a hidden one (Material's toggles) the
// label on screen that stands for it: the next one (the colour scheme's), else its own.
window.esShown = e => { const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  const hidden = r.width <= 1 || r.height <= 1 || s.opacity === '0' || s.visibility === 'hidden';
  if (!hidden || e === document.activeElement && e.classList.contains('md-skip')) return e;
  const labels = [e.nextElementSibling, e.id && document.querySelector(`label[for="${e.id}"]`)];
  return labels.find(l => l && l.tagName === 'LABEL' && !l.hidden
                          && l.getBoundingClientRect().width > 1) || e; };
window.esBefore = new Map();
for (const e of document.querySelectorAll('*')) esBefore.set(e, esLook(esShown(e)));
"""

FOCUS_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const shown = esShown(e), s = getComputedStyle(shown);
  const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
    ' "' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
  const bg = esBackground(shown.parentElement || shown);
  const ring = esRgb(s.outlineColor);
  const halo = esRgb((s.boxShadow.match(/rgba?\\([^)]*\\)/) || [''])[0]);
  const outline = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
  let contrast = ring ? esContrast(ring, bg) : 0;
  if (contrast < 3 && halo && ring && esContrast(ring, halo) >= 3) contrast = esContrast(halo, bg);
  const r = shown.getBoundingClientRect();
  const points = [[0.5, 0.5], [0.2, 0.2], [0.8, 0.2], [0.2, 0.8], [0.8, 0.8]];
  const inView = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  const seen = !inView || points.some(([x, y]) => {
    const hit = document.elementFromPoint(r.left + x * r.width, r.top + y * r.height);
    return hit && (shown.contains(hit) || hit.contains(shown) || e.contains(hit));
  });
  return {name: name + " [" + shown.tagName + "]", key: e, changed: esBefore.get(shown) !== esLook(shown), outline,
          style: s.outlineStyle, contrast, seen};
}"""


def _tab_through(page: Page) -> list[dict[str, object]]:
    """Every stop of the Tab key from the top of the page to its end."""
    page.evaluate(COLOUR_JS)
    stops: list[dict[str, object]] = []
    first = None
    for _ in range(400):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            f"() => {{ const r = ({FOCUS_JS})(); if (r) delete r.key; return r; }}"
        )
        if stop is None:
            break
        if first is None:
            first = stop["name"]
        elif stop["name"] == first:
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", KEYBOARD_PAGES)
def test_every_control_shows_a_focus_ring(page: Page, server: str, name: str, scheme: str) -> None:
    """WCAG 2.4.7, 2.4.11 and 2.4.13: each Tab stop changes how the control looks, with
    a solid ring at least 2 px wide that stands at 3:1 against what is next to it, and
    is not hidden under the sticky header or the map's sticky labels."""
    page.emulate_media(color_scheme=scheme)
    page.goto(server + PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    stops = _tab_through(page)
    assert len(stops) > 5, stops
    problems = []
    for stop in stops:
        if not stop["changed"]:
            problems.append(f"{stop['name']}: looks the same when focused")
        if stop["outline"] < 2 or stop["style"] in ("none", "auto"):
            problems.append(f"{stop['name']}: outline {stop['style']} {stop['outline']} px")
        if stop["contrast"] < 3:
            problems.append(f"{stop['name']}: ring at {stop['contrast']:.2f}:1")
        if not stop["seen"]:
            problems.append(f"{stop['name']}: hidden behind something when focused")
    assert problems == [], "\n".join(problems)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.set_default_timeout(LOADED)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["/", "/recommendations/at-a-glance/"])
def test_the_header_title_is_readable_on_a_phone(phone: Page, real_server: str, path: str) -> None:
    """At 320 px the review's title is shown whole, on two lines at most, not cut to
    "C…", and the header's search box and controls stay on the screen."""
    phone.goto(real_server + path)
    phone.wait_for_load_state("networkidle")
    title = phone.locator(".md-header__topic").first.locator(".md-ellipsis")
    shown = title.evaluate(
        """e => { const s = getComputedStyle(e); const r = e.getBoundingClientRect();
                  return {cut: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1,
                          lines: Math.round(r.height / parseFloat(s.lineHeight)),
                          text: e.textContent.trim(), right: r.right}; }"""
    )
    assert shown["text"] == SITE_NAME
    assert not shown["cut"], shown
    assert shown["lines"] <= 2, shown
    assert shown["right"] <= 320
    for control in (".es-header-search input", ".md-header__option", ".md-header__button.md-icon"):
        box = phone.locator(control).first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, control


def _visible_in_box(page: Page, selector: str) -> list[str]:
    """For every cell of the tables under ``selector``, brought on screen: its row's
    label and its column's label (or its card's own label) are on screen too."""
    return page.evaluate(
        """sel => {
        const problems = [];
        const onScreen = (e, box) => { const r = e.getBoundingClientRect();
          const b = box ? box.getBoundingClientRect() : {left: 0, right: innerWidth};
          const left = Math.max(r.left, b.left, 0), right = Math.min(r.right, b.right, innerWidth);
          return r.width > 0 && r.height > 0 && right - left >= Math.min(r.width, 24) - 1
                 && r.bottom > 0 && r.top < innerHeight; };
        for (const table of document.querySelectorAll(sel)) {
          const box = table.closest('[role=region], .md-typeset__scrollwrap');
          const heads = [...table.querySelectorAll('thead th, thead td')];
          for (const row of table.querySelectorAll('tbody tr')) {
            const cells = [...row.children];
            const rowLabel = row.querySelector('th[scope=row]') || cells[0];
            cells.forEach((cell, i) => {
              if (cell === rowLabel) return;
              if (box) {  // the page shows the box, the box scrolls to the cell
                box.scrollIntoView({block: 'start'});
                cell.scrollIntoView({block: 'nearest', inline: 'nearest'});
              } else {
                cell.scrollIntoView({block: 'center', inline: 'nearest'});
              }
              const card = getComputedStyle(cell, '::before').content;
              const labelled = card && card !== 'none' && card !== 'normal' && card !== '""';
              const column = heads[i];
              const where = `${table.id || table.className} row ${rowLabel.textContent.trim().slice(0, 20)} column ${i}`;
              if (!onScreen(cell, box)) problems.push(`${where}: cell not on screen`);
              if (!onScreen(rowLabel, box)) problems.push(`${where}: row label off screen`);
              if (!labelled && !(column && onScreen(column, box)))
                problems.push(`${where}: column label off screen`);
            });
          }
        }
        return problems; }""",
        selector,
    )


@pytest.mark.parametrize("review", ["fixture", "real"])
@pytest.mark.parametrize(
    ("path", "tables"),
    [
        ("/map/", "table.evidence-matrix:not(.tiles)"),
        ("/recommendations/at-a-glance/", "article table"),
        ("/findings/", "article table"),
    ],
)
def test_every_cell_keeps_its_labels_in_view_on_a_phone(
    phone: Page, request: pytest.FixtureRequest, review: str, path: str, tables: str
) -> None:
    """At 320 px, wherever a reader scrolls to a cell of the map's matrices, the
    at-a-glance table or the summary of findings, they can see which row and which
    column it belongs to."""
    server = request.getfixturevalue("server" if review == "fixture" else "real_server")
    phone.goto(server + path)
    phone.wait_for_load_state("networkidle")
    assert phone.locator(tables).count() > 0
    problems = _visible_in_box(phone, tables)
    assert problems == [], "\n".join(problems[:20])


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("path", ["/recommendations/at-a-glance/", "/findings/"])
def test_cards_on_a_phone_are_still_a_table_to_a_screen_reader(
    phone: Page, server: str, path: str
) -> None:
    """Laid out as cards at 320 px, the tables keep their rows, cells and column
    headers in the accessibility tree, and each card shows its cells' column labels,
    in the catalogue's words, with nothing to scroll sideways for."""
    phone.goto(server + path)
    phone.wait_for_load_state("networkidle")
    table = phone.locator("article table").first
    assert table.evaluate("t => getComputedStyle(t.querySelector('tbody tr')).display") == "block"
    tree = table.aria_snapshot()
    headings = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert tree.startswith("- table"), tree
    for heading in headings:
        assert f'columnheader "{heading}"' in tree, (heading, tree)
    rows = table.locator("tbody tr").count()
    assert tree.count('row "') == rows + 1 and tree.count('cell "') == rows * len(headings), tree
    labels = (
        table.locator("tbody tr")
        .first.locator("td")
        .evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').content)")
    )
    assert [label.split(" / ")[0] for label in labels] == [f'"{h}"' for h in headings]
    assert f'cell "{headings[0]}' not in tree  # the label is shown, not read out again
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")


def _printed(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")


#: What a reader uses on screen and cannot use on paper.
CONTROLS = (
    ".md-clipboard, .es-header-search, .md-header__option, .md-nav, .reference-filter, "
    ".citation-preview, .md-top, article button, article input, article select, "
    "article form, .md-search"
)


@pytest.mark.parametrize(
    "name", ["home", "recommendation", "bibliography", "search", "map", "reference"]
)
def test_a_printed_page_names_the_review_and_its_address_and_has_no_controls(
    page: Page, server: str, name: str
) -> None:
    """On paper the foot of every page gives the review's title, version and date, and
    the page's address (its path, as the fixture has none): a fixed block, which
    Chromium repeats on every printed page, in the bottom margin. Copy buttons, search,
    navigation, toggles and filters are not printed."""
    import yaml

    info = yaml.safe_load((ROOT / "tests/fixtures/coproduction/literature/review.yml").read_text())
    path = PAGE_TYPES[name].split("?")[0]
    page.goto(server + PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    meta = page.locator(".es-print-meta")
    assert meta.count() == 1 and not meta.is_visible()  # not on screen
    if page.locator("a.citation").count():  # a citation's preview open, as a reader left it
        page.locator("a.citation").first.click()
    page.emulate_media(media="print")
    assert meta.is_visible()
    text = meta.inner_text()
    day = info["last_search"]
    for part in (
        info["title"],
        f"version {info['version']}",
        f"{day.day} {day:%B} {day.year}",
        path,
    ):
        assert part in text, (part, text)
    assert meta.evaluate("e => getComputedStyle(e).position") == "fixed"
    box = meta.bounding_box()
    assert box is not None and box["height"] < 40
    shown = page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length
                   && getComputedStyle(e).visibility !== 'hidden').map(e => e.outerHTML.slice(0, 80))""",
        CONTROLS,
    )
    assert shown == []


def test_the_glance_gives_each_ratings_main_reason_on_paper(page: Page, server: str) -> None:
    """The printed at-a-glance page gives, beside each confidence rating, its worst
    concern and where it lies, from the note's own assessment; on screen it does not."""
    from conftest import COPRODUCTION
    from evidencesite.load import load_review

    review = load_review(COPRODUCTION / "literature")
    page.goto(server + PAGE_TYPES["recommendations-at-a-glance"])
    page.wait_for_load_state("networkidle")
    cells = page.locator("article tbody tr td:last-child")
    on_screen = cells.all_inner_texts()
    page.emulate_media(media="print")
    on_paper = cells.all_inner_texts()
    notes = review.sorted_notes("recommendations")
    assert len(on_paper) == len(notes)
    for screen, paper, note in zip(on_screen, on_paper, notes, strict=True):
        assert "(" not in screen
        assert note.confidence is not None
        worst = max(
            note.confidence.components.values(),
            key=lambda c: ["none", "minor", "moderate", "serious"].index(c.concern),
        )
        assert f"{worst.concern.capitalize()} concerns" in paper or worst.concern == "none", paper
        assert paper.startswith(screen.strip()) and paper.strip().endswith(")"), paper


def test_every_recommendation_prints_on_two_a4_pages(browser: Browser, real_server: str) -> None:
    """The real review's recommendations, the longest included, each on two A4 pages."""
    context = browser.new_context()
    context.set_default_timeout(LOADED)
    paper = context.new_page()
    counts = {}
    for note in sorted((ROOT / "literature/recommendations").glob("*.md")):
        paper.goto(f"{real_server}/recommendations/{note.stem}/")
        paper.wait_for_load_state("networkidle")
        counts[note.stem] = pdf_pages(paper.pdf(format="A4"))
    context.close()
    assert counts and max(counts.values()) <= 2, counts
