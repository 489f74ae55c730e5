"""Where output may go, and writing a complete docs tree for engines that read files.

``evidencesite generate --out DIR`` writes the hand-written pages plus the generated
ones into a folder of their own, for engines that read a docs folder from disk
(ProperDocs, Zensical, a bare ``mkdocs build``). docs/ itself holds hand-written pages
only: ``evidencesite build`` and the MkDocs plugin hand the generated pages to MkDocs
in memory.

The writer owns its output folder and records what it wrote in a manifest. It never
touches a file it did not write; it rewrites only files whose content changed (so an
engine's file watcher rebuilds only those); and it writes in two phases (every new
file to a temporary name, then renames) so an interruption leaves the previous files
in place, never a half-written one. No output folder may be, hold or sit inside a
source folder (:func:`unsafe_output`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .urls import url_of

MANIFEST = ".evidencesite-generated.json"
#: The files a run is writing, claimed before it writes any: a run that is killed
#: leaves it, and the next run takes those files as its own.
PENDING = ".evidencesite-pending.json"
#: What the renderers may produce: pages, redirect pages and data downloads.
GENERATED_SUFFIXES = frozenset(
    {".md", ".html", ".json", ".bib", ".ris", ".csv", ".xml", ".svg", ".txt"}
)


class WriteError(Exception):
    """The output cannot be written without harming a file the generator does not own."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def unsafe_output(out: Path, sources: Iterable[Path]) -> str | None:
    """Why ``out`` must not be an output folder (it is, holds or sits inside one of the
    ``sources``), or None when it is safe. Checked before anything is touched: a build
    replaces its output folder whole."""
    target = out.resolve()
    for source in sources:
        src = source.resolve()
        if target == src:
            return f"it is the source {source}"
        if src.is_relative_to(target):
            return f"it holds the source {source}"
        if target.is_relative_to(src):
            return f"it is inside the source folder {source}"
    return None


def unsafe_output_error(out: Path, reason: str, example: str) -> WriteError:
    return WriteError(
        f"{out}: error: refusing to write output here: {reason}, and the output folder is "
        f"replaced whole; choose a folder of its own, such as {example}"
    )


def collisions(hand_written: Iterable[str], pages: Iterable[str]) -> list[str]:
    """Hand-written docs files that would be published at a generated page's address."""
    generated = {url_of(rel) for rel in pages}
    return sorted(rel for rel in hand_written if url_of(rel) in generated)


def in_the_way_error(path: Path) -> WriteError:
    return WriteError(
        f"{path}: error: a hand-written file has the address of a generated page; rename "
        "or move it (if an older `evidencesite generate` wrote it into docs/, delete it: "
        "generated pages no longer live in docs/)"
    )


@functools.cache
def check_generated_path(rel: str) -> None:
    """A renderer's path must be a plain relative path with a known suffix (our bug if
    not). Remembered: a preview checks the same 30,000 paths after every save, and a
    bad one raises, which is never remembered."""
    parts = rel.split("/")
    if (
        rel.startswith("/")
        or "\\" in rel
        or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
        or os.path.splitext(rel)[1] not in GENERATED_SUFFIXES
    ):
        raise ValueError(f"renderer produced an unsafe path: {rel!r}")


def hand_written_files(docs: Path) -> dict[str, bytes]:
    """Every file in docs/ but hidden ones (which MkDocs leaves out too), docs-relative."""
    found: dict[str, bytes] = {}
    for dirpath, dirnames, names in os.walk(docs):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        prefix = os.path.relpath(dirpath, docs).replace(os.sep, "/")
        for name in sorted(names):
            if not name.startswith("."):
                rel = name if prefix == "." else f"{prefix}/{name}"
                found[rel] = Path(dirpath, name).read_bytes()
    return found


def _read_manifest(out: Path) -> dict[str, str] | None:
    """Written file -> hash of what was written; None when there is no manifest."""
    manifest = out / MANIFEST
    if not manifest.exists():
        return None
    try:
        files = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
    except (ValueError, AttributeError) as exc:
        raise WriteError(f"{manifest}: error: not a manifest evidencesite wrote") from exc
    return dict(files) if isinstance(files, dict) else {}


