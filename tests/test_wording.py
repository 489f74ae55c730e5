"""Any language (issue 23, part 2): every interface string comes from one catalogue.

A review chooses its language in evidencesite.yml (`language:`), brings a language of
its own as one file (`<literature>/wording/<language>.yml`), and overrides any string
(`wording:`). Builds in Welsh and in a pseudo-locale (accented, lengthened English)
must show no English interface string on any page type.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import write_literature
from evidencesite.pipeline import run as run_pipeline
from evidencesite.wording import (
    FOLDER,
    available,
    check,
    make,
    placeholders,
    pseudo,
    read_catalogue,
    source,
)

ENGLISH = source()

REVIEW_YML = """\
title: "A test review"
authors: [A. Author, B. Author]
version: "1.2"
last_search: 2026-11-30
site_url: "https://example.org/review/"
licence: "Text CC BY 4.0"
"""

CHANGES_YML = """\
- date: 2026-11-30
  summary: First version.
  notes: all
- date: 2026-12-01
  summary: Power reworded.
  notes: [power]
"""


def with_shape(folder: Path, extra: str) -> Path:
    """A small valid review whose evidencesite.yml ends with ``extra``."""
    write_literature(folder)
    (folder / "review.yml").write_text(REVIEW_YML, encoding="utf-8")
    (folder / "changes.yml").write_text(CHANGES_YML, encoding="utf-8")
    config = folder / "evidencesite.yml"
    text = re.sub(r"\nwording:\n(?:  .*\n)+", "\n", config.read_text(encoding="utf-8"))
    config.write_text(text + "\n" + extra, encoding="utf-8")
    return folder


def pseudo_catalogue(folder: Path, language: str = "qps") -> Path:
    """The English catalogue pseudo-translated, as a review's own language file."""
    strings = {key: pseudo(entry) for key, entry in ENGLISH.strings.items()}
    data = {"language": {"locale": "en", "theme": "en"}, "strings": strings}
    path = folder / "wording" / f"{language}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- the catalogues ------------------------------------------------------------------


@pytest.mark.parametrize("language", [p.stem for p in sorted(FOLDER.glob("*.yml"))])
def test_every_shipped_catalogue_is_complete_and_keeps_the_placeholders(language: str) -> None:
    catalogue = read_catalogue(FOLDER / f"{language}.yml")
    assert check(catalogue) == []
    assert catalogue.strings.keys() == ENGLISH.strings.keys()


def test_english_and_welsh_ship() -> None:
    assert {"en", "cy"} <= set(available())


