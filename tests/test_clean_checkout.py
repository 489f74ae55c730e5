"""A clean checkout builds: generated pages never live in git, and `make site`'s build
on a fresh clone succeeds and leaves `git status` clean (what CI and the deploy job
do). `.ci/run` also runs the real `make site` on the clean clone CI is given."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from evidencesite.pipeline import run
from evidencesite.write import collisions


def git(*args: str, cwd: Path = ROOT) -> str:
    assert shutil.which("git"), "git is needed to test a clean checkout"
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return proc.stdout


def test_no_tracked_file_is_a_generated_page() -> None:
    pages = run(ROOT / "literature").pages
    assert pages is not None
    tracked_docs = [path.removeprefix("docs/") for path in git("ls-files", "docs").split()]
    assert collisions(tracked_docs, pages) == []
    assert len(tracked_docs) < 20, "docs/ holds hand-written pages only"


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of the committed project: no ignored files, manifests or caches."""
    target = tmp_path_factory.mktemp("clone") / "project"
    git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(target))
    return target


def python_in(clone: Path, *args: str) -> None:
    """Run a module of the installed package in the clone, as a maintainer would."""
    proc = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=clone,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_a_clean_clone_builds_and_stays_clean(clone: Path) -> None:
    python_in(clone, "evidencesite.cli", "build", "--strict", "-q")
    assert (clone / "site/recommendations/redistribute-power/index.html").exists()
    assert git("status", "--porcelain", cwd=clone) == ""
    # No development address reaches readers or downloads (SITE_URL unset, as here)
    local = re.compile(r"https?://(127\.0\.0\.1|localhost)")
    carrying = [
        str(path.relative_to(clone / "site"))
        for path in (clone / "site").rglob("*")
        if path.suffix in (".html", ".xml", ".json", ".csv", ".bib", ".ris", ".txt")
        and local.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert carrying == []


def test_plain_mkdocs_build_on_a_clean_clone_uses_the_plugin(clone: Path) -> None:
    """The plugin is found by its entry point: `mkdocs build` alone makes the site."""
    python_in(clone, "mkdocs", "build", "--strict", "-q", "-d", "../mkdocs-site")
    assert (clone.parent / "mkdocs-site/themes/power/index.html").exists()
    assert git("status", "--porcelain", cwd=clone) == ""
