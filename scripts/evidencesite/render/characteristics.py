"""Characteristics of included studies: one table of every work the review includes,
one row each and linked to its page, with the columns the review chooses (its
vocabularies on works, and any BibTeX field: sample size, aim...), and the same table
as a CSV file. A plain table that works without JavaScript; filter.js adds sorting and
filtering. Each work's page shows the same characteristics ("About this work").

Its block of evidencesite.yml::

    characteristics:
      works: all              # or cited: only the works some note cites
      columns:
        - design              # a vocabulary on references: its heading and labels
        - {field: sample, heading: Sample size}   # any BibTeX field
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass

import yaml

from ..config import Reader
from ..model import Location, Problem, Reference, Review
from ..shape import Shape, Vocabulary
from ..suggest import did_you_mean
from .common import Site, front_matter, link, text
from .guidance import page_url

FAMILY = "studies"
WORKS = ("all", "cited")


@dataclass(frozen=True)
class Column:
    """One column of the table: a vocabulary of the works, or a BibTeX field."""

    name: str
    """The vocabulary's name or the BibTeX field."""
    heading: str = ""
    """A field's heading; '' for a vocabulary (its own heading)."""
    line: int = 0
    """Its line in evidencesite.yml."""

    @property
    def is_field(self) -> bool:
        return bool(self.heading)


@dataclass(frozen=True)
class Characteristics:
    """The characteristics block, read."""

    columns: tuple[Column, ...]
    works: str = "all"
    shown: str = ""
    """evidencesite.yml as the user would type its path (for later messages)."""

    @property
    def fields(self) -> tuple[str, ...]:
        """The BibTeX fields it reads (a vocabulary's is read already)."""
        return tuple(c.name for c in self.columns if c.is_field)


def read(reader: Reader, node: yaml.Node, kinds: tuple[str, ...]) -> Characteristics:
    found = reader.mapping(node, "'characteristics'", ("columns",), ("works",))
    works = "all"
    if "works" in found:
        works = reader.text(found["works"], "'works'")
        if works not in WORKS:
            hint = did_you_mean(works, WORKS)
            reader.error(found["works"], f"'works' is all or cited, not '{works}'{hint}")
    columns: list[Column] = []
    for item in reader.items(found.get("columns"), "'columns'") if "columns" in found else []:
        line = item.start_mark.line + 1
        if isinstance(item, yaml.MappingNode):
            spec = reader.mapping(item, "a column", ("field", "heading"), ())
            if "field" in spec and "heading" in spec:
                name = reader.text(spec["field"], "a column's field").lower()
                columns.append(Column(name, reader.text(spec["heading"], "its heading"), line))
        else:
            columns.append(Column(reader.text(item, "a column"), "", line))
    if "columns" in found and not columns:
        reader.error(found["columns"], "'columns' needs at least one column")
    names = [c.name for c in columns]
    for column in columns:
        if names.count(column.name) > 1 and names.index(column.name) != columns.index(column):
            reader.error_at(column.line, f"column '{column.name}' is given twice")
    return Characteristics(tuple(columns), works, reader.shown)


def fields_of(block: object) -> tuple[str, ...]:
    return block.fields if isinstance(block, Characteristics) else ()


def check(review: Review) -> list[Problem]:
    """A column written as a bare name must be one of the works' vocabularies."""
    shape = review.shape
    block = shape.block("characteristics", Characteristics) if shape else None
    if shape is None or block is None:
        return []
    names = [v.name for v in shape.reference_vocabularies]
    problems = []
    for column in block.columns:
        if not column.is_field and column.name not in names:
            message = (
                f"column '{column.name}' is not a vocabulary of the works"
                f"{did_you_mean(column.name, names)} (a BibTeX field is written "
                f"{{field: {column.name}, heading: ...}})"
            )
            problems.append(Problem(Location(block.shown, column.line), "error", message))
    return problems


def block(site: Site) -> Characteristics | None:
    return site.shape.block("characteristics", Characteristics)


def included(site: Site, chosen: Characteristics) -> list[Reference]:
    """The works in the table, in the bibliography's order."""
    refs = list(site.sorted_refs)
    if chosen.works == "cited":
        refs = [r for r in refs if site.cited_in.get(r.key)]
    return refs


def _vocabulary(shape: Shape, column: Column) -> Vocabulary | None:
    return None if column.is_field else shape.vocabulary(column.name)


def heading(shape: Shape, column: Column) -> str:
    vocabulary = _vocabulary(shape, column)
    return vocabulary.heading if vocabulary is not None else column.heading


