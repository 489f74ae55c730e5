"""Load .bib files into References, collecting every problem with its file and line.

bibtexparser 2.x splits the file into blocks that keep their start line; this module
resolves @string macros and concatenation itself (so an undefined macro is reported,
not silently kept), decodes LaTeX only in the fields the site shows, splits names,
and resolves ``crossref``.
"""

from __future__ import annotations

import logging
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bibtexparser import model as bm
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from .latex import decode, decode_doi, decode_url, decode_verbatim
from .model import RESERVED, Location, Person, Problem, Reference
from .slugs import key_slug
from .suggest import closest, did_you_mean
from .texmacros import (
    ExpansionLimit,
    Preamble,
    expand,
    group_end,
    read_preamble,
    unknown_macros,
)

# bibtexparser logs parse failures itself; we report them as Problems instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

MAX_BIB_BYTES = 64 * 1024 * 1024
MAX_FIELD_CHARS = 100_000

KNOWN_TYPES = frozenset(
    [
        "article", "book", "booklet", "inbook", "incollection", "inproceedings", "conference",
        "manual", "mastersthesis", "phdthesis", "thesis", "misc", "online", "electronic", "www",
        "techreport", "report", "proceedings", "collection", "unpublished", "patent", "dataset",
        "software",
    ]
)  # fmt: skip

#: Fields decoded from LaTeX into plain text for display.
TEXT_FIELDS = frozenset(
    [
        "title", "booktitle", "journal", "journaltitle", "publisher", "institution", "school",
        "organization", "address", "location", "howpublished", "type", "edition", "series",
        "chapter", "volume", "number", "issue", "pages", "year", "date", "month", "note",
        "annotation", "annote", "keywords", "eprinttype", "isbn", "urldate",
        "undated", "ids",
    ]
)  # fmt: skip
#: Fields kept verbatim apart from escapes: links.
VERBATIM_FIELDS = frozenset({"doi", "url", "eprint"})
NAME_FIELDS = ("author", "editor")
UNTITLED = "[Untitled]"
#: Fields that name other entries.
LINK_FIELDS = ("crossref", "xref", "xdata")

MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April",
    "may": "May", "jun": "June", "jul": "July", "aug": "August",
    "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}  # fmt: skip

#: biblatex's types (and a few others reference managers write), read as the closest
#: BibTeX type: a multi-volume book is a book, a periodical issue is a book edited by
#: its editors, anything without a bibliographic form of its own is misc.
CLOSEST_TYPE = {
    "mvbook": "book", "bookinbook": "inbook", "suppbook": "inbook",
    "mvcollection": "collection", "suppcollection": "incollection",
    "mvproceedings": "proceedings", "reference": "collection", "mvreference": "collection",
    "inreference": "incollection", "periodical": "book", "suppperiodical": "article",
    "review": "article", "standard": "report", "commentary": "book", "jurisdiction": "misc",
    "legislation": "misc", "legal": "misc", "letter": "misc", "artwork": "misc",
    "audio": "misc", "image": "misc", "movie": "misc", "music": "misc", "video": "misc",
    "performance": "misc", "bibnote": "misc", "webpage": "online",
    "masterthesis": "mastersthesis", "phdthesis": "phdthesis", "inbook": "inbook",
}  # fmt: skip
#: Entries that hold data for others and are not works themselves (biblatex @xdata).
DATA_ONLY_TYPES = frozenset({"xdata"})
#: biblatex's @set: a group of other entries (its ``entryset``) cited together; not a
#: work of its own, so it gets no page, and a note cites its members.
SET_TYPES = frozenset({"set"})

#: A cite key: letters (any script), digits and the punctuation reference managers use
#: in keys (_ : . + - / ? ! * $ ~ | @). Never markup characters (< > & ` ' " ; =).
KEY_RE = re.compile(r"^[\w:.+\-/?!*$~|@]+$")
_KEY_IN_RAW = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s}]*)")


@dataclass
class _Source:
    """One .bib file's text with a line index for character offsets."""

    path: str
    text: str
    text_fields: frozenset[str] = TEXT_FIELDS
    """TEXT_FIELDS plus the review's own fields (its vocabularies: design, setting)."""
    preamble: Preamble = field(default_factory=Preamble)
    """The commands its @preamble blocks define."""
    unknown: dict[str, list[int]] = field(default_factory=dict)
    """Commands used in fields that nothing defines -> the lines using them."""

    def line_of(self, index: int) -> int:
        return self.text.count("\n", 0, index) + 1


