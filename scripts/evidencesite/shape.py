"""The review's shape, as data: what ``literature/evidencesite.yml`` declares, checked.

Kinds of note, the relations between them and their wording on both sides, the
controlled vocabularies (and which are facets of the bibliography), the confidence
framework, the evidence map and the folders of the site. Plain frozen records on the
bottom floor of the package: :mod:`config` reads and checks them, and every later stage
(load, validate, derive, render) only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol, TypeVar

from .suggest import closest
from .urls import Urls
from .wording import Wording
from .wording import default as default_wording

_B = TypeVar("_B")


class _Fields(Protocol):
    """What the shape reads of a work (a model.Reference), without importing model."""

    def get(self, name: str) -> str: ...


#: Front-matter keys every note has; no relation or vocabulary may take these names.
BASE_FIELDS = ("id", "title", "summary", "keywords", "order", "aliases")


def split_list(text: str) -> list[str]:
    """Split a BibTeX list field on ';' (or ',' when there is no ';')."""
    if not text.strip():
        return []
    sep = ";" if ";" in text else ","
    return [item.strip() for item in text.split(sep) if item.strip()]


@dataclass(frozen=True)
class Kind:
    """A kind of note: a folder of the review and a section of the site."""

    name: str
    """Folder and URL segment, plural ("recommendations")."""
    singular: str
    """For sentences and labels ("recommendation")."""
    title: str
    """Heading of the kind's index page ("Recommendations")."""
    prefix: str
    """Numbers the notes in reading order ("R" -> R1, R2); never part of a URL."""
    intro: str
    """The index page's opening sentence."""
    confidence: bool = False
    """True when its notes carry a confidence assessment."""
    group: bool = False
    """True when its notes group the others (themes): a work cited by a note also
    informs the groups that note links to, and the bibliography can be narrowed by
    group (/browse/<singular>/<id>/)."""
    guidance: bool = False
    """True for guidance that others act on (recommendations): a printable page of them
    all at a glance (<name>/at-a-glance/), and a spreadsheet in /data/ (<name>.csv)."""
    expect: tuple[tuple[str, ...], ...] = ()
    """Fields a note should have (each a group: at least one of); warnings when not."""

    @property
    def label(self) -> str:
        """The singular as a label starts ("Recommendation" R3): its first letter in
        capitals, the rest as written (an acronym keeps its capitals)."""
        return self.singular[:1].upper() + self.singular[1:]


@dataclass(frozen=True)
class RelationSpec:
    """A typed link from a note of one kind to notes of another."""

    field: str
    """The front-matter key on the source note."""
    source: str
    """Kind of the note that lists the ids."""
    target: str
    """Kind the listed ids must be."""
    heading: str
    """Shown on the source note's page ("Challenges it addresses")."""
    reverse: str
    """Shown on the target note's page ("Recommendations that address it")."""


