"""The flow diagram (PRISMA 2020) and the search strategy (PRISMA-S), issue 26 parts 1
and 2: read from the PRISMA2020 R package's own CSV template and from YAML, every count
checked (each mistake at its line, naming the boxes), the included count checked
against the bibliography, and the pages, downloads and evidence.json they make."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from conftest import BIB, write_literature
from evidencesite.pipeline import Outcome, run

TEMPLATE = Path(__file__).parent / "data" / "prisma2020" / "PRISMA.csv"

#: The numbers of a published PRISMA 2020 flow diagram ("Identification of studies via
#: databases and registers"; databases and registers only, one reason for exclusion),
#: as the figure's published text description gives them: Figure 1 of manuscript
#: AEDS-09-2025-0494 (Emerald, Asian Education and Development Studies), described at
#: http://ftp.nowpublishers.com/view-large/figure/112918370/AEDS-09-2025-0494001.tif
#: ("PRISMA 2020 flow diagram of study selection. Source: Authors' own work, Page et
#: al. (2021)"). The article's authors, year and DOI could not be confirmed from the
#: sources available when this test was written, so they are not given here.
PUBLISHED = {
    "database_results": "162",
    "register_results": "0",
    "duplicates": "23",
    "records_screened": "139",
    "records_excluded": "25",
    "dbr_sought_reports": "114",
    "dbr_notretrieved_reports": "4",
    "dbr_assessed": "110",
    "dbr_excluded": "Abstract content, 88",
    "new_studies": "22",
    # the template's placeholders ("Reason1, xxx"...) for the parts the figure has not
    "database_specific_results": "",
    "register_specific_results": "",
    "other_excluded": "0",
}
INCLUDED = 22


def filled(numbers: dict[str, str], template: str | None = None) -> str:
    """PRISMA2020's template with the n column filled in, as a spreadsheet saves it."""
    rows = list(csv.reader(io.StringIO(template or TEMPLATE.read_text(encoding="utf-8"))))
    for row in rows[1:]:
        if row[0] in numbers:
            row[-1] = numbers[row[0]]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def included_bib(count: int) -> str:
    """The fixture's two works and ``count`` more marked included (status = included)."""
    return BIB + "".join(
        f"@article{{study{i},\n  author = {{Author, A.}},\n  title = {{Study {i}}},\n"
        f"  year = {{2021}},\n  status = {{included}}\n}}\n"
        for i in range(count)
    )


def review(
    tmp_path: Path,
    files: dict[str, str],
    block: str,
    included: int = INCLUDED,
) -> Path:
    literature = write_literature(tmp_path / "lit", included_bib(included))
    for name, content in files.items():
        (literature / name).write_text(content, encoding="utf-8")
    (literature / "review.yml").write_text(
        "title: T\nauthors: [A. Author]\nversion: '1.0'\nlast_search: 2026-11-30\n",
        encoding="utf-8",
    )
    config = literature / "evidencesite.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")
    return literature


FLOW_CSV = "flow:\n  file: PRISMA.csv\n  included: {field: status, value: included}\n"
FLOW_YML = "flow:\n  file: flow.yml\n  included: {field: status, value: included}\n"


def errors(outcome: Outcome) -> list[tuple[str, int, str]]:
    return [
        (Path(p.location.path).name, p.location.line, p.message)
        for p in outcome.problems
        if p.severity == "error"
    ]


def line_of(text: str, start: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), start=1) if ln.startswith(start))


# --- PRISMA2020's template ---------------------------------------------------------------


