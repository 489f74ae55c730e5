"""Data for machines, at stable URLs under /data/ and beside each reference page:
evidence.json (with its JSON Schema, made from the review's shape), BibTeX, RIS and a
CSV of each guidance kind (recommendations)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..model import ConfidenceComponent, Note, Person, Reference, is_web_url
from ..shape import ConfidenceFramework, Kind, Shape, Vocabulary
from .common import Site, link, meta, text
from .guidance import page_url
from .reuse import piece

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Evidence:
    """A page family's part of evidence.json (render/families.py): a top-level key, its
    value and its schema (an optional key: a review without the family's data has none)."""

    key: str
    value: Callable[[Site], object]
    """None when the review has nothing of it (the key is then left out)."""
    schema: Callable[[Shape], dict[str, Any]]


RIS_TYPES = {
    "article": "JOUR",
    "book": "BOOK",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "online": "ELEC",
    "electronic": "ELEC",
    "www": "ELEC",
    "unpublished": "UNPB",
    "manual": "RPRT",
}
BIBTEX_FIELDS = (
    "title", "journal", "booktitle", "edition", "volume", "number", "pages", "year",
    "month", "publisher", "institution", "school", "organization", "address", "type",
    "howpublished", "isbn", "doi", "url", "urldate", "annotation",
)  # fmt: skip


def _person(p: Person) -> dict[str, Any]:
    out: dict[str, Any] = {"family": p.family}
    if p.given:
        out["given"] = p.given
    if p.corporate:
        out["organisation"] = True
    return out


def _reference_json(site: Site, ref: Reference) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": ref.key,
        "url": page_url(site, site.ref_page(ref)),
        "type": ref.entry_type,
        "title": ref.title,
        "authors": [_person(p) for p in ref.authors],
        "editors": [_person(p) for p in ref.editors],
        "year": ref.year or None,
        "citation": site.cite.item(ref),
        "reference": site.hover[ref.key],
        "annotation": site.shape.annotation.of(ref) or None,
        **_reference_terms(site, ref),
        "keywords": ref.keywords,
        "doi": ref.doi or None,
        "link": ref.url if is_web_url(ref.url) else None,
        "cited_in": sorted({c.note.id for c in site.cited_in.get(ref.key, [])}),
    }
    for name in ("journal", "booktitle", "volume", "number", "pages", "publisher",
                 "institution", "school"):  # fmt: skip
        if ref.get(name):
            data[name] = ref.get(name)
    return data


def _reference_terms(site: Site, ref: Reference) -> dict[str, Any]:
    """The reference's vocabulary values: a list where several are allowed, else one
    value or None."""
    terms: dict[str, Any] = {}
    for vocabulary in site.shape.reference_vocabularies:
        raw = ref.get(vocabulary.name)
        values = vocabulary.split(raw)
        terms[vocabulary.name] = values if vocabulary.multiple else next(iter(values), None)
    return terms


def _in_framework_order(
    site: Site, components: dict[str, ConfidenceComponent]
) -> list[tuple[str, ConfidenceComponent]]:
    """A note's confidence components in the framework's order (evidencesite.yml), as
    its page shows them."""
    framework = site.shape.confidence
    order = {name: i for i, name in enumerate(framework.components if framework else ())}
    return sorted(components.items(), key=lambda item: order.get(item[0], len(order)))


def _note_json(site: Site, note: Note) -> dict[str, Any]:
    updated = site.index.last_updated(note.id)
    data: dict[str, Any] = {
        "id": note.id,
        "kind": site.shape.kind(note.kind).singular,
        "number": site.numbers[note.id],
        "title": note.title,
        "summary": note.summary,
        "url": page_url(site, note.url_path),
        "keywords": note.keywords,
        "aliases": note.aliases,
        "last_updated": updated.isoformat() if updated else None,
        "relations": [
            {"type": r.name, "target": r.target_id, "target_kind": r.target_kind}
            for r in note.relations
        ],
        "citations": [
            {
                "key": c.key,
                "locator": c.locator or None,
                "line": g.line,
                "sentence": g.sentence,
            }
            for g in note.citations
            for c in g.citations
        ],
    }
    for vocabulary in site.shape.note_vocabularies(note.kind):
        values = note.terms.get(vocabulary.name, [])
        data[vocabulary.name] = values if vocabulary.multiple else next(iter(values), None)
    if note.confidence is not None:
        data["confidence"] = {
            "level": note.confidence.level,
            "explanation": note.confidence.explanation,
            "components": {
                name: {"concern": comp.concern, "explanation": comp.explanation}
                for name, comp in _in_framework_order(site, note.confidence.components)
            },
        }
    return data


