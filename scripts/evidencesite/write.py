"""Sync rendered pages to the output folders of docs/.

The writer owns the folders in OUTPUT_FOLDERS and records what it wrote in a
manifest. It never touches a file it did not write; it rewrites only files whose
content changed (so ``mkdocs serve`` rebuilds only those); and it writes in two
phases (every new file to a temporary name, then renames) so an interruption leaves
the previous pages in place, never a half-written page.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

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
    out: Path | None = None
    previous: dict[str, tuple[bytes, int] | None] = field(default_factory=dict)
    """What each written or removed file held before, with its modification time
    (None: it did not exist)."""
    manifest: tuple[bytes, int] | None = None

    def undo(self) -> None:
        """Put back exactly what was there before this write."""
        assert self.out is not None
        for rel, before in self.previous.items():
            target = self.out / rel
            if before is None:
                target.unlink(missing_ok=True)
            else:
                data, mtime = before
                target.parent.mkdir(parents=True, exist_ok=True)
                temp = target.with_name(f".{target.name}.tmp")
                temp.write_bytes(data)
                os.utime(temp, ns=(mtime, mtime))
                temp.replace(target)
        manifest = self.out / MANIFEST
        if self.manifest is None:
            manifest.unlink(missing_ok=True)
        else:
            data, mtime = self.manifest
            manifest.write_bytes(data)
            os.utime(manifest, ns=(mtime, mtime))
        for folder in {rel.split("/", 1)[0] for rel in self.previous}:
            _prune_empty(self.out / folder)


def _check_path(rel: str, folders: tuple[str, ...]) -> None:
    path = PurePosixPath(rel)
    if (
        path.is_absolute()
        or ".." in path.parts
        or not path.parts
        or path.parts[0] not in folders
        or path.suffix not in ALLOWED_SUFFIXES
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


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def write_pages(pages: dict[str, str], out: Path, folders: tuple[str, ...]) -> WriteReport:
    """Make ``out`` hold exactly ``pages`` in the generator's folders."""
    for rel in pages:
        _check_path(rel, folders)
    previous = _read_manifest(out)
    report = WriteReport(out=out)
    manifest = out / MANIFEST
    if manifest.exists():
        report.manifest = (manifest.read_bytes(), manifest.stat().st_mtime_ns)
    for folder in folders:  # temporary files left by a run that was killed
        if (out / folder).is_dir():
            for stray in (out / folder).rglob(".*.tmp"):
                stray.unlink()

    changed: dict[str, bytes] = {}
    hashes: dict[str, str] = {}
    for rel, content in sorted(pages.items()):
        target = out / rel
        data = content.encode("utf-8")
        hashes[rel] = digest = _digest(data)
        if previous.get(rel) == digest and target.exists():
            report.unchanged += 1
            continue
        old = None
        mtime = 0
        if rel in previous or target.exists():
            try:
                old = target.read_bytes()
                mtime = target.stat().st_mtime_ns
            except FileNotFoundError:
                old = None
        if old is not None:
            if rel not in previous:
                raise WriteError(
                    f"{target}: error: a hand-written file is in the way of a generated page; "
                    "move it out of the generated folders"
                )
            if old == data:
                report.unchanged += 1
                continue
        changed[rel] = data
        report.previous[rel] = None if old is None else (old, mtime)

    # Phase 1: every changed page to a temporary file beside its target.
    temps: list[tuple[Path, Path]] = []
    for parent in {(out / rel).parent for rel in changed}:
        parent.mkdir(parents=True, exist_ok=True)
    for rel in changed:
        target = out / rel
        temps.append((target.with_name(f".{target.name}.tmp"), target))
    try:
        # Creating files is bound by the kernel, not the GIL: a few threads overlap it.
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(Path.write_bytes, [t for t, _ in temps], changed.values()))
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise

    # Phase 2: rename into place (atomic per file), drop pages no longer produced.
    for temp, target in temps:
        temp.replace(target)
        report.written.append(str(target.relative_to(out)))
    for rel in sorted(set(previous) - set(pages)):
        stale = out / rel
        if stale.exists():
            report.previous[rel] = (stale.read_bytes(), stale.stat().st_mtime_ns)
            stale.unlink()
            report.removed.append(rel)
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