def test_the_template_filled_with_a_published_diagram_builds(tmp_path: Path) -> None:
    outcome = run(review(tmp_path, {"PRISMA.csv": filled(PUBLISHED)}, FLOW_CSV))
    assert errors(outcome) == []
    assert outcome.pages is not None
    page = outcome.pages["flow/index.md"]
    svg = outcome.pages["flow/prisma-flow-diagram.svg"]
    for words in ("Databases (n = 162)", "Duplicate records removed (n = 23)",
                  "Records screened (n = 139)", "Records excluded (n = 25)",
                  "Reports not retrieved (n = 4)", "Reports assessed for eligibility (n = 110)",
                  "Abstract content (n = 88)", "New studies included in review (n = 22)"):  # fmt: skip
        assert words in svg, words
        assert words.replace("(", r"\(").replace(")", r"\)") in page, words
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "| Records screened | 139 |" in page
    assert r"[flow diagram \(SVG\)](<prisma-flow-diagram.svg>)" in page
    assert "These numbers are an example" not in page  # only when the block says so
    # no other-methods route or previous studies: none was counted
    assert "other methods" not in svg and "Previous studies" not in svg
    # the numbers in evidence.json, valid against its schema
    data = json.loads(outcome.pages["data/evidence.json"])
    schema = json.loads(outcome.pages["data/evidence.schema.json"])
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    boxes = data["flow"]["boxes"]
    assert boxes["records_screened"] == {"n": 139}
    assert boxes["dbr_excluded"] == {"n": 88, "parts": [{"label": "Abstract content", "n": 88}]}
    assert len(data["flow"]["included_works"]) == INCLUDED
    assert "search_strategy" not in data


def test_the_template_as_it_ships_is_reported_at_its_placeholders(tmp_path: Path) -> None:
    """Unfilled, the template's 'Database 1, xxx' are not counts: each is named at its line."""
    outcome = run(review(tmp_path, {"PRISMA.csv": TEMPLATE.read_text(encoding="utf-8")}, FLOW_CSV))
    found = errors(outcome)
    assert ("PRISMA.csv", 7, "'database_specific_results': the count of 'Database 1' must be "
            "a whole number of 0 or more, not 'xxx'") in found  # fmt: skip
    assert {line for _, line, _ in found} == {7, 9, 24, 26}
    assert outcome.pages is None


def _edit(row: str, value: str) -> dict[str, str]:
    return {**PUBLISHED, row: value}


#: Each mistake in the template: the file, then the expected line and message.
CSV_MISTAKES = {
    "arithmetic mismatch": (
        filled(_edit("records_screened", "140")),
        17,
        "'records_screened' is 140 (line 17), not database_results + register_results - "
        "duplicates - excluded_automatic - excluded_other = 139: database_results 162 (line 6), "
        "register_results 0 (line 8), duplicates 23 (line 14), excluded_automatic 0 (line 15), "
        "excluded_other 0 (line 16)",
    ),
    "reports assessed": (
        filled(_edit("dbr_assessed", "111")),
        23,
        "'dbr_assessed' is 111 (line 23), not dbr_sought_reports - dbr_notretrieved_reports "
        "= 110: dbr_sought_reports 114 (line 19), dbr_notretrieved_reports 4 (line 20)",
    ),
    "negative count": (
        filled(_edit("duplicates", "-23")),
        14,
        "'duplicates' must be a whole number of 0 or more, not '-23'",
    ),
    "not a whole number": (
        filled(_edit("records_excluded", "25.5")),
        18,
        "'records_excluded' must be a whole number of 0 or more, not '25.5'",
    ),
    "unknown box": (
        filled(PUBLISHED).replace("records_excluded,", "record_excluded,"),
        18,
        "unknown box 'record_excluded'; did you mean 'records_excluded'?",
    ),
    "unknown column": (
        filled(PUBLISHED).replace(",url,n", ",link,n", 1),
        1,
        "unknown column 'link' in PRISMA2020's template",
    ),
    "missing box": (
        "".join(
            ln
            for ln in filled(PUBLISHED).splitlines(keepends=True)
            if not ln.startswith("records_screened,")
        ),
        1,
        "the diagram needs the box 'records_screened'",
    ),
    "reason that is not a count": (
        filled(_edit("dbr_excluded", "Abstract content, many")),
        24,
        "'dbr_excluded': the count of 'Abstract content' must be a whole number of 0 or more, "
        "not 'many'",
    ),
}


@pytest.mark.parametrize("mistake", list(CSV_MISTAKES))
def test_each_mistake_in_the_template_is_named_at_its_line(tmp_path: Path, mistake: str) -> None:
    content, line, message = CSV_MISTAKES[mistake]
    outcome = run(review(tmp_path, {"PRISMA.csv": content}, FLOW_CSV))
    found = errors(outcome)
    assert found[0][:2] == ("PRISMA.csv", line), found
    assert found[0][2].startswith(message), found
    assert outcome.pages is None