def evidence_json(site: Site, parts: Sequence[Evidence] = ()) -> str:
    review = site.review
    info = review.info
    data: dict[str, Any] = {
        "$schema": "evidence.schema.json",
        "schema_version": SCHEMA_VERSION,
        "review": {
            "title": info.title if info else None,
            "authors": info.authors if info else [],
            "version": info.version if info else None,
            "last_search": info.last_search.isoformat() if info else None,
        },
        "notes": [_note_json(site, n) for n in review.all_notes()],
        "references": [_record(site, r) for r in site.sorted_refs],
        "changes": [
            {"date": c.date.isoformat(), "summary": c.summary, "notes": c.notes}
            for c in review.changes
        ],
    }
    for part in parts:
        value = part.value(site)
        if value is not None:
            data[part.key] = value
    return dump_json(data)


class Encoded(str):
    """A list item already encoded as JSON (by :data:`ENCODE`)."""


#: JSON as this site writes it: C-encoded, Unicode kept.
ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _record(site: Site, ref: Reference) -> Encoded:
    """A work's record in evidence.json, encoded; a preview reuses it (.reuse)."""
    inputs, make = partial(_record_inputs, site, ref), partial(_encoded_reference, site, ref)
    return Encoded(piece(site.reuse, "reference record", ref.key, inputs, make))


def _encoded_reference(site: Site, ref: Reference) -> str:
    return ENCODE(_reference_json(site, ref))


def _record_inputs(site: Site, ref: Reference) -> tuple[object, ...]:
    """Everything a work's record in evidence.json reads beyond the reuse epoch."""
    notes = tuple(c.note.id for c in site.cited_in.get(ref.key, ()))
    return (ref.content, site.style.reuse_key(ref), notes)


def dump_json(data: dict[str, Any]) -> str:
    """JSON with each top-level key, and each item of a top-level list, on a line of its
    own: readable and diffable, and encoded by json's C encoder (an ``indent`` would
    switch to the pure-Python one, several times slower at 10,000 references)."""
    encode = ENCODE
    members = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n".join(
                "  " + (item if isinstance(item, Encoded) else encode(item)) for item in value
            )
            members.append(f" {encode(key)}: [\n{items}\n ]")
        else:
            members.append(f" {encode(key)}: {encode(value)}")
    return "{\n" + ",\n".join(members) + "\n}\n"


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


STR_LIST = {"type": "array", "items": {"type": "string"}}
PERSON = {
    "type": "object",
    "required": ["family"],
    "additionalProperties": False,
    "properties": {
        "family": {"type": "string"},
        "given": {"type": "string"},
        "organisation": {"type": "boolean"},
    },
}
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}


def _confidence_schema(framework: ConfidenceFramework | None) -> dict[str, Any]:
    if framework is None:
        return {"not": {}}  # no kind carries an assessment
    components = list(framework.components)
    return {
        "type": "object",
        "required": ["level", "explanation", "components"],
        "additionalProperties": False,
        "properties": {
            "level": {"enum": list(framework.levels)},
            "explanation": {"type": "string"},
            "components": {
                "type": "object",
                "additionalProperties": False,
                "required": components,
                "properties": {
                    name: {
                        "type": "object",
                        "required": ["concern", "explanation"],
                        "additionalProperties": False,
                        "properties": {
                            "concern": {"enum": list(framework.concerns)},
                            "explanation": {"type": "string"},
                        },
                    }
                    for name in components
                },
            },
        },
    }


def _term_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    if vocabulary.multiple:
        return {"type": "array", "items": {"enum": list(vocabulary.values)}}
    return {"enum": [*vocabulary.values, None]}


