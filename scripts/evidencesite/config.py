"""Reading the review's shape: ``literature/evidencesite.yml`` into a :class:`Shape`.

Kinds of note, the relations between them and their wording on both sides, the
controlled vocabularies (and which are facets of the bibliography), and the
confidence framework. The package knows no review: everything that belongs to one
comes from this file, checked here with ``path:line`` messages and "did you mean".
The records themselves live in :mod:`shape`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from .bibtex import read_text
from .markup import unsafe_markup
from .model import RESERVED, Location, Problem, is_slug
from .shape import (
    BASE_FIELDS,
    WORK_CHECKS,
    Annotation,
    ConfidenceFramework,
    EvidenceMap,
    FindingsTable,
    Flow,
    Grid,
    Kind,
    MapSection,
    PlainLanguage,
    RelationSpec,
    Shape,
    Vocabulary,
    Works,
)
from .suggest import did_you_mean
from .urls import ENGINE_FOLDERS, FOLDERS, Urls
from .wording import (
    Entry,
    Wording,
    WordingError,
    available,
    catalogue_path,
    check,
    make,
    read_catalogue,
)
from .wording import default as default_wording
from .yamldoc import YamlProblem, duplicate_keys, read_yaml

CONFIG_FILE = "evidencesite.yml"
MAX_CONFIG_BYTES = 1024 * 1024


# --- reading --------------------------------------------------------------------------


class _Reader:
    """Reads YAML nodes against expectations, reporting each mistake at its line."""

    def __init__(self, shown: str, problems: list[Problem], folder: Path | None = None) -> None:
        self.shown = shown
        self.problems = problems
        self.ok = True
        self.folder = folder if folder is not None else Path(shown).parent
        """The review folder: a block may name data files in it (appraisal.csv)."""

    def error(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(Location(self.shown, line), "error", message))
        self.ok = False

    def error_at(self, line: int, message: str) -> None:
        self.problems.append(Problem(Location(self.shown, line), "error", message))
        self.ok = False

    def mapping(
        self, node: yaml.Node, where: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{where} must be a mapping of keys ({', '.join(required)}...)")
            return {}
        found = {str(k.value): v for k, v in node.value}
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key not in required + optional:
                hint = did_you_mean(key, required + optional)
                self.error(key_node, f"unknown key '{key}' in {where}{hint}")
        for key in required:
            if key not in found:
                self.error(node, f"{where} needs '{key}'")
        return found

    def text(self, node: yaml.Node | None, where: str) -> str:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":str", ":int", ":float")):
            value = " ".join(str(node.value).split())
            if value:
                return value
        self.error(node, f"{where} must be text")
        return ""

    def slug(self, node: yaml.Node | None, where: str) -> str:
        value = self.text(node, where)
        if value and not is_slug(value):
            self.error(node, f"{where} '{value}' must be lowercase letters, digits and hyphens")
        return value

    def flag(self, node: yaml.Node | None, where: str) -> bool:
        if node is None:
            return False
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
            return str(node.value).lower() in ("true", "yes", "on")
        self.error(node, f"{where} must be true or false")
        return False

    def items(self, node: yaml.Node | None, where: str) -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        self.error(node, f"{where} must be a list")
        return []

    def labels(self, node: yaml.Node | None, where: str) -> dict[str, str]:
        """A mapping of value -> label, in order."""
        if not isinstance(node, yaml.MappingNode) or not node.value:
            self.error(node, f"{where} must map each value to its label, e.g. 'high: High'")
            return {}
        return {self.text(k, f"a value in {where}"): self.text(v, f"the label of '{k.value}'")
                for k, v in node.value}  # fmt: skip


#: The reader a page family's own block is read with (render/families.py).
Reader = _Reader
#: Reads a page family's block of evidencesite.yml: the reader (which reports each
#: mistake at its line), the block's node and the kinds declared; what it returns is
#: ``shape.blocks[key]``.
BlockReader = Callable[[Reader, yaml.Node, tuple[str, ...]], object]


KIND_KEYS = ("name", "singular", "title", "prefix", "intro")


def _kind(reader: _Reader, node: yaml.Node) -> tuple[Kind, list[tuple[yaml.Node, Any]]] | None:
    found = reader.mapping(node, "a kind", KIND_KEYS, ("confidence", "group", "guidance", "expect"))
    if not found or any(key not in found for key in KIND_KEYS):
        return None
    name = reader.slug(found["name"], "a kind's name")
    expect: list[tuple[yaml.Node, Any]] = []
    for item in reader.items(found["expect"], "'expect'") if "expect" in found else []:
        group = reader.items(item, "") if isinstance(item, yaml.SequenceNode) else [item]
        expect.append((item, tuple(reader.text(g, "a field in 'expect'") for g in group)))
    kind = Kind(
        name=name,
        singular=reader.text(found["singular"], "'singular'"),
        title=reader.text(found["title"], "'title'"),
        prefix=reader.text(found["prefix"], "'prefix'"),
        intro=reader.text(found["intro"], "'intro'"),
        confidence=reader.flag(found.get("confidence"), "'confidence'"),
        group=reader.flag(found.get("group"), "'group'"),
        guidance=reader.flag(found.get("guidance"), "'guidance'"),
        expect=tuple(group for _, group in expect),
    )
    return kind, expect


def _kind_ref(reader: _Reader, node: yaml.Node | None, where: str, kinds: tuple[str, ...]) -> str:
    name = reader.text(node, where)
    if name and name not in kinds:
        hint = did_you_mean(name, kinds)
        reader.error(node, f"{where} '{name}' is not a kind{hint} (kinds: {', '.join(kinds)})")
    return name


RELATION_KEYS = ("field", "from", "to", "heading", "reverse")


def _relations(
    reader: _Reader, node: yaml.Node | None, kinds: tuple[str, ...]
) -> list[RelationSpec]:
    relations: list[RelationSpec] = []
    for item in reader.items(node, "'relations'") if node is not None else []:
        found = reader.mapping(item, "a relation", RELATION_KEYS, ())
        if any(key not in found for key in RELATION_KEYS):
            continue
        spec = RelationSpec(
            field=reader.slug(found["field"], "a relation's field"),
            source=_kind_ref(reader, found["from"], "'from'", kinds),
            target=_kind_ref(reader, found["to"], "'to'", kinds),
            heading=reader.text(found["heading"], "'heading'"),
            reverse=reader.text(found["reverse"], "'reverse'"),
        )
        if spec.field in (*BASE_FIELDS, "confidence"):
            reader.error(found["field"], f"'{spec.field}' is a field every note has already")
        if any(r.field == spec.field and r.source == spec.source for r in relations):
            reader.error(item, f"relation '{spec.field}' from {spec.source} is declared twice")
        relations.append(spec)
    return relations


VOCABULARY_KEYS = ("name", "on", "values")


def _allowed_levels(
    reader: _Reader, node: yaml.Node | None, levels: tuple[str, ...]
) -> dict[str, tuple[str, ...]]:
    """'confidence: {strong: [high, moderate]}': the levels each value allows."""
    if node is None:
        return {}
    if isinstance(node, yaml.MappingNode):
        for _, items in node.value:
            for level in items.value if isinstance(items, yaml.SequenceNode) else []:
                if level.value not in levels:
                    hint = did_you_mean(str(level.value), levels)
                    reader.error(
                        level,
                        f"'{level.value}' is not a confidence level{hint} "
                        f"(levels: {', '.join(levels)})",
                    )
    if not isinstance(node, yaml.MappingNode):
        reader.error(
            node,
            "'confidence' must map values to confidence levels, e.g. {strong: [high, moderate]}",
        )
        return {}
    return {
        reader.text(key, "a value"): tuple(
            reader.text(v, "a level") for v in reader.items(allowed, "the levels")
        )
        for key, allowed in node.value
    }


def _vocabulary(
    reader: _Reader, item: yaml.Node, kinds: tuple[str, ...], levels: tuple[str, ...]
) -> Vocabulary | None:
    found = reader.mapping(
        item,
        "a vocabulary",
        VOCABULARY_KEYS,
        ("multiple", "label", "facet", "expected", "explained", "confidence"),
    )
    if any(key not in found for key in VOCABULARY_KEYS):
        return None
    on_node = found["on"]
    if isinstance(on_node, yaml.ScalarNode) and on_node.value == "references":
        on: tuple[str, ...] = ("references",)
    else:
        on = tuple(
            _kind_ref(reader, k, "'on'", kinds)
            for k in reader.items(on_node, "'on' (references, or a list of kinds)")
        )
    vocabulary = Vocabulary(
        name=reader.slug(found["name"], "a vocabulary's name"),
        on=on,
        values=reader.labels(found["values"], "'values'"),
        multiple=reader.flag(found.get("multiple"), "'multiple'"),
        label=reader.text(found["label"], "'label'") if "label" in found else "",
        facet=reader.text(found["facet"], "'facet'") if "facet" in found else "",
        expected=reader.flag(found.get("expected"), "'expected'"),
        explained=reader.text(found["explained"], "'explained'") if "explained" in found else "",
        confidence=_allowed_levels(reader, found.get("confidence"), levels),
    )
    if vocabulary.facet and not vocabulary.for_references:
        reader.error(found["facet"], "only a vocabulary 'on: references' can be a facet")
    if not vocabulary.for_references and not vocabulary.label:
        reader.error(
            item, f"vocabulary '{vocabulary.name}' on notes needs a 'label' for its heading"
        )
    return vocabulary


CONFIDENCE_KEYS = ("framework", "levels", "concerns", "components", "explanation")


def _confidence(
    reader: _Reader, node: yaml.Node, kinds: tuple[Kind, ...], words: Wording
) -> ConfidenceFramework | None:
    found = reader.mapping(node, "'confidence'", CONFIDENCE_KEYS, ("summary", "tables"))
    if any(key not in found for key in CONFIDENCE_KEYS):
        return None
    framework = reader.text(found["framework"], "'framework'")
    if "summary" in found:
        summary = found["summary"]
        for line, message in unsafe_markup(str(summary.value), summary.start_mark.line + 1):
            reader.error_at(line, f"'summary': {message}")
    assessed = tuple(kind.name for kind in kinds if kind.confidence)
    tables = (
        [_table(reader, item, assessed) for item in reader.items(found["tables"], "'tables'")]
        if "tables" in found
        else []
    )
    if not tables:
        tables = [
            FindingsTable(k.name, k.title, k.singular.capitalize(), (k.name,))
            for k in kinds
            if k.confidence
        ]
    return ConfidenceFramework(
        framework=framework,
        levels=reader.labels(found["levels"], "'levels'"),
        concerns=reader.labels(found["concerns"], "'concerns'"),
        components=reader.labels(found["components"], "'components'"),
        explanation=reader.text(found["explanation"], "'explanation'"),
        summary=reader.text(found["summary"], "'summary'")
        if "summary" in found
        else words("findings.default_summary", framework=framework),
        tables=tuple(tables),
    )


TABLE_KEYS = ("id", "heading", "column", "kinds")


def _table(reader: _Reader, node: yaml.Node, assessed: tuple[str, ...]) -> FindingsTable:
    found = reader.mapping(node, "a table", TABLE_KEYS, ())
    kinds = []
    for item in reader.items(found.get("kinds"), "'kinds'"):
        name = reader.text(item, "a kind")
        if name not in assessed:
            hint = did_you_mean(name, assessed)
            reader.error(item, f"'{name}' is not a kind with 'confidence: true'{hint}")
        kinds.append(name)
    return FindingsTable(
        id=reader.slug(found.get("id"), "a table's id"),
        heading=reader.text(found.get("heading"), "'heading'"),
        column=reader.text(found.get("column"), "'column'"),
        kinds=tuple(kinds),
    )


def load_shape(
    path: Path,
    shown: str,
    problems: list[Problem],
    folders: Mapping[str, str] = FOLDERS,
    blocks: Mapping[str, BlockReader] | None = None,
    text: str | None = None,
) -> Shape | None:
    """Read and check evidencesite.yml; None (with problems) when it cannot be used.
    ``folders`` are the page families' default folders and ``blocks`` their own blocks'
    readers, both from the registry of page families (render/families.py). ``text``, when
    given, is read instead of the file (a released version's, history.py); files it names
    are still looked for beside ``path``."""
    blocks = blocks or {}
    node = _read(path, shown, problems, text)
    if node is None:
        return None
    reader = _Reader(shown, problems, path.parent)
    top = reader.mapping(
        node,
        CONFIG_FILE,
        ("kinds",),
        (
            "relations",
            "vocabularies",
            "confidence",
            "map",
            "urls",
            "style",
            "plain_language",
            "keywords",
            "language",
            "wording",
            "annotation",
            "works",
            *blocks,
        ),
    )
    read = _kinds(reader, top.get("kinds"))
    kinds = tuple(kind for kind, _ in read)
    names = _declared(top.get("kinds"))  # a kind with a mistake is still a kind
    relations = _relations(reader, top.get("relations"), names)
    wording = _wording(reader, top.get("language"), top.get("wording"), path.parent)
    words = wording or default_wording()
    confidence = (
        _confidence(reader, top["confidence"], kinds, words) if "confidence" in top else None
    )
    levels = tuple(confidence.levels) if confidence else ()
    vocabularies = _vocabularies(reader, top.get("vocabularies"), names, levels)
    if "confidence" not in top and any(kind.confidence for kind in kinds):
        reader.error(node, "kinds with 'confidence: true' need a 'confidence' framework")
    evidence_map = _map(reader, top["map"], names) if "map" in top else EvidenceMap()
    urls = _urls(reader, top["urls"], folders) if "urls" in top else Urls(dict(folders))
    _check_addresses(reader, top.get("kinds"), urls)
    style = _style(reader, top["style"], path.parent) if "style" in top else None
    plain = _plain(reader, top["plain_language"], names, words) if "plain_language" in top else None
    merged = _merged_keywords(reader, top["keywords"]) if "keywords" in top else {}
    annotation = _annotation(reader, top["annotation"]) if "annotation" in top else Annotation()
    works = _works(reader, top["works"]) if "works" in top else Works()
    read_blocks = {key: read(reader, top[key], names) for key, read in blocks.items() if key in top}
    if not reader.ok or wording is None:
        return None
    shape = Shape(
        kinds, tuple(relations), tuple(vocabularies), confidence, evidence_map, urls, style,
        plain, merged, read_blocks, wording, annotation, works,
    )  # fmt: skip
    _check_expectations(reader, shape, read)
    _check_plain_field(reader, shape, top.get("plain_language"))
    return shape if reader.ok else None


def _read(
    path: Path, shown: str, problems: list[Problem], text: str | None = None
) -> yaml.Node | None:
    """The file's YAML node tree (or ``text``'s), or None after reporting why not."""
    if text is None and not path.is_file():
        message = (
            f"{CONFIG_FILE} not found: it declares the review's kinds of note and "
            "vocabularies (`evidencesite init` writes one)"
        )
        problems.append(Problem(Location(shown, 0), "error", message))
        return None
    if text is None:
        text = read_text(path, shown, MAX_CONFIG_BYTES, problems)
    if text is None:
        return None
    try:
        _, node = read_yaml(text)
    except YamlProblem as problem:
        message = f"{CONFIG_FILE} {problem.message}"
        problems.append(Problem(Location(shown, problem.line + 1), "error", message))
        return None
    repeated = duplicate_keys(node)
    for line, key in repeated:
        problems.append(Problem(Location(shown, line + 1), "error", f"'{key}' is given twice"))
    if node is None:
        message = f"{CONFIG_FILE} is empty; it needs at least 'kinds'"
        problems.append(Problem(Location(shown, 1), "error", message))
    return None if repeated else node


def _kinds(
    reader: _Reader, node: yaml.Node | None
) -> list[tuple[Kind, list[tuple[yaml.Node, Any]]]]:
    """Each kind with its 'expect' groups (checked once every field is known)."""
    if node is None:
        return []
    read = []
    names: set[str] = set()
    prefixes: set[str] = set()
    for item in reader.items(node, "'kinds'"):
        pair = _kind(reader, item)
        if pair is None:
            continue
        kind = pair[0]
        if kind.name in names:
            reader.error(item, f"kind '{kind.name}' is declared twice")
        if kind.prefix in prefixes:
            reader.error(
                item, f"prefix '{kind.prefix}' is used by another kind; numbers must differ"
            )
        names.add(kind.name)
        prefixes.add(kind.prefix)
        read.append(pair)
    if not read and isinstance(node, yaml.SequenceNode):
        reader.error(node, "'kinds' must list at least one kind of note")
    return read


def _declared(node: yaml.Node | None) -> tuple[str, ...]:
    """Every kind name written, valid or not, so one mistake in a kind is not reported
    again at each place that names it."""
    names: dict[str, None] = {}
    for item in node.value if isinstance(node, yaml.SequenceNode) else []:
        for key, value in item.value if isinstance(item, yaml.MappingNode) else []:
            if key.value == "name" and isinstance(value, yaml.ScalarNode):
                names.setdefault(str(value.value), None)
    return tuple(names)


def _vocabularies(
    reader: _Reader, node: yaml.Node | None, kinds: tuple[str, ...], levels: tuple[str, ...]
) -> list[Vocabulary]:
    vocabularies: list[Vocabulary] = []
    for item in reader.items(node, "'vocabularies'") if node is not None else []:
        vocabulary = _vocabulary(reader, item, kinds, levels)
        if vocabulary is None:
            continue
        if any(v.name == vocabulary.name for v in vocabularies):
            reader.error(item, f"vocabulary '{vocabulary.name}' is declared twice")
        vocabularies.append(vocabulary)
    return vocabularies


def _check_expectations(reader: _Reader, shape: Shape, read: list[Any]) -> None:
    for kind, expect in (pair for pair in read if pair):
        allowed = shape.fields(kind.name)
        for node, group in expect:
            for name in group:
                if name not in allowed:
                    reader.error(
                        node,
                        f"'expect' of {kind.name} names '{name}', which a {kind.singular} "
                        f"does not have{did_you_mean(name, allowed)}",
                    )


def _check_plain_field(reader: _Reader, shape: Shape, node: yaml.Node | None) -> None:
    """The plain-language key is not also a relation or a vocabulary."""
    if shape.plain is None:
        return
    taken = {r.field for r in shape.relations} | {v.name for v in shape.vocabularies}
    if shape.plain.field in taken:
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        at = next((value for key, value in pairs if key.value == "field"), node)
        reader.error(at, f"'field' '{shape.plain.field}' is already a relation or vocabulary")


def _map(reader: _Reader, node: yaml.Node, kinds: tuple[str, ...]) -> EvidenceMap:
    found = reader.mapping(node, "'map'", (), ("sections", "flow"))
    sections = [
        _map_section(reader, item, kinds)
        for item in (reader.items(found["sections"], "'sections'") if "sections" in found else [])
    ]
    flow = None
    if "flow" in found:
        spec = reader.mapping(found["flow"], "'flow'", ("kinds", "heading"), ())
        if "kinds" in spec and "heading" in spec:
            names = [
                _kind_ref(reader, k, "a kind in 'flow'", kinds)
                for k in reader.items(spec["kinds"], "'kinds'")
            ]
            if len(names) < 2:
                reader.error(spec["kinds"], "'flow' needs at least two kinds")
            flow = Flow(tuple(names), reader.text(spec["heading"], "'heading'"))
    return EvidenceMap(tuple(sections), flow)


def _map_section(reader: _Reader, node: yaml.Node, kinds: tuple[str, ...]) -> MapSection:
    found = reader.mapping(node, "a map section", ("id", "heading", "grids"), ())
    grids = []
    for item in reader.items(found.get("grids"), "'grids'"):
        spec = reader.mapping(item, "a grid", ("rows", "columns"), ("heading",))
        grids.append(
            Grid(
                rows=_kind_ref(reader, spec.get("rows"), "'rows'", kinds),
                columns=_kind_ref(reader, spec.get("columns"), "'columns'", kinds),
                heading=reader.text(spec["heading"], "'heading'") if "heading" in spec else "",
            )
        )
    return MapSection(
        id=reader.slug(found.get("id"), "a section's id"),
        heading=reader.text(found.get("heading"), "'heading'"),
        grids=tuple(grids),
    )


def _urls(reader: _Reader, node: yaml.Node, defaults: Mapping[str, str]) -> Urls:
    """The folder of each page family, and the folders used before (which redirect)."""
    families = tuple(defaults)
    found = reader.mapping(node, "'urls'", (), (*families, "moved"))
    folders = dict(defaults)
    for family in families:
        if family in found:
            folders[family] = reader.slug(found[family], f"the folder of '{family}'")
    moved: dict[str, str] = {}
    if "moved" in found and isinstance(found["moved"], yaml.MappingNode):
        for old_node, family_node in found["moved"].value:
            old = reader.slug(old_node, "a former folder")
            family = reader.text(family_node, "a page family")
            if family not in families:
                reader.error(
                    family_node,
                    f"'{family}' is not a page family{did_you_mean(family, families)} "
                    f"(families: {', '.join(families)})",
                )
            elif old == folders[family]:
                reader.error(
                    old_node, f"'{old}' is where {family} are now; 'moved' lists former folders"
                )
            moved[old] = family
    elif "moved" in found:
        reader.error(
            found["moved"],
            "'moved' must map each former folder to its page family, e.g. 'references: references'",
        )
    return Urls(folders, moved)


def _check_addresses(reader: _Reader, kinds: yaml.Node | None, urls: Urls) -> None:
    """No two families, kinds or former folders may share a folder: one would hide
    the other's pages."""
    owners: dict[str, str] = {
        folder: f"the site's {family}" for family, folder in urls.folders.items()
    }
    owners.update((folder, "MkDocs and its theme") for folder in ENGINE_FOLDERS)
    owners.update((old, f"former {family} (redirects)") for old, family in urls.moved.items())
    if len(set(urls.folders.values())) < len(urls.folders):
        reader.error(None, "two page families in 'urls' share a folder")
    for item in kinds.value if isinstance(kinds, yaml.SequenceNode) else []:
        for key, value in item.value if isinstance(item, yaml.MappingNode) else []:
            if key.value == "name" and str(value.value) in owners | dict.fromkeys(
                RESERVED, "the index pages"
            ):
                owner = {**owners, **dict.fromkeys(RESERVED, "the index pages")}[str(value.value)]
                reader.error(
                    value,
                    f"kind '{value.value}' would take the address of {owner}; choose another name",
                )


