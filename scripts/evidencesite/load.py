"""Load a literature folder (``*.bib`` plus notes) into a Review."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bibtex import Bibliography, read_bibliography, read_text
from .config import CONFIG_FILE, load_shape
from .meta import load_changes, load_info, load_published
from .model import Location, Note, Problem, Reference, Review, split_list
from .notes import MAX_NOTE_BYTES, load_note, note_paths, parse_note
from .render.families import bib_fields, blocks, folders
from .shape import Shape
from .slugs import keyword_of
from .suggest import did_you_mean


def shown_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory if inside it."""
    absolute = path.absolute()
    cwd = Path.cwd()
    if absolute.is_relative_to(cwd):
        return str(absolute.relative_to(cwd))
    return str(path)


@dataclass
class BibCache:
    """The bibliography last read, reused while its files are unchanged: a preview
    that rebuilds after each edit to a note need not parse 10,000 entries again. The
    References it returns are shared between builds, so nothing may change them
    (keyword merging makes new ones)."""

    stamp: tuple[Any, ...] = ()
    loaded: Bibliography = field(default_factory=lambda: Bibliography({}, [], {}))
    parsed: int = 0
    """.bib files parsed by the last load (0 when they were unchanged)."""
    merged_with: tuple[tuple[Any, ...], dict[str, str], dict[str, Reference]] | None = None
    """The files' stamp and the merged keywords the last :meth:`merged` read, and its
    result."""

    def load(self, bib_files: list[Path], fields: list[str]) -> Bibliography:
        stamp = (tuple(fields), *(_file_stamp(path) for path in bib_files))
        self.parsed = 0
        if stamp != self.stamp:  # never () once read: it holds the fields
            self.loaded = _load_bibliography(bib_files, fields)
            self.stamp, self.parsed = stamp, len(bib_files)
        read = self.loaded
        return Bibliography(dict(read.references), list(read.problems), dict(read.sets))

    def merged(
        self, references: dict[str, Reference], merged: dict[str, str]
    ) -> dict[str, Reference]:
        """``references`` (as :meth:`load` returned them) with the keywords that mean
        the same shown as one: worked out again only when the .bib files or ``merged``
        changed (at 10,000 references, a twentieth of a save)."""
        if self.merged_with is None or self.merged_with[:2] != (self.stamp, merged):
            self.merged_with = (self.stamp, dict(merged), _merged_works(references, merged))
        return dict(self.merged_with[2])


@dataclass
class NoteCache:
    """The notes last read, reused while their files and the review's shape are
    unchanged: at 10,000 references a preview would otherwise parse 500 notes after
    each save to one. Each build gets copies (keyword merging sets a note's keywords;
    nothing changes a note's lists in place)."""

    shape: str = ""
    """The shape the kept notes were read with, as its repr: dataclass equality would
    miss a change of order in evidencesite.yml (dicts compare equal in any order), and
    a note keeps the framework's order of its confidence components."""
    kept: dict[tuple[str, str, str], tuple[str, Note | None, list[Problem]]] = field(
        default_factory=dict
    )

    parsed: int = 0
    """Notes parsed by the last load (the others were unchanged)."""

    def start(self, shape: Shape) -> None:
        stamp = repr(shape)
        if stamp != self.shape:
            self.kept = {}
        self.shape, self.parsed = stamp, 0

    def load(
        self, shape: Shape, kind: str, path: Path, shown: str, problems: list[Problem]
    ) -> Note | None:
        found: list[Problem] = []
        text = read_text(path, shown, MAX_NOTE_BYTES, found)  # read once, then compared
        if text is None:
            problems.extend(found)
            return None
        key = (kind, str(path), shown)
        kept = self.kept.get(key)
        if kept is None or kept[0] != text:
            kept = self.kept[key] = (text, parse_note(shape, kind, text, shown, found), found)
            self.parsed += 1
        _, note, found = kept
        problems.extend(found)
        return dataclasses.replace(note) if note is not None else None


def _file_stamp(path: Path) -> tuple[str, str | None]:
    """A file's content, as a digest (a few milliseconds for a 5 MB .bib; a file's time
    can miss a quick save on file systems that keep whole seconds). Only a regular file
    is read: anything else is reported when the loader opens it."""
    if not path.is_file():
        return (str(path), None)
    try:
        return (str(path), hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest())
    except OSError:
        return (str(path), None)


def _load_bibliography(bib_files: list[Path], fields: list[str]) -> Bibliography:
    return read_bibliography(((p, shown_path(p)) for p in bib_files), fields)


#: Names a reference manager or a browser may give a bibliography that are not read:
#: 'refs.bib.txt', 'refs.bibtex', 'REFS.BIB'.
_NEAR_BIB = re.compile(
    r"^(?P<stem>.+?)\.(?:bib\.(?:txt|bak|tex)|bibtex|bibtext|bib)$", re.IGNORECASE
)


def _near_bib_files(literature: Path) -> list[Problem]:
    """A warning for each file that looks like a bibliography but is not read (only
    '*.bib' files are), naming the rename."""
    problems = []
    for path in sorted(literature.iterdir()):
        match = _NEAR_BIB.match(path.name)
        if path.is_file() and match and not path.name.endswith(".bib"):
            rename = f"{match['stem']}.bib"
            taken = (
                " (a file of that name exists: merge them)"
                if (literature / rename).exists()
                else ""
            )
            problems.append(
                Problem(
                    Location(shown_path(path), 0),
                    "warning",
                    f"not read: only files ending in .bib are; rename it to {rename}{taken}",
                )
            )
    return problems


