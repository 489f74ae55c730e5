"""The writer behind `generate --out DIR`: it owns its folder, rewrites only what
changed, removes what is no longer produced, never touches a file it did not write,
and never writes into (or over) a source folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidencesite.write import WriteError, check_generated_path, write_tree


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    files = {"themes/a.md": b"# A\n", "themes/b.md": b"# B\n"}
    write_tree(files, tmp_path / "out")
    a = tmp_path / "out/themes/a.md"
    old = a.stat().st_mtime_ns
    os.utime(a, ns=(old - 10**9, old - 10**9))
    before = a.stat().st_mtime_ns
    report = write_tree({**files, "themes/b.md": b"# B2\n"}, tmp_path / "out")
    assert report.written == ["themes/b.md"]
    assert report.unchanged == 1
    assert a.stat().st_mtime_ns == before


def test_files_no_longer_produced_disappear(tmp_path: Path) -> None:
    write_tree({"themes/a.md": b"A", "references/x.md": b"X"}, tmp_path)
    report = write_tree({"themes/a.md": b"A"}, tmp_path)
    assert report.removed == ["references/x.md"]
    assert not (tmp_path / "references").exists()


def test_files_it_did_not_write_are_never_touched(tmp_path: Path) -> None:
    write_tree({"themes/a.md": b"A"}, tmp_path)
    (tmp_path / "themes" / "mine.md").write_text("mine")
    write_tree({}, tmp_path)
    assert (tmp_path / "themes" / "mine.md").read_text() == "mine"


def test_a_file_it_did_not_write_in_the_way_is_an_error(tmp_path: Path) -> None:
    write_tree({"index.md": b"home"}, tmp_path)
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "a.md").write_text("mine")
    with pytest.raises(WriteError, match="has the address of a generated page"):
        write_tree({"index.md": b"home", "themes/a.md": b"A"}, tmp_path)
    assert (tmp_path / "themes" / "a.md").read_text() == "mine"


def test_a_folder_it_did_not_write_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(WriteError, match="not empty and evidencesite did not write it"):
        write_tree({"index.md": b"home"}, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    "bad", ["../escape.md", "/abs.md", "themes/../../x.md", "themes/.hidden.md", "a/b.py"]
)
def test_a_renderer_path_that_is_not_plain_is_our_bug(bad: str) -> None:
    with pytest.raises(ValueError, match="unsafe path"):
        check_generated_path(bad)


def test_the_pipeline_stops_on_a_renderer_path_that_is_not_plain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every adapter stores the pipeline's paths as they are (the MkDocs plugin hands
    them to MkDocs without normalising them), so the pipeline checks each one."""
    from conftest import COPRODUCTION
    from evidencesite import pipeline

    real = pipeline.render_site

    def render(*args: object, **kwargs: object) -> dict[str, str]:
        return {**real(*args, **kwargs), "themes//power.md": "# A page\n"}

    monkeypatch.setattr(pipeline, "render_site", render)
    with pytest.raises(ValueError, match=r"unsafe path: 'themes//power\.md'"):
        pipeline.run(COPRODUCTION / "literature")


def test_two_runs_give_identical_bytes_and_the_second_writes_nothing(
    run, literature: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    args = ("generate", "--literature", literature, "--docs", docs, "--out", out)
    assert run(*args).code == 0
    first = snapshot(out)
    assert "index.md" in first and "themes/power.md" in first
    second_run = run(*args)
    assert "0 written, 0 removed" in second_run.out
    assert snapshot(out) == first


SOURCES = ("literature", "docs", ".", "..", "literature/out", "docs/out", "mkdocs.yml")


@pytest.mark.parametrize("target", SOURCES)
@pytest.mark.parametrize("command", ["build", "generate"])
def test_a_source_folder_is_never_an_output(
    run,
    literature: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    target: str,
) -> None:
    """`--site-dir literature` (or docs, or the project) once deleted the folder."""
    from conftest import make_project

    project = make_project(tmp_path, literature, own_pages=False)
    monkeypatch.chdir(project)
    before = snapshot(tmp_path)
    option = "--site-dir" if command == "build" else "--out"
    result = run(command, option, target)
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first.startswith(f"evidencesite: {target}: error: refusing to write output here: ")
    assert "Traceback" not in result.err
    assert "nothing was changed" in result.err
    assert snapshot(tmp_path) == before
