"""A CSL style's cache (.cache/evidencesite/ beside the review) never changes a page:
after edits that change which works a style must tell apart (a second Ostrom 1996,
then none; a changed given name), a build that reads the cache makes the same pages,
byte for byte, as a render from nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import BIB, write_literature
from evidencesite.pipeline import cache_folder, derived, run, site_url
from evidencesite.render import render_site
from evidencesite.styles.csl import CSLStyle

SECOND_OSTROM = """
@book{ostrom1996second,
  author = {Ostrom, Vincent},
  title = {A second work of the same name and year},
  publisher = {Example Press},
  year = {1996},
}
"""


def cached_equals_fresh(literature: Path) -> CSLStyle:
    """Build with the cache, render again without it, and compare every page."""
    outcome = run(literature)
    assert outcome.pages is not None, [p.message for p in outcome.problems]
    fresh = render_site(outcome.review, *derived(outcome.review), site_url(outcome.review))
    assert fresh.keys() == outcome.pages.keys()
    differ = [path for path in fresh if fresh[path] != outcome.pages[path]]
    assert not differ, differ[:5]
    assert isinstance(outcome.style, CSLStyle)
    return outcome.style


def test_cached_pages_are_a_fresh_render_after_edits_that_change_disambiguation(
    tmp_path: Path,
) -> None:
    literature = write_literature(tmp_path / "literature")
    config = literature / "evidencesite.yml"
    config.write_text(config.read_text() + "\nstyle:\n  csl: apa\n")
    bib = literature / "references.bib"

    cold = cached_equals_fresh(literature)
    assert cold._engine is not None  # rendered by the processor
    assert list(cache_folder(literature).glob("csl-*.json"))
    warm = cached_equals_fresh(literature)
    assert warm._engine is None  # every work, citation and sort key from the cache

    bib.write_text(BIB + SECOND_OSTROM)  # two works by an Ostrom in 1996
    edited = cached_equals_fresh(literature)
    ostrom = edited._keys["ostrom1996crossing"]
    assert ostrom != cold._keys["ostrom1996crossing"]  # its group changed: rendered again
    assert edited._keys["cahn2000no"] == cold._keys["cahn2000no"]  # others reused

    bib.write_text(BIB)  # and back to one
    assert cached_equals_fresh(literature)._keys == cold._keys

    bib.write_text(BIB.replace("Ostrom, Elinor", "Ostrom, E. Lin"))  # a given name changed
    renamed = cached_equals_fresh(literature)
    assert renamed._keys["ostrom1996crossing"] != cold._keys["ostrom1996crossing"]


SAME_OSTROM = """
@book{ostrom1996other,
  author = {Ostrom, Elinor},
  title = {Another work by the same author in the same year},
  publisher = {Example Press},
  year = {1996},
}
"""


def test_two_works_by_one_author_in_one_year_are_told_apart_and_cached_as_fresh(
    tmp_path: Path,
) -> None:
    """APA's '1996a' and '1996b' (citeproc-py wrote '1996' for both), in citations,
    narrative citations and the bibliography; and gone again when the second work is,
    with the cache giving the same pages as a fresh render each time."""
    literature = write_literature(tmp_path / "literature")
    config = literature / "evidencesite.yml"
    config.write_text(config.read_text() + "\nstyle:\n  csl: apa\n")
    bib = literature / "references.bib"
    cached_equals_fresh(literature)  # the cache holds the work alone first

    bib.write_text(BIB + SAME_OSTROM)
    style = cached_equals_fresh(literature)
    review = run(literature).review
    # APA orders them by title: 'Another...' before 'Crossing...'.
    first, second = review.references["ostrom1996other"], review.references["ostrom1996crossing"]
    assert style.in_text(first) == "(Ostrom, 1996a)"
    assert style.in_text(second) == "(Ostrom, 1996b)"
    assert style.narrative(second) == "Ostrom (1996b)"
    assert style.item(first, suppress_author=True) == "1996a"
    assert "Ostrom, E. (1996a)." in "".join(s.text for s in style.entry(first))
    assert "Ostrom, E. (1996b)." in "".join(s.text for s in style.entry(second))

    bib.write_text(BIB)  # and back to one work: no letter
    alone = cached_equals_fresh(literature)
    assert alone.in_text(second) == "(Ostrom, 1996)"
    assert "Ostrom, E. (1996)." in "".join(s.text for s in alone.entry(second))
