"""The derive stage: everything the pages need that is worked out from the review,
computed once, between validate and render.

Numbers, reading order, backlinks with their citing sentences, evidence profiles,
keyword slugs and groups, last-updated dates, facet membership, the evidence map's
cells with the works behind each, and counts. Renderers read the :class:`Index` and
never count, group or search the review themselves (pelican's ``generate_context``,
mkdocs' "first gather all data from all files").
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from .bibmemo import BibMemo, memoised
from .model import Note, Reference, Review
from .shape import Shape, Vocabulary
from .slugs import keyword_of, keyword_slug, value_slug
from .wording import Wording

PERIOD = "period"
T = TypeVar("T")


@dataclass(frozen=True)
class CitedIn:
    """One place a work is cited: the note and the sentence."""

    note: Note
    sentence: str
    line: int


@dataclass(frozen=True)
class Cell:
    """A cell of an evidence-map grid: two linked notes and the works behind them."""

    row: Note
    column: Note
    support: tuple[Reference, ...]
    """The works that support the link: cited on both notes' pages (the number the
    map shows), in bibliography order."""
    wider: tuple[Reference, ...]
    """Wider reading: works cited on one of the two pages only; listed, not counted."""

    @property
    def slug(self) -> str:
        return f"{self.row.id}--{self.column.id}"


@dataclass(frozen=True)
class Facet:
    """One way to narrow the bibliography."""

    heading: str
    labels: Mapping[str, str]
    """Value slug -> label, in display order."""
    members: Mapping[str, tuple[Reference, ...]]
    """Value slug -> the works that have it, in bibliography order."""


@dataclass(frozen=True)
class Index:
    """What the renderers read: built once by :func:`derive`, never changed."""

    sorted_refs: tuple[Reference, ...]
    """Every reference in bibliography order (the citation style's)."""
    ref_order: Mapping[str, int]
    numbers: Mapping[str, str]
    """Note id -> display number ('R3'); never part of a URL."""
    position: Mapping[str, int]
    """Note id -> place in reading order."""
    incoming: Mapping[str, tuple[tuple[str, Note], ...]]
    """Note id -> (relation field, source note) for every relation pointing at it."""
    neighbours: Mapping[str, frozenset[str]]
    """Note id -> the ids of the notes it is linked to, either way (:func:`linked`)."""
    cited_in: Mapping[str, tuple[CitedIn, ...]]
    """Cite key -> where it is cited."""
    profile: Mapping[str, Mapping[str, tuple[Note, ...]]]
    """Cite key -> kind -> the notes the work informs: those citing it, plus the
    groups (themes) those notes link to."""
    keyword_slugs: Mapping[str, str]
    """Every keyword as written (keyword_of form) -> its page's slug."""
    keywords: Mapping[str, str]
    """Slug -> the keyword shown for it, in slug order."""
    keyword_notes: Mapping[str, tuple[Note, ...]]
    """Slug -> the notes carrying that keyword."""
    keyword_refs: Mapping[str, tuple[Reference, ...]]
    """Slug -> the references carrying it."""
    updated: Mapping[str, dt.date | None]
    """Note id or cite key -> the date of the newest change that names it."""
    facets: Mapping[str, Facet]
    """Facet id -> its labels and members (the vocabulary facets, each grouping kind,
    then the period)."""
    ref_facets: Mapping[str, Mapping[str, tuple[str, ...]]]
    """Cite key -> facet id -> the value slugs it has ('keyword' included)."""
    cells: Mapping[str, Mapping[tuple[str, str], Cell]]
    """Grid id -> (row id, column id) -> the cell."""
    counts: Mapping[str, tuple[tuple[str, int], ...]]
    """'year' and each vocabulary facet -> (label, works), in display order."""

    def last_updated(self, name: str) -> dt.date | None:
        return self.updated.get(name)

    def linked(self, a: Note, b: Note) -> bool:
        """True when either note lists the other in its front matter."""
        return b.id in self.neighbours.get(a.id, ())


def derive(
    review: Review, sort_key: Callable[[Reference], tuple[str, ...]], memo: BibMemo | None = None
) -> Index:
    """The index of a valid review; ``sort_key`` is the citation style's order. A
    preview passes its ``memo`` (only when ``sort_key`` reads nothing but the work): what
    depends on the bibliography alone is then worked out only when it changed."""
    shape = review.shape
    assert shape is not None, "derive runs on a review whose shape loaded"
    sorted_refs = memoised(
        memo, "sorted references", lambda: tuple(sorted(review.references.values(), key=sort_key))
    )
    ref_order = memoised(memo, "order", lambda: {ref.key: i for i, ref in enumerate(sorted_refs)})
    numbers, position = _numbers(review, shape)
    cited_in = _cited_in(review)
    profile = _profiles(review, shape, cited_in, position)
    neighbours = _neighbours(review)
    slugs, shown = _keyword_slugs(review)
    own = memoised(memo, "own facet values", lambda: _own_facet_values(shape, sorted_refs))
    ref_facets = {ref.key: _facet_values(shape, ref, profile, own[ref.key]) for ref in sorted_refs}
    frozen = MappingProxyType  # read-only views: renderers read, never write
    return Index(
        sorted_refs=sorted_refs,
        ref_order=frozen(ref_order),
        numbers=frozen(numbers),
        position=frozen(position),
        incoming=frozen(_incoming(review)),
        neighbours=frozen(neighbours),
        cited_in=frozen(cited_in),
        profile=frozen(profile),
        keyword_slugs=frozen(slugs),
        keywords=frozen(shown),
        keyword_notes=frozen(
            _group((slug, n) for n in review.all_notes() for slug in _slugs_of(n.keywords, slugs))
        ),
        keyword_refs=frozen(
            memoised(
                memo,
                "keyword works",
                lambda: _group((slug, r) for r in sorted_refs for slug in own[r.key].keywords),
            )
        ),
        updated=frozen(_updated(review)),
        facets=frozen(_facets(review, shape, sorted_refs, ref_facets)),
        ref_facets=frozen(ref_facets),
        cells=frozen(_cells(review, shape, ref_order, neighbours)),
        counts=frozen(memoised(memo, "counts", lambda: _counts(review, shape))),
    )


def _numbers(review: Review, shape: Shape) -> tuple[dict[str, str], dict[str, int]]:
    numbers: dict[str, str] = {}
    position: dict[str, int] = {}
    for kind in shape.kinds:
        for i, note in enumerate(review.sorted_notes(kind.name), start=1):
            numbers[note.id] = f"{kind.prefix}{i}"
            position[note.id] = len(position)
    return numbers, position


def _incoming(review: Review) -> dict[str, tuple[tuple[str, Note], ...]]:
    incoming: dict[str, list[tuple[str, Note]]] = defaultdict(list)
    for note in review.all_notes():
        for relation in note.relations:
            incoming[relation.target_id].append((relation.name, note))
    return {key: tuple(value) for key, value in incoming.items()}


def _neighbours(review: Review) -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = defaultdict(set)
    for note in review.all_notes():
        for relation in note.relations:
            pairs[note.id].add(relation.target_id)
            pairs[relation.target_id].add(note.id)
    return {note_id: frozenset(ids) for note_id, ids in pairs.items()}


def _cited_in(review: Review) -> dict[str, tuple[CitedIn, ...]]:
    cited_in: dict[str, list[CitedIn]] = defaultdict(list)
    for note in review.all_notes():
        seen: set[tuple[str, int]] = set()
        for group in note.citations:
            for citation in group.citations:
                if (citation.key, group.start) not in seen:
                    seen.add((citation.key, group.start))
                    cited_in[citation.key].append(CitedIn(note, group.sentence, group.line))
    return {key: tuple(value) for key, value in cited_in.items()}


def _profiles(
    review: Review, shape: Shape, cited_in: Mapping[str, tuple[CitedIn, ...]],
    position: Mapping[str, int],
) -> dict[str, dict[str, tuple[Note, ...]]]:  # fmt: skip
    groups = {kind.name for kind in shape.groups}
    profiles = {}
    for key, places in cited_in.items():
        informs: dict[str, dict[str, Note]] = {kind: {} for kind in shape.kind_names}
        for place in places:
            informs[place.note.kind][place.note.id] = place.note
            for relation in place.note.relations:
                if relation.target_kind in groups:
                    grouping = review.notes[relation.target_kind].get(relation.target_id)
                    if grouping is not None:
                        informs[grouping.kind][grouping.id] = grouping
        profiles[key] = {
            kind: tuple(sorted(notes.values(), key=lambda n: position[n.id]))
            for kind, notes in informs.items()
        }
    return profiles


def _keyword_slugs(review: Review) -> tuple[dict[str, str], dict[str, str]]:
    """Each keyword's page slug, from the keyword alone, so an address never changes
    meaning when another keyword is added: spellings with one slug ('co production',
    'co-production') are one keyword, shown as its most used spelling (ties:
    alphabetical); a slug the site uses itself ('index') takes '--keyword'
    (:func:`keyword_slug`), so the keyword 'index keyword' keeps a page of its own."""
    # As written (NFC, single spaces): a keyword keeps its case on pages ('HIV'); only
    # its identity (keyword_of) and its slug are lowercase.
    written: Counter[str] = Counter(_as_written(k) for n in review.all_notes() for k in n.keywords)
    written.update(_as_written(k) for r in review.references.values() for k in r.keywords)
    slugs: dict[str, str] = {}
    spellings: dict[str, list[str]] = defaultdict(list)
    for word in sorted(written):
        slug = slugs.setdefault(keyword_of(word), keyword_slug(keyword_of(word)))
        spellings[slug].append(word)
    shown = {s: min(ws, key=lambda w: (-written[w], w)) for s, ws in sorted(spellings.items())}
    return slugs, shown


def _as_written(word: str) -> str:
    return " ".join(unicodedata.normalize("NFC", word).split())


def _slugs_of(words: Iterable[str], slugs: Mapping[str, str]) -> list[str]:
    """The keyword pages a note or work belongs on, each once."""
    return list(dict.fromkeys(slugs[keyword_of(w)] for w in words))


def _group(pairs: Iterable[tuple[str, T]]) -> dict[str, tuple[T, ...]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for key, item in pairs:
        grouped[key].append(item)
    return {key: tuple(items) for key, items in grouped.items()}


def _updated(review: Review) -> dict[str, dt.date | None]:
    """Each note id and cite key -> its newest change; changes are newest first."""
    names = [n.id for n in review.all_notes()] + list(review.references)
    whole = next((c.date for c in review.changes if c.notes is None), None)
    updated: dict[str, dt.date | None] = {}
    for change in reversed(review.changes):  # oldest first: newer ones overwrite
        for name in change.notes or []:
            updated[name] = change.date
    return {name: max(filter(None, (updated.get(name), whole)), default=None) for name in names}


#: The period of an undated work. Periods are addresses (/browse/period/1990s/,
#: /browse/period/no-date/), fixed whatever the language; their labels come from the
#: catalogue (:func:`period_label`).
UNDATED = "no date"
#: A work's value for a facet it has none of (its label: the catalogue's).
NOT_RECORDED = "not recorded"


def period(ref: Reference) -> str:
    return f"{ref.year[:3]}0s" if ref.year[:4].isdigit() else UNDATED


def period_label(words: Wording, value: str) -> str:
    """'1990s' or 'no date', in the review's language."""
    if value == UNDATED:
        return words("facet.no_date")
    return words("facet.decade", decade=value.removesuffix("s"))


def _values(vocabulary: Vocabulary, ref: Reference) -> list[str]:
    return vocabulary.split(ref.get(vocabulary.name))


@dataclass(frozen=True)
class OwnValues:
    """A work's facet values that it holds itself, whatever the notes say."""

    vocabularies: dict[str, tuple[str, ...]]
    """Each vocabulary facet -> its value slugs."""
    period: tuple[str, ...]
    keywords: tuple[str, ...]
    """Its keyword pages' slugs, each once. A slug is the keyword's alone
    (:func:`_keyword_slugs`), so it needs no other work or note."""


def _own_facet_values(shape: Shape, refs: Iterable[Reference]) -> dict[str, OwnValues]:
    """Cite key -> what :class:`OwnValues` holds: from the bibliography and the shape
    alone, so a preview works it out only when either changes."""
    return {
        ref.key: OwnValues(
            {v.name: tuple(value_slug(x) for x in _values(v, ref)) for v in shape.facets},
            (value_slug(period(ref)),),
            tuple(dict.fromkeys(keyword_slug(keyword_of(w)) for w in ref.keywords)),
        )
        for ref in refs
    }


def _facet_values(
    shape: Shape, ref: Reference, profile: Mapping[str, Mapping[str, tuple[Note, ...]]],
    own: OwnValues,
) -> dict[str, tuple[str, ...]]:  # fmt: skip
    values = dict(own.vocabularies)
    informs = profile.get(ref.key, {})
    for kind in shape.groups:
        values[kind.singular] = tuple(n.id for n in informs.get(kind.name, ()))
    values[PERIOD] = own.period
    values["keyword"] = own.keywords
    return values


def _facets(
    review: Review, shape: Shape, refs: tuple[Reference, ...],
    ref_facets: Mapping[str, Mapping[str, tuple[str, ...]]],
) -> dict[str, Facet]:  # fmt: skip
    labels: dict[str, tuple[str, dict[str, str]]] = {
        v.name: (v.facet, {value_slug(value): label for value, label in v.values.items()})
        for v in shape.facets
    }
    for kind in shape.groups:
        notes = review.sorted_notes(kind.name)
        labels[kind.singular] = (kind.singular.capitalize(), {n.id: n.title for n in notes})
    periods = sorted({period(r) for r in refs}, key=lambda p: (p == UNDATED, p))
    words = shape.wording
    shown = {value_slug(p): period_label(words, p) for p in periods}
    labels[PERIOD] = (words("facet.period"), shown)
    facets = {}
    for facet, (heading, names) in labels.items():
        members: dict[str, list[Reference]] = defaultdict(list)
        for ref in refs:
            for value in ref_facets[ref.key][facet]:
                members[value].append(ref)
        facets[facet] = Facet(heading, names, {k: tuple(v) for k, v in members.items()})
    return facets


def _cells(
    review: Review, shape: Shape, ref_order: Mapping[str, int],
    neighbours: Mapping[str, frozenset[str]],
) -> dict[str, dict[tuple[str, str], Cell]]:  # fmt: skip
    grids = {}
    for grid in shape.map.grids:
        cells = {}
        for row in review.sorted_notes(grid.rows):
            for column in review.sorted_notes(grid.columns):
                if column.id in neighbours.get(row.id, ()):
                    cells[(row.id, column.id)] = _cell(review, row, column, ref_order)
        grids[grid.id] = cells
    return grids


def _cell(review: Review, row: Note, column: Note, ref_order: Mapping[str, int]) -> Cell:
    known = review.references.keys()
    both = set(row.cited_keys) & set(column.cited_keys) & known
    either = ({*row.cited_keys, *column.cited_keys} & known) - both

    def works(keys: set[str]) -> tuple[Reference, ...]:
        return tuple(sorted((review.references[k] for k in keys), key=lambda r: ref_order[r.key]))

    return Cell(row, column, works(both), works(either))


def _counts(review: Review, shape: Shape) -> dict[str, tuple[tuple[str, int], ...]]:
    refs = review.references.values()
    words = shape.wording
    years = Counter(ref.year or UNDATED for ref in refs)
    undated = words("facet.no_date")
    counts = {
        "year": tuple(
            [(year, years[year]) for year in sorted(k for k in years if k != UNDATED)]
            + ([(undated, years[UNDATED])] if years.get(UNDATED) else [])
        )
    }
    for vocabulary in shape.facets:
        found: Counter[str] = Counter()
        for ref in refs:
            found.update(set(_values(vocabulary, ref)) or {NOT_RECORDED})
        order = [v for v in vocabulary.values if found.get(v)]
        order += sorted(k for k in found if k not in vocabulary.values)
        label = {**vocabulary.values, NOT_RECORDED: words("facet.not_recorded")}
        counts[vocabulary.name] = tuple((label.get(v, v), found[v]) for v in order)
    return counts