BUILT_IN_STYLE = "cite-them-right"


def _style(reader: _Reader, node: yaml.Node, literature: Path) -> Path | None:
    """The citation style: the built-in Cite Them Right Harvard, or {csl: NAME}, a
    style of the CSL repository (apa, elsevier-vancouver...) or a .csl file here."""
    from .styles import find_csl

    if isinstance(node, yaml.ScalarNode) and node.value == BUILT_IN_STYLE:
        return None
    found = reader.mapping(node, "'style'", ("csl",), ())
    if "csl" not in found:
        return None
    name = reader.text(found["csl"], "'csl'")
    path, why = find_csl(name, literature)
    if path is None:
        reader.error(found["csl"], why)
    return path


def _plain(
    reader: _Reader, node: yaml.Node, kinds: tuple[str, ...], words: Wording
) -> PlainLanguage:
    """Which kinds carry a plain-language summary, under which key and heading, and the
    highest SMOG grade it may reach."""
    found = reader.mapping(node, "'plain_language'", ("kinds",), ("field", "heading", "max_smog"))
    names = found.get("kinds")
    chosen = tuple(
        _kind_ref(reader, item, "'plain_language' kinds", kinds)
        for item in (reader.items(names, "'plain_language' kinds") if names else [])
    )
    default = PlainLanguage(chosen)
    key = reader.slug(found["field"], "'field'") if "field" in found else default.field
    if key in BASE_FIELDS:
        reader.error(found["field"], f"'{key}' is a key every note has; choose another")
    limit = found.get("max_smog")
    max_smog = default.max_smog
    if limit is not None:
        try:
            max_smog = float(str(limit.value))
        except (ValueError, AttributeError):
            reader.error(limit, "'max_smog' must be a number, e.g. 10")
        if not 3 <= max_smog <= 20:
            reader.error(limit, "'max_smog' must lie between 3 and 20 (school grades)")
    heading = (
        reader.text(found["heading"], "'heading'") if "heading" in found else words("plain.heading")
    )
    return PlainLanguage(chosen, key, heading, max_smog)


