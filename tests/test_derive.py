"""The derive stage: one immutable index, built once from the review, that every
renderer reads (numbers, backlinks with sentences, profiles, keyword groups, dates,
facets, map cells, counts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import write_literature
from evidencesite.derive import Index, derive
from evidencesite.load import load_review
from evidencesite.styles.harvard_ctr import sort_key


@pytest.fixture
def index(tmp_path: Path) -> Index:
    lit = write_literature(tmp_path / "lit")
    (lit / "changes.yml").write_text(
        "- date: 2026-02-01\n  summary: Power revised.\n  notes: [power]\n"
        "- date: 2026-01-01\n  summary: First version.\n  notes: all\n"
    )
    review = load_review(lit)
    assert not [p for p in review.problems if p.severity == "error"], review.problems
    return derive(review, sort_key)


def test_numbers_follow_kinds_and_order(index: Index) -> None:
    assert dict(index.numbers) == {
        "power": "T1", "public-service-reform": "D1", "unequal-power": "C1",
        "redistribute-power": "R1",
    }  # fmt: skip


def test_backlinks_and_citing_sentences(index: Index) -> None:
    assert {(name, n.id) for name, n in index.incoming["power"]} == {
        ("themes", "public-service-reform"), ("themes", "unequal-power"),
        ("themes", "redistribute-power"),
    }  # fmt: skip
    cahn = [(c.note.id, c.sentence) for c in index.cited_in["cahn2000no"]]
    assert ("unequal-power", "Power is unequal [-@cahn2000no].") in cahn


def test_profile_adds_the_groups_of_the_citing_notes(index: Index) -> None:
    profile = index.profile["cahn2000no"]
    assert [n.id for n in profile["themes"]] == ["power"]
    assert {n.id for n in profile["recommendations"]} == {"redistribute-power"}


def test_last_updated_is_the_newest_change_that_names_it(index: Index) -> None:
    assert index.last_updated("power") == dt.date(2026, 2, 1)
    assert index.last_updated("unequal-power") == dt.date(2026, 1, 1)  # the whole review


def test_facets_cells_and_counts(index: Index) -> None:
    theory = index.facets["design"].members["theory"]
    assert [r.key for r in theory] == ["cahn2000no", "ostrom1996crossing"]
    cell = index.cells["challenges-recommendations"][("unequal-power", "redistribute-power")]
    # both notes cite both works, so both support the link; nothing is wider reading
    assert [r.key for r in cell.support] == ["cahn2000no", "ostrom1996crossing"]
    assert cell.wider == ()
    assert dict(index.counts["year"]) == {"1996": 1, "2000": 1}


def test_the_index_is_read_only(index: Index) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        index.numbers = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        index.numbers["power"] = "T9"  # type: ignore[index]