def _array_of(
    properties: dict[str, Any], required: list[str], closed: bool = True
) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "object", "required": required, "properties": properties}
    if closed:
        item["additionalProperties"] = False
    return {"type": "array", "items": item}


def _note_schema(shape: Shape) -> dict[str, Any]:
    """A note, with the review's kinds, relations and vocabularies as enumerations."""
    relation = _array_of(
        {
            "type": {"enum": sorted({r.field for r in shape.relations})},
            "target": SLUG,
            "target_kind": {"enum": list(shape.kind_names)},
        },
        ["type", "target", "target_kind"],
    )
    citation = _array_of(
        {
            "key": {"type": "string"},
            "locator": _nullable("string"),
            "line": {"type": "integer", "minimum": 1},
            "sentence": {"type": "string"},
        },
        ["key", "locator", "line", "sentence"],
    )
    terms = {v.name: _term_schema(v) for v in shape.vocabularies if not v.for_references}
    return _array_of(
        {
            "id": SLUG,
            "kind": {"enum": [kind.singular for kind in shape.kinds]},
            "number": {"type": "string"},
            "title": {"type": "string"},
            "summary": {"type": "string"},
            "url": {"type": "string"},
            "keywords": STR_LIST,
            "aliases": {"type": "array", "items": SLUG},
            "last_updated": {"type": ["string", "null"], "format": "date"},
            "relations": relation,
            "citations": citation,
            **terms,
            "confidence": _confidence_schema(shape.confidence),
        },
        ["id", "kind", "number", "title", "summary", "url", "relations", "citations",
         "keywords", "aliases", "last_updated"],
    )  # fmt: skip


def _reference_schema(shape: Shape) -> dict[str, Any]:
    terms = {v.name: _term_schema(v) for v in shape.reference_vocabularies}
    return _array_of(
        {
            "key": {"type": "string"},
            "url": {"type": "string"},
            "type": {"type": "string"},
            "title": {"type": "string"},
            "authors": {"type": "array", "items": PERSON},
            "editors": {"type": "array", "items": PERSON},
            "year": _nullable("string"),
            "citation": {"type": "string"},
            "reference": {"type": "string"},
            "annotation": _nullable("string"),
            **terms,
            "keywords": STR_LIST,
            "doi": {"type": ["string", "null"], "pattern": "^10\\."},
            "link": {"type": ["string", "null"], "pattern": "^https?://"},
            "cited_in": {"type": "array", "items": SLUG},
        },
        ["key", "url", "type", "title", "authors", "year", "citation", "reference", "doi",
         "cited_in"],
        closed=False,  # the bibliographic fields a work has (journal, pages...) vary
    )  # fmt: skip


def schema(shape: Shape, parts: Sequence[Evidence] = ()) -> dict[str, Any]:
    """evidence.json's JSON Schema, with the review's kinds, relations and vocabularies
    as its enumerations."""
    review = {
        "type": "object",
        "required": ["title", "authors", "version", "last_search"],
        "additionalProperties": False,
        "properties": {
            "title": _nullable("string"),
            "authors": STR_LIST,
            "version": _nullable("string"),
            "last_search": {"type": ["string", "null"], "format": "date"},
        },
    }
    changes = _array_of(
        {
            "date": {"type": "string", "format": "date"},
            "summary": {"type": "string"},
            "notes": {"type": ["array", "null"], "items": SLUG},
        },
        ["date", "summary", "notes"],
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "evidence.schema.json",
        "title": "Evidence map: notes, relations, citations and references",
        "type": "object",
        "required": ["schema_version", "review", "notes", "references", "changes"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "schema_version": {"const": SCHEMA_VERSION},
            "review": review,
            "notes": _note_schema(shape),
            "references": _reference_schema(shape),
            "changes": changes,
            **{part.key: part.schema(shape) for part in parts},
        },
    }


def schema_json(shape: Shape, parts: Sequence[Evidence] = ()) -> str:
    return json.dumps(schema(shape, parts), indent=1) + "\n"


