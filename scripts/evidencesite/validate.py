"""Cross-reference checks on a loaded Review. Returns Problems; prints nothing."""

from __future__ import annotations

import difflib
import re

from .model import KIND_SINGULAR, Location, Note, Problem, Reference, Review

DESIGNS = (
    "qualitative study",
    "quantitative study",
    "mixed methods",
    "review",
    "theory",
    "policy",
    "guidance",
    "grey literature",
    "commentary",
    "methods",
)
SETTINGS = (
    "mental health",
    "NHS",
    "social care",
    "health care",
    "research",
    "public services",
)
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
URL_RE = re.compile(r"^https?://[^\s<>\"]+$", re.I)


def _near(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def validate(review: Review) -> list[Problem]:
    """Every problem in the review: what loading found plus cross-reference checks."""
    problems = list(review.problems)
    problems += _check_references(review)
    problems += _check_notes(review)
    problems += _check_aliases(review)
    problems += _check_changes(review)
    return sorted(set(problems), key=lambda p: (p.location.path, p.location.line, p.message))


def _check_references(review: Review) -> list[Problem]:
    problems: list[Problem] = []
    cited = {key for note in review.all_notes() for key in note.cited_keys}
    for ref in review.references.values():

        def at(field: str, ref: Reference = ref) -> Location:
            return Location(ref.location.path, ref.field_lines.get(field, ref.location.line))

        if not ref.title:
            problems.append(Problem(ref.location, "error", f"'{ref.key}' has no title"))
        if not ref.year and ref.get("undated").lower() not in ("yes", "true"):
            problems.append(
                Problem(
                    ref.location,
                    "warning",
                    f"'{ref.key}' has no year; it will be cited as 'no date' "
                    "(add year = {...}, or undated = {yes} when no date can be found)",
                )
            )
        elif ref.year and not re.fullmatch(r"\d{4}[a-z]?", ref.year):
            problems.append(
                Problem(
                    at("year"), "error", f"year '{ref.year}' of '{ref.key}' is not a year like 2020"
                )
            )
        if ref.doi and not DOI_RE.match(ref.doi.removeprefix("https://doi.org/")):
            problems.append(
                Problem(
                    at("doi"),
                    "error",
                    f"DOI '{ref.doi}' of '{ref.key}' does not look like 10.xxxx/...",
                )
            )
        if ref.url and not URL_RE.match(ref.url):
            problems.append(
                Problem(
                    at("url"),
                    "error",
                    f"URL of '{ref.key}' is not a web address: it must start with http:// or "
                    "https:// and hold no spaces, quotes or angle brackets",
                )
            )
        if ref.design and ref.design not in DESIGNS:
            problems.append(
                Problem(
                    at("design"),
                    "error",
                    f"design '{ref.design}' of '{ref.key}' is not one of: {', '.join(DESIGNS)}"
                    + _near(ref.design, DESIGNS),
                )
            )
        for setting in ref.settings:
            if setting not in SETTINGS:
                problems.append(
                    Problem(
                        at("setting"),
                        "error",
                        f"setting '{setting}' of '{ref.key}' is not one of: {', '.join(SETTINGS)}"
                        + _near(setting, SETTINGS),
                    )
                )
        for name in ("annotation", "design", "setting"):
            if not ref.get(name) and not (name == "annotation" and ref.annotation):
                problems.append(Problem(ref.location, "warning", f"'{ref.key}' has no {name}"))
        if ref.key not in cited:
            problems.append(
                Problem(ref.location, "warning", f"'{ref.key}' is not cited by any note")
            )
    return problems


def _check_notes(review: Review) -> list[Problem]:
    problems: list[Problem] = []
    keys = list(review.references)
    all_ids = {n.id: n for n in review.all_notes()}
    for note in review.all_notes():
        for rel in note.relations:
            loc = Location(note.location.path, rel.line)
            target = all_ids.get(rel.target_id)
            wanted = KIND_SINGULAR[rel.target_kind]
            if target is None:
                candidates = list(review.notes[rel.target_kind])
                problems.append(
                    Problem(
                        loc,
                        "error",
                        f"'{rel.name}' lists '{rel.target_id}', but there is no {wanted} "
                        f"with that id" + _near(rel.target_id, candidates),
                    )
                )
            elif target.kind != rel.target_kind:
                problems.append(
                    Problem(
                        loc,
                        "error",
                        f"'{rel.name}' lists '{rel.target_id}', which is a "
                        f"{KIND_SINGULAR[target.kind]}, not a {wanted}",
                    )
                )
            elif target is note:
                problems.append(Problem(loc, "error", f"'{rel.name}' lists the note itself"))
        for group in note.citations:
            for citation in group.citations:
                if citation.key not in review.references:
                    problems.append(
                        Problem(
                            Location(note.location.path, group.line),
                            "error",
                            f"citation of unknown key '{citation.key}'" + _near(citation.key, keys),
                        )
                    )
        problems += _completeness(note)
    return problems


def _completeness(note: Note) -> list[Problem]:
    """Warnings for notes that are valid but not yet useful to readers."""
    problems: list[Problem] = []
    names = {rel.name for rel in note.relations}
    if note.kind == "recommendations":
        if "addresses" not in names:
            problems.append(
                Problem(
                    note.location,
                    "warning",
                    "recommendation addresses no challenge (add 'addresses: [...]')",
                )
            )
        if not names & {"themes", "drivers"}:
            problems.append(
                Problem(note.location, "warning", "recommendation links to no theme or driver")
            )
        if note.confidence is None:
            problems.append(
                Problem(note.location, "warning", "recommendation has no confidence assessment")
            )
        if not note.audience:
            problems.append(Problem(note.location, "warning", "recommendation names no audience"))
        if not note.strength:
            problems.append(
                Problem(
                    note.location,
                    "warning",
                    "recommendation has no strength (strength: strong or conditional)",
                )
            )
    if not note.citations:
        problems.append(Problem(note.location, "warning", "note cites no evidence"))
    return problems


def _check_aliases(review: Review) -> list[Problem]:
    problems: list[Problem] = []
    owners: dict[tuple[str, str], Note] = {}
    for note in review.all_notes():
        for alias in note.aliases:
            line = note.key_lines.get("aliases", note.location.line)
            clash = review.notes[note.kind].get(alias)
            if clash is not None:
                problems.append(
                    Problem(
                        Location(note.location.path, line),
                        "error",
                        f"alias '{alias}' is the id of {clash.location.path}; an old id cannot "
                        "be reused while it redirects",
                    )
                )
            elif (note.kind, alias) in owners:
                problems.append(
                    Problem(
                        Location(note.location.path, line),
                        "error",
                        f"alias '{alias}' is also claimed by "
                        f"{owners[(note.kind, alias)].location.path}",
                    )
                )
            owners[(note.kind, alias)] = note
    return problems


def check_published(review: Review, produced: set[str]) -> list[Problem]:
    """Every URL ever published must still be produced, as a page or a redirect."""
    problems = []
    for url, line in sorted(review.published.items(), key=lambda item: item[1]):
        if url in produced:
            continue
        parts = url.strip("/").split("/")
        hint = ""
        if len(parts) == 2 and parts[0] in review.notes:
            hint = (
                f"; if the {KIND_SINGULAR[parts[0]]} was renamed, add '{parts[1]}' to its "
                "'aliases:' so the old address redirects"
            )
        elif len(parts) == 2 and parts[0] == "references":
            hint = "; if the cite key changed, add the old key to the entry's ids = {...}"
        problems.append(
            Problem(
                Location(review.published_path, line),
                "error",
                f"{url} was published but is no longer produced{hint}",
            )
        )
    return problems


def _check_changes(review: Review) -> list[Problem]:
    """Each change names notes (or cite keys) that exist."""
    problems = []
    known = [n.id for n in review.all_notes()] + list(review.references)
    for change in review.changes:
        for name in change.notes or []:
            if name not in known:
                problems.append(
                    Problem(
                        Location(review.changes_path, change.line),
                        "warning",
                        f"change of {change.date.isoformat()} names '{name}', which is neither "
                        "a note id nor a cite key" + _near(name, known),
                    )
                )
    return problems
