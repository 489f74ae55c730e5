"""Each note's history across the review's released versions, read from git.

A released version is a git tag ``v<version>`` (snapshot.py tags a release so). For each
tag, in version order, the literature folder as it was is read straight from git's
object store (``git ls-tree`` once a tag, ``git cat-file --batch`` once for every file
of every tag, with no checkout and no network) and its notes are parsed by the same
parser as today's, with that version's own evidencesite.yml where it can be read (else
today's). Notes are matched across versions by their id, so a renamed file is
followed. :func:`compare` then says, for each note, what each version changed: its
wording (word by word), title, confidence level and each component's concern, its
vocabulary values and the works it cites; where one version lacks something the other
has (an older note with no confidence assessment), it says so rather than guess.

Everything here is deterministic: versions are ordered by their numbers and dated by
their tagged commits, never by the clock. A preview keeps a :class:`HistoryCache`, so a
save costs two quick git calls (is anything new tagged?) rather than a reading of every
version.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .config import CONFIG_FILE, load_shape
from .model import (
    Cited,
    History,
    Note,
    NoteChange,
    NoteHistory,
    Passage,
    Problem,
    Release,
    Word,
    WordRun,
)
from .notes import parse_note
from .render.families import blocks, folders
from .shape import Shape

#: Unchanged words shown either side of a changed passage.
CONTEXT = 6
#: Seconds any one git command may take (a huge repository on a slow disk).
GIT_TIMEOUT = 120
#: A version tag: 'v' and a number ('v1.0', 'v2.1.3', 'v1.0-rc1').
VERSION_TAG = re.compile(r"^v(\d[0-9A-Za-z.+-]*)$")

SHALLOW = (
    "git history is shallow: page histories not shown; fetch with fetch-depth: 0 "
    "(actions/checkout), or run `git fetch --unshallow --tags`"
)
NO_GIT = (
    "git is not installed: page histories ('Changes to this page') not shown; they are "
    "read from the repository's version tags (v*)"
)
NOT_A_REPOSITORY = (
    "not in a git repository: page histories ('Changes to this page') not shown; they "
    "are read from the repository's version tags (v*), so build from a clone"
)


class GitError(Exception):
    """git could not answer; the message says why, in a line."""


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes:
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=environment,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError(NO_GIT) from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(
            f"git {args[0]} took over {GIT_TIMEOUT} s: page histories not shown"
        ) from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = said[0] if said else f"exit status {done.returncode}"
        if "not a git repository" in first:
            raise GitError(NOT_A_REPOSITORY)
        raise GitError(f"git {args[0]} failed ({first}): page histories not shown")
    return done.stdout


@dataclass(frozen=True)
class Tag:
    name: str
    version: str
    commit: str
    day: dt.date


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """'1.10' after '1.9'; a pre-release ('1.0-rc1', '1.0rc1') before its release."""
    parts: list[tuple[int, int | str]] = []
    for piece in re.findall(r"\d+|[A-Za-z]+", version):
        parts.append((2, int(piece)) if piece.isdigit() else (0, piece.lower()))
    return (*parts, (1, ""))  # the release itself sorts after any letters that follow


def list_tags(literature: Path) -> tuple[Tag, ...]:
    """The version tags, oldest version first, each with its commit and that commit's
    date; GitError (with the reason) when there is no history to read."""
    if _git(literature, "rev-parse", "--is-shallow-repository").strip() == b"true":
        raise GitError(SHALLOW)
    form = "%00".join(
        (
            "%(refname:strip=2)",
            "%(objecttype)",
            "%(objectname)",
            "%(committerdate:iso-strict)",
            "%(*objecttype)",
            "%(*objectname)",
            "%(*committerdate:iso-strict)",
        )
    )
    listed = _git(literature, "for-each-ref", f"--format={form}", "refs/tags/v*")
    tags = []
    for line in listed.decode("utf-8", "replace").splitlines():
        name, kind, commit, date, peeled_kind, peeled, peeled_date = line.split("\0")
        if kind == "tag":  # an annotated tag: the commit it names
            kind, commit, date = peeled_kind, peeled, peeled_date
        match = VERSION_TAG.match(name)
        if kind != "commit" or match is None or not date:
            continue
        tags.append(Tag(name, match[1], commit, dt.date.fromisoformat(date[:10])))
    return tuple(sorted(tags, key=lambda t: (version_key(t.version), t.name)))


def _tree(literature: Path, commit: str) -> dict[str, str]:
    """The literature folder's files at ``commit`` (paths inside it -> blob ids)."""
    listed = _git(literature, "ls-tree", "-r", "-z", commit)
    files = {}
    for entry in listed.split(b"\0"):
        if not entry:
            continue
        head, _, path = entry.partition(b"\t")
        _, kind, blob = head.split()
        if kind == b"blob":
            files[path.decode("utf-8", "surrogateescape")] = blob.decode()
    return files


