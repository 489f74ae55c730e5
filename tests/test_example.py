"""A second review with another shape (examples/barriers-facilitators): other kinds,
relations, vocabularies and no confidence framework, with no code of its own. It
builds, its pages speak in its own words, and nothing of the main review leaks in."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

import helpers
from helpers import article, words


def heading(element: object) -> str:
    """A heading's text without its permalink mark."""
    return words(element).removesuffix("¶").strip()


def test_every_kind_has_its_index_and_notes(example_site: Path) -> None:
    for kind, title in (("barriers", "Barriers"), ("facilitators", "Facilitators"),
                        ("outcomes", "Outcomes")):  # fmt: skip
        body = article(example_site, f"/{kind}/")
        assert heading(body.h1) == title
    assert (example_site / "facilitators/officials-encourage-contributions/index.html").exists()


def test_relations_and_vocabularies_speak_in_the_reviews_words(example_site: Path) -> None:
    body = words(article(example_site, "/facilitators/officials-encourage-contributions/"))
    assert "Facilitator F1 · " in body
    assert "Acts at the level of: the organisation" in body
    assert "Barriers described alongside it" in body
    assert "Outcomes discussed with it" in body
    target = words(article(example_site, "/outcomes/synergy/"))
    assert "Facilitators discussed with it" in target


def test_facets_map_and_data_follow_the_shape(example_site: Path) -> None:
    browse = article(example_site, "/browse/")
    assert [heading(h) for h in browse.select("h2")] == ["Approach", "Sector", "Period", "Keyword"]
    assert (example_site / "browse/sector/social-care/index.html").exists()
    evidence_map = article(example_site, "/map/")
    assert evidence_map.select_one("table#matrix-facilitators-barriers") is not None
    assert (
        "each barrier is joined to the facilitators described alongside it"
        in words(evidence_map).lower()
    )
    data = json.loads((example_site / "data/evidence.json").read_text())
    schema = json.loads((example_site / "data/evidence.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert {n["kind"] for n in data["notes"]} == {"barrier", "facilitator", "outcome"}
    assert {r["approach"] for r in data["references"]} == {
        "framework", "case comparison", "evidence briefing",
    }  # fmt: skip
    assert not (example_site / "findings").exists()  # no confidence framework


def test_search_is_pagefind_only(example_site: Path) -> None:
    """The example (and so every review `init` starts) searches with Pagefind alone:
    no Material search index of the whole site, and a search page in the navigation."""
    assert (example_site / "pagefind/pagefind.js").is_file()
    assert not (example_site / "search").exists()
    home = helpers.page(example_site, "/")
    assert home.select_one("form.md-search") is None  # Material's search box
    nav = [words(a) for a in home.select("nav.md-nav--primary a.md-nav__link")]
    assert "Search" in nav
    form = helpers.page(example_site, "/find/").select_one("form.es-search")
    assert form is not None and form["data-bundle"] == "../pagefind/"


def test_nothing_of_the_main_review_leaks_in(example_site: Path) -> None:
    leaked = []
    for page in example_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for word in ("Bamber", "NHS", "GRADE-CERQual", "recommendation", "Recommendation",
                     "challenge", "driver", "trust board"):  # fmt: skip
            if word in text:
                leaked.append(f"{page.relative_to(example_site)}: {word}")
    assert leaked == []