def test_the_included_count_is_checked_against_the_bibliography(tmp_path: Path) -> None:
    outcome = run(review(tmp_path, {"PRISMA.csv": filled(PUBLISHED)}, FLOW_CSV, included=21))
    assert errors(outcome) == [
        ("PRISMA.csv", 27,
         "'new_studies' is 22 but the bibliography has 21 works whose 'status' holds 'included'"),
    ]  # fmt: skip


def test_by_default_every_work_counts_as_included(tmp_path: Path) -> None:
    outcome = run(
        review(tmp_path, {"PRISMA.csv": filled(PUBLISHED)}, "flow:\n  file: PRISMA.csv\n")
    )
    [(name, line, message)] = errors(outcome)
    assert (name, line) == ("PRISMA.csv", 27)
    assert message.startswith("'new_studies' is 22 but the bibliography has 24 works (every work")


def test_a_mistake_in_the_block_is_reported_in_evidencesite_yml(tmp_path: Path) -> None:
    block = "flow:\n  file: PRISMA.csv\n  includd: {field: status}\n"
    outcome = run(review(tmp_path, {"PRISMA.csv": filled(PUBLISHED)}, block))
    assert any(
        name == "evidencesite.yml"
        and "unknown key 'includd' in 'flow'; did you mean 'included'?" in m
        for name, _, m in errors(outcome)
    ), errors(outcome)


# --- the plainer YAML form, an updated review with other methods -------------------------

FLOW_YAML = """\
previous_studies: 2
previous_reports: 3
database_results:
  MEDLINE: 40
  Embase: 60
register_results: 5
duplicates: 30
records_screened: 75
records_excluded: 60
dbr_sought_reports: 15
dbr_notretrieved_reports: 1
dbr_assessed: 14
dbr_excluded:
  Wrong population: 5
  Wrong design: 4
website_results: 6
citations_results: 4
other_sought_reports: 5
other_notretrieved_reports: 0
other_assessed: 5
other_excluded:
  Not empirical: 3
new_studies: 6
new_reports: 7
total_studies: 8
total_reports: 10
"""


def test_the_yaml_form_draws_both_routes_and_the_previous_studies(tmp_path: Path) -> None:
    outcome = run(review(tmp_path, {"flow.yml": FLOW_YAML}, FLOW_YML + "  example: true\n", 10))
    assert errors(outcome) == []
    assert outcome.pages is not None
    page, svg = outcome.pages["flow/index.md"], outcome.pages["flow/prisma-flow-diagram.svg"]
    for words in ("Identification of new studies via other methods", "Previous studies",
                  "Total studies included in review (n = 8)", "Embase (n = 60)",
                  "Wrong design (n = 4)", "Not empirical (n = 3)"):  # fmt: skip
        assert words in svg, words
    assert '!!! warning "These numbers are an example"' in page
    assert "checked box" not in page


YAML_MISTAKES = {
    "arithmetic": (
        FLOW_YAML.replace("new_reports: 7", "new_reports: 8"),
        "new_reports: 8",
        "'new_reports' is 8 (line 24), not dbr_assessed - dbr_excluded + other_assessed - "
        "other_excluded = 7",
    ),
    "updated total": (
        FLOW_YAML.replace("total_studies: 8", "total_studies: 9"),
        "total_studies",
        "'total_studies' is 9 (line 25), not previous_studies + new_studies = 8",
    ),
    "unknown box": (
        FLOW_YAML.replace("duplicates:", "duplicate:"),
        "duplicate:",
        "unknown box 'duplicate'; did you mean 'duplicates'?",
    ),
    "negative reason": (
        FLOW_YAML.replace("Wrong design: 4", "Wrong design: -4"),
        "  Wrong design",
        "'dbr_excluded': the count of 'Wrong design' must be a whole number of 0 or more, not '-4'",
    ),
}


@pytest.mark.parametrize("mistake", list(YAML_MISTAKES))
def test_each_mistake_in_the_yaml_form_is_named_at_its_line(tmp_path: Path, mistake: str) -> None:
    content, start, message = YAML_MISTAKES[mistake]
    outcome = run(review(tmp_path, {"flow.yml": content}, FLOW_YML, 10))
    found = errors(outcome)
    assert found[0][:2] == ("flow.yml", line_of(content, start)), found
    assert found[0][2].startswith(message), found


# --- the search strategy (PRISMA-S) --------------------------------------------------------

