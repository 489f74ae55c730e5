"""Every vocabulary, wherever works show their details, comes from configuration
(issue 23, part 1): a review's own vocabularies with their labels and order, values
written as keys or labels, the annotation's field and heading, keywords as written."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import BIB, NOTES, write_literature
from evidencesite.pipeline import run as run_pipeline

#: Another team's vocabularies: labels that differ from their keys, a second
#: vocabulary on references that is not a facet, and a facet declared after it.
VOCABULARIES = """\
vocabularies:
  - name: country
    on: references
    multiple: true
    label: Country of the study
    values:
      uk: United Kingdom
      nz: New Zealand
  - name: design
    on: references
    facet: Study design
    values:
      rct: RCT
      qual: Qualitative study
      theory: Theory
  - name: audience
    on: [recommendations]
    multiple: true
    label: For
    values:
      trust-boards: trust boards
      managers: managers
  - name: strength
    on: [recommendations]
    label: Strength
    values:
      strong: Strong
      conditional: Conditional
"""


def review(
    folder: Path, bib: str = BIB, extra: str = "", notes: dict[str, str] | None = None
) -> Path:
    """The small fixture review with this module's vocabularies."""
    write_literature(folder, bib=bib, notes=notes)
    config = folder / "evidencesite.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"\nvocabularies:\n(?:(?: .*)?\n)+?(?=\S)", "\n" + VOCABULARIES + "\n", text)
    text = re.sub(r"\nannotation:\n(?:  .*\n)+", "\n", text)  # the package's defaults
    config.write_text(text + extra, encoding="utf-8")
    return folder


def bib_with(**fields: str) -> str:
    """BIB with ostrom1996crossing's design/setting replaced by ``fields``."""
    extra = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    out = BIB.replace("  design = {theory},\n  setting = {public services},\n", "", 1)
    out = out.replace(
        "  design = {theory},\n  setting = {public services},\n", "  design = {theory},\n"
    )
    return out.replace(
        "keywords = {theory; origins}", f"keywords = {{HIV; MSM; theory}},\n{extra}", 1
    )


def details(page: str) -> list[tuple[str, str]]:
    """The rows of 'About this work' as (label, value) Markdown."""
    table = page.split("{ #details }", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("| ").split(" | ") for line in table.splitlines() if line.startswith("| ")]
    return [(label, value) for label, value in rows[1:]]


def test_every_reference_vocabulary_shows_with_its_labels_in_configured_order(
    tmp_path: Path,
) -> None:
    bib = bib_with(country="uk; NZ", design="rct")
    outcome = run_pipeline(review(tmp_path / "lit", bib))
    assert outcome.pages is not None, [str(p) for p in outcome.problems]
    rows = details(outcome.pages["references/ostrom1996crossing.md"])
    labels = [label for label, _ in rows]
    assert labels[:2] == ["Country of the study", "Study design"]
    assert rows[0][1] == "United Kingdom, New Zealand"
    # a facet's value links to the works that share it
    assert rows[1][1] == "[RCT](<../browse/design/rct.md>)"
    assert "Setting" not in labels  # this review's vocabulary, not the package's


def test_a_value_may_be_written_as_its_label_in_any_case(tmp_path: Path) -> None:
    bib = bib_with(country="united kingdom", design="Qualitative Study")
    outcome = run_pipeline(review(tmp_path / "lit", bib))
    assert outcome.pages is not None, [str(p) for p in outcome.problems]
    rows = dict(details(outcome.pages["references/ostrom1996crossing.md"]))
    assert rows["Country of the study"] == "United Kingdom"
    assert "Qualitative study" in rows["Study design"]
    assert "qual.md" in rows["Study design"]


def test_an_unknown_value_gets_did_you_mean_and_names_evidencesite_yml(tmp_path: Path) -> None:
    outcome = run_pipeline(review(tmp_path / "lit", bib_with(design="rtc")))
    assert outcome.pages is None
    message = next(str(p) for p in outcome.problems if p.severity == "error")
    assert re.match(r".*references\.bib:\d+: error: design 'rtc' of 'ostrom1996crossing'", message)
    assert "did you mean 'rct'?" in message
    assert "declared under 'vocabularies' in evidencesite.yml" in message


def test_a_note_value_may_be_a_label_and_an_unknown_one_is_explained(tmp_path: Path) -> None:
    notes = dict(NOTES)
    notes["recommendations/redistribute-power.md"] = notes[
        "recommendations/redistribute-power.md"
    ].replace("audience: [trust-boards, managers]", "audience: [Trust Boards, manegers]")
    outcome = run_pipeline(review(tmp_path / "lit", notes=notes))
    errors = [str(p) for p in outcome.problems if p.severity == "error"]
    assert len(errors) == 1, errors
    assert (
        "audience 'manegers' is not one of: trust-boards, managers; did you mean 'managers'?"
        in (errors[0])
    )
    assert "redistribute-power.md:" in errors[0]


