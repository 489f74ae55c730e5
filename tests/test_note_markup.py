"""Notes come from contributors: active markup in a note body is refused with its line,
and never reaches the built HTML; inert inline tags and code are kept."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import NOTES, build_site, make_project, write_literature

VECTORS = {
    "iframe": '<iframe src="https://example.org/"></iframe>',
    "img-onerror": "<img src=x onerror=alert(1)>",
    "div-onmouseover": '<div onmouseover="alert(1)">hover me</div>',
    "a-href-javascript": '<a href="javascript:alert(1)">click</a>',
    "img-src-javascript": '<img src="javascript:alert(1)">',
    "script": "<script>alert(1)</script>",
    "svg-onload": "<svg/onload=alert(1)>",
    "tag-across-lines": "<img\nsrc=x onerror=alert(1)>",
    "inert-tag-with-handler": '<sup onclick="alert(1)">1</sup>',
    "markdown-link-javascript": "[click](javascript:alert(1))",
    "markdown-link-entity-encoded": "[click](&#106;avascript:alert(1))",
    "markdown-image-data": "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "reference-link-vbscript": "[x]: vbscript:msgbox(1)\n\nSee [click][x].",
    "attribute-list-handler": '## A heading { onclick="alert(1)" }',
}
VECTOR_LINE = 10  # the body's first line is 8; each vector starts two lines below


def with_body(extra: str) -> dict[str, str]:
    notes = dict(NOTES)
    notes["themes/power.md"] = textwrap.dedent(NOTES["themes/power.md"]) + "\n" + extra + "\n"
    return notes


@pytest.mark.parametrize("vector", list(VECTORS.values()), ids=list(VECTORS))
def test_active_markup_is_refused_at_its_line(run, tmp_path: Path, vector: str) -> None:
    lit = write_literature(tmp_path / "literature", notes=with_body(vector))
    result = run("check", "--literature", lit)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.err
    assert errors[0].startswith(f"{lit / 'themes/power.md'}:{VECTOR_LINE}: error: "), errors
    assert "not allowed" in errors[0]
    project = make_project(tmp_path, lit, own_pages=False)
    built = run("build", "--config", project / "mkdocs.yml", "--site-dir", project / "site")
    assert built.code == 1
    assert not (project / "site").exists()


ALLOWED = textwrap.dedent(
    """\
    The <abbr title="National Health Service">NHS</abbr> uses H<sub>2</sub>O<sup>1</sup>
    and <kbd>Esc</kbd>; see <https://example.org/guide>. <!-- a maintainer's comment -->

    Code is shown, not run: `<img src=x onerror=alert(1)>` and `[x](javascript:alert(1))`.

    ```html
    <iframe src="https://example.org/"></iframe>
    <div onmouseover="alert(1)">hover me</div>
    ```

    A [web page](https://example.org/a?b=1) and a [page of the site](../drivers/public-service-reform.md).
    """
)


@pytest.fixture(scope="module")
def allowed_page(tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    root = tmp_path_factory.mktemp("markup")
    write_literature(root / "literature", notes=with_body(ALLOWED))
    site = build_site(make_project(root, root / "literature", own_pages=False))
    html = (site / "themes/power/index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article")


def test_inert_tags_and_safe_links_are_kept(allowed_page: BeautifulSoup) -> None:
    abbr = allowed_page.find("abbr", string="NHS")
    assert abbr is not None and abbr["title"] == "National Health Service"
    assert allowed_page.find("sub", string="2") and allowed_page.find("kbd", string="Esc")
    hrefs = [a["href"] for a in allowed_page.find_all("a", href=True)]
    assert "https://example.org/guide" in hrefs
    assert "https://example.org/a?b=1" in hrefs
    assert "../../drivers/public-service-reform/" in hrefs


def test_code_shows_markup_as_text_and_runs_none(allowed_page: BeautifulSoup) -> None:
    code = " ".join(c.get_text() for c in allowed_page.find_all("code"))
    assert "<img src=x onerror=alert(1)>" in code
    assert '<iframe src="https://example.org/"></iframe>' in code
    assert allowed_page.find(["iframe", "img", "div", "script"], onerror=True) is None
    assert allowed_page.find("iframe") is None
    for tag in allowed_page.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag
        for name in ("href", "src"):
            assert not str(tag.get(name, "")).lower().startswith(("javascript:", "data:")), tag