@dataclass
class _Library:
    """What the files have given so far: works by key and by slug, the data-only
    entries (@xdata) by lowercase key, and the links (crossref, xref, xdata) to resolve
    once every file is read."""

    references: dict[str, Reference] = field(default_factory=dict)
    slugs: dict[str, Reference] = field(default_factory=dict)
    data_only: dict[str, dict[str, str]] = field(default_factory=dict)
    links: list[tuple[Reference, str, int]] = field(default_factory=list)
    """(work, link field, its line) for every crossref, xref and xdata."""
    sets: dict[str, tuple[tuple[str, ...], Location]] = field(default_factory=dict)
    """Each @set's key -> the keys of its members, and where it is."""


@dataclass
class Bibliography:
    """What the .bib files hold: the works by key, the problems found, and each
    @set's members (a set is not a work)."""

    references: dict[str, Reference]
    problems: list[Problem]
    sets: dict[str, tuple[str, ...]]


def read_text(path: Path, shown: str, limit: int, problems: list[Problem]) -> str | None:
    """Read a UTF-8 file, line endings as '\\n'; report (not raise) what is wrong: not
    a regular file (a device such as /dev/zero, a pipe that would never end), too big,
    not UTF-8."""
    try:
        info = path.stat()
    except OSError as exc:
        problems.append(Problem(Location(shown, 0), "error", f"cannot read file: {exc.strerror}"))
        return None
    if not stat.S_ISREG(info.st_mode):
        message = "is not a regular file (a device, pipe or socket): replace it with a text file"
        problems.append(Problem(Location(shown, 0), "error", message))
        return None
    size = info.st_size
    if size > limit:
        problems.append(
            Problem(
                Location(shown, 0),
                "error",
                f"file is {size:,} bytes; the limit is {limit:,} bytes",
            )
        )
        return None
    with path.open("rb") as handle:
        data = handle.read(limit + 1)  # the file may have grown since stat()
    try:
        return _newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        problems.append(
            Problem(
                Location(shown, line),
                "error",
                f"byte 0x{bad} is not valid UTF-8; save the file as UTF-8 "
                "(in JabRef: File > Properties > Encoding; Zotero exports UTF-8)",
            )
        )
        return _newlines(data.decode("utf-8-sig", errors="replace"))


def _newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings as '\\n', so that a note written on
    any system reads the same (a '\\r' left in a heading broke its anchor)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def load_bibliography(
    paths: Iterable[tuple[Path, str]], review_fields: Iterable[str] = ()
) -> tuple[dict[str, Reference], list[Problem]]:
    """Load every .bib file (path, name to show in messages) into References by key.
    ``review_fields`` are the review's own fields to keep (evidencesite.yml's
    vocabularies on references), besides the bibliographic ones."""
    read = read_bibliography(paths, review_fields)
    return read.references, read.problems


def read_bibliography(
    paths: Iterable[tuple[Path, str]], review_fields: Iterable[str] = ()
) -> Bibliography:
    """As :func:`load_bibliography`, with the @sets' members too."""
    text_fields = TEXT_FIELDS | frozenset(review_fields)
    problems: list[Problem] = []
    library = _Library()
    for path, shown in paths:
        text = read_text(path, shown, MAX_BIB_BYTES, problems)
        if text is None:
            continue
        if not text.strip():
            problems.append(Problem(Location(shown, 0), "error", "the file is empty: no entries"))
            continue
        _load_one(_Source(shown, text, text_fields), library, problems)
    resolve_links(library, problems)
    for key, (_, loc) in library.sets.items():
        if key in library.references:
            problems.append(
                Problem(loc, "error", _duplicate_key(key, library.references[key].location))
            )
    sets = {key: members for key, (members, _) in library.sets.items()}
    return Bibliography(library.references, problems, sets)


