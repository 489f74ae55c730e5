"""Quality appraisal: the judgements of each included work, domain by domain, with the
tool the review configures (a preset of appraisal_tools.py or its own), read from
robvis's CSV layout as robvis writes it (``Study,D1,...,Dn,Overall`` with an optional
``Weight``) or from a YAML form that gives a justification for each judgement.

Published as a page with a key, the domains, a traffic-light table (a symbol and a word
beside every colour) and a summary chart (SVG, with its table); on each appraised work's
page; and on each assessed finding, beside the component of the confidence framework it
informs (CERQual's methodological limitations). Its block of evidencesite.yml::

    appraisal:
      tool: rob2                 # rob2, robins-i, quadas-2, casp-qualitative
      file: appraisal.csv        # or appraisal.yml (the YAML form)
      studies: {Study 1: ostrom1996crossing}   # when the file's names are not cite keys
      component: methodological-limitations
      example: true              # the judgements are made up, and the pages say so
      # name:, domains:, judgements:, overall: replace the preset's (or define a tool)
"""

from __future__ import annotations

import csv
import html
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..config import Reader
from ..model import Location, Note, Problem, Review
from ..shape import Shape
from ..suggest import did_you_mean
from ..yamldoc import YamlProblem, read_yaml
from .appraisal_tools import PRESETS, Domain, Judgement, Tool
from .common import Site, admonition_title, front_matter, link, text
from .evidence_map import esc

FAMILY = "appraisal"
MAX_BYTES = 5 * 1024 * 1024
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
KEYS = (
    "tool",
    "file",
    "studies",
    "component",
    "example",
    "name",
    "domains",
    "judgements",
    "overall",
)
DEFAULT_COMPONENT = "methodological-limitations"


@dataclass(frozen=True)
class Rating:
    judgement: str
    """The judgement's key."""
    justification: str = ""


@dataclass(frozen=True)
class Appraised:
    """One work's row of the data file."""

    study: str
    """As the file names it."""
    key: str
    """The work's cite key (the name itself, or what ``studies:`` maps it to)."""
    ratings: tuple[tuple[str, Rating], ...]
    """Domain id (and 'Overall') -> its judgement, in the tool's order."""
    line: int
    weight: float | None = None

    def rating(self, column: str) -> Rating:
        return dict(self.ratings)[column]


@dataclass(frozen=True)
class Appraisal:
    tool: Tool
    studies: tuple[Appraised, ...]
    source: str
    """The data file, as the user would type its path."""
    shown: str
    """evidencesite.yml, as the user would type its path."""
    component: str = ""
    component_line: int = 0
    example: bool = False

    def of(self, key: str) -> Appraised | None:
        return next((s for s in self.studies if s.key == key), None)


# --- reading ---------------------------------------------------------------------------


def read(reader: Reader, node: yaml.Node, kinds: tuple[str, ...]) -> Appraisal | None:
    found = reader.mapping(node, "'appraisal'", ("file",), KEYS)
    tool = _tool(reader, node, found)
    if tool is None or "file" not in found:
        return None
    mapping: dict[str, str] = {}
    if "studies" in found:
        studies = found["studies"]
        if isinstance(studies, yaml.MappingNode):
            for k, v in studies.value:
                mapping[reader.text(k, "a study's name")] = reader.text(v, "its cite key")
        else:
            reader.error(studies, "'studies' maps each name in the file to its cite key")
    name = reader.text(found["file"], "'file'")
    path = reader.folder / name
    source = str(Path(reader.shown).parent / name)
    if not name or not path.is_file():
        reader.error(found["file"], f"the appraisal file '{name}' is not in the review folder")
        return None
    raw = path.read_bytes()[: MAX_BYTES + 1]
    if len(raw) > MAX_BYTES:
        reader.error_at(0, f"{source} is larger than {MAX_BYTES // 1024 // 1024} MB")
        return None
    content = raw.decode("utf-8-sig", errors="replace")
    at = _At(reader, source)
    if name.endswith((".yml", ".yaml")):
        rows = _from_yaml(at, tool, content)
    else:
        rows = _from_csv(at, tool, content)
    rows = [replace(r, key=mapping.get(r.study, r.study)) for r in rows]
    seen: dict[str, int] = {}
    for row in rows:
        if row.key in seen:
            at.error(row.line, f"'{row.study}' is appraised twice (first at line {seen[row.key]})")
        seen.setdefault(row.key, row.line)
    component, component_line = DEFAULT_COMPONENT, 0
    if "component" in found:
        component = reader.text(found["component"], "'component'")
        component_line = found["component"].start_mark.line + 1
    return Appraisal(
        tool,
        tuple(rows),
        source,
        reader.shown,
        component,
        component_line,
        reader.flag(found.get("example"), "'example'"),
    )