def _blobs(literature: Path, ids: list[str]) -> dict[str, str]:
    """The text of each blob, read in one ``git cat-file --batch``."""
    if not ids:
        return {}
    out = _git(literature, "cat-file", "--batch", stdin="".join(f"{i}\n" for i in ids).encode())
    texts, pos = {}, 0
    for blob in ids:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) != 3:  # '<id> missing': an object this clone does not have
            raise GitError(f"git cat-file: {blob} is missing: page histories not shown")
        size = int(header[2])
        texts[blob] = out[pos : pos + size].decode("utf-8", "replace")
        pos += size + 1
    return texts


def _is_note_file(path: str) -> bool:
    folder, _, name = path.partition("/")
    return bool(folder) and "/" not in name and name.endswith(".md") and name != "README.md"


@dataclass
class HistoryCache:
    """What reading the history found, kept while the tags (and today's shape) are the
    same: a preview asks git only whether anything was tagged since."""

    key: tuple[object, ...] = ()
    history: History | None = None
    texts: dict[str, str] = field(default_factory=dict)
    """Blob id -> text: a file unchanged between versions is read once."""
    notes: dict[tuple[str, str, str], Note | None] = field(default_factory=dict)
    """(blob id, kind, the shape's key) -> the note parsed."""
    shapes: dict[str, Shape | None] = field(default_factory=dict)
    """evidencesite.yml's blob id -> that version's shape (None: it cannot be read)."""
    reads: int = 0
    """Times the versions were read afresh (not reused)."""


def read_history(literature: Path, shape: Shape, cache: HistoryCache | None = None) -> History:
    """The review's released versions and each note's history. A History with no
    releases and a ``notice`` when git cannot tell (no git, no repository, a shallow
    clone); none and no notice when nothing is tagged."""
    cache = cache if cache is not None else HistoryCache()
    try:
        tags = list_tags(literature)
    except GitError as exc:
        return History((), notice=str(exc))
    key = (tags, repr(shape))
    if cache.history is not None and cache.key == key:
        return cache.history
    try:
        releases = _releases(literature, shape, tags, cache)
    except GitError as exc:
        return History((), notice=str(exc))
    cache.key, cache.reads = key, cache.reads + 1
    cache.history = History(releases, compare(releases))
    return cache.history


def _releases(
    literature: Path, shape: Shape, tags: tuple[Tag, ...], cache: HistoryCache
) -> tuple[Release, ...]:
    trees = {tag.name: _tree(literature, tag.commit) for tag in tags}
    wanted = sorted(
        {
            blob
            for files in trees.values()
            for path, blob in files.items()
            if path == CONFIG_FILE or _is_note_file(path)
        }
        - cache.texts.keys()
    )
    cache.texts.update(_blobs(literature, wanted))
    releases = []
    for tag in tags:
        files = trees[tag.name]
        if not files:  # a tag from before the review was in this folder
            continue
        config = files.get(CONFIG_FILE, "")
        used, shape_key = _shape_of(literature, shape, config, tag, cache)
        notes: dict[str, Note] = {}
        for path in sorted(p for p in files if _is_note_file(p)):
            kind = path.partition("/")[0]
            if kind not in used.kind_names:
                continue
            blob = files[path]
            parsed = (blob, kind, shape_key)
            if parsed not in cache.notes:
                shown = f"{tag.name}:{path}"
                cache.notes[parsed] = parse_note(used, kind, cache.texts[blob], shown, [])
            note = cache.notes[parsed]
            if note is not None:
                notes.setdefault(note.id, note)
        releases.append(Release(tag.version, tag.name, tag.commit, tag.day, notes))
    return tuple(releases)


def _shape_of(
    literature: Path, today: Shape, config: str, tag: Tag, cache: HistoryCache
) -> tuple[Shape, str]:
    """The version's own shape (its evidencesite.yml, read as today's is), or today's
    when it has none that reads without errors; with the key its notes are kept by."""
    if config and config not in cache.shapes:
        problems: list[Problem] = []
        shown = f"{tag.name}:{CONFIG_FILE}"
        text = cache.texts[config]
        read = load_shape(literature / CONFIG_FILE, shown, problems, folders(), blocks(), text)
        failed = read is None or any(p.severity == "error" for p in problems)
        cache.shapes[config] = None if failed else read
    own = cache.shapes.get(config) if config else None
    if own is not None:
        return own, config
    return today, "today:" + repr(today)