def _load_one(src: _Source, library: _Library, problems: list[Problem]) -> None:
    parsed = parse_string(src.text, parse_stack=[])
    strings: dict[str, str] = {}
    entries = 0
    for block in parsed.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bm.String):
            value = _resolve_value(block.value, strings, src.path, line, problems, "@string")
            strings[block.key.lower()] = value
        elif isinstance(block, bm.Preamble):
            value = _resolve_value(block.value, strings, src.path, line, problems, "@preamble")
            before = len(src.preamble.ignored)
            try:
                read_preamble(value, src.preamble)
            except ExpansionLimit:
                message = "@preamble is too long or its braces never close: it is not read"
                problems.append(Problem(Location(src.path, line), "warning", message))
            for what in src.preamble.ignored[before:]:
                message = (
                    f"@preamble runs '{what}', which is not read: commands it defines are "
                    "dropped from the fields that use them (each is named below)"
                )
                problems.append(Problem(Location(src.path, line), "warning", message))
        elif isinstance(block, bm.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            assert isinstance(entry, bm.Entry)
            for name in sorted(block.duplicate_keys):
                lines = [f.start_line + 1 for f in entry.fields if f.key.lower() == name.lower()]
                problems.append(
                    Problem(
                        Location(src.path, lines[-1] if lines else line),
                        "error",
                        f"field '{name}' appears twice in entry '{entry.key}' "
                        f"(first on line {lines[0] if lines else line}); keep one",
                    )
                )
            entries += 1
            _add_entry(entry, src, strings, library, problems)
        elif isinstance(block, bm.DuplicateBlockKeyBlock):
            previous = block.previous_block
            first = (previous.start_line or 0) + 1
            if _same_entry(block.raw, previous.raw):  # an export's exact repeat
                problems.append(_repeated(block.key, Location(src.path, line), first))
            else:
                problems.append(
                    Problem(
                        Location(src.path, line),
                        "error",
                        f"duplicate key '{block.key}': already used by the entry on line "
                        f"{first}; give each entry its own key",
                    )
                )
            entries += 1
        elif isinstance(block, bm.ParsingFailedBlock):
            problems.append(_parse_failure(block, src, line))
            entries += 1
        elif isinstance(block, bm.Entry):
            entries += 1
            _add_entry(block, src, strings, library, problems)
    for name, lines in src.unknown.items():
        uses = f"{len(lines)} fields" if len(lines) > 1 else "1 field"
        message = (
            f"\\{name} (in {uses}, first on line {lines[0]}) is not a command this "
            "generator knows and no @preamble defines it: it is dropped, its argument "
            "kept; define it in @preamble (\\newcommand) to show it"
        )
        problems.append(Problem(Location(src.path, lines[0]), "warning", message))
    if entries == 0:
        problems.append(
            Problem(
                Location(src.path, 0),
                "error",
                "no entries found; an entry looks like @article{key, title = {...}, year = {2020}}",
            )
        )


def _parse_failure(block: bm.ParsingFailedBlock, src: _Source, line: int) -> Problem:
    raw = block.raw or ""
    match = _KEY_IN_RAW.match(raw.lstrip())
    what = f"entry '{match.group(1)}'" if match and match.group(1) else "this entry"
    error = block.error
    reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
    reason = " ".join(reason.split())
    end = getattr(error, "end_index", None)
    stopped = ""
    if isinstance(end, int):
        end_line = src.line_of(src.text.find(raw) + end) if raw and raw in src.text else None
        if end_line and end_line != line:
            stopped = f" (reading stopped on line {end_line})"
    hint = "check for a missing comma between fields or an unbalanced '{' or '\"'"
    if "comma after entry key" in reason:
        hint = "put a comma after the key: @article{key,"
    return Problem(
        Location(src.path, line),
        "error",
        f"cannot read {what}{stopped}: {reason.rstrip('.')}; {hint}",
    )


def _split_concatenation(raw: str) -> list[str]:
    """Split ``a # "b" # {c}`` on '#' outside braces and quotes."""
    parts: list[str] = []
    depth = 0
    in_quotes = False
    start = 0
    for i, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0 and (i == 0 or raw[i - 1] != "\\"):
            in_quotes = not in_quotes
        elif char == "#" and depth == 0 and not in_quotes:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return parts


_MACRO = re.compile(r"^[A-Za-z_][A-Za-z0-9_:.+-]*$")
_FIELD_START = re.compile(r"[\s,]([A-Za-z][\w-]*)\s*=")


def _resolve_value(
    raw: str,
    strings: dict[str, str],
    path: str,
    line: int,
    problems: list[Problem],
    field_name: str,
) -> str:
    """Resolve enclosing braces/quotes, numbers, @string macros and '#' concatenation."""
    raw = raw.strip()
    if raw.startswith("{") and group_end(raw, 0) == len(raw):
        return raw[1:-1]
    out = []
    for part in _split_concatenation(raw):
        part = part.strip()
        braced = part.startswith("{") and group_end(part, 0) == len(part)
        quoted = len(part) >= 2 and part.startswith('"') and part.endswith('"')
        if braced or quoted:
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif part.lower() in strings:
            out.append(strings[part.lower()])
        elif part.lower() in MONTHS:
            out.append(MONTHS[part.lower()])
        elif _MACRO.match(part):
            known = list(strings) + list(MONTHS)
            define = f"; define it with @string{{{part} = {{...}}}} or put the value in braces"
            hint = did_you_mean(part.lower(), known, otherwise=define)
            problems.append(
                Problem(
                    Location(path, line),
                    "error",
                    f"{field_name}: undefined @string macro '{part}'{hint}",
                )
            )
            out.append(part)
        else:
            following = _FIELD_START.search(part)
            hint = (
                f"; is a comma missing before '{following.group(1)} ='?"
                if following
                else "; put the value in {braces}"
            )
            problems.append(
                Problem(
                    Location(path, line),
                    "error",
                    f"{field_name}: cannot read the value {_clip(part)}{hint}",
                )
            )
            out.append(part)
    return "".join(out)


def _clip(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 3] + "...")


