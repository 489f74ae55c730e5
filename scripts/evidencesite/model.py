"""The data model: typed records that remember where they came from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .shape import Shape
from .shape import split_list as split_list  # re-exported: list fields split as vocabularies do

# Re-exported: the slug rules live in slugs.py; older modules import them from here.
from .slugs import RESERVED as RESERVED
from .slugs import SLUG_RE as SLUG_RE
from .slugs import is_slug as is_slug

#: "info" tells, and never fails a --strict build: what the site will lack (no
#: published address, no channel for comments) when the deploy may still supply it.
Severity = Literal["error", "warning", "info"]

#: An address that may become a link: http(s), with nothing that could end an attribute.
WEB_URL_RE = re.compile(r"^https?://[^\s<>\"]+$", re.I)


def is_web_url(url: str) -> bool:
    """True for an http(s) address that may be linked; links are never anything else."""
    return WEB_URL_RE.match(url) is not None


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file."""

    path: str
    """Path as the user would type it (relative to the working directory where possible)."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the input, reported as ``path:line: severity: message``."""

    location: Location
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Person:
    """An author or editor."""

    family: str
    """Family name with any particle ("van der Berg"), or the whole name of an organisation."""
    given: str = ""
    """Given names as written ("Hayley M.")."""
    suffix: str = ""
    """Generational suffix ("Jr")."""
    corporate: bool = False
    """True for an organisation ({{NHS England}}): never abbreviated or inverted."""


@dataclass
class Reference:
    """One BibTeX entry, decoded to plain Unicode text."""

    key: str
    """The cite key as written in the .bib file."""
    slug: str
    """The key as a URL segment (lowercase)."""
    entry_type: str
    """Lowercase BibTeX type without '@' (article, book, techreport...)."""
    fields: dict[str, str]
    """Every field, decoded from LaTeX to plain text, keyed by lowercase field name."""
    authors: list[Person]
    editors: list[Person]
    location: Location
    field_lines: dict[str, int] = field(default_factory=dict)
    """Line of each field, for messages."""
    raw: str = ""
    """The entry exactly as written in the .bib file (for the per-reference download)."""

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @cached_property
    def content(self) -> tuple[object, ...]:
        """The work as written, not where it was read: equal for an entry that moved
        in its file, different after any change to what a page can show. Made once (a
        preview's render compares it some 100,000 times): it holds the work's own
        fields and lists, which parsing fills before anything reads this, and nothing
        sets again afterwards (a changed work is a new Reference)."""
        return (
            self.entry_type, self.key, self.slug, self.fields, self.authors, self.editors, self.raw
        )  # fmt: skip

    @property
    def title(self) -> str:
        return self.get("title")

    @property
    def year(self) -> str:
        """The year, or '' when the work is undated."""
        year = self.get("year")
        if not year and self.get("date"):
            year = self.get("date")[:4]
        return year

    @property
    def doi(self) -> str:
        return self.get("doi")

    @property
    def url(self) -> str:
        return self.get("url")

    # Cached: read for every page that lists the work. Fields are final once loading
    # (crossref included) is done, before anything reads these.
    @cached_property
    def keywords(self) -> list[str]:
        return split_list(self.get("keywords"))


@dataclass(frozen=True)
class Citation:
    """One cited work inside a citation: ``@key`` with its own prefix and locator."""

    key: str
    prefix: str = ""
    """Text before the key inside the brackets ("see")."""
    locator: str = ""
    """Page or section ("p. 12"), without the leading comma."""
    suppress_author: bool = False
    """``[-@key]``: show the year only."""


@dataclass(frozen=True)
class CitationGroup:
    """One citation as written in a note: ``[@a; @b, p. 3]`` or narrative ``@a``."""

    citations: tuple[Citation, ...]
    narrative: bool
    """``@key`` in running text: "Ostrom (1996)" rather than "(Ostrom, 1996)". Only the
    first work is named so; Pandoc's ``@key [p. 33]`` gives it a locator ("Ostrom (1996,
    p. 33)"), and ``@a [p. 3; @b]`` cites any further works in brackets after it."""
    start: int
    """Offset of the first character in the note body."""
    end: int
    """Offset just past the last character in the note body."""
    line: int
    """1-based line in the note file."""
    sentence: str
    """The sentence the citation sits in, as written (Markdown source)."""


