"""The PRISMA 2020 flow diagram (for new and updated reviews, through databases and
registers and through other methods; usable for PRISMA-ScR), at /flow/.

Declared in evidencesite.yml::

    flow:
      file: flow.csv          # or flow.yml, in the review folder
      included: {field: keywords, value: included}   # default: every work in the .bib
      example: true           # the page says its numbers are an example

The numbers are read from the PRISMA2020 R package's own CSV template as it ships
(``inst/extdata/PRISMA.csv``: columns data,node,box,description,boxtext,tooltips,url,n;
github.com/prisma-flowdiagram/PRISMA2020), or from a plainer YAML file whose keys are
the same box names (the template's ``data`` column) and whose values are counts, or a
mapping of name: count for the boxes that list sources or reasons. Every count is
checked: whole numbers, no unknown box, the required boxes present, and the arithmetic
of the diagram (records screened = identified - removed, and so on), each mistake at
its line naming the boxes. The included count is checked against the bibliography.

The page draws the diagram as SVG with real text (also a download), gives the same
numbers in words and in a table, and puts them in evidence.json.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import wrap
from typing import Any

import yaml

from ..bibtex import read_text
from ..config import Reader
from ..model import Location, Problem, Review, split_list
from ..suggest import did_you_mean
from ..wording import Wording
from ..yamldoc import YamlProblem, duplicate_keys, read_yaml
from .common import Site, front_matter, link, text
from .evidence_map import esc

MAX_BYTES = 1024 * 1024
#: The columns of PRISMA2020's template, in its order.
COLUMNS = ("data", "node", "box", "description", "boxtext", "tooltips", "url", "n")
#: Every box of the template that holds a number ('data' column), in drawing order.
COUNTS = (
    "previous_studies", "previous_reports",
    "database_results", "register_results",
    "website_results", "organisation_results", "citations_results",
    "duplicates", "excluded_automatic", "excluded_other",
    "records_screened", "records_excluded",
    "dbr_sought_reports", "dbr_notretrieved_reports", "dbr_assessed", "dbr_excluded",
    "other_sought_reports", "other_notretrieved_reports", "other_assessed", "other_excluded",
    "new_studies", "new_reports", "total_studies", "total_reports",
    "total_studies_ma", "total_reports_ma",
)  # fmt: skip
#: Rows of the template whose count is a list of name, count; the box it details.
LISTS = {
    "database_specific_results": "database_results",
    "register_specific_results": "register_results",
    "dbr_excluded": "dbr_excluded",
    "other_excluded": "other_excluded",
}
#: Boxes that may be written as a list (YAML: a mapping of name: count).
LISTED = ("database_results", "register_results", "dbr_excluded", "other_excluded")
#: Rows of the template that are headings, not counts (their n is ignored).
HEADINGS = ("identification", "screening", "included")
#: Boxes every diagram needs (the databases and registers route and what it included).
REQUIRED = (
    "records_screened", "records_excluded", "dbr_sought_reports", "dbr_notretrieved_reports",
    "dbr_assessed", "dbr_excluded", "new_studies",
)  # fmt: skip
OTHER = (
    "website_results", "organisation_results", "citations_results", "other_sought_reports",
    "other_notretrieved_reports", "other_assessed", "other_excluded",
)  # fmt: skip
PREVIOUS = ("previous_studies", "previous_reports", "total_studies", "total_reports")
#: Boxes not drawn at 0: a review need not count reports apart from studies.
UNFILLED_HIDDEN = ("new_reports", "total_reports", "previous_reports", "total_reports_ma")


@dataclass(frozen=True)
class Part:
    """One source or one reason within a box."""

    label: str
    """As the review wrote it (a database's name, a reason for exclusion)."""
    n: int
    line: int


@dataclass(frozen=True)
class Box:
    """One count of the diagram."""

    name: str
    """The template's box name (its 'data' column): records_screened."""
    n: int
    line: int
    """Where it was given (1 for a box left out, counted as 0)."""
    parts: tuple[Part, ...] = ()
    """Its sources or reasons, when given (they add up to n)."""
    given: bool = True


@dataclass(frozen=True)
class Inclusion:
    """Which works of the bibliography the diagram's included count is checked against."""

    field: str = ""
    """A BibTeX field ('' for every work in the bibliography)."""
    value: str = ""
    """A value the field holds (one item of a list field such as keywords)."""
    box: str = ""
    """The box checked against them ('' for the first given of total_reports,
    new_reports, total_studies, new_studies)."""
    line: int = 0


@dataclass(frozen=True)
class FlowDiagram:
    """The flow diagram's block of evidencesite.yml and the numbers it read."""

    shown: str
    """The numbers' file, as messages name it."""
    boxes: dict[str, Box]
    inclusion: Inclusion = field(default_factory=Inclusion)
    example: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        """The BibTeX field it reads (the loader keeps it)."""
        return (self.inclusion.field,) if self.inclusion.field else ()

    def n(self, name: str) -> int:
        box = self.boxes.get(name)
        return box.n if box else 0

    def given(self, name: str) -> bool:
        """The box has a count (PRISMA2020's template holds 0 in every box it ships,
        so a 0 there is a box left unfilled)."""
        return self.n(name) > 0

    @property
    def other(self) -> bool:
        """Studies were also sought by other methods (a second route is drawn)."""
        return any(self.n(name) for name in OTHER)

    @property
    def previous(self) -> bool:
        """An updated review: the previous version's studies are drawn."""
        return any(self.n(name) for name in PREVIOUS)

    def checked_box(self) -> str:
        """The box the bibliography is checked against."""
        if self.inclusion.box:
            return self.inclusion.box
        for name in ("total_reports", "new_reports", "total_studies", "new_studies"):
            if self.n(name):
                return name
        return "new_studies"


# --- reading ---------------------------------------------------------------------------


def read(reader: Reader, node: yaml.Node, kinds: tuple[str, ...]) -> FlowDiagram | None:
    """The ``flow:`` block, and the file of numbers it names."""
    found = reader.mapping(node, "'flow'", ("file",), ("included", "example"))
    name = reader.text(found.get("file"), "'file' (flow.csv or flow.yml)") if found else ""
    example = reader.flag(found.get("example"), "'example'")
    inclusion = _inclusion(reader, found["included"]) if "included" in found else Inclusion()
    if not name:
        return None
    folder: Path | None = getattr(reader, "folder", None)
    path = (folder or Path()) / name
    shown = str(Path(reader.shown).parent / name)
    if not name.endswith((".csv", ".yml", ".yaml")):
        reader.error(
            found["file"],
            f"'file' must be a .csv (PRISMA2020's template) or .yml file, not '{name}'",
        )
        return None
    if not path.is_file():
        reader.error(found["file"], f"'{name}' is not in the review folder")
        return None
    problems: list[Problem] = []
    content = read_text(path, shown, MAX_BYTES, problems)
    boxes = {}
    if content is not None:
        parse = parse_csv if name.endswith(".csv") else parse_yaml
        boxes = parse(content, shown, problems)
        if not problems:
            problems += arithmetic(FlowDiagram(shown, boxes), shown)
        if inclusion.box and inclusion.box not in COUNTS:
            hint = did_you_mean(inclusion.box, COUNTS)
            reader.error_at(
                inclusion.line, f"'box' '{inclusion.box}' is not a box of the diagram{hint}"
            )
    for problem in problems:
        reader.problems.append(problem)
        reader.ok = reader.ok and problem.severity != "error"
    return FlowDiagram(shown, boxes, inclusion, example) if reader.ok else None


def _inclusion(reader: Reader, node: yaml.Node) -> Inclusion:
    found = reader.mapping(node, "'included'", (), ("field", "value", "box"))
    if ("field" in found) != ("value" in found):
        reader.error(node, "'included' needs both 'field' and 'value' (or neither: every work)")
    return Inclusion(
        reader.text(found["field"], "'field'").lower() if "field" in found else "",
        reader.text(found["value"], "'value'") if "value" in found else "",
        reader.text(found["box"], "'box'") if "box" in found else "",
        node.start_mark.line + 1,
    )


_COUNT = re.compile(r"\d+")


def _count(raw: str, what: str, at: Location, problems: list[Problem]) -> int | None:
    value = raw.strip()
    if _COUNT.fullmatch(value):
        return int(value)
    shown = value or "nothing"
    problems.append(
        Problem(at, "error", f"{what} must be a whole number of 0 or more, not '{shown}'")
    )
    return None


def _parts(raw: str, box: str, at: Location, problems: list[Problem]) -> tuple[Part, ...]:
    """'Reason 1, 12; Reason 2, 3' (the template's form) -> parts."""
    parts = []
    for item in raw.split(";"):
        if not item.strip():
            continue
        label, comma, number = item.rpartition(",")
        if not comma or not label.strip():
            message = f"'{box}': '{item.strip()}' must be a name and a count, e.g. 'MEDLINE, 120'"
            problems.append(Problem(at, "error", message))
            continue
        n = _count(number, f"'{box}': the count of '{label.strip()}'", at, problems)
        if n is not None:
            parts.append(Part(" ".join(label.split()), n, at.line))
    return tuple(parts)


def parse_csv(content: str, shown: str, problems: list[Problem]) -> dict[str, Box]:
    """PRISMA2020's CSV template, as the package ships it (with the numbers filled in)."""
    lines = content.splitlines(keepends=True)
    rows = csv.reader(lines)
    header = next(rows, [])
    columns = [c.strip() for c in header]
    for column in columns:
        if column not in COLUMNS:
            hint = did_you_mean(column, COLUMNS)
            message = f"unknown column '{column}' in PRISMA2020's template{hint}"
            problems.append(Problem(Location(shown, 1), "error", message))
    for column in ("data", "n"):
        if column not in columns:
            message = f"the template needs the column '{column}' (its columns: {','.join(COLUMNS)})"
            problems.append(Problem(Location(shown, 1), "error", message))
    if problems:
        return {}
    data, count = columns.index("data"), columns.index("n")
    boxes: dict[str, Box] = {}
    details: dict[str, tuple[Part, ...]] = {}
    seen: dict[str, int] = {}
    end = 1
    for row in rows:
        line, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        name = row[data].strip() if data < len(row) else ""
        if name in ("", "NA") or name in HEADINGS:
            continue  # a title box of the template: its words are the catalogue's
        at = Location(shown, line)
        if name not in COUNTS and name not in LISTS:
            hint = did_you_mean(name, (*COUNTS, *LISTS))
            problems.append(Problem(at, "error", f"unknown box '{name}'{hint}"))
            continue
        if name in seen:
            message = f"box '{name}' is given twice (first at line {seen[name]})"
            problems.append(Problem(at, "error", message))
            continue
        seen[name] = line
        raw = row[count] if count < len(row) else ""
        if name in LISTS and ("," in raw or ";" in raw):
            parts = _parts(raw, name, at, problems)
            details[LISTS[name]] = parts
            if name in COUNTS:
                boxes[name] = Box(name, sum(p.n for p in parts), line, parts)
            continue
        if name in LISTS and name not in COUNTS:
            continue  # a specific-results row left at 0 or empty
        n = _count(raw, f"'{name}'", at, problems)
        if n is not None:
            boxes[name] = Box(name, n, line)
    for name, parts in details.items():
        total = boxes.get(name)
        if total is None or name in ("dbr_excluded", "other_excluded"):
            continue
        added = sum(p.n for p in parts)
        if total.n == 0:
            boxes[name] = Box(name, added, total.line, parts)
        elif total.n != added:
            line = parts[0].line if parts else total.line
            message = (
                f"'{name}' is {total.n} (line {total.line}) but its sources add up to "
                f"{added}: {_sum_text(parts)}"
            )
            problems.append(Problem(Location(shown, line), "error", message))
        else:
            boxes[name] = Box(name, total.n, total.line, parts)
    _required(boxes, shown, problems)
    return _complete(boxes)


def parse_yaml(content: str, shown: str, problems: list[Problem]) -> dict[str, Box]:
    """The plainer form: box: count, or box: {name: count, ...} for the boxes that list
    sources or reasons (database_results, register_results, dbr_excluded, other_excluded)."""
    try:
        _, node = read_yaml(content)
    except YamlProblem as problem:
        problems.append(Problem(Location(shown, problem.line + 1), "error", problem.message))
        return {}
    for line, key in duplicate_keys(node):
        problems.append(Problem(Location(shown, line + 1), "error", f"'{key}' is given twice"))
    if not isinstance(node, yaml.MappingNode):
        message = "must map each box to its count, e.g. 'records_screened: 512'"
        problems.append(Problem(Location(shown, 1), "error", message))
        return {}
    boxes: dict[str, Box] = {}
    for key, value in node.value:
        name, line = str(key.value), key.start_mark.line + 1
        at = Location(shown, line)
        if name not in COUNTS:
            problems.append(
                Problem(at, "error", f"unknown box '{name}'{did_you_mean(name, COUNTS)}")
            )
            continue
        if isinstance(value, yaml.MappingNode) and name in LISTED:
            parts = []
            for label, number in value.value:
                where = Location(shown, number.start_mark.line + 1)
                raw = str(number.value) if isinstance(number, yaml.ScalarNode) else "a list"
                n = _count(raw, f"'{name}': the count of '{label.value}'", where, problems)
                if n is not None:
                    parts.append(Part(" ".join(str(label.value).split()), n, where.line))
            boxes[name] = Box(name, sum(p.n for p in parts), line, tuple(parts))
            continue
        if not isinstance(value, yaml.ScalarNode):
            listed = " or a mapping of name: count" if name in LISTED else ""
            problems.append(Problem(at, "error", f"'{name}' must be a count{listed}"))
            continue
        n = _count(str(value.value), f"'{name}'", at, problems)
        if n is not None:
            boxes[name] = Box(name, n, line)
    _required(boxes, shown, problems)
    return _complete(boxes)


def _required(boxes: dict[str, Box], shown: str, problems: list[Problem]) -> None:
    missing = [name for name in REQUIRED if name not in boxes]
    if "database_results" not in boxes and "register_results" not in boxes:
        missing.insert(0, "database_results")
    if missing and not problems:
        message = f"the diagram needs the box{'es' if len(missing) > 1 else ''} {_names(missing)}"
        problems.append(Problem(Location(shown, 1), "error", message))


def _complete(boxes: dict[str, Box]) -> dict[str, Box]:
    """Every box of the diagram, in order; a box left out counts 0."""
    return {name: boxes.get(name) or Box(name, 0, 1, given=False) for name in COUNTS}


def _names(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _sum_text(parts: tuple[Part, ...]) -> str:
    return " + ".join(f"{p.n} ({p.label})" for p in parts) or "none"


# --- checking --------------------------------------------------------------------------


def arithmetic(flow: FlowDiagram, shown: str) -> list[Problem]:
    """Each box against the boxes it follows from, naming them and their lines."""
    problems: list[Problem] = []
    n, boxes = flow.n, flow.boxes

    def expect(
        box: str, value: int, formula: str, names: tuple[str, ...], less: bool = False
    ) -> None:
        got = n(box)
        if (got <= value) if less else (got == value):
            return
        relation = "more than" if less else "not"
        named = ", ".join(f"{name} {n(name)} (line {boxes[name].line})" for name in names)
        message = (
            f"'{box}' is {got} (line {boxes[box].line}), {relation} {formula} = {value}: {named}"
        )
        problems.append(Problem(Location(shown, boxes[box].line), "error", message))

    identified = n("database_results") + n("register_results")
    removed = n("duplicates") + n("excluded_automatic") + n("excluded_other")
    expect(
        "records_screened", identified - removed,
        "database_results + register_results - duplicates - excluded_automatic - excluded_other",
        ("database_results", "register_results", "duplicates", "excluded_automatic",
         "excluded_other"),
    )  # fmt: skip
    expect(
        "dbr_sought_reports", n("records_screened") - n("records_excluded"),
        "records_screened - records_excluded", ("records_screened", "records_excluded"),
    )  # fmt: skip
    expect(
        "dbr_assessed", n("dbr_sought_reports") - n("dbr_notretrieved_reports"),
        "dbr_sought_reports - dbr_notretrieved_reports",
        ("dbr_sought_reports", "dbr_notretrieved_reports"),
    )  # fmt: skip
    if n("dbr_excluded") > n("dbr_assessed"):
        expect("dbr_excluded", n("dbr_assessed"), "dbr_assessed", ("dbr_assessed",), less=True)
    found_other = n("website_results") + n("organisation_results") + n("citations_results")
    expect(
        "other_sought_reports", found_other,
        "website_results + organisation_results + citations_results",
        ("website_results", "organisation_results", "citations_results"), less=True,
    )  # fmt: skip
    expect(
        "other_assessed", n("other_sought_reports") - n("other_notretrieved_reports"),
        "other_sought_reports - other_notretrieved_reports",
        ("other_sought_reports", "other_notretrieved_reports"),
    )  # fmt: skip
    reports = n("dbr_assessed") - n("dbr_excluded") + n("other_assessed") - n("other_excluded")
    routes = ("dbr_assessed", "dbr_excluded", "other_assessed", "other_excluded")
    formula = "dbr_assessed - dbr_excluded + other_assessed - other_excluded"
    if flow.given("new_reports"):
        expect("new_reports", reports, formula, routes)
        expect("new_studies", n("new_reports"), "new_reports", ("new_reports",), less=True)
    else:
        expect(
            "new_studies",
            reports,
            formula + " (give new_reports when a study has several reports)",
            routes,
        )
    if flow.given("total_studies"):
        expect(
            "total_studies", n("previous_studies") + n("new_studies"),
            "previous_studies + new_studies", ("previous_studies", "new_studies"),
        )  # fmt: skip
    if flow.given("total_reports"):
        expect(
            "total_reports", n("previous_reports") + n("new_reports"),
            "previous_reports + new_reports", ("previous_reports", "new_reports"),
        )  # fmt: skip
    return problems


def included_works(review: Review, inclusion: Inclusion) -> list[str]:
    """The keys of the works the diagram's included count is checked against."""
    if not inclusion.field:
        return list(review.references)
    wanted = inclusion.value.casefold()
    return [
        key
        for key, ref in review.references.items()
        if wanted in {v.casefold() for v in split_list(ref.get(inclusion.field))}
        or ref.get(inclusion.field).strip().casefold() == wanted
    ]


def check(review: Review) -> list[Problem]:
    """The included count against the bibliography (after loading, so the works are known)."""
    flow = review.shape.block("flow", FlowDiagram) if review.shape else None
    if flow is None:
        return []
    box = flow.checked_box()
    works = len(included_works(review, flow.inclusion))
    if flow.n(box) == works:
        return []
    rule = (
        f"works whose '{flow.inclusion.field}' holds '{flow.inclusion.value}'"
        if flow.inclusion.field
        else "works (every work in the bibliography counts as included; evidencesite.yml "
        "'flow: included: {field: ..., value: ...}' marks them)"
    )
    message = f"'{box}' is {flow.n(box)} but the bibliography has {works} {rule}"
    return [Problem(Location(flow.shown, flow.boxes[box].line), "error", message)]


# --- drawing -----------------------------------------------------------------------------

FONT = 13
LINE = 17
PAD = 8
MAIN_W, SIDE_W, GAP, BAND_W, ROW_GAP = 190, 180, 26, 28, 26
INDENT_W = 12


@dataclass
class _Shape:
    lines: list[str]
    x: float = 0
    y: float = 0
    w: float = MAIN_W
    css: str = "box"

    @property
    def h(self) -> float:
        return len(self.lines) * LINE + 2 * PAD

    @property
    def mid(self) -> float:
        return self.y + self.h / 2


#: A count in brackets at the end of a line, kept on one line when wrapped.
_LAST_BRACKETS = re.compile(r"\([^()]*\)$")
#: Marks a source or reason within a box (drawn indented).
INDENT = "\t"


def _wrapped(items: list[str], width: float) -> list[str]:
    out = []
    for item in items:
        indent = item.startswith(INDENT)
        chars = max(12, int((width - 2 * PAD - (INDENT_W if indent else 0)) / (FONT * 0.52)))
        kept = _LAST_BRACKETS.sub(lambda m: m.group().replace(" ", "\u00a0"), item.lstrip(INDENT))
        out += [INDENT * indent + line for line in (wrap(kept, chars) or [""])]
    return out


def box_lines(words: Wording, flow: FlowDiagram, name: str) -> list[str]:
    """A box's words: its label and count, then each source or reason with its count."""
    n = words.number
    box = flow.boxes[name]
    if name in UNFILLED_HIDDEN and not box.n:
        return []
    lines = [words("flow.count", label=words(f"flow.box.{name}"), count=n(box.n))]
    lines += [INDENT + words("flow.part", label=p.label, count=n(p.n)) for p in box.parts]
    return lines


def _groups(words: Wording, flow: FlowDiagram) -> dict[str, list[str]]:
    """The words of each box drawn (some draw several counts)."""

    def of(*names: str) -> list[str]:
        return [line for name in names for line in box_lines(words, flow, name)]

    groups = {
        "identified": [words("flow.identified"), *of("database_results", "register_results")],
        "removed": [
            words("flow.removed"), *of("duplicates", "excluded_automatic", "excluded_other")
        ],
        "screened": of("records_screened"),
        "excluded": of("records_excluded"),
        "sought": of("dbr_sought_reports"),
        "notretrieved": of("dbr_notretrieved_reports"),
        "assessed": of("dbr_assessed"),
        "reports_excluded": of("dbr_excluded"),
        "included": of("new_studies", "new_reports"),
    }  # fmt: skip
    if flow.other:
        groups |= {
            "other_identified": [
                words("flow.identified"),
                *of("website_results", "organisation_results", "citations_results"),
            ],
            "other_sought": of("other_sought_reports"),
            "other_notretrieved": of("other_notretrieved_reports"),
            "other_assessed": of("other_assessed"),
            "other_excluded": of("other_excluded"),
        }
    if flow.previous:
        groups["previous"] = of("previous_studies", "previous_reports")
        groups["total"] = of("total_studies", "total_reports")
    if flow.n("total_studies_ma") or flow.n("total_reports_ma"):
        groups["meta"] = of("total_studies_ma", "total_reports_ma")
    return groups


def diagram_svg(words: Wording, flow: FlowDiagram, svg_id: str, desc: str) -> str:
    """The diagram, laid out as PRISMA 2020's: a column per route (databases and
    registers; other methods; previous studies), each main box with its side box, and
    the phases (identification, screening, included) down the left."""
    groups = _groups(words, flow)
    x = BAND_W + 24
    previous_x = None
    if flow.previous:
        previous_x, x = x, x + MAIN_W + GAP
    main_x, side_x = x, x + MAIN_W + GAP
    other_x = side_x + SIDE_W + GAP
    other_side_x = other_x + MAIN_W + GAP
    width = (other_side_x + SIDE_W if flow.other else side_x + SIDE_W) + 10
    shapes: dict[str, _Shape] = {}
    for name, lines in groups.items():
        side = name in ("removed", "excluded", "notretrieved", "reports_excluded",
                        "other_notretrieved", "other_excluded")  # fmt: skip
        w = SIDE_W if side else MAIN_W
        shapes[name] = _Shape(_wrapped(lines, w), w=w)
    titles = {
        "title_dbr": (main_x, side_x + SIDE_W - main_x, words("flow.route.databases")),
    }
    if flow.other:
        titles["title_other"] = (
            other_x,
            other_side_x + SIDE_W - other_x,
            words("flow.route.other"),
        )
    if previous_x is not None:
        titles["title_previous"] = (previous_x, MAIN_W, words("flow.route.previous"))
    for name, (tx, tw, label) in titles.items():
        shapes[name] = _Shape(_wrapped([label], tw), tx, 10, tw, "route")
    top = 10 + max(s.h for n, s in shapes.items() if n.startswith("title_")) + ROW_GAP
    rows: list[list[tuple[str, float]]] = [
        [("identified", main_x), ("removed", side_x), ("other_identified", other_x),
         ("previous", previous_x or 0)],
        [("screened", main_x), ("excluded", side_x)],
        [("sought", main_x), ("notretrieved", side_x), ("other_sought", other_x),
         ("other_notretrieved", other_side_x)],
        [("assessed", main_x), ("reports_excluded", side_x), ("other_assessed", other_x),
         ("other_excluded", other_side_x)],
        [("included", main_x)],
        [("total", main_x)],
        [("meta", main_x)],
    ]  # fmt: skip
    phase_rows = {"identification": (0, 0), "screening": (1, 3), "included": (4, 6)}
    row_tops, row_bottoms = [], []
    y = top
    for row in rows:
        present = [(name, rx) for name, rx in row if name in shapes]
        row_tops.append(y)
        for name, rx in present:
            shapes[name].x, shapes[name].y = rx, y
        height = max((shapes[name].h for name, _ in present), default=-ROW_GAP)
        y += height
        row_bottoms.append(y)
        y += ROW_GAP
    height = y - ROW_GAP + 10
    out = [
        f'<svg class="flow-diagram" role="img" viewBox="0 0 {width} {height:.0f}" '
        f'width="{width}" height="{height:.0f}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" '
        'font-family="Arial, Helvetica, sans-serif" font-size="13">',
        f'<title id="{svg_id}-title">{esc(words("flow.title"))}</title>',
        f'<desc id="{svg_id}-desc">{esc(desc)}</desc>',
        "<defs>"
        f'<marker id="{svg_id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#1a1a1a"/></marker></defs>',
        f'<rect x="0" y="0" width="{width}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    for phase, (first, last) in phase_rows.items():
        spanned = [i for i in range(first, last + 1) if row_bottoms[i] > row_tops[i]]
        if not spanned:
            continue
        y0, y1 = row_tops[spanned[0]], row_bottoms[spanned[-1]]
        cx, cy = 10 + BAND_W / 2, (y0 + y1) / 2
        out.append(
            f'<rect x="10" y="{y0:.0f}" width="{BAND_W}" height="{y1 - y0:.0f}" rx="4" '
            'fill="#cfe2f3" stroke="#1a1a1a"/>'
            f'<text x="{cx:.0f}" y="{cy:.0f}" transform="rotate(-90 {cx:.0f} {cy:.0f})" '
            f'text-anchor="middle" dominant-baseline="middle" fill="#1a1a1a" '
            f'font-weight="bold">{esc(words(f"flow.phase.{phase}"))}</text>'
        )
    arrow = f'marker-end="url(#{svg_id}-arrow)"'
    lines_out: list[str] = []

    def join(points: list[tuple[float, float]]) -> None:
        d = " L".join(f"{px:.0f},{py:.0f}" for px, py in points)
        lines_out.append(
            f'<path d="M{d}" fill="none" stroke="#1a1a1a" stroke-width="1.5" {arrow}/>'
        )

    def down(a: str, b: str) -> None:
        if a in shapes and b in shapes:
            cx = shapes[a].x + shapes[a].w / 2
            join([(cx, shapes[a].y + shapes[a].h), (cx, shapes[b].y)])

    def right(a: str, b: str) -> None:
        if a in shapes and b in shapes:
            ay = shapes[a].y + min(shapes[a].h, shapes[b].h) / 2
            join([(shapes[a].x + shapes[a].w, ay), (shapes[b].x, ay)])

    for a, b in (("identified", "screened"), ("screened", "sought"), ("sought", "assessed"),
                 ("assessed", "included"), ("included", "total"),
                 ("other_identified", "other_sought"),
                 ("other_sought", "other_assessed")):  # fmt: skip
        down(a, b)
    down("total" if "total" in shapes else "included", "meta")
    for a, b in (("identified", "removed"), ("screened", "excluded"), ("sought", "notretrieved"),
                 ("assessed", "reports_excluded"), ("other_sought", "other_notretrieved"),
                 ("other_assessed", "other_excluded")):  # fmt: skip
        right(a, b)
    if "other_assessed" in shapes:
        o, i = shapes["other_assessed"], shapes["included"]
        cx = o.x + o.w / 2
        join([(cx, o.y + o.h), (cx, i.mid), (i.x + i.w, i.mid)])
    if "previous" in shapes:
        p, t = shapes["previous"], shapes["total"]
        cx = p.x + p.w / 2
        join([(cx, p.y + p.h), (cx, t.mid), (t.x, t.mid)])
    for shape in shapes.values():
        route = shape.css == "route"
        fill = "#fff2cc" if route else "#ffffff"
        out.append(
            f'<rect x="{shape.x:.0f}" y="{shape.y:.0f}" width="{shape.w:.0f}" '
            f'height="{shape.h:.0f}" rx="{6 if route else 2}" fill="{fill}" stroke="#1a1a1a"/>'
        )
        weight = ' font-weight="bold"' if route else ""
        for number, line in enumerate(shape.lines):
            ty = shape.y + PAD + LINE * number + FONT
            left = shape.x + PAD + (INDENT_W if line.startswith(INDENT) else 0)
            shown = line.lstrip(INDENT).replace("\u00a0", " ")
            out.append(
                f'<text x="{left:.0f}" y="{ty:.0f}" fill="#1a1a1a"{weight}>{esc(shown)}</text>'
            )
    out += lines_out
    out.append("</svg>")
    return "\n".join(out)


# --- the page ----------------------------------------------------------------------------


def steps(words: Wording, flow: FlowDiagram) -> list[str]:
    """The diagram in words, one sentence a box, in reading order (plain text)."""
    groups = _groups(words, flow)
    route = {"identified": words("flow.route.databases"),
             "other_identified": words("flow.route.other"),
             "previous": words("flow.route.previous")}  # fmt: skip
    out = []
    for name, indented in groups.items():
        lines = [line.lstrip(INDENT) for line in indented]
        prefix = f"{route[name]}: " if name in route else ""
        first, rest = lines[0], lines[1:]
        if first.endswith(":") and rest:
            out.append(f"{prefix}{first} {'; '.join(rest)}")
        else:
            out.append(prefix + "; ".join(lines))
    return out


def example_note(site: Site) -> list[str]:
    return ['!!! warning "' + site.words("prisma.example_title").replace('"', "'") + '"', "",
            "    " + site.say("prisma.example"), ""]  # fmt: skip


def pages(site: Site) -> dict[str, str]:
    flow = site.shape.block("flow", FlowDiagram)
    if flow is None:
        return {}
    words = site.words
    here = site.urls.page("flow")
    svg_file = site.urls.page("flow", "prisma-flow-diagram.svg")
    sentences = steps(words, flow)
    desc = " ".join(s.rstrip(".") + "." for s in sentences)
    title = words("flow.title")
    table = [f"| {site.say('flow.box')} | {site.say('flow.number')} |", "|---|---:|"]
    for name in COUNTS:
        box = flow.boxes[name]
        if not box.given and not box.n:
            continue
        table.append(f"| {text(words(f'flow.box.{name}'))} | {text(words.number(box.n))} |")
        for part in box.parts:
            table.append(f"| — {text(part.label)} | {text(words.number(part.n))} |")
    lines = [
        # wide: without the navigation and the contents, the diagram has the width
        *front_matter(title, words("flow.description"), searchable=False)[:-2],
        "hide: [navigation, toc]",
        "---",
        "",
        f"# {text(title)}",
        "",
        *(example_note(site) if flow.example else []),
        site.say(
            "flow.intro",
            in_words=link(words("flow.in_words_link"), here, here + "#in-words"),
            table=link(words("flow.table_link"), here, here + "#numbers"),
        ),
        "",
        '<div class="flow-figure" markdown="0" tabindex="0" role="region" '
        f'aria-label="{esc(title)}">',
        diagram_svg(words, flow, "flow", desc),
        "</div>",
        "",
        site.say("flow.download", link=link(words("flow.download_link"), here, svg_file)),
        "",
        f"## {site.say('flow.in_words')} {{ #in-words }}",
        "",
        *(f"{number}. {text(sentence)}" for number, sentence in enumerate(sentences, start=1)),
        "",
        f"## {site.say('flow.numbers')} {{ #numbers }}",
        "",
        *table,
        "",
        site.say("flow.checked"),
        "",
    ]
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + diagram_svg(words, flow, "flow", desc) + "\n"
    return {here: "\n".join(lines), svg_file: svg}


# --- evidence.json -------------------------------------------------------------------------


def flow_json(site: Site) -> dict[str, Any] | None:
    flow = site.shape.block("flow", FlowDiagram)
    if flow is None:
        return None
    return {
        "example": flow.example,
        "boxes": {
            name: {
                "n": box.n,
                **(
                    {"parts": [{"label": p.label, "n": p.n} for p in box.parts]}
                    if box.parts
                    else {}
                ),
            }
            for name, box in flow.boxes.items()
            if box.given or box.n
        },
        "included_works": included_works(site.review, flow.inclusion),
    }


_PART = {
    "type": "object",
    "required": ["label", "n"],
    "additionalProperties": False,
    "properties": {"label": {"type": "string"}, "n": {"type": "integer", "minimum": 0}},
}
SCHEMA: dict[str, Any] = {
    "description": "The PRISMA 2020 flow diagram's counts, by PRISMA2020's box names",
    "type": "object",
    "required": ["example", "boxes", "included_works"],
    "additionalProperties": False,
    "properties": {
        "example": {"type": "boolean"},
        "boxes": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                name: {
                    "type": "object",
                    "required": ["n"],
                    "additionalProperties": False,
                    "properties": {
                        "n": {"type": "integer", "minimum": 0},
                        "parts": {"type": "array", "items": _PART},
                    },
                }
                for name in COUNTS
            },
        },
        "included_works": {"type": "array", "items": {"type": "string"}},
    },
}
