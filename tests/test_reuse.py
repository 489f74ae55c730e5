"""A preview's render reuses the pieces of its last one (render/reuse.py): after every
kind of edit, its pages are byte for byte what a render from nothing makes, and an
edit to one note makes only the pieces it touches."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import COPRODUCTION
from evidencesite.pipeline import Kept, run


def pages_of(literature: Path, kept: Kept | None = None) -> dict[str, str]:
    outcome = run(literature, kept)
    assert outcome.pages is not None, [str(p) for p in outcome.problems if p.severity == "error"]
    return outcome.pages


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture
def literature(tmp_path: Path) -> Path:
    """A copy of the fixture review. It keeps no list of published addresses: some edits
    here remove a page (the only work of the 1960s), which that list would refuse."""
    return Path(shutil.copytree(COPRODUCTION / "literature", tmp_path / "literature"))


def sub(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, new, text, count=1, flags=re.S)
    assert n == 1, f"{pattern!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


def _move_entry(lit: Path) -> None:
    """An entry moved to the end of its file: every later entry's line changes."""
    sub(lit / "references.bib", r"(@article\{ostrom1996crossing,.*?\n\}\n)(.*)", r"\2\n\1")


EDITS: dict[str, Callable[[Path], None]] = {
    "a sentence that cites works": lambda lit: edit(
        lit / "themes/power.md",
        "Power matters [@ostrom1996crossing].",
        "Power matters a great deal [@ostrom1996crossing].",
    ),
    "a note's summary": lambda lit: sub(
        lit / "recommendations/redistribute-power.md", r"summary: [^\n]*", "summary: Share power."
    ),
    "a note's title": lambda lit: edit(
        lit / "themes/power.md", "title: Power\n", "title: Who decides\n"
    ),
    "a citation added and one removed": lambda lit: edit(
        lit / "themes/power.md",
        "As @cahn2000no argued",
        "As Arnstein [@arnstein1969ladder] argued",
    ),
    "a relation": lambda lit: edit(
        lit / "recommendations/redistribute-power.md",
        "addresses: [unequal-power]",
        "addresses: [unequal-power, tokenism]",
    ),
    "a note's keywords": lambda lit: edit(
        lit / "themes/power.md", "keywords: [power,", "keywords: [power, agenda setting,"
    ),
    "a work's title": lambda lit: edit(
        lit / "references.bib",
        "title = {A ladder of citizen participation}",
        "title = {A ladder of citizen participation, revisited}",
    ),
    "a work's author and year, so two works share them (Farr 2018a, 2018b)": lambda lit: sub(
        lit / "references.bib",
        r"(arnstein1969ladder,\n  author = \{)Arnstein, Sherry R\.(.*?year = \{)1969",
        r"\1Farr, Michelle\g<2>2018",
    ),
    "a work's keywords": lambda lit: edit(
        lit / "references.bib",
        "{participation; front line}",
        "{participation; front line; ladders}",
    ),
    "a change naming one work": lambda lit: edit(
        lit / "changes.yml",
        "- date: 2026-12-01\n",
        "- date: 2026-12-02\n  summary: Corrected one work.\n  notes: [arnstein1969ladder]\n"
        "- date: 2026-12-01\n",
    ),
    "an entry moved in the .bib": _move_entry,
    "the review's shape": lambda lit: edit(
        lit / "evidencesite.yml", "title: Themes", "title: Topics"
    ),
    "only the order of the shape's confidence components": lambda lit: edit(
        lit / "evidencesite.yml",
        "    coherence: Coherence\n    adequacy: Adequacy of data\n",
        "    adequacy: Adequacy of data\n    coherence: Coherence\n",
    ),
    "the review's details": lambda lit: sub(lit / "review.yml", r"title: [^\n]*", "title: Renamed"),
    "the keywords merged": lambda lit: edit(
        lit / "evidencesite.yml", "    front line: front-line staff\n", ""
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_reusing_render_makes_the_same_pages_as_a_fresh_one(literature: Path, name: str) -> None:
    kept = Kept()
    assert pages_of(literature, kept) == pages_of(literature)
    EDITS[name](literature)
    fresh = pages_of(literature)
    reused = pages_of(literature, kept)
    assert reused.keys() == fresh.keys()
    differing = sorted(path for path in fresh if fresh[path] != reused[path])
    assert not differing, f"after {name}, stale: {differing[:5]}"


def test_an_edit_to_one_note_makes_only_what_it_touches(literature: Path) -> None:
    kept = Kept()
    pages_of(literature, kept)
    first = kept.render.made
    pages_of(literature, kept)
    assert kept.render.made == 0  # nothing changed, nothing made
    EDITS["a sentence that cites works"](literature)
    before = pages_of(literature)
    pages_of(literature, kept)
    # The works the edited sentence cites: their pages (the sentence is quoted there),
    # and the sentence itself; not the other works' pages, entries or downloads.
    assert 0 < kept.render.made < 20 < first
    assert pages_of(literature, kept) == before


@pytest.mark.parametrize("name", list(EDITS))
def test_a_preview_finds_the_same_problems_as_a_fresh_build(literature: Path, name: str) -> None:
    """What a preview keeps from the bibliography (bibmemo.py: the works' own checks
    among them) never hides or repeats a problem."""
    kept = Kept()
    run(literature, kept)
    EDITS[name](literature)
    assert run(literature, kept).problems == run(literature).problems


def test_an_edit_to_a_note_works_out_nothing_from_the_bibliography_again(
    literature: Path,
) -> None:
    kept = Kept()
    pages_of(literature, kept)
    assert "sorted references" in kept.bibliography.made
    EDITS["a citation added and one removed"](literature)
    pages_of(literature, kept)
    assert kept.bibliography.made == []
    EDITS["a work's keywords"](literature)
    pages_of(literature, kept)
    assert "own facet values" in kept.bibliography.made


@pytest.mark.parametrize(
    "name",
    [
        "a sentence that cites works",
        "a work's author and year, so two works share them (Farr 2018a, 2018b)",
    ],
)
def test_a_csl_style_is_reused_and_stays_true(literature: Path, name: str) -> None:
    """A CSL style's pieces are kept between renders too (its formatted works are cached
    by content, styles/csl.py), and after an edit they equal a fresh render."""
    config = literature / "evidencesite.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nstyle:\n  csl: apa\n")
    kept = Kept()
    pages_of(literature, kept)
    assert kept.render.made > 0
    EDITS[name](literature)
    assert pages_of(literature, kept) == pages_of(literature)


@settings(max_examples=6, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=2, max_size=4, unique=True))
def test_edit_after_edit_the_kept_pieces_stay_true(tmp_path: Path, names: list[str]) -> None:
    """One preview, several edits in a row: pieces kept across more than one render
    must still match (a piece made two renders ago, an edit undone by the next)."""
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        lit = Path(shutil.copytree(COPRODUCTION / "literature", Path(folder) / "literature"))
        kept = Kept()
        pages_of(lit, kept)
        for name in names:
            EDITS[name](lit)
            assert pages_of(lit, kept) == pages_of(lit), f"stale after {names}"


