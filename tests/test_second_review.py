"""A second fixture review (tests/fixtures/barriers), with none of the first's kinds,
relations or vocabularies and no confidence framework: every page family follows its
shape, and a vocabulary's readers see its labels, never its keys."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from conftest import BARRIERS
from evidencesite.load import load_review
from helpers import article, resolve, words

REVIEW = load_review(BARRIERS / "literature")


def heading(element: object) -> str:
    """A heading's text without its permalink mark."""
    return words(element).removesuffix("¶").strip()


def test_every_kind_has_its_index_and_numbered_notes(barriers_site: Path) -> None:
    for kind in ("barriers", "facilitators", "interventions"):
        body = article(barriers_site, f"/{kind}/")
        assert heading(body.h1) == kind.capitalize()
        for note in REVIEW.notes[kind].values():
            assert resolve(barriers_site, f"/{kind}/", f"{note.id}/") in {
                resolve(barriers_site, f"/{kind}/", a["href"]) for a in body.select("a")
            }
    assert "Intervention I1" in words(article(barriers_site, "/interventions/paid-travel/"))


def test_relations_are_worded_as_the_shape_says_on_both_sides(barriers_site: Path) -> None:
    intervention = words(article(barriers_site, "/interventions/paid-travel/"))
    assert "Barriers it targets B2. Travel costs" in intervention
    assert "Facilitators it builds on F1. Reminders" in intervention
    assert "Delivered by: the research team" in intervention
    barrier = words(article(barriers_site, "/barriers/travel-costs/"))
    assert "Facilitators that help overcome it F1. Reminders" in barrier
    assert "Interventions that target it I1. Paying for travel" in barrier
    alone = words(article(barriers_site, "/barriers/mistrust/"))
    assert "Interventions that target it" not in alone  # no empty headings


def test_facets_show_labels_and_keep_keys_in_addresses(barriers_site: Path) -> None:
    browse = article(barriers_site, "/browse/")
    assert [heading(h) for h in browse.select("h2")] == [
        "Study design", "Country", "Period", "Keyword",
    ]  # fmt: skip
    links = {words(a): resolve(barriers_site, "/browse/", a["href"]) for a in browse.select("a")}
    assert links["RCT"] == "/browse/design/rct/"
    assert links["Cross-sectional survey"] == "/browse/design/survey/"
    assert links["United Kingdom"] == "/browse/country/uk/"
    assert "(2)" in words(browse.find("a", string="United Kingdom").parent)  # two works
    assert heading(article(barriers_site, "/browse/design/rct/").h1) == "Study design: RCT"
    uk = article(barriers_site, "/browse/country/uk/")
    assert words(uk).count("About this work") == 2


def test_charts_count_by_label(barriers_site: Path) -> None:
    text = words(article(barriers_site, "/map/charts/"))
    assert "Works by study design" in text and "Works by country" in text
    assert "RCT: 1; Qualitative study: 1; Cross-sectional survey: 1" in text
    assert "United Kingdom: 2; Netherlands: 1; United States: 1" in text


def test_a_reference_page_names_its_vocabularies_in_the_shapes_words(
    barriers_site: Path,
) -> None:
    details = article(barriers_site, "/references/devries2021travel/").select_one("#details")
    rows = {
        words(tr.find_all("td")[0]): words(tr.find_all("td")[1])
        for tr in details.find_next("table").select("tbody tr")
    }
    assert rows["Study design"] == "Qualitative study"
    assert rows["Country"] == "United Kingdom, Netherlands"  # in configured order


def test_map_and_data_follow_the_shape(barriers_site: Path) -> None:
    evidence_map = article(barriers_site, "/map/")
    table = evidence_map.select_one("table#matrix-interventions-barriers")
    assert table is not None
    cell = table.select_one("td#cell-paid-travel--travel-costs a")
    assert cell is not None and words(cell) == "1"  # de Vries (2021), cited by both
    assert table.select_one("td#cell-paid-travel--mistrust a") is None  # not linked
    data = json.loads((barriers_site / "data/evidence.json").read_text(encoding="utf-8"))
    schema = json.loads((barriers_site / "data/evidence.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert {n["kind"] for n in data["notes"]} == {"barrier", "facilitator", "intervention"}
    by_key = {r["key"]: r for r in data["references"]}
    assert by_key["devries2021travel"]["design"] == "qualitative"
    assert by_key["devries2021travel"]["country"] == ["nl", "uk"]
    assert not (barriers_site / "findings").exists()  # no confidence framework
    assert not (barriers_site / "recommendations").exists()


def test_nothing_of_the_first_review_leaks_in(barriers_site: Path) -> None:
    leaked = []
    for page in barriers_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for word in ("GRADE-CERQual", "Recommendation", "Themes", "Co-production", "NHS"):
            if word in text:
                leaked.append(f"{page.relative_to(barriers_site)}: {word}")
    assert leaked == []


def test_a_map_cell_names_each_work_s_design_by_its_label(barriers_site: Path) -> None:
    cell = article(barriers_site, "/map/paid-travel--travel-costs/")
    rows = [[words(td) for td in tr.find_all("td")] for tr in cell.select("table tbody tr")]
    assert any("Qualitative study" in row for row in rows), rows
    assert not any("qualitative" in row for row in rows)
