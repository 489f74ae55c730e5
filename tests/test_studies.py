"""Characteristics of included studies and quality appraisal (issue 26, parts 3-5).

robvis's own example CSVs (tests/data/robvis, copied unchanged; see its README) are built
as they are, and the built tables, charts and evidence.json are checked against the
CSVs' judgements; each input mistake is reported at its file and line."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, write_literature
from evidencesite.pipeline import run
from evidencesite.render.appraisal_tools import PRESETS

ROBVIS = ROOT / "tests" / "data" / "robvis"
TOOLS = {"rob2": "data_rob2.csv", "robins-i": "data_robins_i.csv", "quadas-2": "data_quadas.csv"}


def _bib(keys: list[str]) -> str:
    return "\n".join(
        f"@article{{{key},\n  author = {{Author, A.}},\n  title = {{Work {key}}},\n"
        f"  journal = {{J}},\n  year = {{2020}},\n  design = {{qualitative study}},\n"
        f"  setting = {{NHS}},\n  sample = {{{n} people}}\n}}\n"
        for n, key in enumerate(keys, start=1)
    )


def _review(tmp_path: Path, csv_name: str, block: str, keys: list[str]) -> Path:
    notes = {
        "themes/power.md": "---\nid: power\ntitle: Power\nsummary: Who decides.\n---\n\n"
        + "".join(f"Cited [@{k}].\n" for k in keys)
    }
    lit = write_literature(tmp_path / "lit", bib=_bib(keys), notes=notes)
    if csv_name:
        shutil.copy(ROBVIS / csv_name, lit / csv_name)
    config = lit / "evidencesite.yml"
    config.write_text(config.read_text() + "\nworks: {expect: [title, year]}\n" + block)
    return lit


def _robvis_rows(name: str) -> list[dict[str, str]]:
    with (ROBVIS / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _mapped(rows: list[dict[str, str]]) -> tuple[list[str], str]:
    keys = [f"study{row['Study'].split()[-1]}" for row in rows]
    mapping = ", ".join(f"{row['Study']}: {key}" for row, key in zip(rows, keys, strict=True))
    return keys, f"  studies: {{{mapping}}}\n"


BADGE = re.compile(
    r'<span class="judgement"[^>]*><span class="symbol"[^>]*>[^<]*</span> ([^<]+)</span>'
)


@pytest.mark.parametrize("tool", list(TOOLS))
def test_robvis_example_csv_builds_as_robvis_draws_it(tmp_path: Path, tool: str) -> None:
    rows = _robvis_rows(TOOLS[tool])
    keys, studies = _mapped(rows)
    block = f"appraisal:\n  tool: {tool}\n  file: {TOOLS[tool]}\n{studies}"
    outcome = run(_review(tmp_path, TOOLS[tool], block, keys))
    assert outcome.errors == 0, [str(p) for p in outcome.problems]
    assert outcome.pages is not None
    page = outcome.pages["appraisal/index.md"]
    preset = PRESETS[tool]
    columns = [*(d.id for d in preset.domains), "Overall"]
    # the traffic-light table: one row per study, each judgement as robvis's file has it
    table = page[page.index("{ #by-work }") : page.index("{ #by-domain }")]
    for row, key in zip(rows, keys, strict=True):
        line = next(t for t in table.splitlines() if f"references/{key}.md" in t)
        assert BADGE.findall(line) == [row[c] for c in columns], key
    # the summary chart's table: counts per domain and judgement
    summary = page[page.index("{ #by-domain }") :]
    header = next(t for t in summary.splitlines() if t.startswith("| Domain |"))
    labels = BADGE.findall(header)
    for column in columns:
        line = next(t for t in summary.splitlines() if t.startswith(f"| {column}"))
        counts = [int(c) for c in line.strip("| ").split(" | ")[1:]]
        assert counts == [sum(r[column] == label for r in rows) for label in labels], column
        assert sum(counts) == len(rows)
    assert "<svg" in summary and "<desc" in summary
    # evidence.json holds the same judgements, and its schema validates it
    data = json.loads(outcome.pages["data/evidence.json"])
    schema = json.loads(outcome.pages["data/evidence.schema.json"])
    jsonschema.Draft202012Validator(schema).validate(data)
    by_key = {s["key"]: s for s in data["appraisal"]["studies"]}
    for row, key in zip(rows, keys, strict=True):
        shown = {
            c: preset.judgement(by_key[key]["judgements"][c]["judgement"]).label for c in columns
        }
        assert shown == {c: row[c] for c in columns}
    # each work's page shows its own
    ref_page = outcome.pages[f"references/{keys[0]}.md"]
    assert BADGE.findall(ref_page[ref_page.index("{ #appraisal") :]) == [
        rows[0][c] for c in columns
    ]


def _problems(
    tmp_path: Path, csv_text: str, block_extra: str = "", tool: str = "rob2"
) -> list[tuple[str, int, str]]:
    keys = ["study1", "study2"]
    lit = _review(tmp_path, "", f"appraisal:\n  tool: {tool}\n  file: rob.csv\n{block_extra}", keys)
    (lit / "rob.csv").write_text(csv_text, encoding="utf-8")
    outcome = run(lit)
    assert outcome.pages is None
    return [(Path(p.location.path).name, p.location.line, p.message) for p in outcome.problems]


HEADER = "Study,D1,D2,D3,D4,D5,Overall\n"


def test_an_unknown_study_is_an_error_at_its_line_with_did_you_mean(tmp_path: Path) -> None:
    found = _problems(
        tmp_path, HEADER + "study1,Low,Low,Low,Low,Low,Low\nstudyy1,Low,Low,Low,Low,Low,Low\n"
    )
    assert found == [
        (
            "rob.csv",
            3,
            "unknown study 'studyy1': no work in the bibliography has that cite key; "
            "did you mean 'study1'? (map a name to a key under appraisal: studies:)",
        )
    ]


def test_a_judgement_the_tool_does_not_allow_is_an_error_at_its_line(tmp_path: Path) -> None:
    found = _problems(
        tmp_path, HEADER + "study1,Low,Low,Low,Low,Low,Low\nstudy2,Low,Moderate,Low,Low,Low,Hihg\n"
    )
    assert found == [
        (
            "rob.csv",
            3,
            "'Hihg' (Overall of 'study2') is not a judgement of RoB 2; did you mean "
            "'High'? (allowed: Low, Some concerns, High, No information, Not applicable)",
        ),
        (
            "rob.csv",
            3,
            "'Moderate' (D2 of 'study2') is not a judgement of RoB 2 "
            "(allowed: Low, Some concerns, High, No information, Not applicable)",
        ),
    ]


def test_a_missing_domain_is_an_error_on_the_header_line(tmp_path: Path) -> None:
    found = _problems(tmp_path, "Study,D1,D2,D3,D4,Overall\nstudy1,Low,Low,Low,Low,Low\n")
    assert found == [
        (
            "rob.csv",
            1,
            "column 'D5' (Bias in selection of the reported result) is missing "
            "(RoB 2's columns: Study, D1, D2, D3, D4, D5, Overall, Weight)",
        )
    ]


def test_an_unknown_column_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    found = _problems(tmp_path, "Study,D1,D2,D3,D4,D5,Overal\nstudy1,Low,Low,Low,Low,Low,Low\n")
    assert (
        "rob.csv",
        1,
        "unknown column 'Overal'; did you mean 'Overall'? "
        "(RoB 2's columns: Study, D1, D2, D3, D4, D5, Overall, Weight)",
    ) in found


def test_an_empty_judgement_is_an_error_at_its_line(tmp_path: Path) -> None:
    found = _problems(tmp_path, HEADER + "study1,Low,,Low,Low,Low,Low\n")
    assert found == [("rob.csv", 2, "'study1' has no judgement for D2")]


def test_an_unknown_tool_is_an_error_in_evidencesite_yml(tmp_path: Path) -> None:
    found = _problems(tmp_path, HEADER, tool="rob-2")
    assert [(f, m) for f, _, m in found] == [
        (
            "evidencesite.yml",
            "'rob-2' is not an appraisal tool; did you mean 'rob2'? (tools: "
            "rob2, robins-i, quadas-2, casp-qualitative; or give your own: name, domains and judgements)",
        )
    ]


YAML_FORM = """\
- study: study1
  Q1: {judgement: Yes, justification: Aims stated on page 2.}
  Q2: {judgement: "Can't tell", justification: Not said.}
  Q3: {judgement: no, justification: No design given.}
  Q4: {judgement: yes, justification: Purposive sample.}
  Q5: {judgement: yes, justification: Interviews.}
  Q6: {judgement: no, justification: Not discussed.}
  Q7: {judgement: yes, justification: Ethics approval.}
  Q8: {judgement: yes, justification: Thematic analysis.}
  Q9: {judgement: yes, justification: Clear.}
  Q10: {judgement: yes, justification: Useful.}
