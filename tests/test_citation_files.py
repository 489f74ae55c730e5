"""Cite the repository (issue 27, part 3): CITATION.cff and .zenodo.json come from
review.yml (``evidencesite citation``), the committed ones cannot drift from it, and
both follow their formats' rules."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import BARRIERS, COPRODUCTION, ROOT
from evidencesite.cli import citation_texts

CFF_SCHEMA = json.loads((ROOT / "tests" / "data" / "cff" / "schema.json").read_text("utf-8"))
REVIEWS = [ROOT / "literature", COPRODUCTION / "literature", BARRIERS / "literature"]

#: Zenodo's deposit metadata (developers.zenodo.org, "Deposit metadata"): the
#: upload types, and the publication types an upload_type of publication needs.
UPLOAD_TYPES = {"publication", "poster", "presentation", "dataset", "image", "video",
                "software", "lesson", "physicalobject", "other"}  # fmt: skip
PUBLICATION_TYPES = {"annotationcollection", "book", "section", "conferencepaper",
                     "datamanagementplan", "article", "patent", "preprint", "deliverable",
                     "milestone", "proposal", "report", "softwaredocumentation",
                     "taxonomictreatment", "technicalnote", "thesis", "workingpaper",
                     "other"}  # fmt: skip


def test_the_committed_files_are_what_review_yml_gives() -> None:
    texts = citation_texts(ROOT / "literature")
    assert texts is not None
    for name, text in texts.items():
        assert (ROOT / name).read_text(encoding="utf-8") == text, (
            f"{name} differs from literature/review.yml: run `evidencesite citation`"
        )


@pytest.mark.parametrize("literature", REVIEWS, ids=lambda p: p.parent.name)
def test_citation_cff_follows_the_cff_schema(literature: Path) -> None:
    texts = citation_texts(literature)
    assert texts is not None
    cff = yaml.safe_load(texts["CITATION.cff"])
    jsonschema.Draft7Validator(
        CFF_SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    ).validate(cff)
    info = yaml.safe_load((literature / "review.yml").read_text(encoding="utf-8"))
    assert cff["title"] == info["title"]
    assert [a["name"] for a in cff["authors"]] == info["authors"]
    assert cff["version"] == info["version"]


def test_the_schema_can_fail() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"cff-version": "1.2.0", "title": "x"}, CFF_SCHEMA)


@pytest.mark.parametrize("literature", REVIEWS, ids=lambda p: p.parent.name)
def test_zenodo_json_follows_zenodos_rules(literature: Path) -> None:
    texts = citation_texts(literature)
    assert texts is not None
    zenodo = json.loads(texts[".zenodo.json"])
    assert zenodo["upload_type"] in UPLOAD_TYPES
    if zenodo["upload_type"] == "publication":
        assert zenodo["publication_type"] in PUBLICATION_TYPES
    for required in ("title", "description"):
        assert isinstance(zenodo[required], str) and zenodo[required].strip()
    assert zenodo["creators"] and all(c["name"].strip() for c in zenodo["creators"])
    assert zenodo["access_right"] in {"open", "embargoed", "restricted", "closed"}
    if zenodo["access_right"] in {"open", "embargoed"}:
        assert zenodo.get("license", "cc-by-4.0")  # Zenodo's default when absent


def test_check_fails_on_a_stale_file(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    assert (
        run("citation", "--root", tmp_path, "--literature", COPRODUCTION / "literature").code == 0
    )
    assert run("citation", "--check", "--root", tmp_path,
               "--literature", COPRODUCTION / "literature").code == 0  # fmt: skip
    (tmp_path / "CITATION.cff").write_text("cff-version: 1.2.0\n", encoding="utf-8")
    result = run("citation", "--check", "--root", tmp_path, "--literature",
                 COPRODUCTION / "literature")  # fmt: skip
    assert result.code == 1 and "CITATION.cff" in result.err