def test_the_annotation_field_heading_and_expectation_are_configuration(tmp_path: Path) -> None:
    bib = BIB.replace("annotation = {Names co-production.}", "contribution = {Names it.}")
    extra = "annotation:\n  field: contribution\n  heading: Why it matters here\n  expected: true\n"
    outcome = run_pipeline(review(tmp_path / "lit", bib, extra))
    assert outcome.pages is not None, [str(p) for p in outcome.problems]
    page = outcome.pages["references/ostrom1996crossing.md"]
    assert "## Why it matters here { #annotation }\n\nNames it\\." in page
    # cahn2000no's 'annotation' is not the configured field: it has none, and is warned
    warned = [str(p) for p in outcome.problems if "has no contribution" in p.message]
    assert len(warned) == 1 and "cahn2000no" in warned[0]
    assert "{ #annotation }" not in outcome.pages["references/cahn2000no.md"]


def test_without_configuration_an_annotation_is_shown_and_never_expected(tmp_path: Path) -> None:
    bib = BIB.replace("  annotation = {Core values.},\n", "")
    outcome = run_pipeline(review(tmp_path / "lit", bib))
    assert outcome.pages is not None
    assert "## Annotation { #annotation }" in outcome.pages["references/ostrom1996crossing.md"]
    assert not [p for p in outcome.problems if "annotation" in p.message]


def test_keywords_keep_the_case_they_were_written_in(tmp_path: Path) -> None:
    outcome = run_pipeline(review(tmp_path / "lit", bib_with(design="rct")))
    assert outcome.pages is not None
    page = outcome.pages["references/ostrom1996crossing.md"]
    assert "[HIV](<../keywords/hiv.md>)" in page and "[MSM](<../keywords/msm.md>)" in page
    assert "# Keyword: HIV" in outcome.pages["keywords/hiv.md"]
    keywords = outcome.pages["keywords/index.md"]
    assert "[HIV]" in keywords and "[hiv]" not in keywords


@pytest.mark.parametrize("written", ["Theory", "THEORY", "theory"])
def test_one_keyword_whatever_its_case_shown_as_most_written(tmp_path: Path, written: str) -> None:
    notes = dict(NOTES)
    notes["themes/power.md"] = notes["themes/power.md"].replace(
        "keywords: [power]", f"keywords: [power, {written}]"
    )
    outcome = run_pipeline(review(tmp_path / "lit", notes=notes))
    assert outcome.pages is not None
    assert sum(p.startswith("keywords/theory") for p in outcome.pages) == 1
    # 'theory' is written twice in the .bib, so it is the spelling shown
    assert "# Keyword: theory\n" in outcome.pages["keywords/theory.md"]


def test_the_vocabularies_block_of_the_fixture_was_replaced(tmp_path: Path) -> None:
    text = (review(tmp_path / "lit") / "evidencesite.yml").read_text(encoding="utf-8")
    assert "Country of the study" in text and "Study design or document type" not in text
    assert textwrap.dedent(VOCABULARIES) in text


def test_a_key_wins_over_another_value_s_label_in_any_case() -> None:
    from evidencesite.shape import Vocabulary

    vocabulary = Vocabulary(
        "design", ("references",), {"trial": "Survey", "survey": "Questionnaire"}
    )
    assert vocabulary.key_of("survey") == "survey"
    assert vocabulary.key_of("SURVEY") == "survey"
    assert vocabulary.key_of("questionnaire") == "survey"
    assert vocabulary.key_of("Trial") == "trial"


#: A work no note cites, and one with neither year nor title.
UNCITED = "@book{spare2001,\n  author = {Spare, Sam},\n  title = {Spare},\n  year = {2001}\n}\n"
BARE = "@misc{bare,\n  author = {Bare, Bo}\n}\n"


def _work_warnings(outcome: object) -> list[str]:
    problems = outcome.problems  # type: ignore[attr-defined]
    return sorted(
        p.message for p in problems if "'spare2001'" in p.message or "'bare'" in p.message
    )


def test_what_a_work_is_expected_to_have_is_the_review_s_choice(tmp_path: Path) -> None:
    default = run_pipeline(review(tmp_path / "a", BIB + UNCITED + BARE))
    assert any("'spare2001' is not cited" in m for m in _work_warnings(default))
    assert any("'bare' has no year" in m for m in _work_warnings(default))
    assert any("'bare' has no title" in m for m in _work_warnings(default))
    chosen = run_pipeline(
        review(tmp_path / "b", BIB + UNCITED + BARE, "works:\n  expect: [year]\n")
    )
    assert chosen.pages is not None
    assert _work_warnings(chosen) == [m for m in _work_warnings(default) if "has no year" in m]
    assert "references/spare2001.md" in chosen.pages  # still published, just not warned


def test_an_unknown_expectation_of_works_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    outcome = run_pipeline(review(tmp_path / "lit", extra="works:\n  expect: [cites, year]\n"))
    assert outcome.pages is None
    errors = [str(p) for p in outcome.problems if p.severity == "error"]
    assert len(errors) == 1, errors
    assert "evidencesite.yml:" in errors[0] and "did you mean 'cited'" in errors[0], errors