def _add_entry(
    entry: bm.Entry, src: _Source, strings: dict[str, str], library: _Library,
    problems: list[Problem],
) -> None:  # fmt: skip
    """One entry, in small steps: its key, its type, its fields read and decoded."""
    line = (entry.start_line or 0) + 1
    loc = Location(src.path, line)
    key = entry.key.strip()
    if entry.entry_type.lower() in DATA_ONLY_TYPES:  # @xdata: fields for others
        raw_fields, _ = _raw_fields(entry, key, src, strings, problems)
        library.data_only[key.lower()] = _decoded(raw_fields, src.text_fields)
        return
    if entry.entry_type.lower() in SET_TYPES:
        members = _set_members(entry)
        if key in library.sets:
            problems.append(Problem(loc, "error", _duplicate_key(key, library.sets[key][1])))
        library.sets[key] = (members, loc)
        problems.append(_set_skipped(key, members, loc))
        return
    known = library.references.get(key)
    if known is not None and _same_entry(entry.raw, known.raw):  # in another .bib file
        problems.append(_repeated(key, loc, known.location))
        return
    slug = _check_key(key, loc, library.references, library.slugs, problems)
    if slug is None:
        return
    entry_type = _entry_type(entry.entry_type.lower(), loc, problems)
    raw_fields, field_lines = _raw_fields(entry, key, src, strings, problems)
    fields = _decoded(raw_fields, src.text_fields)
    ref = Reference(
        key=key,
        slug=slug,
        entry_type=entry_type,
        fields=fields,
        authors=parse_names(raw_fields.get("author", "")),
        editors=parse_names(raw_fields.get("editor", "")),
        location=loc,
        field_lines=field_lines,
        raw=entry.raw or "",
    )
    library.references[key] = ref
    library.slugs[slug] = ref
    for name in LINK_FIELDS:
        if fields.get(name):
            library.links.append((ref, name, field_lines.get(name, line)))


def _check_key(
    key: str, loc: Location, references: dict[str, Reference], slugs: dict[str, Reference],
    problems: list[Problem],
) -> str | None:  # fmt: skip
    """The key's slug (its reference page's URL segment), or None after an error."""
    slug = key_slug(key)
    if not KEY_RE.match(key):
        message = (
            f"cite key '{key[:60]}' cannot be used: a key holds letters, digits and "
            "_ : . + - / ? ! * $ ~ | @ only (no spaces, quotes, brackets or markup)"
        )
    elif key in references:
        message = _duplicate_key(key, references[key].location)
    elif slug in RESERVED:
        message = f"cite key '{key}' is reserved for the bibliography page"
    elif slug in slugs:
        other = slugs[slug]
        message = (
            f"key '{key}' and key '{other.key}' ({other.location}) would share the address "
            f"of one reference page (.../{slug}/: a key's letters and digits, lowercase); "
            "rename one"
        )
    else:
        return slug
    problems.append(Problem(loc, "error", message))
    return None


def _entry_type(entry_type: str, loc: Location, problems: list[Problem]) -> str:
    """The BibTeX type, biblatex's read as the closest one; an unknown one is an error
    (with the nearest) and reads as misc."""
    if entry_type in KNOWN_TYPES:
        return entry_type
    if entry_type in CLOSEST_TYPE:
        return CLOSEST_TYPE[entry_type]
    if entry_type.startswith("custom") and len(entry_type) == 7:
        return "misc"  # biblatex's @customa ... @customf
    near = closest(entry_type, sorted(KNOWN_TYPES))
    hint = f"; did you mean @{near}?" if near else ""
    message = f"unknown entry type @{entry_type}{hint} (use @misc for anything else)"
    problems.append(Problem(loc, "error", message))
    return "misc"


