"""Sync rendered pages to the output folders of docs/.

The writer owns the folders in OUTPUT_FOLDERS and records what it wrote in a
manifest. It never touches a file it did not write; it rewrites only files whose
content changed (so ``mkdocs serve`` rebuilds only those); and it writes in two
phases (every new file to a temporary name, then renames) so an interruption leaves
the previous pages in place, never a half-written page.
"""

from __future__ import annotations

import json
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


def _read_manifest(out: Path) -> set[str]:
    manifest = out / MANIFEST
    if not manifest.exists():
        return set()
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return set(data.get("files", []))


def write_pages(pages: dict[str, str], out: Path, folders: tuple[str, ...]) -> WriteReport:
    """Make ``out`` hold exactly ``pages`` in the generator's folders."""
    for rel in pages:
        _check_path(rel, folders)
    previous = _read_manifest(out)
    report = WriteReport()
    for folder in folders:  # temporary files left by a run that was killed
        if (out / folder).is_dir():
            for stray in (out / folder).rglob(".*.tmp"):
                stray.unlink()

    changed: dict[str, bytes] = {}
    for rel, content in sorted(pages.items()):
        target = out / rel
        data = content.encode("utf-8")
        if target.exists():
            if rel not in previous:
                raise WriteError(
                    f"{target}: error: a hand-written file is in the way of a generated page; "
                    "move it out of the generated folders"
                )
            if target.read_bytes() == data:
                report.unchanged += 1
                continue
        changed[rel] = data

    # Phase 1: every changed page to a temporary file beside its target.
    temps: list[tuple[Path, Path]] = []
    try:
        for rel, data in changed.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.tmp")
            temp.write_bytes(data)
            temps.append((temp, target))
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise

    # Phase 2: rename into place (atomic per file), drop pages no longer produced.
    for temp, target in temps:
        temp.replace(target)
        report.written.append(str(target.relative_to(out)))
    for rel in sorted(previous - set(pages)):
        stale = out / rel
        if stale.exists():
            stale.unlink()
            report.removed.append(rel)
    for folder in folders:
        _prune_empty(out / folder)
    _write_manifest(out, pages)
    return report


def _write_manifest(out: Path, pages: dict[str, str]) -> None:
    manifest = out / MANIFEST
    data = json.dumps({"files": sorted(pages)}, indent=1) + "\n"
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