# --- comparing versions ---------------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`")
_ATTRIBUTES = re.compile(r"\{[^{}]*[#.][\w-][^{}]*\}")
#: Markdown's own marks standing alone: heading hashes, list bullets, quote marks, rules.
_MARK_WORD = re.compile(r"^(#+|[-*+>|=]+|\d+[.)])$")


def words_of(note: Note) -> tuple[Word, ...]:
    """A note's wording as words, as a reader sees it: Markdown's marks left out, each
    citation one word (its works are compared on their own)."""
    found: list[Word] = []
    pos = 0
    for group in note.citations:
        found += _plain_words(note.body[pos : group.start])
        found.append(Cited(group.citations, group.narrative))
        pos = group.end
    found += _plain_words(note.body[pos:])
    return tuple(found)


def _plain_words(markdown: str) -> list[str]:
    plain = _MD_MARKS.sub("", _ATTRIBUTES.sub("", _MD_LINK.sub(r"\1", markdown)))
    return [word for word in plain.split() if not _MARK_WORD.match(word)]


def passages(before: tuple[Word, ...], after: tuple[Word, ...]) -> tuple[Passage, ...]:
    """The changed passages, each with up to CONTEXT unchanged words either side."""
    if before == after:
        return ()
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    found = []
    for group in matcher.get_grouped_opcodes(CONTEXT):
        runs: list[WordRun] = []
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                runs.append(WordRun("same", before[i1:i2]))
                continue
            if i2 > i1:
                runs.append(WordRun("removed", before[i1:i2]))
            if j2 > j1:
                runs.append(WordRun("added", after[j1:j2]))
        first, last = group[0], group[-1]
        cut_before = first[1] > 0 or first[3] > 0
        cut_after = last[2] < len(before) or last[4] < len(after)
        found.append(Passage(tuple(runs), cut_before, cut_after))
    return tuple(found)


def compare_notes(old: Note, new: Note, previous: Release, release: Release) -> NoteChange | None:
    """What ``release`` changed in a note that ``previous`` also had; None for nothing."""
    unrecorded: list[tuple[str, str, str]] = []
    level, concerns = None, []
    if old.confidence is None or new.confidence is None:
        if old.confidence is not new.confidence:
            lacking = previous if old.confidence is None else release
            unrecorded.append((lacking.version, "confidence", ""))
    else:
        was, now = old.confidence, new.confidence
        if was.level != now.level:
            level = (was.level, now.level)
        for name in dict.fromkeys([*now.components, *was.components]):
            if name in was.components and name in now.components:
                before, after = was.components[name].concern, now.components[name].concern
                if before != after:
                    concerns.append((name, before, after))
            else:
                lacking = previous if name not in was.components else release
                unrecorded.append((lacking.version, "concern", name))
    terms = []
    for name in dict.fromkeys([*new.terms, *old.terms]):
        if name in old.terms and name in new.terms:
            if old.terms[name] != new.terms[name]:
                terms.append((name, tuple(old.terms[name]), tuple(new.terms[name])))
        else:
            lacking = previous if name not in old.terms else release
            unrecorded.append((lacking.version, "term", name))
    was_cited, now_cited = old.cited_keys, new.cited_keys
    change = NoteChange(
        release,
        "changed",
        title=(old.title, new.title) if old.title != new.title else None,
        wording=passages(words_of(old), words_of(new)),
        level=level,
        concerns=tuple(concerns),
        terms=tuple(terms),
        cited_added=tuple(k for k in now_cited if k not in was_cited),
        cited_removed=tuple(k for k in was_cited if k not in now_cited),
        unrecorded=tuple(unrecorded),
    )
    return change if change.aspects else None


def compare(releases: tuple[Release, ...]) -> dict[str, NoteHistory]:
    """Each note's history: the version that added it, then each version that changed
    it, left it out (or brought it back), and the versions that did not change it."""
    ids = dict.fromkeys(note_id for release in releases for note_id in release.notes)
    histories = {}
    for note_id in ids:
        changes: list[NoteChange] = []
        unchanged: list[Release] = []
        previous: Release | None = None
        for release in releases:
            old = previous.notes.get(note_id) if previous else None
            new = release.notes.get(note_id)
            if new is not None and old is None:
                changes.append(NoteChange(release, "added"))
            elif new is None and old is not None:
                changes.append(NoteChange(release, "left out"))
            elif new is old:  # the same file read with the same shape: one Note (_releases)
                if new is not None:
                    unchanged.append(release)
            elif new is not None and old is not None and previous is not None:
                change = compare_notes(old, new, previous, release)
                if change is None:
                    unchanged.append(release)
                else:
                    changes.append(change)
            previous = release
        histories[note_id] = NoteHistory(tuple(changes), tuple(unchanged))
    return histories
