"""Sync rendered pages to the output folders of docs/.

The writer owns the folders in OUTPUT_FOLDERS and records what it wrote in a
manifest. It never touches a file it did not write; it rewrites only files whose
content changed (so ``mkdocs serve`` rebuilds only those); and it writes in two
phases (every new file to a temporary name, then renames) so an interruption leaves
the previous pages in place, never a half-written page.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".evidencesite-generated.json"
#: Pages, redirect pages and data downloads.
ALLOWED_SUFFIXES = frozenset({".md", ".html", ".json", ".bib", ".ris", ".csv"})


class WriteError(Exception):
    """The pages cannot be written without harming a file the generator does not own."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def in_the_way_error(path: Path) -> WriteError:
    return WriteError(
        f"{path}: error: a hand-written file is in the way of a generated page; "
        "move it out of the generated folders"
    )


def _check_path(rel: str, folders: tuple[str, ...]) -> None:
    parts = rel.split("/")
    if (
        rel.startswith("/")
        or "\\" in rel
        or ".." in parts
        or "" in parts
        or parts[0] not in folders
        or os.path.splitext(rel)[1] not in ALLOWED_SUFFIXES
    ):
        raise ValueError(f"renderer produced a path outside the output folders: {rel!r}")


def _read_manifest(out: Path) -> dict[str, str]:
    """Generated file -> hash of what was written (so unchanged files need no reading)."""
    manifest = out / MANIFEST
    if not manifest.exists():
        return {}
    files = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
    if isinstance(files, list):  # an older manifest without hashes
        return dict.fromkeys(files, "")
    return dict(files)


def generated_on_disk(out: Path) -> set[str]:
    """The files in ``out`` that an earlier ``write_pages`` wrote (docs-relative)."""
    return set(_read_manifest(out))


def _files_in(out: Path, folders: tuple[str, ...]) -> set[str]:
    """Every file now in the output folders, docs-relative: one scan of each folder
    instead of a stat per page."""
    found: set[str] = set()
    root = str(out)
    for folder in folders:
        for dirpath, _, names in os.walk(os.path.join(root, folder)):
            prefix = os.path.relpath(dirpath, root).replace(os.sep, "/") + "/"
            found.update(prefix + name for name in names)
    return found


def in_the_way(
    pages: dict[str, str], out: Path, folders: tuple[str, ...], owned: set[str]
) -> list[str]:
    """Generated paths where a file the generator did not write (not in ``owned``, what
    ``generated_on_disk`` returns) already exists."""
    return sorted(rel for rel in _files_in(out, folders) & pages.keys() if rel not in owned)


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


def write_pages(pages: dict[str, str], out: Path, folders: tuple[str, ...]) -> WriteReport:
    """Make ``out`` hold exactly ``pages`` in the generator's folders."""
    for rel in pages:
        _check_path(rel, folders)
    previous = _read_manifest(out)
    report = WriteReport()
    on_disk = _files_in(out, folders)
    root = str(out)
    strays = [rel for rel in on_disk if _is_temp(rel)]  # left by a run that was killed
    for stray in strays:
        os.unlink(f"{root}/{stray}")
        on_disk.discard(stray)

    changed: dict[str, bytes] = {}
    hashes: dict[str, str] = {}
    for rel in sorted(pages):
        data = pages[rel].encode("utf-8")
        hashes[rel] = digest = _digest(data)
        if rel in on_disk:
            if previous.get(rel) == digest:
                report.unchanged += 1
                continue
            if rel not in previous:
                raise in_the_way_error(out / rel)
            # An older manifest without hashes, or a file changed since: compare bytes.
            if Path(f"{root}/{rel}").read_bytes() == data:
                report.unchanged += 1
                continue
        changed[rel] = data

    # Phase 1: every changed page to a temporary file beside its target.
    for parent in sorted({rel.rpartition("/")[0] for rel in changed}):
        os.makedirs(f"{root}/{parent}", exist_ok=True)
    written: list[str] = []
    try:
        for rel, data in changed.items():
            temp = _temp_name(f"{root}/{rel}")
            written.append(temp)
            _write_file(temp, data)
    except BaseException:
        for temp in written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        raise

    # Phase 2: rename into place (atomic per file), drop pages no longer produced.
    for rel in changed:
        target = f"{root}/{rel}"
        os.replace(_temp_name(target), target)
    report.written = list(changed)
    for rel in sorted(set(previous) - set(pages)):
        stale = out / rel
        if stale.exists():
            stale.unlink()
            report.removed.append(rel)
    if report.removed or strays:
        for folder in folders:
            _prune_empty(out / folder)
    _write_manifest(out, hashes)
    return report


def _write_manifest(out: Path, hashes: dict[str, str]) -> None:
    manifest = out / MANIFEST
    data = json.dumps({"files": dict(sorted(hashes.items()))}, indent=0) + "\n"
    if manifest.exists() and manifest.read_text(encoding="utf-8") == data:
        return
    temp = manifest.with_name(manifest.name + ".tmp")
    temp.write_text(data, encoding="utf-8")
    temp.replace(manifest)


def _prune_empty(folder: Path) -> None:
    if not folder.is_dir():
        return
    for sub in sorted(folder.rglob("*"), reverse=True):
        if sub.is_dir() and not any(sub.iterdir()):
            sub.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()
