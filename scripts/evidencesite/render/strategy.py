"""The search strategy (PRISMA-S), at /search-strategy/.

Declared in evidencesite.yml::

    search_strategy:
      file: search.yml     # in the review folder
      example: true        # the page says its searches are an example

search.yml lists each source searched::

    sources:
      - name: MEDLINE
        type: database      # database, register, website, citations, experts or other
        platform: Ovid
        searched: 2026-11-30
        coverage: 1946 to November week 4 2026
        limits: English language; 2000 onwards
        records: 412
        strategy: |
          1. exp Mental Health Services/
          ...
    notes: How the searches were peer reviewed, updated...

The date the literature was last searched is review.yml's ``last_search``, the one
place it is written: no source may be searched after it, and the newest search here
must be that day. A source's records are checked against the flow diagram's count for
a database or register of the same name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..bibtex import read_text
from ..config import Reader
from ..model import Location, Problem, Review
from ..slugs import value_slug
from ..suggest import did_you_mean
from ..yamldoc import YamlProblem, duplicate_keys, read_yaml
from .common import Site, front_matter, link, text
from .flow import FlowDiagram, example_note

MAX_BYTES = 1024 * 1024
TYPES = ("database", "register", "website", "citations", "experts", "other")
KEYS = (
    "name",
    "type",
    "platform",
    "searched",
    "coverage",
    "limits",
    "records",
    "strategy",
    "notes",
)
#: Sources whose search string PRISMA-S asks for in full.
NEEDS_STRING = ("database", "register")


@dataclass(frozen=True)
class Source:
    """One source searched."""

    name: str
    type: str
    searched: dt.date
    line: int
    searched_line: int
    platform: str = ""
    coverage: str = ""
    limits: str = ""
    records: int | None = None
    records_line: int = 0
    strategy: str = ""
    """The search as run, exactly as written."""
    notes: str = ""
    slug: str = ""


@dataclass(frozen=True)
class SearchStrategy:
    shown: str
    sources: tuple[Source, ...]
    notes: str = ""
    example: bool = False


def read(reader: Reader, node: yaml.Node, kinds: tuple[str, ...]) -> SearchStrategy | None:
    """The ``search_strategy:`` block, and the file of sources it names."""
    found = reader.mapping(node, "'search_strategy'", ("file",), ("example",))
    name = reader.text(found.get("file"), "'file' (search.yml)") if found else ""
    example = reader.flag(found.get("example"), "'example'")
    if not name:
        return None
    folder: Path | None = getattr(reader, "folder", None)
    path = (folder or Path()) / name
    shown = str(Path(reader.shown).parent / name)
    if not path.is_file():
        reader.error(found["file"], f"'{name}' is not in the review folder")
        return None
    problems: list[Problem] = []
    content = read_text(path, shown, MAX_BYTES, problems)
    strategy = parse(content, shown, problems) if content is not None else None
    for problem in problems:
        reader.problems.append(problem)
        reader.ok = reader.ok and problem.severity != "error"
    if strategy is None or not reader.ok:
        return None
    return SearchStrategy(shown, strategy.sources, strategy.notes, example)


def parse(content: str, shown: str, problems: list[Problem]) -> SearchStrategy | None:
    try:
        _, node = read_yaml(content)
    except YamlProblem as problem:
        problems.append(Problem(Location(shown, problem.line + 1), "error", problem.message))
        return None
    for line, key in duplicate_keys(node):
        problems.append(Problem(Location(shown, line + 1), "error", f"'{key}' is given twice"))
    source_reader = Reader(shown, problems)
    if node is None:
        source_reader.error_at(1, "is empty; it needs 'sources', a list of the sources searched")
        return None
    top = source_reader.mapping(node, Path(shown).name, ("sources",), ("notes",))
    notes = source_reader.text(top["notes"], "'notes'") if "notes" in top else ""
    sources = []
    slugs: dict[str, int] = {}
    for item in source_reader.items(top.get("sources"), "'sources'") if top else []:
        source = _source(source_reader, item)
        if source is None:
            continue
        if source.slug in slugs:
            message = f"source '{source.name}' is listed twice (first at line {slugs[source.slug]})"
            source_reader.error_at(source.line, message)
            continue
        slugs[source.slug] = source.line
        sources.append(source)
    if not source_reader.ok:
        return None
    return SearchStrategy(shown, tuple(sources), notes)


def _source(reader: Reader, node: yaml.Node) -> Source | None:
    optional_keys = ("platform", "coverage", "limits", "records", "strategy", "notes")
    found = reader.mapping(node, "a source", ("name", "type", "searched"), optional_keys)
    if not found:
        return None
    name = reader.text(found.get("name"), "'name'") if "name" in found else ""
    kind = reader.text(found.get("type"), "'type'") if "type" in found else ""
    if kind and kind not in TYPES:
        reader.error(
            found["type"],
            f"'type' '{kind}' is not one of {', '.join(TYPES)}{did_you_mean(kind, TYPES)}",
        )
    searched = None
    if "searched" in found:
        value = found["searched"]
        try:
            searched = (
                dt.date.fromisoformat(str(value.value))
                if isinstance(value, yaml.ScalarNode)
                else None
            )
        except ValueError:
            searched = None
        if searched is None:
            reader.error(
                value,
                f"'searched' must be a date like 2026-11-26, not '{getattr(value, 'value', '')}'",
            )
    records, records_line = None, 0
    if "records" in found:
        value = found["records"]
        raw = str(value.value).strip() if isinstance(value, yaml.ScalarNode) else ""
        records_line = value.start_mark.line + 1
        if raw.isdigit():
            records = int(raw)
        else:
            reader.error(
                value, f"'records' must be a whole number of 0 or more, not '{raw or 'a list'}'"
            )
    strategy = ""
    if "strategy" in found:
        value = found["strategy"]
        if isinstance(value, yaml.ScalarNode) and str(value.value).strip():
            strategy = str(value.value).strip("\n")
        else:
            reader.error(
                value, "'strategy' must be the search as run, as text (a block: 'strategy: |')"
            )
    elif kind in NEEDS_STRING:
        reader.error(
            node, f"source '{name}' needs 'strategy': the full search as run (PRISMA-S item 8)"
        )

    def optional(key: str) -> str:
        return reader.text(found[key], f"'{key}'") if key in found else ""

    if not name or not kind or kind not in TYPES or searched is None:
        return None
    return Source(
        name, kind, searched, node.start_mark.line + 1, found["searched"].start_mark.line + 1,
        optional("platform"), optional("coverage"), optional("limits"), records, records_line,
        strategy, optional("notes"), value_slug(name),
    )  # fmt: skip


def check(review: Review) -> list[Problem]:
    """Dates against review.yml's last_search; records against the flow diagram."""
    strategy = review.shape.block("search_strategy", SearchStrategy) if review.shape else None
    if strategy is None or not strategy.sources:
        return []
    problems = []
    last = review.info.last_search if review.info else None
    if last is not None:
        for source in strategy.sources:
            if source.searched > last:
                message = (
                    f"'{source.name}' was searched on {source.searched.isoformat()}, after the "
                    f"last search in review.yml ({last.isoformat()})"
                )
                problems.append(
                    Problem(Location(strategy.shown, source.searched_line), "error", message)
                )
        newest = max(strategy.sources, key=lambda s: s.searched)
        if newest.searched < last:
            message = (
                f"review.yml's last_search is {last.isoformat()} but the newest search here is "
                f"{newest.searched.isoformat()} ('{newest.name}'): the two must agree"
            )
            problems.append(
                Problem(Location(strategy.shown, newest.searched_line), "error", message)
            )
    flow = review.shape.block("flow", FlowDiagram) if review.shape else None
    if flow is not None:
        counted = {
            part.label.casefold(): (part, box)
            for box in ("database_results", "register_results")
            for part in flow.boxes[box].parts
        }
        for source in strategy.sources:
            match = counted.get(source.name.casefold())
            if match and source.records is not None and match[0].n != source.records:
                part, box = match
                message = (
                    f"'{source.name}' found {source.records} records, but the flow diagram's "
                    f"'{box}' gives {part.n} ({flow.shown}:{part.line})"
                )
                at = Location(strategy.shown, source.records_line or source.line)
                problems.append(Problem(at, "error", message))
    return problems