def test_a_bibliography_of_several_pages_is_reused_page_by_page(literature: Path) -> None:
    """4 works fit one page; with 120 more, the list has two, and an edit to a work on
    the second makes that page again, not the first."""
    bib = literature / "references.bib"
    extra = "".join(
        f"\n@misc{{zed{i:03},\n  author = {{Zed, Ann}},\n  title = {{Extra work {i}}},\n"
        f"  year = {{{1990 + i % 30}}}\n}}\n"
        for i in range(120)
    )
    bib.write_text(bib.read_text(encoding="utf-8") + extra, encoding="utf-8")
    kept = Kept()
    first = pages_of(literature, kept)
    assert "references/page/2.md" in first
    edit(bib, "title = {Extra work 119}", "title = {Extra work 119, again}")  # 2019: page 2
    fresh = pages_of(literature)
    assert pages_of(literature, kept) == fresh
    assert fresh["references/page/2.md"] != first["references/page/2.md"]
    assert fresh["references/index.md"] == first["references/index.md"]
    # Its entry, page, downloads and record, and the pages listing it (the bibliography's,
    # its facets'); every quoted sentence is made plain again, as any work's change might
    # change its citation.
    made = kept.render.made_in
    assert set(made) - {"sentence"} == {
        "entry",
        "reference page",
        "bibtex",
        "ris",
        "reference record",
        "bibliography page",
        "facet page",
    }, made
    assert made["bibliography page"] == 1 and made["reference page"] == 1
    assert made["facet page"] == 1