#: Plain text -> BibTeX: what BibTeX or a LaTeX decoder would otherwise read as markup.
#: One pass, so that the braces of ``\textbackslash{}`` are not escaped in turn (they
#: were: a title holding ``\Sigma`` read back as ``\{}Sigma``). A dash or quote before
#: another gets an empty group, so that "--" and "''" stay two characters, not a
#: ligature. A lone ``^`` is left as it is: our decoder and pylatexenc both read it back
#: as ``^``, while ``\textasciicircum`` reads back as U+02C6.
_BIB_ESCAPES = {
    "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}",
    "`": "\\textasciigrave{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
    "-": "-{}", "'": "'{}",
}  # fmt: skip
_BIB_SPECIAL = re.compile(r"-(?=-)|'(?=')|[\\{}~`&%$#_]")
#: A family name BibTeX would split or cut: it holds a comma or the word "and".
_BIB_SPLITS = re.compile(r",|\band\b", re.I)


def _bib_value(value: str) -> str:
    return _BIB_SPECIAL.sub(lambda m: _BIB_ESCAPES[m.group()], value)


def _bib_name(p: Person) -> str:
    """One name as BibTeX reads it back: "{Org}", "von Last, Jr, First" or "Last"."""
    family = _bib_value(p.family)
    if p.corporate or _BIB_SPLITS.search(p.family):
        family = "{" + family + "}"
    if p.corporate:
        return family
    if p.suffix:
        return f"{family}, {_bib_value(p.suffix)}, {_bib_value(p.given)}"
    return f"{family}, {_bib_value(p.given)}" if p.given else family


def _bib_names(people: list[Person]) -> str:
    # A nameless person (the loader keeps one for a name it could not read) would
    # join its neighbours ("and Rahtz"): left out.
    return " and ".join(_bib_name(p) for p in people if p.family or p.given)