"""


def test_the_yaml_form_keeps_a_justification_for_each_judgement(tmp_path: Path) -> None:
    lit = _review(tmp_path, "", "appraisal:\n  tool: casp-qualitative\n  file: a.yml\n", ["study1"])
    (lit / "a.yml").write_text(YAML_FORM, encoding="utf-8")
    outcome = run(lit)
    assert outcome.pages is not None, [str(p) for p in outcome.problems]
    page = outcome.pages["references/study1.md"]
    assert "Aims stated on page 2\\." in page and "Can&#x27;t tell</span>" in page
    data = json.loads(outcome.pages["data/evidence.json"])
    q2 = data["appraisal"]["studies"][0]["judgements"]["Q2"]
    assert q2 == {"judgement": "cant-tell", "justification": "Not said."}
    # without a justification, or without a question, it is an error at its line
    broken = YAML_FORM.replace(
        "Q3: {judgement: no, justification: No design given.}", "Q3: {judgement: no}"
    )
    (lit / "a.yml").write_text(
        broken.replace("  Q10: {judgement: yes, justification: Useful.}\n", "")
    )
    found = [(p.location.line, p.message) for p in run(lit).problems]
    assert found == [
        (1, "'study1' has no judgement for Q10 (How valuable is the research?)"),
        (
            4,
            "Q3 of 'study1' needs a judgement and its justification, e.g. {judgement: Low, justification: ...}",
        ),
    ]


def test_the_example_marks_its_judgements_as_an_example(tmp_path: Path) -> None:
    lit = _review(
        tmp_path,
        "",
        "appraisal:\n  tool: casp-qualitative\n  file: a.yml\n  example: true\n",
        ["study1"],
    )
    (lit / "a.yml").write_text(YAML_FORM, encoding="utf-8")
    pages = run(lit).pages
    assert pages is not None
    sentence = "These judgements are an example"
    assert sentence in pages["appraisal/index.md"] and sentence in pages["references/study1.md"]


def test_a_finding_shows_the_appraisal_beside_methodological_limitations(tmp_path: Path) -> None:
    """The fixture's assessed recommendation cites both works: their overall judgements
    are inside its assessment, after the CERQual components."""
    lit = write_literature(tmp_path / "lit")
    (lit / "rob.csv").write_text(HEADER + "ostrom1996crossing,Low,Low,Low,Low,High,High\n")
    config = lit / "evidencesite.yml"
    config.write_text(config.read_text() + "\nappraisal:\n  tool: rob2\n  file: rob.csv\n")
    pages = run(lit).pages
    assert pages is not None
    page = pages["recommendations/redistribute-power.md"]
    section = page[page.index("| Methodological limitations |") : page.index("## Related")]
    assert "for *Methodological limitations*:" in section
    assert re.search(r"ostrom1996crossing\.md>\) \| <span[^|]*> High</span> \|", section)
    assert re.search(r"cahn2000no\.md>\) \| Not appraised \|", section)
    config.write_text(config.read_text() + "  component: methodological-limitation\n")
    found = [p.message for p in run(lit).problems]
    assert found == [
        "'methodological-limitation' is not a component of the confidence "
        "framework; did you mean 'methodological-limitations'?"
    ]


# --- characteristics of included studies -----------------------------------------------

CHARACTERISTICS = """\
characteristics:
  columns:
    - design
    - setting
    - {field: sample, heading: Sample size}
