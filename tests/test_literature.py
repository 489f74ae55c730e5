"""The review itself (issue 3): complete, cited, faithful to the verified sources, and
built strictly into a site whose published addresses and links all resolve.

With test_clean_checkout.py (a fresh clone of the project builds) and the browser
tests' accessibility and reflow checks of the real pages (test_browser.py, which needs
a browser), these are the only tests that read literature/, mkdocs.yml and docs/: the
generator's own tests build the fixture reviews in tests/fixtures/. A change to the review's shape
(a kind, a citation style, a folder) may need one of these to follow; no generator
test should notice it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from evidencesite.bibtex import load_bibliography
from evidencesite.load import load_review
from evidencesite.model import Review
from evidencesite.readability import smog
from evidencesite.validate import validate
from helpers import article, words
from test_links import _check

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def review() -> Review:
    return load_review(ROOT / "literature")


def test_check_strict_is_clean(review: Review) -> None:
    assert [str(p) for p in validate(review)] == []


def test_check_strict_of_the_project_is_clean(run) -> None:
    """The review, and the hand-written pages' links into it (docs/)."""
    result = run("check", "--strict", "--literature", ROOT / "literature")
    # Information only: review.yml names no repository or contact (the deploy job sets
    # REPOSITORY_URL), so a check outside it says readers could not comment.
    told = [line for line in result.err.splitlines() if ": info: " not in line]
    assert (result.code, told) == (0, [])


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


def test_every_plain_summary_reads_at_smog_10_or_below(review: Review) -> None:
    plain = review.shape.plain if review.shape else None
    assert plain is not None and plain.max_smog <= 10
    assert {"drivers", "challenges", "recommendations"} <= set(plain.kinds)
    for note in review.all_notes():
        if note.kind not in plain.kinds:
            continue
        assert note.plain, f"{note.id} has no plain-language summary"
        reading = smog(note.plain)
        assert reading.grade <= plain.max_smog, (note.id, reading)
        assert 15 <= len(note.plain.split()) <= 90, note.id  # a summary, not a page


CAUSAL = ("bring", "cause", "lead to", "leads to", "result", "produce")


def test_relation_headings_do_not_claim_causes(review: Review) -> None:
    """Issue 14, point 2: a challenge's drivers are where it is met, not what causes it."""
    assert review.shape is not None
    for relation in review.shape.relations:
        for heading in (relation.heading, relation.reverse):
            assert not any(word in heading.lower() for word in CAUSAL), heading


# --- the real site, built strictly (conftest.real_site) ---------------------------


def _published() -> list[str]:
    text = (ROOT / "literature" / "published-urls.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("/")]


def test_every_published_url_resolves_in_the_built_site(real_site: Path) -> None:
    urls = _published()
    assert len(urls) > 300
    missing = []
    for url in urls:
        target = real_site / url.lstrip("/")
        if url.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            missing.append(url)
    assert missing == []


def test_display_numbers_are_not_in_urls() -> None:
    for url in _published():
        assert not re.search(r"/[RCDT]\d+/", url), url


def test_every_internal_link_and_fragment_resolves(real_site: Path) -> None:
    """The hand-written pages' links too (docs/)."""
    assert _check(real_site) == []


def test_cited_in_quotes_do_not_open_with_a_dangling_pronoun(real_site: Path) -> None:
    """Issue 14, point 10: "It does name..." is quoted with the sentence that says what
    "it" is."""
    dangling = ("It ", "Its ", "They ", "Their ", "He ", "She ")
    for path in (real_site / "references").glob("*/index.html"):
        url = "/references/" + path.parent.name + "/"
        for quote in article(real_site, url).select("blockquote"):
            assert not words(quote).startswith(dangling), (url, words(quote)[:80])


def test_methods_counts_strengths_truly(real_site: Path, review: Review) -> None:
    recommendations = review.sorted_notes("recommendations")
    strong = [n for n in recommendations if n.terms["strength"] == ["strong"]]
    text = words(article(real_site, "/methods/"))
    assert (len(strong), len(recommendations) - len(strong)) == (2, 8)
    assert "two recommendations are strong, both with moderate confidence, and eight" in text
    assert all(n.confidence is not None and n.confidence.level == "moderate" for n in strong)


def test_home_and_methods_pages_give_the_last_search_date(real_site: Path) -> None:
    info = yaml.safe_load((ROOT / "literature/review.yml").read_text(encoding="utf-8"))
    day = info["last_search"]
    long = f"{day.day} {day.strftime('%B')} {day.year}"
    assert f"last searched on {long}" in words(article(real_site, "/"))
    assert long in words(article(real_site, "/methods/"))
    assert long in words(article(real_site, "/whats-new/"))


def test_home_page_says_where_to_get_help_now(real_site: Path) -> None:
    """Issue 14, point 5."""
    box = article(real_site, "/").select_one(".need-help")
    assert box is not None
    assert box.find_previous("h2") is None  # first thing after the title
    links = {a["href"]: words(a) for a in box.select("a:not(.headerlink)")}
    # NHS 111's mental health option, 999, and Samaritans, each checked at its source
    assert links == {"tel:111": "111", "tel:999": "999", "tel:116123": "116 123"}
    text = words(box)
    assert "mental health option" in text and "Samaritans" in text and "A&E" in text


def test_no_appraisal_is_published_and_the_methods_say_none_is_on_record(review: Review) -> None:
    """Issue 26, part 5: no appraisal of this review's works is on record (the seed and
    docs/methods.md), so none is published, and the methods say so in plain words."""
    assert review.shape is not None and "appraisal" not in review.shape.blocks
    assert not list((ROOT / "literature").glob("*apprais*"))
    methods = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    assert "No quality appraisal is on record." in methods