def test_a_catalogue_with_a_wrong_placeholder_or_an_unknown_id_is_reported(tmp_path: Path) -> None:
    path = pseudo_catalogue(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("{title}", "{titel}", 1) + "  not.an.id: extra\n"
    path.write_text(text, encoding="utf-8")
    found = {message: line for line, message in check(read_catalogue(path))}
    assert any("must use the placeholders {number}, {title}" in m for m in found)
    assert any("'not.an.id' is not an id" in m for m in found)
    assert all(line > 0 for line in found.values())


# --- choosing, adding and overriding ---------------------------------------------------


def test_language_chooses_the_catalogue_and_dates_follow_it(tmp_path: Path) -> None:
    outcome = run_pipeline(with_shape(tmp_path / "lit", "language: cy\n"))
    assert outcome.pages is not None, [str(p) for p in outcome.problems]
    page = outcome.pages["references/ostrom1996crossing.md"]
    assert "## Am y gwaith hwn { #details }" in page
    assert "About this work" not in page
    assert outcome.review.shape is not None
    assert outcome.review.shape.wording.theme == "cy"
    whats_new = outcome.pages["whats-new/index.md"]
    assert "Rhagfyr 2026" in whats_new and "December" not in whats_new


def test_an_unknown_language_names_the_catalogues_and_how_to_add_one(tmp_path: Path) -> None:
    outcome = run_pipeline(with_shape(tmp_path / "lit", "language: cyy\n"))
    assert outcome.pages is None
    message = next(str(p) for p in outcome.problems if "language" in p.message)
    assert re.search(
        r"evidencesite\.yml:\d+: error: no wording catalogue for language 'cyy'", message
    )
    assert "did you mean 'cy'?" in message
    assert "wording/cyy.yml" in message


def test_a_review_adds_a_language_with_one_file(tmp_path: Path) -> None:
    literature = with_shape(tmp_path / "lit", "language: qps\n")
    pseudo_catalogue(literature)
    outcome = run_pipeline(literature)
    assert outcome.pages is not None, [str(p) for p in outcome.problems]
    page = outcome.pages["references/ostrom1996crossing.md"]
    assert str(pseudo("About this work")) in page.replace("\\", "")


def test_a_partial_catalogue_warns_once_and_falls_back_to_english(tmp_path: Path) -> None:
    literature = with_shape(tmp_path / "lit", "language: qps\n")
    path = pseudo_catalogue(literature)
    lines = [
        ln for ln in path.read_text(encoding="utf-8").splitlines() if "reference.about" not in ln
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run_pipeline(literature)
    warnings = [str(p) for p in outcome.problems if "not translated" in p.message]
    assert len(warnings) == 1 and "reference.about" in warnings[0]
    assert warnings[0].startswith("lit/wording/qps.yml:0: warning:") or "qps.yml" in warnings[0]
    assert outcome.pages is not None
    assert "About this work" in outcome.pages["references/ostrom1996crossing.md"]


def test_any_string_can_be_overridden_in_evidencesite_yml(tmp_path: Path) -> None:
    extra = "wording:\n  reference.about: Details of the work\n"
    outcome = run_pipeline(with_shape(tmp_path / "lit", extra))
    assert outcome.pages is not None, [str(p) for p in outcome.problems]
    assert "## Details of the work { #details }" in outcome.pages["references/cahn2000no.md"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "wording:\n  reference.abuot: Details\n",
            r"evidencesite\.yml:\d+: error: 'reference\.abuot' is not a wording id; "
            r"did you mean 'reference\.about'\?",
        ),
        (
            "wording:\n  page.numbered: Page {number}\n",
            r"evidencesite\.yml:\d+: error: the wording of 'page\.numbered' must use the "
            r"placeholders \{number\}, \{title\}",
        ),
        ("wording: [a, b]\n", r"'wording' must map a string's id to its text"),
    ],
    ids=["unknown-id", "lost-placeholder", "not-a-mapping"],
)
def test_a_wrong_override_is_an_error_at_its_line(
    tmp_path: Path, extra: str, expected: str
) -> None:
    outcome = run_pipeline(with_shape(tmp_path / "lit", extra))
    assert outcome.pages is None
    assert any(re.search(expected, str(p)) for p in outcome.problems), [
        str(p) for p in outcome.problems
    ]


# --- no English interface string on any page -----------------------------------------


def _english_phrases(other: dict[str, object]) -> list[str]:
    """Every run of English text between placeholders of at least two words, that the
    other catalogue does not share (DOI, BibTeX)."""
    theirs = " ".join(str(v) for v in other.values())
    phrases: set[str] = set()
    for entry in ENGLISH.strings.values():
        for form in [entry] if isinstance(entry, str) else list(entry.values()):
            for part in re.split(r"\{[a-z_]+\}", form):
                part = " ".join(part.split()).strip(" .,:;()")
                if len(re.findall(r"[A-Za-z]{2,}", part)) >= 2 and part not in theirs:
                    phrases.add(part)
    return sorted(phrases, key=len, reverse=True)


def _scan(site: Path, phrases: list[str], allowed: str) -> dict[str, list[str]]:
    """Page -> the English phrases its content shows (the theme's own chrome aside)."""
    from bs4 import BeautifulSoup

    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        content = soup.select_one("article.md-content__inner") or soup.body
        if content is None:
            continue
        for permalink in content.select("a.headerlink"):  # mkdocs.yml's toc setting
            permalink.decompose()
        shown = " ".join(content.get_text(" ").split())
        for tag in content.select("[title], [aria-label], [placeholder]"):
            shown += " " + " ".join(
                str(tag.get(a, "")) for a in ("title", "aria-label", "placeholder")
            )
        leaked = [p for p in phrases if p in shown and p not in allowed]
        if leaked:
            found[str(path.relative_to(site))] = leaked
    return found