@dataclass(frozen=True)
class Vocabulary:
    """A controlled vocabulary: the values a field may take, and their labels."""

    name: str
    """The BibTeX field or front-matter key."""
    on: tuple[str, ...]
    """("references",) or the kinds whose front matter carries it."""
    values: dict[str, str]
    """Allowed value -> the label readers see, in display order."""
    multiple: bool = False
    label: str = ""
    """Heading for the value on a note's page ("Strength")."""
    facet: str = ""
    """References only: the heading of the bibliography's narrowed views ('' = none)."""
    expected: bool = False
    """References only: warn when a reference lacks it."""
    explained: str = ""
    """Notes only: a hand-written page (and anchor) that says how a value is chosen;
    the label links to it ('methods.md#how-strength-was-judged')."""
    confidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Notes only: value -> the confidence levels it allows (the rule for choosing it,
    checked on every note)."""

    @property
    def for_references(self) -> bool:
        return self.on == ("references",)

    @property
    def heading(self) -> str:
        """How a page names the vocabulary: its label, else its facet's heading, else
        its name."""
        return self.label or self.facet or self.name

    def split(self, raw: str) -> list[str]:
        """A field's value(s) as the vocabulary's keys: a ';'-separated list where
        several are allowed; a value that is neither a key nor a label stays as written
        (validation reports it)."""
        given = split_list(raw) if self.multiple else [raw.strip()] if raw.strip() else []
        return [self.key_of(value) or value for value in given]

    def key_of(self, value: str) -> str | None:
        """The key a value names, written as its key or its label, in any case."""
        if value in self.values:
            return value
        return self._folded.get(value.casefold())

    @cached_property  # read for every value of every work: made once per vocabulary
    def _folded(self) -> dict[str, str]:
        folded: dict[str, str] = {}
        for key, label in reversed(self.values.items()):  # the first declared wins
            folded[label.casefold()] = key
        for key in reversed(self.values):  # and a key wins over another value's label
            folded[key.casefold()] = key
        return folded

    def unknown(self, value: str, of: str = "") -> str:
        """Why ``value`` is not allowed, with the nearest key or label and where new
        values are declared."""
        spellings = {s.casefold(): s for s in [*self.values.values(), *self.values]}
        found = closest(value.casefold(), spellings)
        near = f"; did you mean '{spellings[found]}'?" if found is not None else ""
        return (
            f"{self.name} '{value}'{of} is not one of: {', '.join(self.values)}{near} "
            "(a new value is declared under 'vocabularies' in evidencesite.yml)"
        )


@dataclass(frozen=True)
class FindingsTable:
    """One table of the summary of findings: the assessed notes of some kinds."""

    id: str
    """Its anchor on the page."""
    heading: str
    column: str
    """Heading of the column that names each note ("Finding")."""
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class ConfidenceFramework:
    """How confidence in a finding is judged (GRADE-CERQual, say)."""

    framework: str
    levels: dict[str, str]
    concerns: dict[str, str]
    components: dict[str, str]
    explanation: str
    """Shown under each assessment: how the judgement is made."""
    summary: str = ""
    """The summary-of-findings page's opening paragraph (Markdown)."""
    tables: tuple[FindingsTable, ...] = ()
    """The summary of findings' tables; one per assessed kind when none are given."""


@dataclass(frozen=True)
class Grid:
    """A matrix of the evidence map: notes of one kind (rows) against another."""

    rows: str
    columns: str
    heading: str = ""
    """Its own heading, when its section holds several grids."""

    @property
    def id(self) -> str:
        return f"{self.rows}-{self.columns}"


@dataclass(frozen=True)
class MapSection:
    id: str
    heading: str
    grids: tuple[Grid, ...]


@dataclass(frozen=True)
class Flow:
    """The map's diagram: kinds side by side, each note joined to the linked notes of
    the next kind."""

    kinds: tuple[str, ...]
    heading: str


@dataclass(frozen=True)
class EvidenceMap:
    sections: tuple[MapSection, ...] = ()
    flow: Flow | None = None

    @property
    def grids(self) -> list[Grid]:
        return [grid for section in self.sections for grid in section.grids]


@dataclass(frozen=True)
class PlainLanguage:
    """A short summary in plain words on the notes of some kinds, and how plain it
    must be (a SMOG grade; the NHS service manual notes most UK adults read at 10-11)."""

    kinds: tuple[str, ...]
    field: str = "plain"
    """The front-matter key that holds it."""
    heading: str = ""
    """'' for the catalogue's ('In plain words')."""
    max_smog: float = 10.0


@dataclass(frozen=True)
class Annotation:
    """The review's own note on each work: which BibTeX field holds it, its heading on
    the work's page (the catalogue's when '') and whether every work should have one."""

    fields: tuple[str, ...] = ("annotation", "annote")
    """The fields read, first found wins."""
    heading: str = ""
    expected: bool = False

    def of(self, ref: _Fields) -> str:
        """The work's annotation ('' when it has none)."""
        return next((value for name in self.fields if (value := ref.get(name))), "")


