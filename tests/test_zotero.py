"""What a reader's Zotero saves from a built page (issue 27): Zotero's own translators
(Embedded Metadata, COinS; tests/zotero/README.md) run in Node on the built HTML.

A note page must give a part of the review with the note's title, the review's
authors and the date the note last changed; a reference page must give the work it
describes, with the .bib's type, authors, title, year and DOI: every reference of the
fixture reviews, and of this review (literature/), is checked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BARRIERS, COPRODUCTION, ROOT
from evidencesite.load import load_review
from evidencesite.model import Reference, Review
from evidencesite.pipeline import derived
from evidencesite.urls import url_of

HARNESS = ROOT / "tests" / "zotero" / "harness.js"
NODE = shutil.which("node")
MODULES = ROOT / "node_modules"

if NODE is None or not (MODULES / "jsdom").is_dir() or not (MODULES / "xpath").is_dir():
    why = "node, or jsdom and xpath from package.json (tools/ensure-browser.sh), not installed"
    if os.environ.get("CI"):
        raise RuntimeError(f"the Zotero translator tests cannot run in CI: {why}")
    pytest.skip(why, allow_module_level=True)

#: BibTeX type -> the Zotero item type a reader should get.
ZOTERO_TYPES = {
    "article": "journalArticle",
    "book": "book",
    "incollection": "bookSection",
    "inbook": "bookSection",
    "inproceedings": "conferencePaper",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "misc": "webpage",
    "online": "webpage",
}


def zotero(pages: list[Path]) -> list[dict]:
    """What Zotero saves from each page, in order (harness.js, one JSON line a page)."""
    result = subprocess.run(
        [NODE, str(HARNESS), *map(str, pages)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def built(site: Path, docs_path: str) -> Path:
    return site / url_of(docs_path).lstrip("/") / "index.html"


def name(creator: dict) -> str:
    return " ".join(part for part in (creator.get("firstName"), creator["lastName"]) if part)


def check_references(site: Path, review: Review) -> list[str]:
    """Every reference page read by Zotero against its .bib entry: the problems found."""
    refs = list(review.references.values())
    assert review.shape is not None
    urls = review.shape.urls
    read = zotero([built(site, urls.reference(ref.slug)) for ref in refs])
    problems = []
    for ref, page in zip(refs, read, strict=True):
        problems += [f"{ref.key}: {p}" for p in _reference_problems(ref, page)]
    return problems


def _reference_problems(ref: Reference, page: dict) -> list[str]:
    if page["translator"] != "COinS" or len(page["items"]) != 1:
        return [f"Zotero read {page['translator']} with {len(page['items'])} item(s)"]
    item = page["items"][0]
    problems = []
    expected_type = ZOTERO_TYPES.get(ref.entry_type, "webpage")
    if item["itemType"] != expected_type:
        problems.append(f"type {item['itemType']}, not {expected_type}")
    if item.get("title") != " ".join(ref.title.split()):
        problems.append(f"title {item.get('title')!r}, not {ref.title!r}")
    people = ref.authors or ref.editors
    want = [p.family if p.corporate or not p.given else f"{p.given} {p.family}" for p in people]
    got = [name(c) for c in item["creators"]]
    if got != want:
        problems.append(f"creators {got}, not {want}")
    if ref.year and not str(item.get("date", "")).startswith(ref.year):
        problems.append(f"date {item.get('date')!r}, not {ref.year}")
    doi = item.get("DOI") or item["invalid"].get("DOI")
    if ref.doi and doi != ref.doi:
        problems.append(f"DOI {doi!r}, not {ref.doi!r}")
    return problems


@pytest.mark.parametrize("fixture", [COPRODUCTION, BARRIERS], ids=lambda f: f.name)
def test_every_reference_page_gives_the_work(
    fixture: Path, review_site: Path, barriers_site: Path
) -> None:
    site = review_site if fixture == COPRODUCTION else barriers_site
    review = load_review(fixture / "literature")
    assert review.references
    assert check_references(site, review) == []


def test_every_reference_page_of_this_review(real_site: Path) -> None:
    review = load_review(ROOT / "literature")
    assert len(review.references) > 50
    assert check_references(real_site, review) == []


def check_notes(site: Path, review: Review) -> list[str]:
    index, _ = derived(review)
    info = review.info
    assert info is not None
    notes = [note for kind in review.notes.values() for note in kind.values()]
    read = zotero([built(site, note.url_path) for note in notes])
    problems = []
    for note, page in zip(notes, read, strict=True):
        items = page["items"]
        if page["translator"] != "Embedded Metadata" or len(items) != 1:
            problems.append(f"{note.id}: Zotero read {page['translator']}")
            continue
        item = items[0]
        day = index.last_updated(note.id)
        expected = {
            "itemType": "bookSection",
            "title": note.title,
            "bookTitle": info.title,
            "date": day.strftime("%Y/%m/%d") if day else None,
            "creators": list(info.authors),
        }
        got = {key: item.get(key) for key in expected}
        got["creators"] = [name(c) for c in item["creators"]]
        if got != expected:
            problems.append(f"{note.id}: {got} != {expected}")
    return problems


def test_every_note_page_gives_a_part_of_the_review(review_site: Path) -> None:
    review = load_review(COPRODUCTION / "literature")
    assert check_notes(review_site, review) == []


def test_every_note_page_of_this_review(real_site: Path) -> None:
    assert check_notes(real_site, load_review(ROOT / "literature")) == []


def test_a_page_without_metadata_gives_zotero_nothing_to_save(review_site: Path) -> None:
    """The harness can fail: a page with no tags and no COinS gives no item."""
    read = zotero([review_site / "keywords" / "index.html"])[0]
    assert read["translator"] is None
    assert read["items"] == []