def _files_in(out: Path) -> set[str]:
    """Every file now under ``out``, relative, but the manifest: one scan, not a stat per
    file."""
    found: set[str] = set()
    root = str(out)
    for dirpath, _, names in os.walk(root):
        prefix = os.path.relpath(dirpath, root).replace(os.sep, "/")
        found.update(name if prefix == "." else f"{prefix}/{name}" for name in names)
    found.discard(MANIFEST)
    found.discard(PENDING)
    return found


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _write_file(path: str, data: bytes) -> None:
    """One file, with the fewest system calls (open, write, close)."""
    fd = os.open(path, _CREATE, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _is_temp(rel: str) -> bool:
    name = rel.rpartition("/")[2]
    return name.startswith(".") and name.endswith(".tmp")


def _temp_name(path: str) -> str:
    head, _, name = path.rpartition("/")
    return f"{head}/.{name}.tmp"


def _changed(
    files: Mapping[str, bytes], out: Path, on_disk: set[str], previous: dict[str, str]
) -> tuple[dict[str, bytes], dict[str, str], int]:
    """The files whose bytes differ from what is on disk, every file's hash, and how many
    are unchanged. A file on disk that the generator did not write is refused."""
    changed: dict[str, bytes] = {}
    hashes: dict[str, str] = {}
    unchanged = 0
    for rel in sorted(files):
        data = files[rel]
        hashes[rel] = digest = _digest(data)
        if rel in on_disk:
            if rel not in previous:
                raise in_the_way_error(out / rel)
            if previous[rel] == digest or (out / rel).read_bytes() == data:
                unchanged += 1
                continue
        changed[rel] = data
    return changed, hashes, unchanged


def write_tree(files: Mapping[str, bytes], out: Path) -> WriteReport:
    """Make ``out`` hold exactly ``files`` (relative path -> bytes), changing only what
    changed. ``out`` must be new, empty, or written by an earlier call."""
    if out.exists() and not out.is_dir():
        raise WriteError(f"{out}: error: refusing to write output here: it is not a folder")
    previous = _read_manifest(out)
    claimed_before = _read_claim(out)  # by a run that was killed: its files are ours
    if claimed_before:
        previous = {**dict.fromkeys(claimed_before, ""), **(previous or {})}
    on_disk = _files_in(out)
    if PENDING + ".tmp" in on_disk:  # a claim being written when its run was killed
        on_disk.discard(PENDING + ".tmp")
        (out / (PENDING + ".tmp")).unlink()
    if previous is None and on_disk:
        raise WriteError(
            f"{out}: error: the folder is not empty and evidencesite did not write it; "
            "choose a new or empty folder"
        )
    previous = previous or {}
    root = str(out)
    strays = [rel for rel in on_disk if _is_temp(rel)]  # left by a run that was killed
    for stray in strays:
        os.unlink(f"{root}/{stray}")
        on_disk.discard(stray)
    changed, hashes, unchanged = _changed(files, out, on_disk, previous)
    claimed = bool(changed)
    if claimed:
        # The files this run may leave are claimed before anything is written (beside
        # the manifest, which stays as it was until the run ends): a run killed at any
        # moment leaves a folder the next run recognises as its own and finishes.
        _claim(out, sorted({*changed, *claimed_before}))

    # Phase 1: every changed file to a temporary file beside its target.
    for parent in sorted({rel.rpartition("/")[0] for rel in changed}):
        os.makedirs(f"{root}/{parent}", exist_ok=True)
    written: list[str] = []
    try:
        for rel, data in changed.items():
            temp = _temp_name(f"{root}/{rel}")
            written.append(temp)
            _write_file(temp, data)
    except BaseException:  # Ctrl-C, a full disk: nothing was renamed into place yet
        for temp in written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        if claimed:  # the folder is as it was, with what an earlier killed run left
            _claim(out, claimed_before) if claimed_before else (out / PENDING).unlink()
        raise

    # Phase 2: rename into place (atomic per file), drop files no longer produced.
    for rel in changed:
        target = f"{root}/{rel}"
        os.replace(_temp_name(target), target)
    report = WriteReport(written=list(changed), unchanged=unchanged)
    for rel in sorted(set(previous) - set(files)):
        stale = out / rel
        if stale.exists():
            stale.unlink()
            report.removed.append(rel)
    if report.removed or strays:
        _prune_empty(out)
    _write_manifest(out, hashes)
    (out / PENDING).unlink(missing_ok=True)
    return report


def _claim(out: Path, files: list[str]) -> None:
    """The pending claim: the files a run is about to write."""
    out.mkdir(parents=True, exist_ok=True)
    temp = out / (PENDING + ".tmp")
    temp.write_text(json.dumps({"files": sorted(files)}, indent=0) + "\n", encoding="utf-8")
    temp.replace(out / PENDING)


def _read_claim(out: Path) -> list[str]:
    """What a killed run had claimed (empty when no run was killed)."""
    try:
        files = json.loads((out / PENDING).read_text(encoding="utf-8")).get("files", [])
    except FileNotFoundError:
        return []
    except (ValueError, AttributeError) as exc:
        raise WriteError(f"{out / PENDING}: error: not a claim evidencesite wrote") from exc
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def _write_manifest(out: Path, hashes: dict[str, str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    data = json.dumps({"files": dict(sorted(hashes.items()))}, indent=0) + "\n"
    if manifest.exists() and manifest.read_text(encoding="utf-8") == data:
        return
    temp = manifest.with_name(manifest.name + ".tmp")
    temp.write_text(data, encoding="utf-8")
    temp.replace(manifest)


def _prune_empty(folder: Path) -> None:
    for sub in sorted(folder.rglob("*"), reverse=True):
        if sub.is_dir() and not any(sub.iterdir()):
            sub.rmdir()
