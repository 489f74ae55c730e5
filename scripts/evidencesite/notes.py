"""Load Markdown notes with YAML front matter into Notes.

The front matter is checked against a schema made from the review's shape
(``field_specs``): wrong types are
errors, unknown keys are warnings with the nearest known key. YAML is loaded with
PyYAML's safe loader; anchors and aliases are refused (they enable "billion laughs"
documents and have no use in a note).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .bibtex import read_text
from .citations import parse_citations
from .markup import unsafe_markup
from .model import (
    RESERVED,
    Confidence,
    ConfidenceComponent,
    Location,
    Note,
    Problem,
    Relation,
    is_slug,
)
from .shape import ConfidenceFramework, Shape, Vocabulary
from .slugs import suggested_slug
from .suggest import closest, did_you_mean
from .yamldoc import YamlProblem, duplicate_keys, read_yaml

MAX_NOTE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter key of a kind: its type, whether it is required, and what its
    values must be."""

    type: str
    """'str', 'int', 'slug-list', 'str-list' or 'mapping'."""
    required: bool = False
    target_kind: str | None = None
    """For relations: the kind of note the listed ids must be."""
    vocabulary: Vocabulary | None = None
    """For vocabulary fields: the allowed values."""


BASE_SPECS: dict[str, FieldSpec] = {
    "id": FieldSpec("str", required=True),
    "title": FieldSpec("str", required=True),
    "summary": FieldSpec("str", required=True),
    "keywords": FieldSpec("str-list"),
    "order": FieldSpec("int"),
    "aliases": FieldSpec("slug-list"),
}


def field_specs(shape: Shape, kind: str) -> dict[str, FieldSpec]:
    """Every front-matter key a note of ``kind`` may carry, from the review's shape."""
    specs = dict(BASE_SPECS)
    for relation in shape.relations_from(kind):
        specs[relation.field] = FieldSpec("slug-list", target_kind=relation.target)
    for vocabulary in shape.note_vocabularies(kind):
        kind_of = "str-list" if vocabulary.multiple else "str"
        specs[vocabulary.name] = FieldSpec(kind_of, vocabulary=vocabulary)
    if shape.kind(kind).confidence:
        specs["confidence"] = FieldSpec("mapping")
    plain = shape.plain_for(kind)
    if plain is not None:
        specs[plain.field] = FieldSpec("str")
    return specs


TYPE_NAMES = {
    "str": "text",
    "int": "a whole number",
    "slug-list": "a list of ids, e.g. [power, interface]",
    "str-list": "a list, e.g. [power, training]",
    "mapping": "a mapping of keys to values",
}


def note_paths(literature: Path, kinds: tuple[str, ...]) -> list[tuple[str, Path]]:
    """Every note file as (kind, path), in a stable order."""
    found: list[tuple[str, Path]] = []
    for kind in kinds:
        folder = literature / kind
        if folder.is_dir():
            found.extend((kind, p) for p in sorted(folder.glob("*.md")) if p.name != "README.md")
    return found


def load_note(
    shape: Shape, kind: str, path: Path, shown: str, problems: list[Problem]
) -> Note | None:
    """Read one note; append its problems; None when it cannot be used at all."""
    text = read_text(path, shown, MAX_NOTE_BYTES, problems)
    if text is None:
        return None
    return parse_note(shape, kind, text, shown, problems)


Report = Callable[..., None]


@dataclass
class FrontMatter:
    """A note split into its front matter (read, with the line of each key and list
    item) and its body."""

    data: dict[str, Any]
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]]
    body: str
    body_line: int


def parse_note(
    shape: Shape, kind: str, text: str, shown: str, problems: list[Problem]
) -> Note | None:
    """Parse a note's text in four steps, each reporting what it finds. Pure: no file
    access."""

    def report(line: int, message: str, severity: str = "error") -> None:
        problems.append(Problem(Location(shown, line), severity, message))  # type: ignore[arg-type]

    front = split_front_matter(text, report)
    if front is None:
        return None
    fields = field_specs(shape, kind)
    if not check_keys(shape, kind, fields, front, report):
        return None
    note_id = check_id(front, report)
    if note_id is None:
        return None
    return build_note(
        shape, kind, fields, front, note_id, Location(shown, front.key_lines["id"]), report
    )


