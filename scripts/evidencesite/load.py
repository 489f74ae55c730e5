"""Load a literature folder (``*.bib`` plus notes) into a Review."""

from __future__ import annotations

from pathlib import Path

from .bibtex import load_bibliography
from .meta import load_changes, load_info, load_published
from .model import Location, Problem, Review
from .notes import load_note, note_paths


def shown_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory if inside it."""
    absolute = path.absolute()
    cwd = Path.cwd()
    if absolute.is_relative_to(cwd):
        return str(absolute.relative_to(cwd))
    return str(path)


def load_review(literature: Path) -> Review:
    """Read everything; every mistake found becomes a Problem in ``review.problems``."""
    review = Review()
    if not literature.is_dir():
        review.problems.append(
            Problem(Location(shown_path(literature), 0), "error", "literature folder not found")
        )
        return review
    bib_files = sorted(literature.glob("*.bib"))
    if not bib_files:
        review.problems.append(
            Problem(
                Location(shown_path(literature), 0),
                "error",
                "no .bib file: put the bibliography in references.bib",
            )
        )
    references, problems = load_bibliography((p, shown_path(p)) for p in bib_files)
    review.references = references
    review.problems.extend(problems)

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

    for kind, path in note_paths(literature):
        shown = shown_path(path)
        note = load_note(kind, path, shown, review.problems)
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
    return review
