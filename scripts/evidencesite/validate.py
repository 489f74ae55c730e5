"""Cross-reference checks on a loaded Review. Returns Problems; prints nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .bibmemo import BibMemo, memoised
from .bibtex import UNTITLED, cite_members
from .model import (
    RESERVED,
    Location,
    Note,
    Problem,
    Reference,
    Review,
    is_web_url,
    split_list,
)
from .readability import smog
from .render.families import checks as family_checks
from .shape import Shape, Vocabulary
from .slugs import key_slug
from .suggest import did_you_mean
from .urls import Urls, url_of

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
#: Schemes that run or embed code in a browser: refused outright, never shown.
ACTIVE_URL_RE = re.compile(r"^\s*(?:javascript|data|vbscript|blob)\s*:", re.I)
#: 2020, 2020a, and the ranges of multi-volume works: 1968-90, 1968–1990, 1968/69.
YEAR_RE = re.compile(r"\d{4}[a-z]?(?:[–/-]\d{2,4})?")


def _check_url(ref: Reference, at: Location) -> list[Problem]:
    """An http(s) address is linked. javascript:, data:, vbscript: and blob: are refused.
    Anything else (ftp://, file://, EndNote's '<Go to ISI>://WOS:...') is shown as
    text, never linked, with a warning: reference managers write such things."""
    if not ref.url or is_web_url(ref.url):
        return []
    if ACTIVE_URL_RE.match(ref.url):
        message = (
            f"URL of '{ref.key}' is not a web address: it must start with http:// or "
            "https:// (script and data addresses are refused)"
        )
        return [Problem(at, "error", message)]
    message = (
        f"URL of '{ref.key}' is not a web (http or https) address; it is shown as text, not linked"
    )
    return [Problem(at, "warning", message)]


def validate(review: Review, memo: BibMemo | None = None) -> list[Problem]:
    """Every problem in the review: what loading found plus cross-reference checks. A
    preview passes its ``memo``: the works' own checks are then made again only when
    the bibliography or the shape changed."""
    checks: list[Problem] = []
    if review.shape is not None:  # without it no note was read: nothing to cross-check
        shape = review.shape
        checks += memoised(memo, "work problems", lambda: _check_works(review, shape))
        checks += _check_uncited(review, shape)
        checks += _check_notes(review, review.shape)
        checks += _check_aliases(review)
        checks += _check_old_keys(review)
        checks += _check_changes(review)
        checks += family_checks(review)
    # Causes before their consequences: what reading the files found (a misspelt kind
    # folder, a note that cannot be read) comes before the cross-checks it sets off
    # (links to the notes it hid); each part in the order of the files.
    return _in_order(review.problems) + _in_order(set(checks) - set(review.problems))


def _in_order(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.location.path, p.location.line, p.message))


def _check_works(review: Review, shape: Shape) -> list[Problem]:
    """What is wrong with each work on its own: read nothing but the references and
    the shape (a preview keeps the result while both are unchanged)."""
    problems: list[Problem] = []
    for ref in review.references.values():

        def at(field: str, ref: Reference = ref) -> Location:
            return Location(ref.location.path, ref.field_lines.get(field, ref.location.line))

        expect = shape.works.expect
        if ref.get("untitled") and "title" in expect:
            message = f"'{ref.key}' has no title; it is shown as {UNTITLED} (add title = {{...}})"
            problems.append(Problem(ref.location, "warning", message))
        if not ref.year and ref.get("undated").lower() not in ("yes", "true") and "year" in expect:
            problems.append(
                Problem(
                    ref.location,
                    "warning",
                    f"'{ref.key}' has no year; it will be cited as 'no date' "
                    "(add year = {...}, or undated = {yes} when no date can be found)",
                )
            )
        elif ref.year and not YEAR_RE.fullmatch(ref.year):
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
        problems += _check_url(ref, at("url"))
        for vocabulary in shape.reference_vocabularies:
            problems += _check_term(ref, vocabulary, at(vocabulary.name))
        if shape.annotation.expected and not shape.annotation.of(ref):
            field = shape.annotation.fields[0]
            problems.append(Problem(ref.location, "warning", f"'{ref.key}' has no {field}"))
    return problems


def _check_uncited(review: Review, shape: Shape) -> list[Problem]:
    """A work no note cites, when the shape expects every work to be cited."""
    if "cited" not in shape.works.expect:
        return []
    cited = {key for note in review.all_notes() for key in note.cited_keys}
    return [
        Problem(ref.location, "warning", f"'{ref.key}' is not cited by any note")
        for ref in review.references.values()
        if ref.key not in cited
    ]


def _check_term(ref: Reference, vocabulary: Vocabulary, at: Location) -> list[Problem]:
    """A reference's value(s) for a vocabulary field must be allowed ones."""
    raw = ref.get(vocabulary.name)
    if not raw:
        message = f"'{ref.key}' has no {vocabulary.name}"
        return [Problem(ref.location, "warning", message)] if vocabulary.expected else []
    return [
        Problem(at, "error", vocabulary.unknown(value, f" of '{ref.key}'"))
        for value in vocabulary.split(raw)
        if value not in vocabulary.values
    ]


def _check_notes(review: Review, shape: Shape) -> list[Problem]:
    problems: list[Problem] = []
    keys = list(review.references)
    all_ids = {n.id: n for n in review.all_notes()}
    for note in review.all_notes():
        for rel in note.relations:
            loc = Location(note.location.path, rel.line)
            target = all_ids.get(rel.target_id)
            wanted = shape.kind(rel.target_kind).singular
            if target is None:
                candidates = list(review.notes[rel.target_kind])
                problems.append(
                    Problem(
                        loc,
                        "error",
                        f"'{rel.name}' lists '{rel.target_id}', but there is no {wanted} "
                        f"with that id" + did_you_mean(rel.target_id, candidates),
                    )
                )
            elif target.kind != rel.target_kind:
                problems.append(
                    Problem(
                        loc,
                        "error",
                        f"'{rel.name}' lists '{rel.target_id}', which is a "
                        f"{shape.kind(target.kind).singular}, not a {wanted}",
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
                            _unknown_key(citation.key, keys, review.sets),
                        )
                    )
        problems += _completeness(note, shape)
        problems += _check_rules(note, shape)
        problems += _plain_language(note, shape)
    return problems


def _completeness(note: Note, shape: Shape) -> list[Problem]:
    """Warnings for notes that are valid but not yet useful to readers: a field the
    kind's 'expect' asks for is missing (or none of a group of them)."""
    problems: list[Problem] = []
    present = {rel.name for rel in note.relations} | set(note.terms)
    if note.confidence is not None:
        present.add("confidence")
    singular = shape.kind(note.kind).singular
    for group in shape.kind(note.kind).expect:
        if not present & set(group):
            wanted = " or ".join(f"'{name}'" for name in group)
            problems.append(Problem(note.location, "warning", f"{singular} has no {wanted}"))
    if not note.citations:
        problems.append(Problem(note.location, "warning", "note cites no evidence"))
    return problems


def _plain_language(note: Note, shape: Shape) -> list[Problem]:
    """A kind that carries a plain-language summary has one on every note, and it reads
    at or below the configured SMOG grade (a warning, so --strict fails)."""
    plain = shape.plain_for(note.kind)
    if plain is None:
        return []
    if not note.plain:
        message = f"{shape.kind(note.kind).singular} has no '{plain.field}' summary in plain words"
        return [Problem(note.location, "warning", message)]
    reading = smog(note.plain)
    if reading.grade <= plain.max_smog:
        return []
    line = note.key_lines.get(plain.field, note.location.line)
    hard = ", ".join(dict.fromkeys(w.lower() for w in reading.polysyllables))
    message = (
        f"'{plain.field}' reads at SMOG grade {reading.grade:g}, above {plain.max_smog:g}: "
        f"use shorter sentences or fewer long words ({hard})"
    )
    return [Problem(Location(note.location.path, line), "warning", message)]


def _check_rules(note: Note, shape: Shape) -> list[Problem]:
    """A vocabulary value that needs a level of confidence (strong: high or moderate)
    gets it; otherwise it is an error at the value's line."""
    problems = []
    level = note.confidence.level if note.confidence else "none"
    for vocabulary in shape.note_vocabularies(note.kind):
        for value in note.terms.get(vocabulary.name, []):
            allowed = vocabulary.confidence.get(value)
            if allowed is not None and level not in allowed:
                line = note.key_lines.get(vocabulary.name, note.location.line)
                problems.append(
                    Problem(
                        Location(note.location.path, line),
                        "error",
                        f"{vocabulary.name} '{value}' needs confidence {' or '.join(allowed)} "
                        f"(the rule in evidencesite.yml), but this "
                        f"{shape.kind(note.kind).singular}'s is {level}",
                    )
                )
    return problems


def _check_old_keys(review: Review) -> list[Problem]:
    """A reference's old keys (biblatex ids) redirect to it: one may not be another
    work's address, a site page's, or another work's old key."""
    problems: list[Problem] = []
    pages = {ref.slug: ref for ref in review.references.values()}
    claimed: dict[str, Reference] = {}
    for ref in review.references.values():
        line = ref.field_lines.get("ids", ref.location.line)
        for old in split_list(ref.get("ids")):
            slug = key_slug(old)
            other = pages.get(slug) or claimed.get(slug)
            if slug == ref.slug:
                continue
            if slug in RESERVED:
                message = (
                    f"old key '{old}' in 'ids' of '{ref.key}' is the address of the site's own page"
                )
            elif other is not None and other is not ref:
                message = (
                    f"old key '{old}' in 'ids' of '{ref.key}' would redirect the address of "
                    f"'{other.key}' ({other.location}); remove one"
                )
            else:
                claimed[slug] = ref
                continue
            problems.append(Problem(Location(ref.location.path, line), "error", message))
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


def _unknown_key(key: str, keys: list[str], sets: Mapping[str, tuple[str, ...]]) -> str:
    if key in sets:
        return f"citation of '{key}', a @set and not a work: {cite_members(sets[key])} one by one"
    return f"citation of unknown key '{key}'" + did_you_mean(key, keys)


def check_published(review: Review, produced: set[str]) -> list[Problem]:
    """Every URL ever published must still be produced, as a page or a redirect."""
    problems = []
    urls = review.shape.urls if review.shape else Urls()
    set_pages = {url_of(urls.reference(key_slug(key))): key for key in review.sets}
    works = urls.folders["references"]
    for url, line in sorted(review.published.items(), key=lambda item: item[1]):
        if url in produced:
            continue
        parts = url.strip("/").split("/")
        hint = ""
        if len(parts) == 2 and parts[0] in review.notes and review.shape is not None:
            singular = review.shape.kind(parts[0]).singular
            hint = (
                f"; if the {singular} was renamed, add '{parts[1]}' to its "
                "'aliases:' so the old address redirects"
            )
        elif url in set_pages:
            hint = f"; '{set_pages[url]}' is a @set, which has no page of its own"
        elif len(parts) == 2 and parts[0] == works:
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
                        "a note id nor a cite key" + did_you_mean(name, known),
                    )
                )
    return problems