def split_front_matter(text: str, report: Report) -> FrontMatter | None:
    """Step 1: the '---' block read as YAML, and the body after it."""
    if not text.strip():
        report(0, "the note is empty; a note starts with front matter between '---' lines")
        return None
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip("\r\n").rstrip() != "---":
        report(
            1,
            "no front matter: a note must start with a line '---', then id, title and "
            "summary, then another '---'",
        )
        return None
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        report(1, "front matter is never closed: add a line '---' after it")
        return None
    try:
        data, node = read_yaml("".join(lines[1:close]))
    except YamlProblem as problem:
        report(problem.line + 2, f"front matter {problem.message}")
        return None
    for line, key in duplicate_keys(node):
        report(line + 2, f"'{key}' is given twice; keep one")
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        got = type(data).__name__ if data is not None else "nothing"
        report(2, f"front matter must be a mapping of keys (id: ..., title: ...), got {got}")
        return None
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    for key_node, value_node in node.value:
        key_lines[str(key_node.value)] = key_node.start_mark.line + 2
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[str(key_node.value)] = [i.start_mark.line + 2 for i in value_node.value]
    return FrontMatter(data, key_lines, item_lines, "".join(lines[close + 1 :]), close + 2)


def _links_and_terms(shape: Shape, kind: str) -> list[str]:
    """The front-matter keys of a kind that carry links or vocabulary values."""
    return [r.field for r in shape.relations_from(kind)] + [
        v.name for v in shape.note_vocabularies(kind)
    ]


def check_keys(
    shape: Shape, kind: str, fields: dict[str, FieldSpec], front: FrontMatter, report: Report
) -> bool:
    """Step 2: every key known to this kind (unknown ones warn, with the nearest known
    key), of the right type, and the required ones present."""
    ok = True
    for key, value in front.data.items():
        spec = fields.get(str(key))
        line = front.key_lines.get(str(key), 2)
        if spec is None and any(str(key) in shape.fields(k) for k in shape.kind_names):
            report(line, f"'{key}' is not used on notes of kind '{kind}'; it is ignored", "warning")
        elif spec is None and (linked := closest(str(key), _links_and_terms(shape, kind))):
            # A misspelt relation or vocabulary would drop the note's links or values
            # without a word: an error, where other unknown keys are warnings.
            report(
                line,
                f"unknown key '{key}'; did you mean '{linked}'? (as written, the note's "
                f"'{linked}' would be lost)",
            )
        elif spec is None:
            known = f"; known keys for notes of kind '{kind}': {', '.join(fields)}"
            hint = did_you_mean(str(key), fields, otherwise=known)
            report(line, f"unknown key '{key}'{hint}", "warning")
        elif not _CHECKS[spec.type](value):
            report(line, f"'{key}' must be {TYPE_NAMES[spec.type]}, not {_describe(value)}")
            ok = False
    first_line = min(front.key_lines.values(), default=2)
    for key, spec in fields.items():
        if spec.required and key not in front.data:
            report(first_line, f"missing required key '{key}'")
            ok = False
    return ok


def check_id(front: FrontMatter, report: Report) -> str | None:
    """Step 3: the id, which becomes the page's address: a slug, not a reserved name."""
    note_id = str(front.data["id"]).strip()
    line = front.key_lines["id"]
    if note_id in RESERVED:
        report(line, f"id '{note_id}' is reserved for the site's own pages; choose another")
        return None
    if not is_slug(note_id):
        suggestion = suggested_slug(note_id)
        report(
            line,
            f"id '{note_id}' is not a slug (lowercase letters, digits, single hyphens)"
            + (f"; did you mean '{suggestion}'?" if suggestion else ""),
        )
        return None
    return note_id


