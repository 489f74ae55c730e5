"""Nothing lost (issue 5): a failed or interrupted run leaves the previous pages and
site exactly as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, make_project, write_literature
from evidencesite import write as write_module
from test_write import snapshot


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_literature(tmp_path / "literature")
    return make_project(tmp_path, tmp_path / "literature", own_pages=False)


def build(run, project: Path):
    return run(
        "build",
        "--literature", project / "literature",
        "--config", project / "mkdocs.yml",
        "--site-dir", project / "site",
    )  # fmt: skip


def test_build_makes_the_site_and_leaves_docs_alone(run, project: Path) -> None:
    before_docs = snapshot(project / "docs")
    result = build(run, project)
    assert result.code == 0, result.err
    assert (project / "site/recommendations/redistribute-power/index.html").exists()
    assert snapshot(project / "docs") == before_docs  # pages went to MkDocs in memory
    assert not list(project.glob(".evidencesite-*"))  # staging cleaned up


def test_build_equals_generate_then_mkdocs_build(run, project: Path) -> None:
    """The in-memory build and the two-step build (what `make serve` and other tools
    see) make the same site, byte for byte: search index, sitemap, redirect pages and
    downloads included."""
    note = project / "literature/recommendations/redistribute-power.md"
    note.write_text(
        note.read_text().replace(
            "id: redistribute-power", "id: share-power\naliases: [redistribute-power]"
        )
    )
    assert build(run, project).code == 0
    in_memory = {rel: data for rel, (data, _) in snapshot(project / "site").items()}
    two_step = build_site(project)  # evidencesite generate, then mkdocs build --strict
    assert {rel: data for rel, (data, _) in snapshot(two_step).items()} == in_memory
    assert (
        'http-equiv="refresh"'
        in in_memory["recommendations/redistribute-power/index.html"].decode()
    )
    assert "recommendations/share-power/index.html" in in_memory
    assert any(rel.endswith(".ris") for rel in in_memory)


def test_stale_generated_copies_in_docs_never_reach_the_site(run, project: Path) -> None:
    lit = project / "literature"
    assert run("generate", "--literature", lit, "--out", project / "docs").code == 0
    (project / "docs/themes/power.md").write_text("# Stale copy\n")  # edited by hand
    note = lit / "themes/power.md"
    note.write_text(note.read_text().replace("title: Power", "title: Power and control"))
    assert build(run, project).code == 0
    page = (project / "site/themes/power/index.html").read_text()
    assert "Power and control" in page
    assert "Stale copy" not in page


def test_build_refuses_a_hand_written_file_in_the_way(run, project: Path) -> None:
    (project / "docs/themes").mkdir()
    (project / "docs/themes/power.md").write_text("# Mine\n")
    result = build(run, project)
    assert result.code == 1
    assert f"{project / 'docs/themes/power.md'}: error: a hand-written file is in the way" in (
        result.err
    )
    assert not (project / "site").exists()
    assert (project / "docs/themes/power.md").read_text() == "# Mine\n"


def test_failed_mkdocs_build_changes_nothing(run, project: Path) -> None:
    assert build(run, project).code == 0
    before_docs, before_site = snapshot(project / "docs"), snapshot(project / "site")
    # a literature change that would rewrite pages, and a hand-written page that breaks
    # the strict build
    note = project / "literature/themes/power.md"
    note.write_text(note.read_text().replace("title: Power", "title: Power and control"))
    (project / "docs/broken.md").write_text("[gone](missing-page.md)\n")
    result = build(run, project)
    assert result.code == 1
    assert "missing-page.md" in result.err
    assert "previous pages and site are unchanged" in result.err
    (project / "docs/broken.md").unlink()
    assert snapshot(project / "docs") == before_docs
    assert snapshot(project / "site") == before_site


def test_literature_error_changes_nothing(run, project: Path) -> None:
    assert build(run, project).code == 0
    before_docs, before_site = snapshot(project / "docs"), snapshot(project / "site")
    (project / "literature/themes/power.md").write_text("---\nid: Bad Id\n---\n")
    assert build(run, project).code == 1
    assert snapshot(project / "docs") == before_docs
    assert snapshot(project / "site") == before_site


def test_interrupted_generate_leaves_previous_pages(
    run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "docs"
    lit = project / "literature"
    assert run("generate", "--literature", lit, "--out", out).code == 0
    before = snapshot(out)
    for note in lit.rglob("*.md"):  # change every page
        note.write_text(note.read_text().replace("summary: ", "summary: Changed. "))
    calls = {"n": 0}
    real = write_module._write_file

    def flaky(path: str, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the user presses Ctrl-C midway
        real(path, data)

    monkeypatch.setattr(write_module, "_write_file", flaky)
    with pytest.raises(KeyboardInterrupt):
        run("generate", "--literature", lit, "--out", out)
    monkeypatch.undo()
    assert snapshot(out) == before
    assert not list(out.rglob(".*.tmp"))


def test_temporary_files_of_a_killed_run_are_cleaned(run, project: Path) -> None:
    out = project / "docs"
    lit = project / "literature"
    assert run("generate", "--literature", lit, "--out", out).code == 0
    stray = out / "themes" / ".power.md.tmp"
    stray.write_text("half a page")  # what `kill -9` during phase 1 leaves behind
    assert run("generate", "--literature", lit, "--out", out).code == 0
    assert not stray.exists()
