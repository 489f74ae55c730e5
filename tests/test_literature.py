"""The review itself (issue 3): complete, cited, and faithful to the verified sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencesite.bibtex import load_bibliography
from evidencesite.load import load_review
from evidencesite.model import Review
from evidencesite.validate import validate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def review() -> Review:
    return load_review(ROOT / "literature")


def test_check_strict_is_clean(review: Review) -> None:
    assert [str(p) for p in validate(review)] == []


def test_enough_notes_of_each_kind(review: Review) -> None:
    counts = {kind: len(notes) for kind, notes in review.notes.items()}
    assert counts["themes"] == 5
    assert counts["drivers"] >= 6
    assert counts["challenges"] >= 8
    assert counts["recommendations"] >= 8
    assert len(review.references) >= 60


def test_the_five_themes_of_the_thesis(review: Review) -> None:
    titles = {n.title.lower() for n in review.notes["themes"].values()}
    for theme in ("corporate machine", "continual revolution", "power", "interface", "attitudes"):
        assert any(theme in t for t in titles), theme


def test_thesis_recommendations_are_present(review: Review) -> None:
    ids = set(review.notes["recommendations"])
    assert {
        "redistribute-power",
        "give-staff-ownership-of-the-model",
        "involve-service-users-in-design",
        "adopt-a-working-definition",
    } <= ids


def test_every_note_cites_at_least_two_works(review: Review) -> None:
    thin = {n.location.path: n.cited_keys for n in review.all_notes() if len(n.cited_keys) < 2}
    assert thin == {}


def test_every_recommendation_links_a_challenge_and_a_theme_or_driver(review: Review) -> None:
    for note in review.notes["recommendations"].values():
        names = {r.name for r in note.relations}
        assert "addresses" in names, note.id
        assert names & {"themes", "drivers"}, note.id
        assert note.confidence is not None, note.id
        assert note.terms.get("audience"), note.id
        assert note.terms.get("strength"), note.id


def test_every_reference_is_cited(review: Review) -> None:
    cited = {k for n in review.all_notes() for k in n.cited_keys}
    assert sorted(set(review.references) - cited) == []


def test_every_reference_has_annotation_design_and_setting(review: Review) -> None:
    for ref in review.references.values():
        annotation = ref.get("annotation")
        assert annotation and ref.get("design") and ref.get("setting"), ref.key
        assert len(annotation.split()) <= 120, ref.key


def test_titles_years_and_dois_match_verified_sources(review: Review) -> None:
    verified, problems = load_bibliography([(ROOT / "tests/data/verified.bib", "verified.bib")])
    assert problems == []
    for key, ref in review.references.items():
        assert key in verified, f"{key} is not in verified.bib"
        source = verified[key]
        assert (ref.title, ref.get("year"), ref.doi) == (
            source.title,
            source.get("year"),
            source.doi,
        ), key
        assert ref.authors == source.authors, key


def test_no_note_cites_an_unverified_work() -> None:
    unverified = ("kirkegaard", "honingh", "coote", "anthony1993", "bee2015", "schein", "meddings")
    for path in (ROOT / "literature").rglob("*.md"):
        text = path.read_text(encoding="utf-8").lower()
        for name in unverified:
            assert f"@{name}" not in text, (path, name)
