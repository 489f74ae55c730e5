"""The package installs like any Python tool: the wheel and sdist built from a clean
copy of the project hold everything `evidencesite` reads at run time (its assets,
wording catalogues and the scaffold `init` copies, dot-files included), and building
writes nothing into the source folder. No network: the backend (hatchling) and
pypa/build come with the test extras and build without isolation."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = "scripts/evidencesite"
SCAFFOLD = "examples/barriers-facilitators"
# What building the example leaves beside it; never shipped (pyproject's excludes).
GENERATED = ("site/", "build/", ".cache/", ".evidencesite-")
DOTTED = (".probe-dot-folder/workflow.yml", ".probe-dot-file")


def project_files() -> list[str]:
    """Tracked files and new ones git does not ignore: the project as a clone will
    have it once committed (the scaffold's new dot-files included)."""
    assert shutil.which("git"), "git is needed to copy the project"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted({p for p in listed.split("\0") if p and os.path.lexists(ROOT / p)})


def state(folder: Path) -> dict[str, str]:
    """Every path under folder (links not followed) with its content's digest."""
    seen: dict[str, str] = {}
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            seen[rel] = "-> " + os.readlink(path)
        elif path.is_dir():
            seen[rel] = "dir"
        else:
            seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


def build(source: Path, out: Path, *only: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), *only, "."],
        cwd=source,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist, the wheel built from it (as `python -m build` does, and a release
    ships), and a wheel built straight from the folder (as `pip install .` does)."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "project"
    for rel in project_files():
        target = source / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target, follow_symlinks=False)
    # What an earlier build of the example leaves (ignored by its .gitignore), and a
    # dot-file and dot-folder, so the scaffold has some whatever it holds today.
    for rel in ("site/index.html", "build/index.md", ".evidencesite-manifest.json", *DOTTED):
        (source / SCAFFOLD / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / SCAFFOLD / rel).write_text("generated\n")
    before = state(source)
    build(source, work / "dist")
    build(source, work / "direct", "--wheel")
    assert state(source) == before, "building wrote into the source folder"
    (sdist,) = (work / "dist").glob("*.tar.gz")
    (wheel,) = (work / "dist").glob("*.whl")
    (direct,) = (work / "direct").glob("*.whl")
    return {"source": source, "sdist": sdist, "wheel": wheel, "direct": direct}


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name for name in archive.namelist() if not name.endswith("/")}


def shipped_files(source: Path, folder: str) -> set[str]:
    """The files under folder (relative to it) that a build must ship."""
    root = source / folder
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and not generated(path.relative_to(root).as_posix())
    }


def generated(rel: str) -> bool:
    return rel.removeprefix("scaffold/").startswith(GENERATED)


def test_the_wheel_holds_the_package_its_assets_and_catalogues(built: dict[str, Path]) -> None:
    names = wheel_names(built["wheel"])
    package = {
        rel for rel in shipped_files(built["source"], PACKAGE) if not rel.startswith("scaffold/")
    }
    assert {f"evidencesite/{rel}" for rel in package} <= names
    # Named, so an empty package folder cannot pass the line above
    for data in ("assets/site.css", "assets/site.js", "assets/filter.js", "wording/en.yml"):
        assert f"evidencesite/{data}" in names
    catalogues = {n for n in names if n.startswith("evidencesite/wording/") and n.endswith(".yml")}
    assert len(catalogues) >= 2
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_wheel_holds_the_whole_scaffold_and_nothing_generated(
    built: dict[str, Path],
) -> None:
    names = wheel_names(built["wheel"])
    scaffold = {
        n.removeprefix("evidencesite/scaffold/")
        for n in names
        if n.startswith("evidencesite/scaffold/")
    }
    expected = shipped_files(built["source"], SCAFFOLD)
    assert "mkdocs.yml" in expected
    assert "literature/evidencesite.yml" in expected
    assert scaffold == expected
    # Dot-files and dot-folders (the deploy workflow, .gitignore) are not dropped
    dotted = {rel for rel in expected if any(part.startswith(".") for part in rel.split("/"))}
    assert set(DOTTED) <= dotted <= scaffold
    assert not [rel for rel in scaffold if generated(rel)]


def test_a_wheel_from_the_folder_equals_the_one_from_the_sdist(built: dict[str, Path]) -> None:
    """`pip install .` (straight from the folder) and a release (via the sdist) ship
    the same files."""
    assert wheel_names(built["direct"]) == wheel_names(built["wheel"])


def test_the_wheel_declares_the_command_and_the_mkdocs_plugin(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["wheel"]) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt"))
        entry_points = archive.read(info).decode()
        metadata_name = info.replace("entry_points.txt", "METADATA")
        metadata = archive.read(metadata_name).decode()
    assert "evidencesite = evidencesite.cli:main" in entry_points
    assert "evidencesite = evidencesite.mkdocs_plugin:EvidenceSitePlugin" in entry_points
    # The publishing job's pinned action reads core metadata up to 2.3 (pyproject.toml)
    assert metadata.startswith("Metadata-Version: 2.3\n")
    assert "Requires-Dist: mkdocs" in metadata


def test_the_sdist_holds_the_package_and_scaffold_but_not_the_tests(
    built: dict[str, Path],
) -> None:
    with tarfile.open(built["sdist"]) as archive:
        members = archive.getmembers()
    top = members[0].name.split("/")[0]
    names = {m.name.removeprefix(top + "/") for m in members if m.isfile()}
    assert not [m.name for m in members if m.issym() or m.islnk()], "links do not unpack"
    assert {"pyproject.toml", "PKG-INFO", "README.md", "constraints.txt"} <= names
    source = built["source"]
    assert {f"{PACKAGE}/{rel}" for rel in shipped_files(source, PACKAGE)} <= names
    # The tests need this repository's review and a browser: a git tag is their source
    assert not [n for n in names if n.startswith(("tests/", "literature/", "docs/"))]