@dataclass(frozen=True)
class Relation:
    """A typed link from one note to another, as written in front matter."""

    name: str
    """The front-matter key (addresses, themes, drivers)."""
    target_kind: str
    target_id: str
    line: int


@dataclass(frozen=True)
class ConfidenceComponent:
    concern: str
    """One of the framework's concern levels."""
    explanation: str


@dataclass(frozen=True)
class Confidence:
    """An assessment of confidence in a finding (GRADE-CERQual, say)."""

    level: str
    """One of the framework's confidence levels."""
    explanation: str
    components: dict[str, ConfidenceComponent]
    """Keyed by the framework's components (evidencesite.yml)."""


@dataclass
class Note:
    """A note of one of the review's kinds (evidencesite.yml), written in Markdown."""

    kind: str
    """The kind's name (its folder)."""
    id: str
    title: str
    summary: str
    body: str
    """Markdown after the front matter."""
    body_line: int
    """1-based line of the body's first line in the file."""
    location: Location
    """The file, and the line of the ``id`` key."""
    keywords: list[str] = field(default_factory=list)
    order: int | None = None
    aliases: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)
    """Vocabulary name -> the values the note gives (audience: [managers])."""
    confidence: Confidence | None = None
    plain: str = ""
    """The plain-language summary, for kinds that carry one (evidencesite.yml)."""
    citations: list[CitationGroup] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)
    """Line of each front-matter key, for messages."""

    @property
    def url_path(self) -> str:
        """Source path of the page inside docs/ (kind/id.md): notes live in their kind's
        folder (see urls.Urls.note)."""
        return f"{self.kind}/{self.id}.md"

    @property
    def cited_keys(self) -> list[str]:
        """Keys cited in the body, first-cited order, without repeats."""
        seen: dict[str, None] = {}
        for group in self.citations:
            for citation in group.citations:
                seen.setdefault(citation.key, None)
        return list(seen)


@dataclass(frozen=True)
class Release:
    """A released version of the review: the git tag ``v<version>``, as it was."""

    version: str
    """'1.1' (the tag without its 'v')."""
    tag: str
    commit: str
    """The tagged commit's id."""
    day: dt.date
    """The tagged commit's date (never the clock's): the same tags give the same pages."""
    notes: dict[str, Note] = field(default_factory=dict, compare=False)
    """id -> the note as this version had it."""


@dataclass(frozen=True)
class Cited:
    """A citation inside compared wording: one token, whatever its works are called."""

    citations: tuple[Citation, ...]
    narrative: bool


#: One word of compared wording, or a citation.
Word = str | Cited


@dataclass(frozen=True)
class WordRun:
    """Words of a passage that both versions have ('same'), or that one removed or added."""

    change: Literal["same", "removed", "added"]
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Passage:
    """A changed passage of a note's wording, with a few unchanged words either side."""

    runs: tuple[WordRun, ...]
    cut_before: bool
    """Wording before the passage is left out ('…')."""
    cut_after: bool


@dataclass(frozen=True)
class NoteChange:
    """What one released version changed in one note, compared with the version before
    it. Only what both versions recorded is compared; ``unrecorded`` says what one lacked."""

    release: Release
    event: Literal["added", "changed", "left out"]
    title: tuple[str, str] | None = None
    """(before, after) when the title changed."""
    wording: tuple[Passage, ...] = ()
    level: tuple[str, str] | None = None
    """The confidence level (before, after), when it changed."""
    concerns: tuple[tuple[str, str, str], ...] = ()
    """(component, concern before, concern after) for each component that changed."""
    terms: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    """(vocabulary, values before, values after) for each vocabulary that changed."""
    cited_added: tuple[str, ...] = ()
    """Cite keys, in the order the new version first cites them."""
    cited_removed: tuple[str, ...] = ()
    unrecorded: tuple[tuple[str, str, str], ...] = ()
    """(version, 'confidence' | 'concern' | 'term', name): what a version lacked, so
    that it could not be compared."""

    @property
    def aspects(self) -> tuple[str, ...]:
        """What changed: 'title', 'wording', 'confidence', 'works', and vocabulary names
        (what one version recorded and the other did not among them)."""
        lacked = {name if what == "term" else "confidence" for _, what, name in self.unrecorded}
        found = [
            name
            for name, changed in (
                ("title", self.title),
                ("wording", self.wording),
                ("confidence", self.level or self.concerns or "confidence" in lacked),
            )
            if changed
        ]
        terms = [name for name, _, _ in self.terms] + sorted(lacked - {"confidence"})
        found += dict.fromkeys(terms)
        if self.cited_added or self.cited_removed:
            found.append("works")
        return tuple(found)