def _same_entry(raw: str | None, other: str | None) -> bool:
    """Two entries written alike, spacing aside: a reference manager's export repeats
    an entry so when it sits in two collections."""
    return bool(raw) and " ".join((raw or "").split()) == " ".join((other or "").split())


def _repeated(key: str, loc: Location, first: Location | int) -> Problem:
    """An entry repeated exactly: read once, with a warning (lenient, as a reference
    manager is); the same key with other fields stays an error."""
    where = f"line {first}" if isinstance(first, int) else str(first)
    return Problem(
        loc, "warning", f"entry '{key}' repeats the one at {where} exactly; it is read once"
    )


def _duplicate_key(key: str, first: Location) -> str:
    return f"duplicate key '{key}': already used at {first}"


def _set_members(entry: bm.Entry) -> tuple[str, ...]:
    """The keys a @set's ``entryset`` lists."""
    field = entry.fields_dict.get("entryset")
    listed = str(field.value if field else "").strip().strip('{}"')
    return tuple(m.strip() for m in listed.split(",") if m.strip())


def cite_members(members: tuple[str, ...]) -> str:
    """How messages name a @set's members."""
    return f"cite its members ({_clip(', '.join(members), 60)[1:-1]})" if members else (
        "it lists no members"
    )  # fmt: skip


def _set_skipped(key: str, members: tuple[str, ...], loc: Location) -> Problem:
    """A @set is read as its members: a warning says so, and whom to cite."""
    return Problem(loc, "warning",
                   f"@set {_clip(key)} groups other entries and is not a work, so it gets "
                   f"no page: {cite_members(members)}")  # fmt: skip


def _raw_fields(
    entry: bm.Entry, key: str, src: _Source, strings: dict[str, str], problems: list[Problem]
) -> tuple[dict[str, str], dict[str, int]]:
    """The fields the site uses, with @string macros resolved, and each field's line."""
    raw_fields: dict[str, str] = {}
    field_lines: dict[str, int] = {}
    for fld in entry.fields:
        name = fld.key.lower()
        if name in raw_fields:  # a duplicate, already reported: keep the first
            continue
        fline = fld.start_line + 1
        field_lines[name] = fline
        value = fld.value if isinstance(fld.value, str) else str(fld.value)
        if len(value) > MAX_FIELD_CHARS:
            message = (
                f"field '{name}' of '{key}' is {len(value.strip()) - 2:,} characters; "
                f"the limit is {MAX_FIELD_CHARS:,}"
            )
            problems.append(Problem(Location(src.path, fline), "error", message))
            continue
        if (
            name in src.text_fields
            or name in VERBATIM_FIELDS
            or name in NAME_FIELDS
            or name in LINK_FIELDS
        ):
            resolved = _resolve_value(value, strings, src.path, fline, problems, name)
            if name not in VERBATIM_FIELDS:
                resolved = _expanded(resolved, name, key, src, fline, problems)
            raw_fields[name] = resolved
    return raw_fields, field_lines


def _expanded(
    value: str, name: str, key: str, src: _Source, line: int, problems: list[Problem]
) -> str:
    """The field with its commands expanded (@preamble's and the built-in ones); the
    commands nothing defines are noted for one warning each per file."""
    try:
        value = expand(value, src.preamble.macros)
    except ExpansionLimit as stuck:
        message = (
            f"field '{name}' of '{key}': \\{stuck} keeps expanding (it calls itself?); "
            "the field is shown unexpanded"
        )
        problems.append(Problem(Location(src.path, line), "warning", message))
    for command in unknown_macros(value) if "\\" in value else ():
        src.unknown.setdefault(command, []).append(line)
    return value


def _decoded(raw_fields: dict[str, str], text_fields: frozenset[str]) -> dict[str, str]:
    """Fields as plain Unicode text: LaTeX decoded, links kept verbatim."""
    fields: dict[str, str] = {}
    for name, value in raw_fields.items():
        if name == "url":
            fields[name] = decode_url(value)
        elif name == "doi":
            fields[name] = decode_doi(value)
        elif name in VERBATIM_FIELDS:
            fields[name] = decode_verbatim(value)
        elif name in text_fields:
            fields[name] = decode(value)
        elif name in LINK_FIELDS:
            fields[name] = value.strip()
    _biblatex_aliases(fields)
    if "month" in fields and fields["month"].lower()[:3] in MONTHS and len(fields["month"]) <= 3:
        fields["month"] = MONTHS[fields["month"].lower()[:3]]
    return fields