class _At:
    """Reports a mistake in the data file at its line."""

    def __init__(self, reader: Reader, source: str) -> None:
        self.reader, self.source = reader, source

    def error(self, line: int, message: str) -> None:
        self.reader.problems.append(Problem(Location(self.source, line), "error", message))
        self.reader.ok = False


def _tool(reader: Reader, node: yaml.Node, found: dict[str, yaml.Node]) -> Tool | None:
    base: Tool | None = None
    if "tool" in found:
        name = reader.text(found["tool"], "'tool'").lower()
        base = PRESETS.get(name)
        if base is None and name:
            hint = did_you_mean(name, PRESETS)
            reader.error(
                found["tool"],
                f"'{name}' is not an appraisal tool{hint} (tools: {', '.join(PRESETS)}; "
                "or give your own: name, domains and judgements)",
            )
            return None
    elif not all(k in found for k in ("name", "domains", "judgements")):
        reader.error(
            node,
            "'appraisal' needs a 'tool' (one of: "
            f"{', '.join(PRESETS)}), or a tool of its own: name, domains and judgements",
        )
        return None
    name = reader.text(found["name"], "'name'") if "name" in found else ""
    domains = _domains(reader, found["domains"]) if "domains" in found else ()
    judgements = _judgements(reader, found["judgements"]) if "judgements" in found else ()
    overall = reader.flag(found["overall"], "'overall'") if "overall" in found else True
    if base is not None:  # the preset, with what the review replaces
        name = name or base.name
        domains = domains if "domains" in found else base.domains
        judgements = judgements if "judgements" in found else base.judgements
        overall = overall if "overall" in found else base.overall
    if not domains or not judgements:
        return None
    return Tool(name, domains, judgements, overall)


def _domains(reader: Reader, node: yaml.Node) -> tuple[Domain, ...]:
    domains = []
    for item in reader.items(node, "'domains'"):
        spec = reader.mapping(item, "a domain", ("id", "name"), ("question",))
        if "id" in spec and "name" in spec:
            question = reader.text(spec["question"], "'question'") if "question" in spec else ""
            domains.append(
                Domain(
                    reader.text(spec["id"], "a domain's id"),
                    reader.text(spec["name"], "its name"),
                    question,
                )
            )
    ids = [d.id for d in domains]
    if len(set(ids)) < len(ids) or "Overall" in ids:
        reader.error(node, "each domain needs an id of its own (not 'Overall')")
    return tuple(domains)


def _judgements(reader: Reader, node: yaml.Node) -> tuple[Judgement, ...]:
    if not isinstance(node, yaml.MappingNode) or not node.value:
        reader.error(
            node,
            "'judgements' maps each judgement to its label, symbol and colour, "
            "e.g. 'low: {label: Low, symbol: +, colour: \"#fed98e\"}'",
        )
        return ()
    judgements = []
    for k, v in node.value:
        key = reader.slug(k, "a judgement")
        spec = reader.mapping(v, f"judgement '{key}'", ("label", "symbol", "colour"), ())
        if len(spec) < 3:
            continue
        colour = reader.text(spec["colour"], "'colour'")
        if not _COLOUR.match(colour):
            reader.error(spec["colour"], f"colour '{colour}' must be written #rrggbb")
        judgements.append(
            Judgement(
                key,
                reader.text(spec["label"], "'label'"),
                reader.text(spec["symbol"], "'symbol'"),
                colour,
            )
        )
    return tuple(judgements)


def _judgement(at: _At, tool: Tool, written: str, line: int, column: str, study: str) -> str | None:
    if not written.strip():
        at.error(line, f"'{study}' has no judgement for {column}")
        return None
    key = tool.key_of(written)
    if key is None:
        spellings = [j.label for j in tool.judgements]
        at.error(
            line,
            f"'{written.strip()}' ({column} of '{study}') is not a judgement of {tool.name}"
            f"{did_you_mean(written.strip(), spellings)} (allowed: {', '.join(spellings)})",
        )
    return key