@dataclass(frozen=True)
class NoteHistory:
    """One note across the released versions."""

    changes: tuple[NoteChange, ...]
    """Oldest first: the version that added it, then each that changed or left it out."""
    unchanged: tuple[Release, ...]
    """Versions that had the note as the version before did."""


@dataclass(frozen=True)
class History:
    """The review's released versions (git tags v*) and each note's history across them."""

    releases: tuple[Release, ...]
    """In version order, oldest first."""
    notes: dict[str, NoteHistory] = field(default_factory=dict, compare=False)
    """id -> its history; a note in no released version has none."""
    notice: str = ""
    """Why the history could not be read (no git, no repository, a shallow clone), as
    one line for the build to tell; '' when it was (or nothing is tagged)."""


#: A link inside a signpost's line: [label](address).
SIGNPOST_LINK = re.compile(r"\[([^\[\]]+)\]\(([^)\s]*)\)")


@dataclass(frozen=True)
class Signpost:
    """Where to get help now (review.yml ``signpost:``): shown at the foot of every
    page, and in full on the home page. Its lines may hold links, written
    [label](address), to http(s), tel: or mailto: addresses only."""

    heading: str
    lines: tuple[str, ...]
    """Each a short line (a list item), with its links as [label](address)."""
    text: str = ""
    """What comes before the lines on the home page ('' for none)."""


@dataclass(frozen=True)
class ReviewInfo:
    """The review as a publication (literature/review.yml)."""

    title: str
    authors: list[str]
    version: str
    last_search: dt.date
    """When the literature was last searched."""
    site_url: str = ""
    """Where the site is published; the SITE_URL environment variable overrides it."""
    licence: str = ""
    publisher: str = ""
    contact: str = ""
    """An email address or a web address."""
    repository: str = ""
    """The review's repository; its issue form takes readers' comments. The
    REPOSITORY_URL environment variable (set by the deploy job) overrides it."""
    signpost: Signpost | None = None
    """Where to get help now, on every page; None shows nothing."""


@dataclass(frozen=True)
class Change:
    """One entry of literature/changes.yml."""

    date: dt.date
    summary: str
    notes: list[str] | None
    """Ids of the notes it changed; None when it changed the whole review."""
    line: int
    you_said: str = ""
    """The readers' comment that led to the change ("you said, we did"), if one did."""


@dataclass
class Review:
    """Everything loaded: references and notes, plus problems found while loading."""

    shape: Shape | None = None
    """The review's kinds, relations and vocabularies (evidencesite.yml)."""
    references: dict[str, Reference] = field(default_factory=dict)
    sets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """biblatex @sets: key -> the keys of its members (a set is not a work)."""
    notes: dict[str, dict[str, Note]] = field(default_factory=dict)
    """kind -> id -> note, kinds in the shape's order."""
    problems: list[Problem] = field(default_factory=list)
    info: ReviewInfo | None = None
    changes: list[Change] = field(default_factory=list)
    """Newest first."""
    published: dict[str, int] = field(default_factory=dict)
    """Every URL ever published (from published-urls.txt) -> its line there."""
    published_path: str = ""
    changes_path: str = "changes.yml"
    history: History | None = None
    """Each released version's notes and what changed in each note (history.py); None
    when the literature's git history cannot be read (or was not asked for)."""

    def all_notes(self) -> list[Note]:
        """Every note, kind by kind in reading order, then by order and title."""
        return [note for kind in self.notes for note in self.sorted_notes(kind)]

    def sorted_notes(self, kind: str) -> list[Note]:
        return sorted(
            self.notes.get(kind, {}).values(),
            key=lambda n: (n.order if n.order is not None else 10**9, n.title.casefold(), n.id),
        )

    def find_note(self, note_id: str) -> Note | None:
        for notes in self.notes.values():
            if note_id in notes:
                return notes[note_id]
        return None
