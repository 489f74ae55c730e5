"""The evidence map and charts (issue 7): every number recomputed from the fixture
review's literature."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from conftest import COPRODUCTION
from evidencesite.load import load_review
from evidencesite.model import Review, split_list
from helpers import article, resolve, words

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def review() -> Review:
    return load_review(COPRODUCTION / "literature")


def _note_id(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def _expected_cell(review: Review, row: str, col: str) -> int | None:
    a, b = review.find_note(row), review.find_note(col)
    assert a is not None and b is not None
    if not any(r.target_id == col for r in a.relations) and not any(
        r.target_id == row for r in b.relations
    ):
        return None
    return len(set(a.cited_keys) & set(b.cited_keys))


def test_every_matrix_cell_matches_the_literature(review_site: Path, review: Review) -> None:
    body = article(review_site, "/map/")
    tables = body.select("table.evidence-matrix")
    assert [t["id"] for t in tables] == [
        "matrix-challenges-recommendations", "matrix-themes-drivers", "matrix-themes-challenges",
        "matrix-themes-recommendations",
    ]  # fmt: skip
    checked = 0
    for table in tables:
        assert table.caption is not None and words(table.caption)
        columns = [
            _note_id(resolve(review_site, "/map/", a["href"])) for a in table.select("thead th a")
        ]
        assert all(th.get("scope") == "col" for th in table.select("thead th"))
        for tr in table.select("tbody tr"):
            th = tr.find("th")
            assert th["scope"] == "row"
            row = _note_id(resolve(review_site, "/map/", th.a["href"]))
            for col, td in zip(columns, tr.find_all("td"), strict=True):
                expected = _expected_cell(review, row, col)
                link = td.find("a")
                if expected is None:
                    assert link is None, (row, col)
                    continue
                assert link is not None and int(link.get_text()) == expected, (row, col)
                assert td["id"] == f"cell-{row}--{col}"
                target = resolve(review_site, "/map/", link["href"])
                assert target == f"/map/{row}--{col}/"
                cell = article(review_site, target)
                support = cell.select_one("h2#works")
                rows = support.find_next("table").select("tbody tr") if support else []
                assert len(rows) == expected, (row, col)
                wider = cell.select_one("h2#wider-reading")
                either = len(
                    set(review.find_note(row).cited_keys) | set(review.find_note(col).cited_keys)
                )
                shown = len(wider.find_next("table").select("tbody tr")) if wider else 0
                assert shown == either - expected, (row, col)
                if expected:
                    assert (
                        f"{expected} work{' is' if expected == 1 else 's are'} cited on both pages"
                        in words(cell)
                    )
                else:
                    assert "No work is cited on both pages" in words(cell)
                checked += 1
    assert checked == 9  # every linked cell of the fixture review


def test_cell_shading_is_an_extra_cue_only(review_site: Path) -> None:
    for td in article(review_site, "/map/").select("td[class^=shade]"):
        assert re.fullmatch(r"\d+", td.get_text().strip())


def _table_rows(table) -> dict[str, int]:
    return {
        words(tr.find_all("td")[0]): int(words(tr.find_all("td")[1]))
        for tr in table.select("tbody tr")
    }


def test_charts_and_their_tables_match_the_literature(review_site: Path, review: Review) -> None:
    refs = list(review.references.values())
    expected = {
        "year": Counter(r.year or "no date" for r in refs),
        "design": Counter(r.get("design") for r in refs),
        "setting": Counter(s for r in refs for s in set(split_list(r.get("setting")))),
    }
    body = article(review_site, "/map/charts/")
    for chart_id, counts in expected.items():
        heading = body.select_one(f"h2#{chart_id}")
        pair = heading.find_next("div", class_="chart-pair")
        assert _table_rows(pair.find("table")) == dict(counts)
        svg = ET.fromstring(str(pair.find("svg")))
        labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "label"]
        values = [int(t.text) for t in svg.iter(f"{SVG}text") if t.get("class") == "value"]
        assert dict(zip(labels, values, strict=True)) == dict(counts)
        assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    assert sum(expected["year"].values()) == len(refs)


def test_diagram_is_xml_with_text_and_links_to_every_note(
    review_site: Path, review: Review
) -> None:
    body = article(review_site, "/map/")
    svg = ET.fromstring(str(body.select_one("svg.evidence-diagram")))
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    nodes = list(svg.iter(f"{SVG}a"))
    ids = {_note_id(resolve(review_site, "/map/", a.get("href"))) for a in nodes}
    expected = {
        n.id for k in ("drivers", "challenges", "recommendations") for n in review.notes[k].values()
    }
    assert ids == expected
    for a in nodes:
        text = "".join(a.find(f"{SVG}text").itertext())
        assert text.strip()  # real text, not paths
    edges = len(list(svg.iter(f"{SVG}path")))
    relations = sum(
        1
        for n in review.all_notes()
        for r in n.relations
        if (n.kind, r.name) in {("challenges", "drivers"), ("recommendations", "addresses")}
    )
    assert edges == relations


def test_text_list_beside_the_diagram_says_the_same(review_site: Path, review: Review) -> None:
    listing = article(review_site, "/map/").select_one("#diagram-in-words").find_next("ul")
    for challenge in review.notes["challenges"].values():
        item = next(
            li for li in listing.find_all("li", recursive=False)
            if _note_id(resolve(review_site, "/map/", li.a["href"])) == challenge.id
        )  # fmt: skip
        linked = {
            _note_id(resolve(review_site, "/map/", a["href"])) for a in item.find("ul").select("a")
        }
        drivers = {r.target_id for r in challenge.relations if r.name == "drivers"}
        recs = {
            n.id for n in review.notes["recommendations"].values()
            if any(r.name == "addresses" and r.target_id == challenge.id for r in n.relations)
        }  # fmt: skip
        assert linked == drivers | recs


def test_browse_counts_match_the_literature(review_site: Path, review: Review) -> None:
    refs = list(review.references.values())
    body = article(review_site, "/browse/")
    design = body.select_one("h2#design").find_next("ul")
    shown = {
        words(li.a): int(re.search(r"\((\d+)\)$", words(li)).group(1)) for li in design.select("li")
    }
    assert shown == dict(Counter(r.get("design") for r in refs))
    page = article(review_site, "/browse/setting/nhs/")
    listed = [li for li in page.select("li") if not li.find_parent("aside")]  # not the signpost
    assert len(listed) == sum("NHS" in split_list(r.get("setting")) for r in refs)


def test_reference_page_shows_its_evidence_profile(review_site: Path, review: Review) -> None:
    body = article(review_site, "/references/arnstein1969ladder/")
    rows = {words(tr.find_all("td")[0]): tr for tr in body.select("#profile ~ table tbody tr")}
    citing = {n.id for n in review.all_notes() if "arnstein1969ladder" in n.cited_keys}
    kinds = {"Recommendations": "recommendations", "Challenges": "challenges", "Drivers": "drivers"}
    for label, kind in kinds.items():
        row = next(tr for name, tr in rows.items() if name.startswith(label))
        ids = {
            _note_id(resolve(review_site, "/references/arnstein1969ladder/", a["href"]))
            for a in row.select("a")
        }
        assert ids == {n for n in citing if review.find_note(n).kind == kind}