def _merged_keywords(reader: _Reader, node: yaml.Node) -> dict[str, str]:
    """keywords: {merged: {old: new}}: keywords that mean the same, shown as one."""
    found = reader.mapping(node, "'keywords'", ("merged",), ())
    merged: dict[str, str] = {}
    pairs = found.get("merged")
    if not isinstance(pairs, yaml.MappingNode):
        if pairs is not None:
            reader.error(pairs, "'merged' must map a keyword to the one it is shown as")
        return merged
    for old_node, new_node in pairs.value:
        old = reader.text(old_node, "a merged keyword").lower()
        new = reader.text(new_node, f"the keyword '{old}' is shown as").lower()
        if old == new:
            reader.error(old_node, f"'{old}' is merged into itself")
        merged[old] = new
    for old, new in merged.items():
        if new in merged:
            line = next(n for n, _ in pairs.value if str(n.value).lower() == old)
            reader.error(line, f"'{old}' is merged into '{new}', which is itself merged")
    return merged


def _wording(
    reader: _Reader, language: yaml.Node | None, overrides: yaml.Node | None, literature: Path
) -> Wording | None:
    """The interface strings: the catalogue ``language`` names (the review's own
    wording/<language>.yml first, then the package's), with ``wording`` overriding any
    string by id."""
    name = reader.text(language, "'language'") if language is not None else "en"
    path = catalogue_path(name, literature)
    if path is None:
        choices = available(literature)
        reader.error(
            language,
            f"no wording catalogue for language '{name}'{did_you_mean(name, choices)} (catalogues: "
            f"{', '.join(choices)}; a new language is one file, wording/{name}.yml in "
            "the review folder, translated from the package's wording/en.yml)",
        )
        return None
    try:
        catalogue = read_catalogue(path)
    except WordingError as exc:
        where = Location(_shown(exc.path, literature), exc.line)
        reader.problems.append(Problem(where, "error", exc.message))
        reader.ok = False
        return None
    for line, message in check(catalogue):
        where = Location(_shown(path, literature), line)
        if line:  # a wrong id or placeholder
            reader.problems.append(Problem(where, "error", message))
            reader.ok = False
        else:  # strings missing: shown in English, as a theme shows an untranslated one
            reader.problems.append(Problem(where, "warning", message))
    return make(catalogue, name, _overrides(reader, overrides))