SEARCH_YML = """\
sources:
  - name: MEDLINE
    type: database
    platform: Ovid
    searched: 2026-11-30
    limits: English language
    records: 40
    strategy: |
      1. exp Community Participation/
      2. ```co-production```.ti,ab.
      3. 1 or 2
  - name: Embase
    type: database
    platform: Elsevier
    searched: 2026-11-29
    records: 60
    strategy: "'co-production':ti,ab"
  - name: Experts in the field
    type: experts
    searched: 2026-11-20
"""
STRATEGY = "search_strategy:\n  file: search.yml\n"


def test_the_search_strategy_page_gives_each_source_and_its_search(tmp_path: Path) -> None:
    files = {"flow.yml": FLOW_YAML, "search.yml": SEARCH_YML}
    outcome = run(review(tmp_path, files, FLOW_YML + STRATEGY, 10))
    assert errors(outcome) == []
    assert outcome.pages is not None
    page = outcome.pages["search-strategy/index.md"]
    assert "last searched on **30 November 2026**" in page
    assert "## MEDLINE \\(Ovid\\) { #medline }" in page
    # the search as written, in a code block longer than any run of backticks in it
    assert (
        "```` text\n1. exp Community Participation/\n2. ```co-production```.ti,ab.\n3. 1 or 2\n````"
        in page
    )
    assert outcome.pages["search-strategy/medline.txt"] == (
        "1. exp Community Participation/\n2. ```co-production```.ti,ab.\n3. 1 or 2\n"
    )
    assert "[the MEDLINE search as text](<medline.txt>)" in page
    assert "search-strategy/experts-in-the-field.txt" not in outcome.pages  # no string
    assert "'co-production':ti,ab" in outcome.pages["search-strategy/search-strategies.txt"]
    data = json.loads(outcome.pages["data/evidence.json"])
    assert [s["name"] for s in data["search_strategy"]["sources"]] == [
        "MEDLINE", "Embase", "Experts in the field",
    ]  # fmt: skip
    schema = json.loads(outcome.pages["data/evidence.schema.json"])
    jsonschema.Draft202012Validator(schema).validate(data)


SEARCH_MISTAKES = {
    "searched after the last search": (
        SEARCH_YML.replace("searched: 2026-11-29", "searched: 2026-12-01"),
        "    searched: 2026-12-01",
        "'Embase' was searched on 2026-12-01, after the last search in review.yml (2026-11-30)",
    ),
    "last search not in the strategy": (
        SEARCH_YML.replace("searched: 2026-11-30", "searched: 2026-11-28"),
        "    searched: 2026-11-29",
        "review.yml's last_search is 2026-11-30 but the newest search here is 2026-11-29",
    ),
    "records against the flow diagram": (
        SEARCH_YML.replace("records: 60", "records: 61"),
        "    records: 61",
        "'Embase' found 61 records, but the flow diagram's 'database_results' gives 60",
    ),
    "database without its search": (
        SEARCH_YML.replace("    strategy: \"'co-production':ti,ab\"\n", ""),
        "  - name: Embase",
        "source 'Embase' needs 'strategy': the full search as run (PRISMA-S item 8)",
    ),
    "unknown type": (
        SEARCH_YML.replace("type: experts", "type: expert"),
        "    type: expert",
        "'type' 'expert' is not one of database, register, website, citations, experts, other; "
        "did you mean 'experts'?",
    ),
}


@pytest.mark.parametrize("mistake", list(SEARCH_MISTAKES))
def test_each_mistake_in_the_search_strategy_is_named_at_its_line(
    tmp_path: Path, mistake: str
) -> None:
    content, start, message = SEARCH_MISTAKES[mistake]
    files = {"flow.yml": FLOW_YAML, "search.yml": content}
    outcome = run(review(tmp_path, files, FLOW_YML + STRATEGY, 10))
    found = errors(outcome)
    assert found[0][:2] == ("search.yml", line_of(content, start)), found
    assert found[0][2].startswith(message), found


def test_without_their_blocks_there_is_no_page(tmp_path: Path) -> None:
    outcome = run(write_literature(tmp_path / "lit"))
    assert outcome.pages is not None
    assert not any(re.match(r"(flow|search-strategy)/", path) for path in outcome.pages)
    assert '"flow"' not in outcome.pages["data/evidence.json"]