def _biblatex_aliases(fields: dict[str, str]) -> None:
    """Accept biblatex names for BibTeX fields (journaltitle, date, location)."""
    for biblatex, bibtex in (("journaltitle", "journal"), ("location", "address")):
        if biblatex in fields and bibtex not in fields:
            fields[bibtex] = fields[biblatex]
    if "date" in fields and "year" not in fields:
        match = re.match(r"(\d{4})", fields["date"])
        if match:
            fields["year"] = match.group(1)


def resolve_links(library: _Library, problems: list[Problem]) -> None:
    """Links between entries, as BibTeX and biblatex resolve them: keys match whatever
    their case; ``xdata`` copies every field the entry lacks from the @xdata entries it
    names (first, for every entry), then ``crossref`` copies the parent's fields (its
    title as the booktitle, its editors) once the parent has its own parent's, so a
    chapter of a volume of a set inherits from both; ``xref`` only names a parent,
    which must exist."""
    by_lower = {key.lower(): ref for key, ref in library.references.items()}
    parents: dict[str, tuple[Reference, Reference]] = {}
    for name in ("xdata", "xref", "crossref"):
        for ref, field_name, line in library.links:
            if field_name != name:
                continue
            targets = [ref.fields[name]] if name == "crossref" else split_keys(ref.fields[name])
            for target in targets:
                where: dict[str, Any] = library.data_only if name == "xdata" else by_lower
                found = where.get(target.lower())
                if found is None:
                    problems.append(_missing_link(ref, name, target, line, where))
                elif name == "xdata":
                    for key, value in found.items():
                        ref.fields.setdefault(key, value)
                elif name == "crossref" and found is not ref:
                    parents[ref.key] = (ref, found)
    done: set[str] = set()
    for key in parents:
        _inherit_chain(key, parents, done)
    for ref in library.references.values():
        if not ref.fields.get("title"):
            _untitled(ref)


def _inherit_chain(
    key: str, parents: dict[str, tuple[Reference, Reference]], done: set[str]
) -> None:
    """Resolve ``key``'s parent first (each once; a cycle stops where it closes)."""
    chain: list[str] = []
    while key in parents and key not in done and key not in chain:
        chain.append(key)
        key = parents[key][1].key
    for child in reversed(chain):
        ref, parent = parents[child]
        _inherit(ref, parent)
        done.add(child)


def _untitled(ref: Reference) -> None:
    """A work without a title is shown as '[Untitled]', as catalogues do (a warning)."""
    ref.fields["title"] = UNTITLED
    ref.fields["untitled"] = "yes"


def split_keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(",") if k.strip()]


def _missing_link(
    ref: Reference, name: str, target: str, line: int, where: dict[str, Any]
) -> Problem:
    hint = did_you_mean(target.lower(), where)
    kind = "@xdata entry" if name == "xdata" else "entry"
    return Problem(
        Location(ref.location.path, line),
        "error",
        f"'{ref.key}' has {name} '{target}', but there is no {kind} with that key{hint}",
    )


def _inherit(ref: Reference, parent: Reference) -> None:
    for name, value in parent.fields.items():
        if name == "title":
            ref.fields.setdefault("booktitle", value)
        elif name not in LINK_FIELDS and name != "ids":
            ref.fields.setdefault(name, value)
    if not ref.editors:
        ref.editors = parent.editors or parent.authors


_WHOLE_GROUP = re.compile(r"^\{(.*)\}$", re.S)


def parse_names(raw: str) -> list[Person]:
    """Split a BibTeX name list ("Bamber, Hayley M. and {{NHS England}}") into Persons."""
    if not raw.strip():
        return []
    return [_person(name.strip()) for name in split_multiple_persons_names(raw)]


@lru_cache(maxsize=65536)
def _person(name: str) -> Person:
    """One name; cached, since the same authors recur across a bibliography."""
    group = _WHOLE_GROUP.match(name)
    if group and _balanced(group.group(1)):
        return Person(family=decode(group.group(1)), corporate=True)
    if name.lower() == "others":
        return Person(family="others", corporate=True)
    parts = parse_single_name_into_parts(name, strict=False)
    return Person(
        family=decode(" ".join(parts.von + parts.last)),
        given=decode(" ".join(parts.first)),
        suffix=decode(" ".join(parts.jr)),
    )


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += char == "{"
        depth -= char == "}"
        if depth < 0:
            return False
    return depth == 0