"""


def test_the_characteristics_table_and_its_csv_hold_the_same_rows(tmp_path: Path) -> None:
    keys = ["study1", "study2", "study3"]
    outcome = run(_review(tmp_path, "", CHARACTERISTICS, keys))
    assert outcome.pages is not None, [str(p) for p in outcome.problems]
    page = outcome.pages["studies/index.md"]
    table = [t for t in page.splitlines() if t.startswith("| [")]
    rows = list(csv.DictReader(io.StringIO(outcome.pages["studies/characteristics.csv"])))
    assert [r["key"] for r in rows] == keys and len(table) == 3
    for line, row in zip(table, rows, strict=True):
        cells = [c.replace("\\", "") for c in line.strip("| ").split(" | ")]
        assert f"references/{row['key']}.md" in cells[0]
        assert cells[1:] == [row["design"], row["setting"], row["sample"]]
    assert rows[1]["sample"] == "2 people" and rows[0]["design"] == "qualitative study"
    # each work's page shows the same
    assert "| Sample size | 1 people |" in outcome.pages["references/study1.md"]
    data = json.loads(outcome.pages["data/evidence.json"])
    jsonschema.Draft202012Validator(
        json.loads(outcome.pages["data/evidence.schema.json"])
    ).validate(data)
    assert data["characteristics"]["rows"][2] == {
        "key": "study3",
        "values": {"design": "qualitative study", "setting": "NHS", "sample": "3 people"},
    }


def test_an_unknown_vocabulary_column_is_an_error_at_its_line(tmp_path: Path) -> None:
    lit = _review(tmp_path, "", CHARACTERISTICS.replace("- setting", "- settings"), ["study1"])
    text = (lit / "evidencesite.yml").read_text().splitlines()
    line = next(i for i, t in enumerate(text, start=1) if "- settings" in t)
    found = [(p.location.line, p.message) for p in run(lit).problems if p.severity == "error"]
    assert found == [
        (
            line,
            "column 'settings' is not a vocabulary of the works; did you mean 'setting'? "
            "(a BibTeX field is written {field: settings, heading: ...})",
        )
    ]


def test_without_the_blocks_there_is_no_page_and_no_key(tmp_path: Path) -> None:
    pages = run(write_literature(tmp_path / "lit")).pages
    assert pages is not None
    assert not any(p.startswith(("studies/", "appraisal/")) for p in pages)
    data = json.loads(pages["data/evidence.json"])
    assert "appraisal" not in data and "characteristics" not in data