def load_review(
    literature: Path, bib_cache: BibCache | None = None, note_cache: NoteCache | None = None
) -> Review:
    """Read everything; every mistake found becomes a Problem in ``review.problems``.
    With ``bib_cache`` and ``note_cache`` (a preview's), unchanged files are not read
    again."""
    review = Review()
    if not literature.is_dir():
        review.problems.append(
            Problem(Location(shown_path(literature), 0), "error", "literature folder not found")
        )
        return review
    bib_files = sorted(literature.glob("*.bib"))
    review.problems += _near_bib_files(literature)
    if not bib_files:
        review.problems.append(
            Problem(
                Location(shown_path(literature), 0),
                "error",
                "no .bib file: put the bibliography in references.bib",
            )
        )
    config = literature / CONFIG_FILE
    review.shape = load_shape(config, shown_path(config), review.problems, folders(), blocks())
    fields = (
        [v.name for v in review.shape.reference_vocabularies]
        + list(review.shape.annotation.fields)
        + bib_fields(review.shape)
        if review.shape
        else []
    )
    if bib_cache is not None:
        bibliography = bib_cache.load(bib_files, fields)
    else:
        bibliography = _load_bibliography(bib_files, fields)
    review.references, review.sets = bibliography.references, bibliography.sets
    review.problems.extend(bibliography.problems)

    review.info = load_info(
        literature / "review.yml", shown_path(literature / "review.yml"), review.problems
    )
    review.changes_path = shown_path(literature / "changes.yml")
    review.changes = load_changes(
        literature / "changes.yml", shown_path(literature / "changes.yml"), review.problems
    )
    manifest = literature / "published-urls.txt"
    review.published_path = shown_path(manifest)
    review.published = load_published(manifest, review.published_path, review.problems)

    if review.shape is None:
        return review  # the notes cannot be read without their kinds
    kinds = review.shape.kind_names
    review.notes = {kind: {} for kind in kinds}
    _check_folders(literature, kinds, review.problems)
    read = load_note
    if note_cache is not None:
        note_cache.start(review.shape)
        read = note_cache.load
    for kind, path in note_paths(literature, kinds):
        shown = shown_path(path)
        note = read(review.shape, kind, path, shown, review.problems)
        if note is None:
            continue
        other = review.find_note(note.id)
        if other is not None:
            review.problems.append(
                Problem(
                    note.location,
                    "error",
                    f"id '{note.id}' is already used by {other.location.path}; ids must be "
                    "unique across all notes (they are URLs)",
                )
            )
            continue
        review.notes[kind][note.id] = note
    merge_keywords(review, review.shape.merged_keywords, bib_cache)
    return review


def merge_keywords(review: Review, merged: dict[str, str], cache: BibCache | None = None) -> None:
    """Keywords that mean the same are shown as one (evidencesite.yml 'keywords:
    merged'), in notes and references alike, before anything reads them. A preview's
    ``cache`` keeps the merged references while the .bib files are unchanged."""
    if not merged:
        return
    for note in review.all_notes():
        note.keywords = _one_keyword_each(note.keywords, merged)
    if cache is None:
        review.references = _merged_works(review.references, merged)
    else:
        review.references = cache.merged(review.references, merged)


def _one_keyword_each(words: list[str], merged: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(merged.get(keyword_of(w), w) for w in words))


def _merged_works(references: dict[str, Reference], merged: dict[str, str]) -> dict[str, Reference]:
    """The works with their keywords merged; a changed one is a new Reference (the
    loaded one may be shared)."""
    out = dict(references)
    for key, ref in references.items():
        if "keywords" in ref.fields:
            words = "; ".join(_one_keyword_each(split_list(ref.fields["keywords"]), merged))
            if words != ref.fields["keywords"]:
                fields = {**ref.fields, "keywords": words}
                out[key] = dataclasses.replace(ref, fields=fields)
    return out


def _check_folders(literature: Path, kinds: tuple[str, ...], problems: list[Problem]) -> None:
    """A folder of Markdown files that is not a kind is a typo until proven otherwise:
    its notes would be skipped without a word."""
    for folder in sorted(p for p in literature.iterdir() if p.is_dir()):
        if folder.name.startswith("."):
            continue
        if folder.name in kinds:
            problems.extend(_misnamed_notes(folder))
            continue
        if not any(_looks_like_notes(p) for p in folder.iterdir()):
            continue
        hint = did_you_mean(folder.name, kinds)
        message = (
            f"folder '{folder.name}' is not a kind of note, so its notes are not read{hint} "
            f"(kinds in {CONFIG_FILE}: {', '.join(kinds)})"
        )
        # a near-miss of a kind's name is a typo; any other folder may be drafts
        where = Location(shown_path(folder), 0)
        problems.append(Problem(where, "error" if hint else "warning", message))


#: Suffixes of Markdown files that are not read as notes (a note ends in '.md').
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkd", ".mkdn", ".md")


def _looks_like_notes(path: Path) -> bool:
    return path.suffix.lower() in OTHER_MARKDOWN


def _misnamed_notes(folder: Path) -> list[Problem]:
    """A Markdown file in a kind's folder that is not read ('x.MD', 'x.markdown')."""
    problems = []
    for path in sorted(folder.iterdir()):
        if _looks_like_notes(path) and path.suffix != ".md":
            message = (
                f"'{path.name}' is not read: a note's file name ends in '.md' (lowercase); "
                f"rename it '{path.stem}.md'"
            )
            problems.append(Problem(Location(shown_path(path), 0), "error", message))
    return problems