def build_note(
    shape: Shape, kind: str, fields: dict[str, FieldSpec], front: FrontMatter, note_id: str,
    location: Location, report: Report,
) -> Note:  # fmt: skip
    """Step 4: relations, vocabulary values, confidence, citations and the body's
    markup, each checked, then the Note."""
    data, lines, items = front.data, front.key_lines, front.item_lines
    relations = [
        Relation(key, spec.target_kind, target, items[key][i])
        for key, spec in fields.items()
        if spec.target_kind and key in data
        for i, target in enumerate(data[key])
    ]
    for i, value in enumerate(data.get("aliases") or []):
        _check_slug_item("aliases", value, items["aliases"][i], report)
    terms = {
        key: _terms(spec.vocabulary, data[key], lines[key], items.get(key), report)
        for key, spec in fields.items()
        if spec.vocabulary is not None and key in data
    }
    confidence = None
    if "confidence" in data and "confidence" in fields and shape.confidence is not None:
        confidence = _confidence(shape.confidence, data["confidence"], lines["confidence"], report)
    groups, syntax_errors = parse_citations(front.body, front.body_line)
    for err in syntax_errors:
        report(err.line, err.message)
    for line, message in unsafe_markup(front.body, front.body_line):
        report(line, message)
    return Note(
        kind=kind,
        id=note_id,
        title=" ".join(str(data["title"]).split()),
        summary=" ".join(str(data["summary"]).split()),
        body=front.body,
        body_line=front.body_line,
        location=location,
        keywords=[" ".join(k.split()).lower() for k in data.get("keywords") or []],
        order=data.get("order"),
        aliases=list(data.get("aliases") or []),
        relations=relations,
        terms={key: values for key, values in terms.items() if values},
        confidence=confidence,
        plain=_plain(shape, kind, data),
        citations=groups,
        key_lines=lines,
    )


def _plain(shape: Shape, kind: str, data: dict[str, Any]) -> str:
    plain = shape.plain_for(kind)
    value = data.get(plain.field) if plain is not None else None
    return " ".join(str(value).split()) if value else ""


def _is_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_str(v) for v in value)


_CHECKS: dict[str, Callable[[Any], bool]] = {
    "str": _is_str,
    "int": _is_int,
    "slug-list": _is_str_list,
    "str-list": _is_str_list,
    "mapping": lambda v: isinstance(v, dict),
}


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, str):
        return "empty text" if not value.strip() else f"text '{value[:40]}'"
    if isinstance(value, list):
        return (
            "a list of " + ", ".join(sorted({type(v).__name__ for v in value}))
            if value
            else "an empty list"
        )
    return {"dict": "a mapping", "int": "a number", "float": "a number", "bool": "true/false"}.get(
        type(value).__name__, type(value).__name__
    )


def _check_slug_item(key: str, value: str, line: int, report: Report) -> None:
    if not is_slug(value):
        suggestion = suggested_slug(value)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        report(line, f"'{value}' in '{key}' is not a slug{hint}")
    elif value in RESERVED:
        report(line, f"'{value}' in '{key}' is the address of the site's own page; remove it")


def _terms(
    vocabulary: Vocabulary,
    value: Any,
    line: int,
    item_lines: list[int] | None,
    report: Callable[..., None],
) -> list[str]:
    """The allowed values a note gives for a vocabulary; each other value is an error
    at its line, with the nearest allowed value."""
    values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    lines = item_lines or [line] * len(values)
    kept = []
    for given, at in zip(values, lines, strict=True):
        key = vocabulary.key_of(given)
        if key is not None:
            kept.append(key)
        else:
            report(at, vocabulary.unknown(given))
    return kept


def _confidence(
    framework: ConfidenceFramework, raw: dict[str, Any], line: int, report: Callable[..., None]
) -> Confidence | None:
    levels, concerns = tuple(framework.levels), tuple(framework.concerns)
    allowed = ("level", "explanation", *framework.components)
    for key in raw:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed)
            report(line, f"unknown key '{key}' in confidence{hint}")
            return None
    level = raw.get("level")
    if level not in levels:
        report(line, f"confidence level must be one of {', '.join(levels)}, not {level!r}")
        return None
    if not _is_str(raw.get("explanation")):
        report(line, "confidence needs an explanation: why this level, in a sentence or two")
        return None
    components: dict[str, ConfidenceComponent] = {}
    for name in framework.components:
        comp = raw.get(name)
        if comp is None:
            report(line, f"confidence is missing the {framework.framework} component '{name}'")
            return None
        if (
            not isinstance(comp, dict)
            or comp.get("concern") not in concerns
            or not _is_str(comp.get("explanation"))
        ):
            report(
                line,
                f"confidence '{name}' must be {{concern: {'|'.join(concerns)}, explanation: ...}}",
            )
            return None
        components[name] = ConfidenceComponent(
            comp["concern"], " ".join(comp["explanation"].split())
        )
    return Confidence(level, " ".join(raw["explanation"].split()), components)
