"""A route for a manager with ten minutes: every recommendation at a glance, and on
each recommendation page the action before the confidence detail."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from evidencesite.load import load_review
from helpers import article, words

REVIEW = load_review(ROOT / "literature")
RECOMMENDATIONS = REVIEW.sorted_notes("recommendations")


def test_every_recommendation_at_a_glance(real_site: Path) -> None:
    body = article(real_site, "/recommendations/at-a-glance/")
    headings = [words(th) for th in body.select("table thead th")]
    assert headings == ["No.", "Recommendation: what to do", "For", "Strength",
                        "Confidence in the evidence"]  # fmt: skip
    rows = body.select("table tbody tr")
    assert len(rows) == len(RECOMMENDATIONS) == 10
    for tr, note in zip(rows, RECOMMENDATIONS, strict=True):
        cells = [words(td) for td in tr.find_all("td")]
        assert note.summary in cells[1]
        assert cells[3].startswith(("Strong", "Conditional"))
        assert cells[4] in ("High", "Moderate", "Low", "Very low")
        assert cells[2] and cells[2] != "not stated"


def test_the_index_links_to_the_glance(real_site: Path) -> None:
    body = article(real_site, "/recommendations/")
    assert body.find("a", string="All 10 at a glance") is not None


def test_action_comes_before_the_confidence_detail(real_site: Path) -> None:
    for note in RECOMMENDATIONS:
        body = article(real_site, f"/recommendations/{note.id}/")
        ids = [h.get("id") for h in body.find_all(["h2"])]
        assert ids.index("what-to-do") < ids.index("confidence"), (note.id, ids)
        lead = words(body)[: words(body).index("What to do")]
        assert "Confidence in the evidence:" in lead  # the level itself, above the action