def bibtex_entry(ref: Reference, review_fields: tuple[str, ...] = ()) -> str:
    """One entry for download: the bibliographic fields, then the review's own
    (its vocabularies, e.g. design and setting) and keywords."""
    lines = [f"@{ref.entry_type}{{{ref.key},"]
    if ref.authors:
        lines.append(f"  author = {{{_bib_names(ref.authors)}}},")
    if ref.editors:
        lines.append(f"  editor = {{{_bib_names(ref.editors)}}},")
    for name in (*BIBTEX_FIELDS, *review_fields, "keywords"):
        value = ref.get(name)
        if not value:
            continue
        if name in ("doi", "url"):
            lines.append(f"  {name} = {{{value}}},")
        else:
            lines.append(f"  {name} = {{{_bib_value(value)}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def ris_entry(ref: Reference, annotation: str = "") -> str:
    kind = RIS_TYPES.get(ref.entry_type, "GEN")
    lines = [_ris_line("TY", kind)]
    for p in ref.authors:
        lines.append(_ris_line("AU", f"{p.family}, {p.given}" if p.given else p.family))
    for p in ref.editors:
        lines.append(_ris_line("A2", f"{p.family}, {p.given}" if p.given else p.family))
    lines.append(_ris_line("TI", ref.title))
    container = ref.get("journal") or ref.get("booktitle")
    if container:
        lines.append(_ris_line("T2", container))
    if ref.year:
        lines.append(_ris_line("PY", ref.year))
    for tag, name in (("VL", "volume"), ("IS", "number"), ("ET", "edition"),
                      ("CY", "address"), ("SN", "isbn"), ("M3", "type")):  # fmt: skip
        if ref.get(name):
            lines.append(_ris_line(tag, ref.get(name)))
    publisher = ref.get("publisher") or ref.get("institution") or ref.get("school")
    if publisher:
        lines.append(_ris_line("PB", publisher))
    pages = ref.get("pages").replace("–", "-").replace("--", "-")
    if pages:
        start, _, end = pages.partition("-")
        lines.append(_ris_line("SP", start.strip()))
        if end.strip():
            lines.append(_ris_line("EP", end.strip()))
    if ref.doi:
        lines.append(_ris_line("DO", ref.doi))
    if ref.url:
        lines.append(_ris_line("UR", ref.url))
    for word in ref.keywords:
        lines.append(_ris_line("KW", word))
    if annotation:
        lines.append(_ris_line("N1", annotation))
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def guidance_csv(site: Site, kind: Kind) -> str:
    """A kind's notes as a spreadsheet: one row each, with its vocabulary values,
    confidence and links."""
    shape = site.shape
    vocabularies = shape.note_vocabularies(kind.name)
    relations = [r.field for r in shape.relations_from(kind.name)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["number", "id", "url", "title", "summary", *(v.name for v in vocabularies),
         *(["confidence"] if kind.confidence else []), *relations, "last_updated"]
    )  # fmt: skip
    for note in site.review.sorted_notes(kind.name):
        updated = site.index.last_updated(note.id)
        linked = [[r.target_id for r in note.relations if r.name == name] for name in relations]
        writer.writerow(
            [
                site.numbers[note.id],
                note.id,
                page_url(site, note.url_path),
                _csv_safe(note.title),
                _csv_safe(note.summary),
                *("; ".join(note.terms.get(v.name, [])) for v in vocabularies),
                *([note.confidence.level if note.confidence else ""] if kind.confidence else []),
                *("; ".join(ids) for ids in linked),
                updated.isoformat() if updated else "",
            ]
        )
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    """Stop spreadsheets from running a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


#: The files in the data folder, by name, with the id of what the index says of each.
DATA_FILES = {
    "evidence.json": "data.evidence_json",
    "evidence.schema.json": "data.evidence_schema",
    "references.bib": "data.references_bib",
    "references.ris": "data.references_ris",
}


def _guidance_files(shape: Shape) -> dict[str, str]:
    words = shape.wording
    return {
        f"{k.name}.csv": words("data.guidance_csv", kind=words.in_sentence(k.title))
        for k in shape.kinds
        if k.guidance
    }


def data_index_page(shape: Shape) -> str:
    words = shape.wording

    def say(key: str) -> str:
        return words.fill(key, text)

    title = words("data.title")
    lines = [
        "---",
        f"title: {meta(title)}",
        f"description: {meta(words('data.description'))}",
        "---",
        "",
        f"# {text(title)}",
        "",
        say("data.intro"),
        "",
        f"| {say('data.file')} | {say('data.holds')} |",
        "|---|---|",
    ]
    held = {name: words(key) for name, key in DATA_FILES.items()}
    for name, what in {**held, **_guidance_files(shape)}.items():
        lines.append(f"| [{text(name)}]({name}) | {text(what)} |")
    return "\n".join(lines) + "\n"


def data_files(site: Site, parts: Sequence[Evidence] = ()) -> dict[str, str]:
    urls = site.urls
    refs = sorted(site.review.references.values(), key=lambda r: r.key)
    review_fields = tuple(v.name for v in site.shape.reference_vocabularies) + tuple(
        name for name in site.shape.annotation.fields if name not in BIBTEX_FIELDS
    )
    bib, ris = {}, {}
    for ref in refs:
        bib[ref.slug] = piece(site.reuse, "bibtex", ref.key, partial(_content, ref),
                              partial(bibtex_entry, ref, review_fields))  # fmt: skip
        ris[ref.slug] = piece(site.reuse, "ris", ref.key, partial(_content, ref),
                              partial(ris_entry, ref, site.shape.annotation.of(ref)))  # fmt: skip
    files = {
        urls.data(): data_index_page(site.shape),
        urls.data("evidence.json"): evidence_json(site, parts),
        urls.data("evidence.schema.json"): schema_json(site.shape, parts),
        urls.data("references.bib"): "\n".join(bib.values()),
        urls.data("references.ris"): "\n".join(ris.values()),
    }
    for kind in site.shape.kinds:
        if kind.guidance:
            files[urls.data(f"{kind.name}.csv")] = guidance_csv(site, kind)
    for slug in bib:
        files[urls.reference_file(slug, "bib")] = bib[slug]
        files[urls.reference_file(slug, "ris")] = ris[slug]
    return files


def _content(ref: Reference) -> tuple[object, ...]:
    return ref.content


def downloads_md(site: Site, ref: Reference, page: str) -> str:
    bib = link("BibTeX", page, site.urls.reference_file(ref.slug, "bib"))
    ris = link(site.words("data.ris"), page, site.urls.reference_file(ref.slug, "ris"))
    return f"**{site.say('data.download')}** {bib} · {ris}"
