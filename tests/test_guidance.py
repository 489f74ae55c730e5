"""Guidance trusts can link to, cite and rely on (issue 4)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import rispy
import yaml

from conftest import COPRODUCTION, write_literature
from evidencesite.bibtex import load_bibliography
from evidencesite.load import load_review
from helpers import article, page, resolve, words


def _published(literature: Path) -> list[str]:
    text = (literature / "published-urls.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("/")]


# --- links that never break -------------------------------------------------


def test_renamed_note_with_alias_redirects_and_without_alias_fails(run, tmp_path: Path) -> None:
    lit = write_literature(tmp_path / "lit")
    assert run("urls", "--literature", lit, "--update").code == 0
    assert "/recommendations/redistribute-power/" in _published(lit)
    rec = lit / "recommendations/redistribute-power.md"
    original = rec.read_text()

    # renamed without an alias: check fails, naming the URL and the manifest line
    rec.write_text(original.replace("id: redistribute-power", "id: share-power"))
    result = run("check", "--literature", lit)
    assert result.code == 1
    line = _published(lit).index("/recommendations/redistribute-power/") + 4
    assert (
        f"{lit / 'published-urls.txt'}:{line}: error: /recommendations/redistribute-power/ "
        "was published but is no longer produced; if the recommendation was renamed, add "
        "'redistribute-power' to its 'aliases:' so the old address redirects"
    ) in result.err
    out = tmp_path / "docs"
    assert run("generate", "--literature", lit, "--out", out).code == 1
    assert not out.exists()

    # with the alias: the check passes and the old URL is a redirect page
    rec.write_text(
        original.replace("id: redistribute-power", "id: share-power\naliases: [redistribute-power]")
    )
    assert run("check", "--literature", lit, "--strict").code == 0
    assert run("generate", "--literature", lit, "--out", out).code == 0
    redirect = (out / "recommendations/redistribute-power/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../share-power/">' in redirect
    assert '<link rel="canonical" href="../share-power/">' in redirect
    assert '<a href="../share-power/">Redistribute power</a>' in redirect  # works without JS
    cell = (out / "map/unequal-power--redistribute-power/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../unequal-power--share-power/">' in cell


def test_alias_cannot_take_a_live_id(run, tmp_path: Path) -> None:
    lit = write_literature(tmp_path / "lit")
    theme = lit / "challenges/unequal-power.md"
    theme.write_text(
        theme.read_text().replace("title: Unequal power", "title: U\naliases: [unequal-power]")
    )
    result = run("check", "--literature", lit)
    assert result.code == 1
    assert "alias 'unequal-power' is the id of" in result.err


def test_every_address_urls_lists_is_built(run, review_site: Path, tmp_path: Path) -> None:
    """`urls --update` lists what the build makes: no more (a list that promised a page
    the site lacks) and, for pages, no fewer."""
    lit = Path(shutil.copytree(COPRODUCTION / "literature", tmp_path / "literature"))
    assert run("urls", "--literature", lit, "--update").code == 0
    urls = _published(lit)
    assert {"/themes/power/", "/references/farr2018power/", "/map/"} <= set(urls)
    missing = []
    for url in urls:
        target = review_site / url.lstrip("/")
        if url.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            missing.append(url)
    assert missing == []
    for kind in ("themes", "drivers", "challenges", "recommendations"):
        for built in (review_site / kind).glob("*/index.html"):
            assert f"/{kind}/{built.parent.name}/" in urls
    assert not any(re.search(r"/[RCDT]\d+/", url) for url in urls)  # no display numbers


def test_headings_get_explicit_stable_anchors(small_site: Path) -> None:
    body = article(small_site, "/recommendations/redistribute-power/")
    assert body.select_one("h2#what-to-do") is not None
    for anchor in ("related", "permalink", "cite", "references"):
        assert body.select_one(f"h2#{anchor}") is not None, anchor


# --- how far to trust each recommendation and finding -------------------------


def test_recommendation_page_has_everything_a_trust_needs(review_site: Path) -> None:
    url = "/recommendations/involve-service-users-in-design/"
    body = article(review_site, url)
    text = words(body)
    assert "Recommendation R2 · " in text
    assert "For: " in text
    assert "Strength: Strong: we recommend this" in text
    assert re.search(r"Confidence in the evidence: (High|Moderate|Low|Very low)", text)
    rows = [words(tr) for tr in body.select(".admonition table tr")]
    for component in ("Methodological limitations", "Coherence", "Adequacy of data", "Relevance"):
        assert any(r.startswith(component) for r in rows), component
    for section in ("what-to-do", "why", "evidence", "what-it-means-in-practice", "related"):
        assert body.select_one(f"#{section}") is not None, section
    # the newest change in the fixture's changes.yml names this note
    newest = max(c.date for c in load_review(COPRODUCTION / "literature").changes)
    updated = f"{newest.day} {newest:%B %Y}"
    assert f"Last updated: {updated}" in text
    permalink = body.select_one("#permalink ~ div pre code, #permalink ~ pre code")
    assert permalink is not None and permalink.get_text().strip().endswith(url)
    cite = words(body.select_one("#cite").find_next("pre"))
    assert cite.startswith("Fixture Team (2026) Involve service users in designing the model")
    assert "(Recommendation R2), in A fixture review of co-production" in cite
    assert f"Version 1.0, last updated {updated}. Available at: " in cite


def test_confidence_is_never_colour_alone(review_site: Path) -> None:
    for note in ("recommendations/redistribute-power", "challenges/unequal-power"):
        box = article(review_site, f"/{note}/").select_one(".admonition")
        title = words(box.select_one(".admonition-title"))
        assert re.fullmatch(r"Confidence in the evidence: (High|Moderate|Low|Very low)", title)


def test_summary_of_qualitative_findings_table(review_site: Path) -> None:
    body = article(review_site, "/findings/")
    tables = body.select("table")
    assert len(tables) == 2
    header = [words(th) for th in tables[0].select("th")]
    assert header == ["No.", "Finding", "Confidence", "Explanation of the confidence", "References"]
    rows = tables[0].select("tbody tr")
    assert len(rows) == 2 + 2  # every driver and challenge carries an assessment
    first = [words(td) for td in rows[0].select("td")]
    assert first[0] == "D1" and first[1].startswith("Public service reform")
    assert first[2] == "Moderate"
    assert "Ostrom, 1996" in first[4] and "Cahn, 2000" in first[4]
    assert len(tables[1].select("tbody tr")) == 2


# --- when it changed ------------------------------------------------------------


def test_whats_new_and_last_search_date(review_site: Path) -> None:
    info = yaml.safe_load((COPRODUCTION / "literature/review.yml").read_text(encoding="utf-8"))
    day = info["last_search"]
    long = f"{day.day} {day.strftime('%B')} {day.year}"
    assert f"last searched on {long}" in words(article(review_site, "/whats-new/"))
    assert "First edition" in words(article(review_site, "/whats-new/"))


# --- for machines -----------------------------------------------------------------


def test_evidence_json_validates_against_its_schema(review_site: Path) -> None:
    data = json.loads((review_site / "data/evidence.json").read_text(encoding="utf-8"))
    schema = json.loads((review_site / "data/evidence.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(data)] == []
    assert len(data["notes"]) == 7 and len(data["references"]) == 4
    rec = next(n for n in data["notes"] if n["id"] == "redistribute-power")
    assert {"type": "addresses", "target": "unequal-power", "target_kind": "challenges"} in rec[
        "relations"
    ]


def test_schema_rejects_a_broken_document(review_site: Path) -> None:
    data = json.loads((review_site / "data/evidence.json").read_text(encoding="utf-8"))
    schema = json.loads((review_site / "data/evidence.schema.json").read_text(encoding="utf-8"))
    data["notes"][0]["id"] = "Not A Slug"
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


def test_ris_round_trips_through_an_independent_reader(review_site: Path) -> None:
    records = rispy.loads((review_site / "data/references.ris").read_text(encoding="utf-8"))
    refs, problems = load_bibliography(
        [(COPRODUCTION / "literature/references.bib", "references.bib")]
    )
    assert problems == []
    by_title = {r["primary_title"] if "primary_title" in r else r["title"]: r for r in records}
    assert len(records) == len(refs)
    for ref in refs.values():
        record = by_title[ref.title]
        authors = record.get("authors", [])
        assert authors == [f"{p.family}, {p.given}" if p.given else p.family for p in ref.authors]
        assert record.get("year") == (ref.year or None)
        assert record.get("doi") == (ref.doi or None)


def test_per_reference_downloads_are_linked(review_site: Path) -> None:
    url = "/references/farr2018power/"
    links = {resolve(review_site, url, a["href"]) for a in article(review_site, url).select("a")}
    assert {"/references/farr2018power.bib", "/references/farr2018power.ris"} <= links
    bib = (review_site / "references/farr2018power.bib").read_text(encoding="utf-8")
    refs, problems = load_bibliography([(review_site / "references/farr2018power.bib", "x.bib")])
    assert problems == [] and refs["farr2018power"].doi == "10.1177/0261018317747444"
    assert bib.startswith("@article{farr2018power,")
    ris = rispy.loads((review_site / "references/farr2018power.ris").read_text(encoding="utf-8"))
    assert ris[0]["doi"] == "10.1177/0261018317747444"


def test_exported_bibtex_reloads_with_the_same_facts(review_site: Path) -> None:
    exported, problems = load_bibliography([(review_site / "data/references.bib", "export.bib")])
    source, _ = load_bibliography([(COPRODUCTION / "literature/references.bib", "references.bib")])
    assert problems == []
    for key, ref in source.items():
        again = exported[key]
        assert (again.title, again.year, again.doi, again.authors) == (
            ref.title, ref.year, ref.doi, ref.authors,
        )  # fmt: skip


def test_recommendations_csv(review_site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((review_site / "data/recommendations.csv").read_text())))
    assert [r["number"] for r in rows] == ["R1", "R2"]
    assert rows[0]["id"] == "redistribute-power"
    assert rows[0]["url"].endswith("/recommendations/redistribute-power/")
    assert all(r["confidence"] in {"high", "moderate", "low", "very-low"} for r in rows)


def test_data_page_links_every_download(review_site: Path) -> None:
    hrefs = {a["href"] for a in page(review_site, "/data/").select("article a[href]")}
    for name in ("evidence.json", "evidence.schema.json", "references.bib", "references.ris",
                 "recommendations.csv"):  # fmt: skip
        assert any(h.endswith(name) for h in hrefs), name


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+1+1", "@SUM(A1)"])
def test_csv_cells_cannot_become_formulas(formula: str) -> None:
    from evidencesite.render.data import _csv_safe

    assert _csv_safe(formula).startswith("'")
