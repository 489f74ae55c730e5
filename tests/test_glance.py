"""A route for a manager with ten minutes: every recommendation at a glance, and on
each recommendation page the action before the confidence detail."""

from __future__ import annotations

from pathlib import Path

from conftest import COPRODUCTION
from evidencesite.load import load_review
from helpers import article, words

REVIEW = load_review(COPRODUCTION / "literature")
RECOMMENDATIONS = REVIEW.sorted_notes("recommendations")


def test_every_recommendation_at_a_glance(review_site: Path) -> None:
    body = article(review_site, "/recommendations/at-a-glance/")
    headings = [words(th) for th in body.select("table thead th")]
    assert headings == ["No.", "Recommendation: what to do", "For", "Strength",
                        "Confidence in the evidence"]  # fmt: skip
    rows = body.select("table tbody tr")
    assert len(rows) == len(RECOMMENDATIONS) == 2
    for tr, note in zip(rows, RECOMMENDATIONS, strict=True):
        for printed in tr.select(".print-only"):  # on paper only (test_browser.py)
            printed.decompose()
        cells = [words(td) for td in tr.find_all("td")]
        assert note.summary in cells[1]
        assert cells[3].startswith(("Strong", "Conditional"))
        assert cells[4] in ("High", "Moderate", "Low", "Very low")
        assert cells[2] and cells[2] != "not stated"


def test_the_index_links_to_the_glance(review_site: Path) -> None:
    body = article(review_site, "/recommendations/")
    assert body.find("a", string="All 2 at a glance") is not None


def test_action_comes_before_the_confidence_detail(review_site: Path) -> None:
    for note in RECOMMENDATIONS:
        body = article(review_site, f"/recommendations/{note.id}/")
        ids = [h.get("id") for h in body.find_all(["h2"])]
        assert ids.index("what-to-do") < ids.index("confidence"), (note.id, ids)
        lead = words(body)[: words(body).index("What to do")]
        assert "Confidence in the evidence:" in lead  # the level itself, above the action


def test_strength_links_to_how_it_was_judged(review_site: Path) -> None:
    for url in ("/recommendations/redistribute-power/", "/recommendations/at-a-glance/"):
        link = article(review_site, url).find("a", string="Strength")
        assert link is not None and link["href"] == "../../methods/#how-strength-was-judged"
    methods = article(review_site, "/methods/")
    assert methods.select_one("#how-strength-was-judged") is not None


def test_a_strong_recommendation_needs_moderate_or_high_confidence(run, tmp_path: Path) -> None:
    from conftest import NOTES, write_literature

    notes = dict(NOTES)
    key = "recommendations/redistribute-power.md"
    notes[key] = NOTES[key].replace("strength: conditional", "strength: strong")
    lit = write_literature(tmp_path / "lit", notes=notes)
    result = run("check", "--literature", lit)
    assert result.code == 1
    assert (
        f"{lit / key}:7: error: strength 'strong' needs confidence high or moderate (the rule "
        "in evidencesite.yml), but this recommendation's is low"
    ) in result.err
