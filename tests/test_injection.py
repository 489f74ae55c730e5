"""Nothing injected (issue 5): HTML, script and link tricks in any BibTeX field or
front-matter value reach the built HTML as text, never as markup."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_site, make_project, write_literature

PAYLOADS = [
    '<script>alert("xss1")</script>',
    '"><img src=x onerror=alert("xss2")>',
    "[click](javascript:alert('xss3'))",
    '<a href="data:text/html,xss4">d</a>',
    '{: onclick="xss5" }',
    '![i](x" onerror="xss6)',
    "<xss-marker7 data-x=1>",
    "\x02xss8\x03",
]
EVIL = " ".join(PAYLOADS)


def bib_value(text: str) -> str:
    # BibTeX needs balanced braces; the payloads have none.
    return text


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evil")
    fields = [
        "title", "journal", "publisher", "address", "howpublished", "type", "annotation",
        "keywords", "volume", "number", "pages", "edition", "note",
    ]  # fmt: skip
    body = ",\n".join(f"  {name} = {{{bib_value(EVIL)}}}" for name in fields)
    bib = (
        f"@misc{{evil2020,\n  author = {{Evil, {EVIL} and {{{EVIL}}}}},\n"
        f"  editor = {{Editor, {EVIL}}},\n  year = {{2020}},\n"
        f"  url = {{https://example.org/a'b?q=x&y=1}},\n{body}\n}}\n"
    )
    yaml_evil = (
        EVIL.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\x02", "\\x02")
        .replace("\x03", "\\x03")
    )
    note = textwrap.dedent(
        f"""\
        ---
        id: evil
        title: "{yaml_evil}"
        summary: "{yaml_evil}"
        keywords: ["{yaml_evil}"]
        addresses: [c]
        themes: [t]
        audience: [managers]
        strength: conditional
        confidence:
          level: low
          explanation: "{yaml_evil}"
          methodological-limitations: {{concern: minor, explanation: "{yaml_evil}"}}
          coherence: {{concern: minor, explanation: "{yaml_evil}"}}
          adequacy: {{concern: minor, explanation: "{yaml_evil}"}}
          relevance: {{concern: minor, explanation: "{yaml_evil}"}}
        ---

        Evidence [see @evil2020, p. 1]. As @evil2020 said.
        """
    )
    simple = '---\nid: {id}\ntitle: "{t}"\nsummary: "{t}"\n---\nSee [@evil2020].\n'
    notes = {
        "recommendations/evil.md": note,
        "challenges/c.md": simple.format(id="c", t=yaml_evil),
        "themes/t.md": simple.format(id="t", t=yaml_evil),
    }
    write_literature(root / "literature", bib=bib, notes=notes)
    return build_site(make_project(root, root / "literature", own_pages=False))


def test_no_payload_becomes_markup(evil_site: Path) -> None:
    pages = sorted(evil_site.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.find(lambda t: t.name.startswith("xss")) is None, path
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                values = value if isinstance(value, list) else [value]
                joined = " ".join(values)
                assert not name.startswith("on"), (path, tag)
                assert "xss" not in name, (path, tag)
                if name in ("href", "src", "action", "formaction"):
                    assert not joined.strip().lower().startswith(("javascript:", "data:")), (
                        path,
                        tag,
                    )
            if tag.name == "script":
                assert "xss" not in (tag.string or ""), (path, "inline script holds payload")
            if tag.name == "img":
                assert tag.get("src") != "x", path


def test_payload_is_shown_as_text(evil_site: Path) -> None:
    page = BeautifulSoup(
        (evil_site / "recommendations/evil/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    text = page.select_one("article").get_text()
    assert '<script>alert("xss1")</script>' in text
    assert "onerror=alert" in text


def test_only_http_links_leave_the_site(evil_site: Path) -> None:
    page = BeautifulSoup(
        (evil_site / "references/evil2020/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    external = [a["href"] for a in page.select("article a[href]") if "://" in a["href"]]
    assert external and all(h.startswith(("http://", "https://")) for h in external)


def test_configuration_and_catalogue_text_in_an_admonition_title_is_text(tmp_path: Path) -> None:
    """The confidence box's title is read by Python-Markdown as inline Markdown: the
    catalogue's words and evidencesite.yml's level label reach it escaped."""
    literature = write_literature(tmp_path / "literature")
    shape = literature / "evidencesite.yml"
    text = shape.read_text(encoding="utf-8").replace(
        "    low: Low\n", '    low: "<i>xss-level</i> Low \\"quoted\\""\n', 1
    )
    text = text.replace(
        "\nwording:\n", '\nwording:\n  note.confidence_level: "<b>xss-catalogue</b> {level}"\n'
    )
    shape.write_text(text, encoding="utf-8")
    site = build_site(make_project(tmp_path, literature, own_pages=False))
    html = (site / "recommendations/redistribute-power/index.html").read_text(encoding="utf-8")
    title = BeautifulSoup(html, "html.parser").select_one(".admonition-title")
    assert title is not None
    assert title.find("i") is None and title.find("b") is None
    assert " ".join(title.get_text().split()) == (
        '<b>xss-catalogue</b> <i>xss-level</i> Low "quoted"'
    )