def _from_csv(at: _At, tool: Tool, content: str) -> list[Appraised]:
    """robvis's layout, as robvis's own example files write it: a header row of Study,
    the domains' ids, Overall (when the tool has one) and an optional Weight."""
    rows = csv.reader(content.splitlines())
    header = [cell.strip() for cell in next(rows, [])]
    known = ["Study", *tool.columns, "Weight"]
    folded = {k.casefold(): k for k in known}
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = folded.get(cell.casefold())
        if name is None:
            at.error(
                1,
                f"unknown column '{cell}'{did_you_mean(cell, known)} "
                f"({tool.name}'s columns: {', '.join(known)})",
            )
        elif name in columns:
            at.error(1, f"column '{name}' is given twice")
        else:
            columns[name] = i
    for name in ("Study", *tool.columns):
        if name not in columns:
            what = next((f" ({d.name})" for d in tool.domains if d.id == name), "")
            at.error(
                1, f"column '{name}'{what} is missing ({tool.name}'s columns: {', '.join(known)})"
            )
    if any(name not in columns for name in ("Study", *tool.columns)):
        return []
    found = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        study = cells[columns["Study"]].strip()
        if not study:
            at.error(number, "a row has no Study")
            continue
        ratings = []
        for column in tool.columns:
            key = _judgement(at, tool, cells[columns[column]], number, column, study)
            if key is not None:
                ratings.append((column, Rating(key)))
        weight = _weight(at, cells[columns["Weight"]], number) if "Weight" in columns else None
        if len(ratings) == len(tool.columns):
            found.append(Appraised(study, study, tuple(ratings), number, weight))
    return found


def _weight(at: _At, written: str, line: int) -> float | None:
    if not written.strip():
        return None
    try:
        return float(written)
    except ValueError:
        at.error(line, f"Weight '{written.strip()}' must be a number")
        return None


def _from_yaml(at: _At, tool: Tool, content: str) -> list[Appraised]:
    """The YAML form: a list of works, each with its study (a cite key), an optional
    weight, and each domain (and Overall) as {judgement, justification}."""
    try:
        _, node = read_yaml(content)
    except YamlProblem as exc:
        at.error(exc.line + 1, exc.message)
        return []
    if not isinstance(node, yaml.SequenceNode):
        at.error(
            1,
            "the appraisal must be a list of works, each '- study: <cite key>' with its judgements",
        )
        return []
    found = []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            at.error(line, "each work is a mapping: study, then each domain")
            continue
        fields = {str(k.value): (k, v) for k, v in item.value}
        known = ["study", "weight", *tool.columns]
        for key, (k, _) in fields.items():
            if key not in known:
                at.error(
                    k.start_mark.line + 1,
                    f"unknown key '{key}'{did_you_mean(key, known)} "
                    f"({tool.name}'s: {', '.join(known)})",
                )
        study = str(fields["study"][1].value).strip() if "study" in fields else ""
        if not study:
            at.error(line, "a work has no 'study' (its cite key)")
            continue
        ratings = []
        for column in tool.columns:
            if column not in fields:
                what = next((f" ({d.name})" for d in tool.domains if d.id == column), "")
                at.error(line, f"'{study}' has no judgement for {column}{what}")
                continue
            rating = _yaml_rating(at, tool, fields[column][1], column, study)
            if rating is not None:
                ratings.append((column, rating))
        weight = None
        if "weight" in fields:
            weight = _weight(
                at, str(fields["weight"][1].value), fields["weight"][1].start_mark.line + 1
            )
        if len(ratings) == len(tool.columns):
            found.append(Appraised(study, study, tuple(ratings), line, weight))
    return found


