"""The citation-style seam: Cite Them Right Harvard by default; any CSL style by
configuration (citeproc-py), with the same pages, links and exports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_site, make_project, write_literature
from helpers import article, words


def styled_site(root: Path, style: str) -> Path:
    lit = write_literature(root / "literature")
    config = lit / "evidencesite.yml"
    config.write_text(config.read_text() + f"\nstyle:\n  csl: {style}\n")
    return build_site(make_project(root, lit, own_pages=False))


@pytest.fixture(scope="module")
def apa_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return styled_site(tmp_path_factory.mktemp("apa"), "apa")


@pytest.fixture(scope="module")
def numeric_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return styled_site(tmp_path_factory.mktemp("numeric"), "elsevier-vancouver")


def test_apa_citations_and_entries(apa_site: Path) -> None:
    body = article(apa_site, "/drivers/public-service-reform/")
    text = words(body)
    assert "(Ostrom, 1996; Cahn, 2000, p. 24)" in text
    entry = words(body.select_one("#references").find_next("ul").find("li"))
    assert entry.startswith("Cahn, E. S. (2000). No more throw-away people.") or entry.startswith(
        "Cahn, E. S. (2000). No More Throw-Away People."
    )
    ostrom = next(li for li in body.select_one("#references").find_next("ul").find_all("li")
                  if "Ostrom" in li.get_text())  # fmt: skip
    assert ostrom.find("em") is not None and "World Development" in ostrom.find("em").get_text()


def test_apa_cite_this_page_names_the_style(apa_site: Path) -> None:
    body = article(apa_site, "/recommendations/redistribute-power/")
    assert "In the citation style APA Style 7th edition; add the date you read it." in words(body)


def test_numeric_style_numbers_each_work_the_same_everywhere(numeric_site: Path) -> None:
    numbers: dict[str, set[str]] = {}
    for url in ("/themes/power/", "/drivers/public-service-reform/", "/challenges/unequal-power/"):
        for a in article(numeric_site, url).select("a.citation"):
            key = a["href"].rstrip("/").rsplit("/", 1)[-1]
            shown = a.get_text()
            if re.fullmatch(r"\d+", shown):
                numbers.setdefault(key, set()).add(shown)
    assert numbers and all(len(shown) == 1 for shown in numbers.values()), numbers
    assert len({n for shown in numbers.values() for n in shown}) == len(numbers)
    assert "[" in words(article(numeric_site, "/themes/power/"))


def test_an_unknown_csl_style_is_one_error_with_the_nearest_name(run, tmp_path: Path) -> None:
    lit = write_literature(tmp_path / "lit")
    config = lit / "evidencesite.yml"
    text = config.read_text() + "\nstyle:\n  csl: vancover\n"
    config.write_text(text)
    result = run("check", "--literature", lit)
    line = len(text.splitlines())
    assert result.code == 1
    assert f"{config}:{line}: error: no CSL style named 'vancover'; did you mean" in result.err


def test_a_csl_style_speaks_the_review_s_language() -> None:
    """A CSL style's terms are CSL's locale in the review's language; in an English
    review the style keeps its own default locale (APA: en-US)."""
    from evidencesite.bibtex import parse_names
    from evidencesite.model import Location, Reference
    from evidencesite.styles import find_csl
    from evidencesite.styles.csl import CSLStyle
    from evidencesite.wording import FOLDER, make, read_catalogue

    undated = Reference(
        key="tlap", slug="tlap", entry_type="misc", fields={"title": "Ladder"},
        authors=parse_names("{TLAP}"), editors=[], location=Location("x.bib", 1),
    )  # fmt: skip
    path, _ = find_csl("apa", Path())
    assert path is not None
    english = CSLStyle(path, [undated], [])
    assert english.narrative(undated) == "TLAP (n.d.)"
    assert "n.d." in "".join(s.text for s in english.entry(undated))
    welsh = CSLStyle(path, [undated], [], make(read_catalogue(FOLDER / "cy.yml"), "cy"))
    assert welsh.narrative(undated) == "TLAP (d.d.)"
    assert "d.d." in "".join(s.text for s in welsh.entry(undated))