def _shown(path: Path, literature: Path) -> str:
    try:
        return str(path.relative_to(literature.parent))
    except ValueError:
        return f"evidencesite:{path.parent.name}/{path.name}"


def _overrides(reader: _Reader, node: yaml.Node | None) -> dict[str, Entry]:
    """wording: {id: text}: a catalogue string replaced (a plural as a mapping of CLDR
    categories, 'other' among them); the id must exist and keep the catalogue's
    placeholders."""
    from .wording import CATEGORIES, placeholders, source

    if node is None:
        return {}
    ids = source().strings
    found: dict[str, Entry] = {}
    if not isinstance(node, yaml.MappingNode):
        reader.error(node, "'wording' must map a string's id to its text, e.g. 'home: Home'")
        return found
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in ids:
            reader.error(key_node, f"'{key}' is not a wording id{did_you_mean(key, list(ids))}")
            continue
        where = f"the wording of '{key}'"
        value: Entry
        if isinstance(ids[key], str):
            value = reader.text(value_node, where)
        elif isinstance(value_node, yaml.MappingNode):
            value = {
                reader.text(k, f"a plural category of '{key}'"): reader.text(v, where)
                for k, v in value_node.value
            }
            wrong = [c for c in value if c not in CATEGORIES]
            if wrong or "other" not in value:
                reader.error(
                    value_node,
                    f"'{key}' is a plural: map CLDR categories ({', '.join(CATEGORIES)}) to "
                    "text, 'other' among them",
                )
                continue
        else:
            reader.error(
                value_node, f"'{key}' is a plural: give its forms, e.g. 'one: ...' and 'other: ...'"
            )
            continue
        if placeholders(value) != placeholders(ids[key]):
            want = ", ".join(sorted("{" + p + "}" for p in placeholders(ids[key]))) or "none"
            reader.error(value_node, f"{where} must use the placeholders {want}")
        found[key] = value
    return found


