"""`make serve`: the MkDocs hook regenerates only what a change touches, and does
nothing during `mkdocs build` (the pages are written before the build)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from conftest import write_literature
from evidencesite import mkdocs_hook


@pytest.fixture
def project(tmp_path: Path) -> dict[str, str]:
    write_literature(tmp_path / "literature")
    (tmp_path / "docs").mkdir()
    return {"config_file_path": str(tmp_path / "mkdocs.yml"), "docs_dir": str(tmp_path / "docs")}


def test_serve_regenerates_only_changed_pages(
    project: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    root = Path(project["docs_dir"]).parent
    mkdocs_hook.on_startup("serve", dirty=False)
    caplog.set_level(logging.INFO, logger="mkdocs.hooks.evidencesite")
    mkdocs_hook.on_pre_build(project)
    docs = root / "docs"
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    caplog.clear()
    note = root / "literature/challenges/unequal-power.md"
    note.write_text(note.read_text().replace("Power is unequal", "Power is very unequal"))
    mkdocs_hook.on_pre_build(project)
    changed = {
        str(p.relative_to(docs))
        for p in docs.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.read_bytes() != before.get(p)
    }
    # the note, the reference whose "Cited in" quotes the sentence, and the data export
    assert changed == {
        "challenges/unequal-power.md",
        "references/cahn2000no.md",
        "data/evidence.json",
    }
    message = caplog.records[-1].getMessage()
    assert message.startswith("evidencesite: 3 pages rewritten, 0 removed,"), message


def test_serve_keeps_pages_when_a_note_is_broken(
    project: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    root = Path(project["docs_dir"]).parent
    mkdocs_hook.on_startup("serve", dirty=False)
    mkdocs_hook.on_pre_build(project)
    before = (root / "docs/themes/power.md").read_text()
    (root / "literature/themes/power.md").write_text("---\nid: Bad Id\n---\n")
    mkdocs_hook.on_pre_build(project)
    assert "pages not regenerated" in caplog.text
    assert "themes/power.md:2: error: missing required key 'title'" in caplog.text
    assert (root / "docs/themes/power.md").read_text() == before


def test_build_does_nothing(project: dict[str, str]) -> None:
    mkdocs_hook.on_startup("build", dirty=False)
    mkdocs_hook.on_pre_build(project)
    assert not any(Path(project["docs_dir"]).iterdir())