# --- the page -----------------------------------------------------------------------------


def _fenced(content: str) -> list[str]:
    """A code block that shows ``content`` exactly, whatever backticks it holds."""
    longest = max((len(run) for run in content.split("\n") for run in _runs(run)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence} text", *content.split("\n"), fence]


def _runs(line: str) -> list[str]:
    out, run = [], ""
    for char in line:
        if char == "`":
            run += char
        elif run:
            out.append(run)
            run = ""
    return [*out, run] if run else out


def _file(site: Site, source: Source) -> str:
    return site.urls.page("search-strategy", f"{source.slug}.txt")


def _details(site: Site, source: Source) -> list[tuple[str, str]]:
    words = site.words
    rows = [
        (words("strategy.type"), words(f"strategy.type.{source.type}")),
        (words("strategy.platform"), source.platform),
        (words("strategy.searched"), words.date(source.searched)),
        (words("strategy.coverage"), source.coverage),
        (words("strategy.limits"), source.limits),
        (
            words("strategy.records"),
            words.number(source.records) if source.records is not None else "",
        ),
        (words("strategy.notes"), source.notes),
    ]
    return [(label, value) for label, value in rows if value]


def pages(site: Site) -> dict[str, str]:
    strategy = site.shape.block("search_strategy", SearchStrategy)
    if strategy is None:
        return {}
    words = site.words
    here = site.urls.page("search-strategy")
    everything = site.urls.page("search-strategy", "search-strategies.txt")
    info = site.review.info
    title = words("strategy.title")
    lines = [
        *front_matter(title, words("strategy.description")),
        f"# {text(title)}",
        "",
        *(example_note(site) if strategy.example else []),
        site.say(
            "strategy.intro", date=f"**{text(words.date(info.last_search))}**" if info else ""
        ),
        "",
    ]
    if strategy.notes:
        lines += [text(strategy.notes), ""]
    lines += [
        f"| {site.say('strategy.source')} | {site.say('strategy.type')} | "
        f"{site.say('strategy.searched')} | {site.say('strategy.records')} |",
        "|---|---|---|---:|",
    ]
    for source in strategy.sources:
        name = link(source.name, here, f"{here}#{source.slug}")
        records = words.number(source.records) if source.records is not None else "—"
        lines.append(
            f"| {name} | {text(words(f'strategy.type.{source.type}'))} | "
            f"{text(words.date(source.searched))} | {text(records)} |"
        )
    lines += [
        "",
        site.say(
            "strategy.download_all",
            link=link(words("strategy.download_all_link"), here, everything),
        ),
        "",
    ]
    files = {}
    for source in strategy.sources:
        heading = source.name + (f" ({source.platform})" if source.platform else "")
        lines += [f"## {text(heading)} {{ #{source.slug} }}", ""]
        lines += [f"- **{text(label)}:** {text(value)}" for label, value in _details(site, source)]
        lines.append("")
        if source.strategy:
            lines += [f"**{site.say('strategy.string')}**", "", *_fenced(source.strategy), ""]
            download = link(
                words("strategy.download_link", source=source.name), here, _file(site, source)
            )
            lines += [site.say("strategy.download", link=download), ""]
            files[_file(site, source)] = source.strategy + "\n"
    files[everything] = _all_text(site, strategy)
    return {here: "\n".join(lines), **files}


def _all_text(site: Site, strategy: SearchStrategy) -> str:
    words = site.words
    out = [words("strategy.title"), ""]
    if strategy.example:
        out += [words("prisma.example"), ""]
    for source in strategy.sources:
        out += [source.name, "=" * len(source.name)]
        out += [f"{label}: {value}" for label, value in _details(site, source)]
        if source.strategy:
            out += ["", source.strategy]
        out.append("")
    return "\n".join(out)


# --- evidence.json ---------------------------------------------------------------------------


def strategy_json(site: Site) -> dict[str, Any] | None:
    strategy = site.shape.block("search_strategy", SearchStrategy)
    if strategy is None:
        return None
    return {
        "example": strategy.example,
        "sources": [
            {
                "name": s.name,
                "type": s.type,
                "platform": s.platform or None,
                "searched": s.searched.isoformat(),
                "coverage": s.coverage or None,
                "limits": s.limits or None,
                "records": s.records,
                "strategy": s.strategy or None,
            }
            for s in strategy.sources
        ],
    }


def _text_or_null() -> dict[str, Any]:
    return {"type": ["string", "null"]}


SCHEMA: dict[str, Any] = {
    "description": "The search strategy (PRISMA-S): each source searched",
    "type": "object",
    "required": ["example", "sources"],
    "additionalProperties": False,
    "properties": {
        "example": {"type": "boolean"},
        "sources": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "type", "searched", "records", "strategy"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "type": {"enum": list(TYPES)},
                    "platform": _text_or_null(),
                    "searched": {"type": "string", "format": "date"},
                    "coverage": _text_or_null(),
                    "limits": _text_or_null(),
                    "records": {"type": ["integer", "null"], "minimum": 0},
                    "strategy": _text_or_null(),
                },
            },
        },
    },
}