def _yaml_rating(at: _At, tool: Tool, node: yaml.Node, column: str, study: str) -> Rating | None:
    line = node.start_mark.line + 1
    values = {str(k.value): v for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
    written = values.get("judgement")
    reason = values.get("justification")
    if (
        not isinstance(written, yaml.ScalarNode)
        or not isinstance(reason, yaml.ScalarNode)
        or not str(reason.value).strip()
    ):
        at.error(
            line,
            f"{column} of '{study}' needs a judgement and its justification, "
            "e.g. {judgement: Low, justification: ...}",
        )
        return None
    key = _judgement(at, tool, str(written.value), written.start_mark.line + 1, column, study)
    return Rating(key, " ".join(str(reason.value).split())) if key is not None else None


def check(review: Review) -> list[Problem]:
    """Each appraised study is a work of the bibliography; the component is one of the
    confidence framework's."""
    shape = review.shape
    chosen = shape.block("appraisal", Appraisal) if shape else None
    if shape is None or chosen is None:
        return []
    problems = []
    keys = list(review.references)
    for row in chosen.studies:
        if row.key not in review.references:
            mapped = f" (mapped to '{row.key}')" if row.key != row.study else ""
            message = (
                f"unknown study '{row.study}'{mapped}: no work in the bibliography has that "
                f"cite key{did_you_mean(row.key, keys)} (map a name to a key under "
                "appraisal: studies:)"
            )
            problems.append(Problem(Location(chosen.source, row.line), "error", message))
    framework = shape.confidence
    if chosen.component_line and (
        framework is None or chosen.component not in framework.components
    ):
        names = list(framework.components) if framework else []
        message = (
            f"'{chosen.component}' is not a component of the confidence framework"
            f"{did_you_mean(chosen.component, names)}"
        )
        problems.append(Problem(Location(chosen.shown, chosen.component_line), "error", message))
    return problems


# --- rendering -------------------------------------------------------------------------


def block(site: Site) -> Appraisal | None:
    return site.shape.block("appraisal", Appraisal)


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG contrast)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def badge(judgement: Judgement, shown: str = "") -> str:
    """A judgement as its colour, symbol and word (colour is never the only cue)."""
    style = f"background-color:{judgement.colour};color:{_ink(judgement.colour)}"
    return (
        f'<span class="judgement" style="{style}"><span class="symbol" aria-hidden="true">'
        f"{html.escape(judgement.symbol)}</span> {html.escape(shown or judgement.label)}</span>"
    )


def _column_name(site: Site, tool: Tool, column: str) -> str:
    if column == "Overall":
        return site.words("appraisal.overall")
    return next(d.name for d in tool.domains if d.id == column)


def _column_title(site: Site, tool: Tool, column: str) -> str:
    """'D1: Bias due to confounding'; 'Overall' as the catalogue says it."""
    name = _column_name(site, tool, column)
    return name if column == "Overall" else f"{column}: {name}"


def _example(site: Site, chosen: Appraisal, indent: str = "") -> list[str]:
    if not chosen.example:
        return []
    return [f'{indent}!!! example "{admonition_title(site.say("appraisal.example"))}"', ""]


def pages(site: Site) -> dict[str, str]:
    chosen = block(site)
    if chosen is None:
        return {}
    tool = chosen.tool
    page = site.urls.page(FAMILY)
    words = site.words
    refs = {r.key: r for r in site.review.references.values()}
    studies = sorted(chosen.studies, key=lambda s: site.ref_order[s.key])
    title = words("appraisal.title")
    weighted = any(s.weight is not None for s in studies)
    lines = [
        *front_matter(title, words("appraisal.description", tool=tool.name), wide=True),
        f"# {text(title)}",
        "",
        *_example(site, chosen),
        site.say_count("appraisal.intro", len(studies), tool=text(tool.name)),
        "",
        f"## {site.say('appraisal.key')} {{ #key }}",
        "",
        site.say("appraisal.key_intro"),
        "",
        f"| {site.say('appraisal.judgement')} |",
        "|---|",
        *(f"| {badge(j)} |" for j in tool.judgements),
        "",
        f"## {site.say('appraisal.domains')} {{ #domains }}",
        "",
        f"| {site.say('appraisal.domain')} | {site.say('appraisal.question')} |",
        "|---|---|",
        *(
            f"| {text(d.id)} | {text(d.name)}{(' ' + text(d.question)) if d.question else ''} |"
            for d in tool.domains
        ),
        "",
        f"## {site.say('appraisal.by_work')} {{ #by-work }}",
        "",
        '<div class="traffic-light" markdown="1">',
        "",
        "| "
        + " | ".join(
            [
                site.say("appraisal.work"),
                *(
                    f'<abbr title="{esc(_column_name(site, tool, c))}">{text(c)}</abbr>'
                    if c != "Overall"
                    else site.say("appraisal.overall")
                    for c in tool.columns
                ),
                *([site.say("appraisal.weight")] if weighted else []),
            ]
        )
        + " |",
        "|" + "---|" * (len(tool.columns) + 1 + weighted),
    ]
    for study in studies:
        ref = refs[study.key]
        cells = [badge(tool.judgement(study.rating(c).judgement)) for c in tool.columns]
        weight = [text(f"{study.weight:g}") if study.weight is not None else ""]
        row = [link(site.cite.item(ref), page, site.ref_page(ref), ref.title), *cells]
        lines.append("| " + " | ".join(row + (weight if weighted else [])) + " |")
    lines += ["", "</div>", "", *_summary(site, chosen, studies)]
    return {page: "\n".join(lines).rstrip() + "\n"}