def _built(tmp_path: Path, language: str) -> tuple[Path, str, dict[str, object]]:
    from conftest import build_site, make_project

    root = tmp_path / language
    literature = with_shape(root / "literature", f"language: {language}\n")
    power = literature / "themes" / "power.md"  # an old id: a redirect page too
    power.write_text(
        power.read_text(encoding="utf-8").replace(
            "id: power\n", "id: power\naliases: [old-power]\n"
        ),
        encoding="utf-8",
    )
    if language == "qps":
        catalogue = read_catalogue(pseudo_catalogue(literature))
    else:
        catalogue = read_catalogue(FOLDER / f"{language}.yml")
    # The review's own words (its kinds, notes and works) are not interface strings.
    allowed = " ".join(
        p.read_text(encoding="utf-8")
        for p in literature.rglob("*")
        if p.is_file() and "wording" not in p.parts
    )
    site = build_site(make_project(root, literature, own_pages=False))
    shutil.rmtree(site / "assets", ignore_errors=True)
    return site, " ".join(allowed.split()), dict(catalogue.strings)


@pytest.mark.parametrize("language", ["qps", "cy"])
def test_no_page_shows_an_english_interface_string(tmp_path: Path, language: str) -> None:
    site, allowed, strings = _built(tmp_path, language)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 30  # every page type of the fixture: notes, works, lists, map...
    assert (site / "themes/old-power/index.html").is_file()  # and a redirect
    leaks = _scan(site, _english_phrases(strings), allowed)
    assert leaks == {}


def test_the_english_phrases_are_found_where_they_are_shown(tmp_path: Path) -> None:
    """The scan above can fail: on an English build it finds the phrases."""
    site, allowed, _ = _built(tmp_path, "en")
    leaks = _scan(site, _english_phrases({}), allowed)
    assert any("About this work" in phrases for phrases in leaks.values())
    assert len(leaks) > len(list(site.rglob("*.html"))) // 2


def test_placeholders_of_a_plural_are_its_forms_together() -> None:
    assert placeholders({"one": "{count} work", "other": "{count} works in {place}"}) == {
        "count",
        "place",
    }


def test_a_plural_is_overridden_form_by_form(tmp_path: Path) -> None:
    extra = (
        "wording:\n  bibliography.intro:\n    one: 'Just {count} work ({style}, {bibtex}, {ris}).'\n"
        "    other: 'All {count} works we read ({style}; {bibtex} or {ris}).'\n"
    )
    outcome = run_pipeline(with_shape(tmp_path / "lit", extra))
    assert outcome.pages is not None, [str(p) for p in outcome.problems]
    assert "All 2 works we read \\(" in outcome.pages["references/index.md"]


def test_a_plural_override_needs_other_and_known_categories(tmp_path: Path) -> None:
    extra = "wording:\n  bibliography.intro:\n    one: '{count} {style} {bibtex} {ris}'\n"
    outcome = run_pipeline(with_shape(tmp_path / "lit", extra))
    assert outcome.pages is None
    assert any(
        "'bibliography.intro' is a plural: map CLDR categories" in str(p) for p in outcome.problems
    )


def test_editing_a_review_catalogue_changes_what_a_preview_reuses(tmp_path: Path) -> None:
    """The shape's repr (which keys a preview's reused pages) follows the strings
    themselves, so an edit of the review's own catalogue file renders anew."""
    literature = with_shape(tmp_path / "lit", "language: qps\n")
    path = pseudo_catalogue(literature)
    first = run_pipeline(literature).review.shape
    path.write_text(
        path.read_text(encoding="utf-8").replace("⟦Åbøût", "⟦Åbøüt", 1), encoding="utf-8"
    )
    second = run_pipeline(literature).review.shape
    assert first is not None and second is not None
    assert repr(first.wording) != repr(second.wording)


def test_welsh_and_is_a_or_ac_whatever_starts_the_next_item() -> None:
    welsh = make(read_catalogue(FOLDER / "cy.yml"), "cy")
    assert welsh.both(["[Ab](x)", "[Ec](y)"]) == "[Ab](x) ac [Ec](y)"
    assert welsh.both(["Ab", "“Ec”"]) == "Ab ac “Ec”"
    assert welsh.both(["Ab", "Ben"]) == "Ab a Ben"
    assert welsh.both(["Ab", "…"]) == "Ab a …"
    assert "a(c)" not in welsh.both(["x", "\\*y", "&z"])