def value(shape: Shape, column: Column, ref: Reference) -> str:
    """A work's value in a column as readers see it ('' when none is recorded)."""
    vocabulary = _vocabulary(shape, column)
    if vocabulary is None:
        return ref.get(column.name)
    order = {key: i for i, key in enumerate(vocabulary.values)}
    keys = sorted(vocabulary.split(ref.get(column.name)), key=lambda v: order.get(v, -1))
    return ", ".join(vocabulary.values.get(key, key) for key in keys)


def details(site: Site, ref: Reference) -> list[tuple[str, str]]:
    """The characteristics a work's page adds to "About this work": the BibTeX fields
    (its vocabularies are there already), as (heading, Markdown)."""
    chosen = block(site)
    if chosen is None:
        return []
    return [
        (column.heading, text(shown))
        for column in chosen.columns
        if column.is_field and (shown := value(site.shape, column, ref))
    ]


def csv_path(site: Site) -> str:
    return site.urls.page(FAMILY, "characteristics.csv")


def table_csv(site: Site, chosen: Characteristics) -> str:
    """The table as a spreadsheet: the work's key, citation and page, then each column
    by its field name, with the values readers see."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["key", "citation", "url", *(c.name for c in chosen.columns)])
    for ref in included(site, chosen):
        writer.writerow(
            [
                ref.key,
                _csv_safe(site.cite.item(ref)),
                page_url(site, site.ref_page(ref)),
                *(_csv_safe(value(site.shape, c, ref)) for c in chosen.columns),
            ]
        )
    return buffer.getvalue()


def _csv_safe(cell: str) -> str:
    """Stop spreadsheets from running a cell as a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _cell(shown: str) -> str:
    return text(shown)  # escapes '|' too: a value cannot end its cell


def pages(site: Site) -> dict[str, str]:
    chosen = block(site)
    if chosen is None:
        return {}
    page = site.urls.page(FAMILY)
    words = site.words
    refs = included(site, chosen)
    title = words("studies.title")
    headings = [heading(site.shape, c) for c in chosen.columns]
    lines = [
        *front_matter(title, words("studies.description"), wide=True),
        f"# {text(title)}",
        "",
        site.say_count(
            "studies.intro",
            len(refs),
            csv=link(words("studies.csv"), page, csv_path(site)),
        ),
        "",
        _filter_form(site),
        "",
        '<div class="study-table" markdown="1">',
        "",
        "| " + " | ".join([site.say("studies.work"), *(_cell(h) for h in headings)]) + " |",
        "|" + "---|" * (len(headings) + 1),
    ]
    missing = site.say("studies.not_recorded")
    for ref in refs:
        work = link(site.cite.item(ref), page, site.ref_page(ref), ref.title)
        cells = [
            _cell(shown) if (shown := value(site.shape, c, ref)) else missing
            for c in chosen.columns
        ]
        lines.append("| " + " | ".join([work, *cells]) + " |")
    lines += ["", "</div>", ""]
    return {page: "\n".join(lines), csv_path(site): table_csv(site, chosen)}


def _filter_form(site: Site) -> str:
    """The table's filter: hidden until filter.js runs (the table stays whole without it)."""
    words = site.words
    return (
        '<form id="study-filter" class="reference-filter" hidden>'
        f"<label>{html.escape(words('studies.filter'))} "
        '<input type="search" name="q" autocomplete="off"></label>'
        '<p class="filter-count" role="status" aria-live="polite"></p></form>'
    )


def evidence(site: Site) -> dict[str, object] | None:
    """The table in evidence.json: its columns and one row per work."""
    chosen = block(site)
    if chosen is None:
        return None
    shape = site.shape
    return {
        "works": chosen.works,
        "columns": [{"name": c.name, "heading": heading(shape, c)} for c in chosen.columns],
        "rows": [
            {
                "key": ref.key,
                "values": {c.name: value(shape, c, ref) or None for c in chosen.columns},
            }
            for ref in included(site, chosen)
        ],
    }


def evidence_schema(shape: Shape) -> dict[str, object]:
    chosen = shape.block("characteristics", Characteristics)
    names = [c.name for c in chosen.columns] if chosen else []
    return {
        "type": "object",
        "required": ["works", "columns", "rows"],
        "additionalProperties": False,
        "properties": {
            "works": {"enum": list(WORKS)},
            "columns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "heading"],
                    "additionalProperties": False,
                    "properties": {"name": {"enum": names}, "heading": {"type": "string"}},
                },
            },
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["key", "values"],
                    "additionalProperties": False,
                    "properties": {
                        "key": {"type": "string"},
                        "values": {
                            "type": "object",
                            "required": names,
                            "additionalProperties": False,
                            "properties": {n: {"type": ["string", "null"]} for n in names},
                        },
                    },
                },
            },
        },
    }