BAR_W, BAR_H, ROW_H, LEFT = 560, 24, 50, 10


def _summary(site: Site, chosen: Appraisal, studies: list[Appraised]) -> list[str]:
    """Each domain's judgements as a stacked bar (SVG with real text), and its table."""
    tool, words = chosen.tool, site.words
    title = words("appraisal.by_domain")
    counts = {c: Counter(s.rating(c).judgement for s in studies) for c in tool.columns}
    used = [j for j in tool.judgements if any(counts[c][j.key] for c in tool.columns)]
    total = len(studies) or 1
    data = "; ".join(
        words(
            "appraisal.datum",
            domain=_column_title(site, tool, c),
            counts=", ".join(
                words("appraisal.count", judgement=j.label, count=words.number(counts[c][j.key]))
                for j in used
            ),
        )
        for c in tool.columns
    )
    desc = words("appraisal.chart_desc", data=data)
    height = 10 + ROW_H * len(tool.columns)
    svg = [
        f'<svg class="chart appraisal-chart" role="img" viewBox="0 0 {BAR_W + 2 * LEFT} {height}" '
        'width="100%" xmlns="http://www.w3.org/2000/svg" '
        'aria-labelledby="appraisal-summary-title appraisal-summary-desc">',
        f'<title id="appraisal-summary-title">{esc(title)}</title>',
        f'<desc id="appraisal-summary-desc">{esc(desc)}</desc>',
    ]
    for row, column in enumerate(tool.columns):
        y = 5 + row * ROW_H
        label = esc(_column_title(site, tool, column))
        svg.append(f'<text class="label" x="{LEFT}" y="{y + 14}">{label}</text>')
        x = float(LEFT)
        for j in used:
            n = counts[column][j.key]
            if not n:
                continue
            w = BAR_W * n / total
            svg.append(
                f'<rect x="{x:.1f}" y="{y + 20}" width="{w:.1f}" height="{BAR_H}" '
                f'fill="{j.colour}" stroke="#333333" stroke-width="1"/>'
            )
            if w >= 28:
                svg.append(
                    f'<text class="count" x="{x + w / 2:.1f}" y="{y + 37}" text-anchor="middle" '
                    f'style="fill:{_ink(j.colour)}">{esc(j.symbol)} {esc(words.number(n))}</text>'
                )
            x += w
    svg.append("</svg>")
    table = [
        "| " + " | ".join([site.say("appraisal.domain"), *(badge(j) for j in used)]) + " |",
        "|---|" + "---:|" * len(used),
        *(
            "| "
            + " | ".join(
                [
                    text(_column_title(site, tool, c)),
                    *(text(words.number(counts[c][j.key])) for j in used),
                ]
            )
            + " |"
            for c in tool.columns
        ),
    ]
    return [
        f"## {text(title)} {{ #by-domain }}",
        "",
        '<div class="chart-figure" markdown="0" tabindex="0" role="region" '
        f'aria-label="{esc(title)}">',
        *svg,
        "</div>",
        "",
        *table,
        "",
    ]


