"""The writer owns its folders: stale pages go, unchanged files stay, hand-written
pages are never touched, and output is byte-identical run to run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidencesite.write import WriteError, write_pages

FOLDERS = ("themes", "references")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_unchanged_pages_are_not_rewritten(tmp_path: Path) -> None:
    pages = {"themes/a.md": "# A\n", "themes/b.md": "# B\n"}
    write_pages(pages, tmp_path, FOLDERS)
    old = (tmp_path / "themes/a.md").stat().st_mtime_ns
    os.utime(tmp_path / "themes/a.md", ns=(old - 10**9, old - 10**9))
    before = (tmp_path / "themes/a.md").stat().st_mtime_ns
    report = write_pages({**pages, "themes/b.md": "# B2\n"}, tmp_path, FOLDERS)
    assert report.written == ["themes/b.md"]
    assert report.unchanged == 1
    assert (tmp_path / "themes/a.md").stat().st_mtime_ns == before


def test_pages_of_deleted_notes_disappear(tmp_path: Path) -> None:
    write_pages({"themes/a.md": "A", "references/x.md": "X"}, tmp_path, FOLDERS)
    report = write_pages({"themes/a.md": "A"}, tmp_path, FOLDERS)
    assert report.removed == ["references/x.md"]
    assert not (tmp_path / "references").exists()


def test_hand_written_pages_are_never_touched(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("home")
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "notes-by-hand.md").write_text("mine")
    write_pages({"themes/a.md": "A"}, tmp_path, FOLDERS)
    write_pages({}, tmp_path, FOLDERS)
    assert (tmp_path / "index.md").read_text() == "home"
    assert (tmp_path / "themes" / "notes-by-hand.md").read_text() == "mine"


def test_a_hand_written_file_in_the_way_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "a.md").write_text("mine")
    with pytest.raises(WriteError, match="hand-written file is in the way"):
        write_pages({"themes/a.md": "A"}, tmp_path, FOLDERS)
    assert (tmp_path / "themes" / "a.md").read_text() == "mine"


@pytest.mark.parametrize("bad", ["../escape.md", "/abs.md", "themes/../../x.md", "other/a.md"])
def test_paths_outside_the_output_folders_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="outside the output folders"):
        write_pages({bad: "x"}, tmp_path / "docs", FOLDERS)
    assert not (tmp_path / "escape.md").exists()


def test_two_runs_give_identical_bytes_and_the_second_writes_nothing(
    run, literature: Path, tmp_path: Path
) -> None:
    out = tmp_path / "docs"
    assert run("generate", "--literature", literature, "--out", out).code == 0
    first = snapshot(out)
    second_run = run("generate", "--literature", literature, "--out", out)
    assert "0 written, 0 removed" in second_run.out
    assert snapshot(out) == first