WORK_CHECKS = ("title", "year", "cited")
"""What a work may be expected to have, each missing one a warning: a title, a year
(or ``undated = {yes}``), and a note that cites it."""


@dataclass(frozen=True)
class Works:
    """What the review expects of every work in its bibliography (``works: expect:``).
    An export from a reference manager often holds works no note cites yet: a team that
    maps only some of them leaves 'cited' out."""

    expect: frozenset[str] = frozenset(WORK_CHECKS)


@dataclass(frozen=True)
class Shape:
    """Everything evidencesite.yml declares, checked."""

    kinds: tuple[Kind, ...]
    relations: tuple[RelationSpec, ...] = ()
    vocabularies: tuple[Vocabulary, ...] = ()
    confidence: ConfidenceFramework | None = None
    map: EvidenceMap = field(default_factory=EvidenceMap)
    urls: Urls = field(default_factory=Urls)
    style: Path | None = None
    """A CSL style file; None for the built-in Cite Them Right Harvard."""
    plain: PlainLanguage | None = None
    merged_keywords: dict[str, str] = field(default_factory=dict)
    """A keyword written one way -> the keyword it is shown as ('definitions' ->
    'definition'); the old keyword's page redirects to the new one."""
    blocks: dict[str, object] = field(default_factory=dict)
    """A registered page family's own block of evidencesite.yml (its key) -> what the
    family's reader made of it (render/families.py)."""
    wording: Wording = field(default_factory=default_wording)
    """Every interface string, in the review's language (wording/)."""
    annotation: Annotation = field(default_factory=Annotation)
    works: Works = field(default_factory=Works)
    _kinds: dict[str, Kind] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._kinds.update((kind.name, kind) for kind in self.kinds)

    @property
    def groups(self) -> list[Kind]:
        return [kind for kind in self.kinds if kind.group]

    @property
    def kind_names(self) -> tuple[str, ...]:
        return tuple(kind.name for kind in self.kinds)

    def kind(self, name: str) -> Kind:
        return self._kinds[name]

    def block(self, key: str, kind: type[_B]) -> _B | None:
        """What a page family's block of evidencesite.yml was read as, when the review
        has that block (and it was read as ``kind``); else None."""
        found = self.blocks.get(key)
        return found if isinstance(found, kind) else None

    def relations_from(self, kind: str) -> list[RelationSpec]:
        return [r for r in self.relations if r.source == kind]

    def relation(self, name: str, source: str) -> RelationSpec:
        return next(r for r in self.relations if r.field == name and r.source == source)

    def link_wording(self, here: str, there: str) -> str:
        """How a note of kind ``here`` names its links to notes of kind ``there``, in the
        relation's own words ("Challenges it addresses"); '' when none is declared."""
        for relation in self.relations:
            if relation.source == here and relation.target == there:
                return relation.heading
            if relation.target == here and relation.source == there:
                return relation.reverse
        return ""

    def plain_for(self, kind: str) -> PlainLanguage | None:
        """The plain-language setting when notes of ``kind`` carry a plain summary."""
        return self.plain if self.plain is not None and kind in self.plain.kinds else None

    def vocabulary(self, name: str) -> Vocabulary | None:
        return next((v for v in self.vocabularies if v.name == name), None)

    def note_vocabularies(self, kind: str) -> list[Vocabulary]:
        return [v for v in self.vocabularies if kind in v.on]

    @property
    def reference_vocabularies(self) -> list[Vocabulary]:
        return [v for v in self.vocabularies if v.for_references]

    @property
    def facets(self) -> list[Vocabulary]:
        return [v for v in self.reference_vocabularies if v.facet]

    def fields(self, kind: str) -> list[str]:
        """Every front-matter key a note of this kind may carry."""
        extra = [r.field for r in self.relations_from(kind)]
        extra += [v.name for v in self.note_vocabularies(kind)]
        plain = self.plain_for(kind)
        extra += [plain.field] if plain else []
        return [*BASE_FIELDS, *extra, *(["confidence"] if self.kind(kind).confidence else [])]