def reference_md(site: Site, key: str, page: str) -> list[str]:
    """A work's appraisal on its page: each domain's judgement and its justification."""
    chosen = block(site)
    study = chosen.of(key) if chosen else None
    if chosen is None or study is None:
        return []
    tool = chosen.tool
    justified = any(r.justification for _, r in study.ratings)
    where = link(site.words("appraisal.page_link"), page, site.urls.page(FAMILY))
    lines = [
        f"## {site.say('appraisal.heading')} {{ #appraisal data-search-exclude }}",
        "",
        *_example(site, chosen),
        site.say("appraisal.on_page", tool=text(tool.name), page=where),
        "",
        f"| {site.say('appraisal.domain')} | {site.say('appraisal.judgement')} |"
        + (f" {site.say('appraisal.justification')} |" if justified else ""),
        "|---|---|" + ("---|" if justified else ""),
    ]
    for column, rating in study.ratings:
        judgement = badge(tool.judgement(rating.judgement))
        row = f"| {text(_column_title(site, tool, column))} | {judgement} |"
        lines.append(row + (f" {text(rating.justification)} |" if justified else ""))
    return [*lines, ""]


def finding_md(site: Site, note: Note, page: str) -> list[str]:
    """Inside a finding's assessment, after its components: how the works it draws on
    were appraised (each overall, or each domain when the tool has no overall)."""
    chosen = block(site)
    framework = site.shape.confidence
    if chosen is None or framework is None or chosen.component not in framework.components:
        return []
    refs = [
        site.review.references[k]
        for k in dict.fromkeys(note.cited_keys)
        if k in site.review.references
    ]
    if not refs:
        return []
    refs.sort(key=lambda r: site.ref_order[r.key])
    tool = chosen.tool
    component = text(framework.components[chosen.component])
    out = [
        *_example(site, chosen, "    "),
        "    "
        + site.say(
            "appraisal.behind",
            tool=link(tool.name, page, site.urls.page(FAMILY)),
            component=f"*{component}*",
        ),
        "",
        f"    | {site.say('appraisal.work')} | {site.say('appraisal.judgement')} |",
        "    |---|---|",
    ]
    for ref in refs:
        study = chosen.of(ref.key)
        if study is None:
            shown = site.say("appraisal.not_appraised")
        elif tool.overall:
            shown = badge(tool.judgement(study.rating("Overall").judgement))
        else:
            shown = " ".join(
                badge(tool.judgement(r.judgement), f"{c} {tool.judgement(r.judgement).label}")
                for c, r in study.ratings
            )
        out.append(f"    | {link(site.cite.item(ref), page, site.ref_page(ref))} | {shown} |")
    return ["", *out]


# --- evidence.json ---------------------------------------------------------------------


def evidence(site: Site) -> dict[str, object] | None:
    chosen = block(site)
    if chosen is None:
        return None
    tool = chosen.tool
    return {
        "example": chosen.example,
        "tool": {
            "name": tool.name,
            "overall": tool.overall,
            "domains": [
                {"id": d.id, "name": d.name, "question": d.question or None} for d in tool.domains
            ],
            "judgements": [
                {"key": j.key, "label": j.label, "symbol": j.symbol, "colour": j.colour}
                for j in tool.judgements
            ],
        },
        "studies": [
            {
                "key": s.key,
                "study": s.study,
                "weight": s.weight,
                "judgements": {
                    c: {"judgement": r.judgement, "justification": r.justification or None}
                    for c, r in s.ratings
                },
            }
            for s in sorted(chosen.studies, key=lambda s: site.ref_order[s.key])
        ],
    }


def evidence_schema(shape: Shape) -> dict[str, object]:
    chosen = shape.block("appraisal", Appraisal)
    tool = chosen.tool if chosen else None
    columns = list(tool.columns) if tool else []
    allowed = [j.key for j in tool.judgements] if tool else []
    rating = {
        "type": "object",
        "required": ["judgement", "justification"],
        "additionalProperties": False,
        "properties": {
            "judgement": {"enum": allowed},
            "justification": {"type": ["string", "null"]},
        },
    }
    return {
        "type": "object",
        "required": ["example", "tool", "studies"],
        "additionalProperties": False,
        "properties": {
            "example": {"type": "boolean"},
            "tool": {"type": "object", "required": ["name", "overall", "domains", "judgements"]},
            "studies": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["key", "study", "weight", "judgements"],
                    "additionalProperties": False,
                    "properties": {
                        "key": {"type": "string"},
                        "study": {"type": "string"},
                        "weight": {"type": ["number", "null"]},
                        "judgements": {
                            "type": "object",
                            "required": columns,
                            "additionalProperties": False,
                            "properties": dict.fromkeys(columns, rating),
                        },
                    },
                },
            },
        },
    }