def _annotation(reader: _Reader, node: yaml.Node) -> Annotation:
    """annotation: {field, heading, expected}: the review's own note on each work."""
    found = reader.mapping(node, "'annotation'", (), ("field", "heading", "expected"))
    default = Annotation()
    fields = default.fields
    if "field" in found:
        fields = (reader.slug(found["field"], "the annotation's 'field'"),)
    heading = reader.text(found["heading"], "'heading'") if "heading" in found else ""
    return Annotation(fields, heading, reader.flag(found.get("expected"), "'expected'"))


def _works(reader: _Reader, node: yaml.Node) -> Works:
    """works: {expect: [title, year, cited]}: what every work should have."""
    found = reader.mapping(node, "'works'", ("expect",), ())
    expect: set[str] = set()
    for item in reader.items(found.get("expect"), "'works: expect'") if found else ():
        name = reader.text(item, "an item of 'works: expect'")
        if name and name not in WORK_CHECKS:
            hint = did_you_mean(name, WORK_CHECKS)
            choices = ", ".join(WORK_CHECKS)
            reader.error(item, f"'{name}' is not something a work can be expected to have"
                         f"{hint} (choose from {choices})")  # fmt: skip
        expect.add(name)
    return Works(frozenset(expect & set(WORK_CHECKS)))
