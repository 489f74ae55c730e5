"""Nothing lost: a failed or interrupted run leaves the previous site and pages exactly
as they were, and a build never writes into docs/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_project, write_literature
from evidencesite import write as write_module
from test_serve import PACKAGE
from test_write import snapshot


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_literature(tmp_path / "literature")
    return make_project(tmp_path, tmp_path / "literature", own_pages=False)


def build(run, project: Path):
    return run("build", "--config", project / "mkdocs.yml", "--site-dir", project / "site")


def generate(run, project: Path, out: Path):
    lit, docs = project / "literature", project / "docs"
    return run("generate", "--literature", lit, "--docs", docs, "--out", out)


def test_build_makes_the_site_and_leaves_docs_alone(run, project: Path) -> None:
    before_docs = snapshot(project / "docs")
    result = build(run, project)
    assert result.code == 0, result.err
    assert (project / "site/recommendations/redistribute-power/index.html").exists()
    assert snapshot(project / "docs") == before_docs  # pages went to MkDocs in memory
    assert not list(project.glob(".evidencesite-*"))  # staging cleaned up


def _unmarked(data: bytes) -> bytes:
    """A built page without the search marks (search.mark_page): its wrappers unwrapped
    and the attributes it adds removed, nothing else; pages without marks as they are."""
    if b"data-pagefind-" not in data:
        return data
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for wrapper in soup.select("div[data-pagefind-body], div[data-pagefind-ignore]"):
        wrapper.unwrap()
    for tag in soup.select("[data-pagefind-weight], [data-pagefind-meta]"):
        del tag["data-pagefind-weight"], tag["data-pagefind-meta"]
    for tag in soup.select("a.headerlink[data-pagefind-ignore]"):  # the pilcrow, unindexed
        del tag["data-pagefind-ignore"]
    # What only the plugin can put in <head> (README, "Engines"): a note's Highwire tags,
    # the feed's link, and the JSON-LD of a page whose body has none
    added = 'head meta[name^="citation_"], head link[rel="alternate"], head script[type="application/ld+json"]'
    for tag in soup.select(added):
        after = tag.next_sibling
        if isinstance(after, str) and not after.strip():  # and the line it was on
            after.extract()
        tag.decompose()
    return soup.encode()


def _plain(data: bytes) -> bytes:
    """A page of the two-step build, serialised the same way as an unmarked one."""
    if not data.lstrip().startswith((b"<!doctype", b"<!DOCTYPE", b"\n<!doctype")):
        return data
    from bs4 import BeautifulSoup

    return BeautifulSoup(data, "html.parser").encode()


def test_build_equals_generate_then_a_plain_mkdocs_build(run, project: Path) -> None:
    """The in-memory build and an engine that reads files (here MkDocs without the
    plugin, reading the tree `generate --out` wrote) make the same site, byte for byte:
    sitemap, redirect pages and downloads included, once what the plugin adds after
    rendering is taken away (the search marks, the Pagefind bundle; see search.py; and
    the metadata only the plugin can put in a page's head)."""
    note = project / "literature/recommendations/redistribute-power.md"
    note.write_text(
        note.read_text().replace(
            "id: redistribute-power", "id: share-power\naliases: [redistribute-power]"
        )
    )
    assert build(run, project).code == 0
    snapshot_site = {
        rel: data
        for rel, (data, _) in snapshot(project / "site").items()
        if not rel.startswith("pagefind/")  # the search index, made from the pages
    }
    assert any(b"data-pagefind-body" in data for data in snapshot_site.values())
    in_memory = {rel: _unmarked(data) for rel, data in snapshot_site.items()}
    tree = project / "build/docs"
    assert generate(run, project, tree).code == 0
    config = (project / "mkdocs.yml").read_text()
    plain = config.replace("docs_dir: docs", f"docs_dir: {tree}")
    plain = plain.replace("\n  - evidencesite:\n      literature: literature", "")
    plain = re.sub(r"\nplugins:\n(?:  #.*\n)*", "\nplugins: []\n", plain)  # none left
    assert "- evidencesite" not in plain
    (project / "plain.yml").write_text(plain)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
         str(project / "plain.yml"), "-d", str(project / "plain-site")],
        capture_output=True, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": PACKAGE},
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    two_step = {rel: data for rel, (data, _) in snapshot(project / "plain-site").items()}
    two_step = {
        rel: _plain(data) if b"data-pagefind-" in snapshot_site.get(rel, b"") else data
        for rel, data in two_step.items()
    }
    assert two_step == in_memory
    assert (
        'http-equiv="refresh"'
        in in_memory["recommendations/redistribute-power/index.html"].decode()
    )
    assert "recommendations/share-power/index.html" in in_memory
    assert any(rel.endswith(".ris") for rel in in_memory)


@pytest.mark.parametrize("command", ["build", "generate", "mkdocs build"])
def test_a_hand_written_file_at_a_generated_address_is_refused(
    run, project: Path, command: str
) -> None:
    (project / "docs/themes").mkdir()
    (project / "docs/themes/power.md").write_text("# Mine\n")
    if command == "mkdocs build":
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
            capture_output=True, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": PACKAGE},
            check=False,
        )  # fmt: skip
        code, err = proc.returncode, proc.stderr
    else:
        out = project / "build/docs"
        result = build(run, project) if command == "build" else generate(run, project, out)
        code, err = result.code, result.err
        assert not out.exists()
    assert code == 1
    assert "docs/themes/power.md: error: a hand-written file has the address of a generated" in err
    assert "Traceback" not in err
    assert not (project / "site").exists()
    assert (project / "docs/themes/power.md").read_text() == "# Mine\n"


def test_failed_mkdocs_build_changes_nothing(run, project: Path) -> None:
    assert build(run, project).code == 0
    before_docs, before_site = snapshot(project / "docs"), snapshot(project / "site")
    # a literature change that would change pages, and a hand-written page that breaks
    # the strict build
    note = project / "literature/themes/power.md"
    note.write_text(note.read_text().replace("title: Power", "title: Power and control"))
    (project / "docs/broken.md").write_text("[gone](missing-page.md)\n")
    result = build(run, project)
    assert result.code == 1
    assert "missing-page.md" in result.err
    assert "nothing was changed" in result.err
    (project / "docs/broken.md").unlink()
    assert snapshot(project / "docs") == before_docs
    assert snapshot(project / "site") == before_site


def test_literature_error_changes_nothing(run, project: Path) -> None:
    assert build(run, project).code == 0
    before_docs, before_site = snapshot(project / "docs"), snapshot(project / "site")
    (project / "literature/themes/power.md").write_text("---\nid: Bad Id\n---\n")
    result = build(run, project)
    assert result.code == 1
    assert "themes/power.md:2: error:" in result.err
    assert "site not built" in result.err
    assert snapshot(project / "docs") == before_docs
    assert snapshot(project / "site") == before_site


def test_interrupted_generate_leaves_previous_pages(
    run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "build/docs"
    lit = project / "literature"
    assert generate(run, project, out).code == 0
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
        generate(run, project, out)
    monkeypatch.undo()
    assert snapshot(out) == before
    assert not list(out.rglob(".*.tmp"))


def test_temporary_files_of_a_killed_run_are_cleaned(run, project: Path) -> None:
    out = project / "build/docs"
    assert generate(run, project, out).code == 0
    stray = out / "themes" / ".power.md.tmp"
    stray.write_text("half a page")  # what `kill -9` during phase 1 leaves behind
    assert generate(run, project, out).code == 0
    assert not stray.exists()


#: A generate that kills itself (SIGKILL: no cleanup runs) at its Nth write of a file
#: or its Nth rename into place.
KILLED_GENERATE = """
import os, signal, sys
from evidencesite import write
from evidencesite.cli import main
step, count = sys.argv[1], int(sys.argv[2])
calls = {"n": 0}
def dying(real):
    def call(*args):
        calls["n"] += 1
        if calls["n"] == count:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)
    return call
if step == "write":
    write._write_file = dying(write._write_file)
else:
    write.os.replace = dying(os.replace)
main(sys.argv[3:])
"""


@pytest.mark.parametrize(
    ("step", "count"),
    [("write", 1), ("write", 7), ("write", 40), ("rename", 1), ("rename", 2), ("rename", 30)],
)
def test_a_killed_generate_never_blocks_the_next_one(
    run, project: Path, step: str, count: int
) -> None:
    """Killed (SIGKILL) midway through a first generate into a new folder, where it used
    to leave files but no manifest, so that the next run refused the folder as not its
    own (10 of 10 random kills on a real export): the next run finishes the tree, and
    it is exactly what a run from nothing writes."""

    def contents(folder: Path) -> dict[str, bytes]:
        return {rel: data for rel, (data, _) in snapshot(folder).items()}

    fresh = project / "fresh"
    assert generate(run, project, fresh).code == 0
    out = project / "killed"
    lit, docs = project / "literature", project / "docs"
    process = subprocess.run(
        [sys.executable, "-c", KILLED_GENERATE, step, str(count), "generate",
         "--literature", str(lit), "--docs", str(docs), "--out", str(out)],
        cwd=project, env={"PYTHONPATH": PACKAGE}, capture_output=True, check=False,
    )  # fmt: skip
    assert process.returncode == -9, process.stderr  # killed, not finished
    assert out.exists()  # it had begun writing
    result = generate(run, project, out)
    assert result.code == 0, result.err
    assert contents(out) == contents(fresh)


def test_a_folder_someone_else_wrote_is_still_refused(run, project: Path) -> None:
    out = project / "theirs"
    out.mkdir()
    (out / "index.md").write_text("# Their page\n")
    result = generate(run, project, out)
    assert result.code == 1
    assert "the folder is not empty and evidencesite did not write it" in result.err
    assert (out / "index.md").read_text() == "# Their page\n"


# --- issue 15: kills, two builds at once, a full disk -------------------------------


def _build_process(project: Path, output: int = subprocess.PIPE) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "evidencesite.cli", "build", "--config", str(project / "mkdocs.yml")],
        cwd=project, stdout=output, stderr=output,
    )  # fmt: skip


def _complete(site: Path) -> bool:
    return (site / "index.html").is_file() and (site / "sitemap.xml").is_file()


def test_a_killed_build_always_leaves_a_whole_site(run, project: Path) -> None:
    """SIGKILL at ten moments through a build: site/ is always a whole site, and the
    next build leaves no staging folder behind."""
    import random

    assert build(run, project).code == 0
    rng = random.Random(15)
    for _ in range(10):
        process = _build_process(project, subprocess.DEVNULL)
        deadline = rng.uniform(0.2, 4.0)
        try:
            process.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            process.kill()
        process.wait()
        assert _complete(project / "site")
    assert build(run, project).code == 0
    assert not list(project.glob(".evidencesite-*"))


def test_a_build_killed_between_the_renames_is_put_back(run, project: Path) -> None:
    """Where the system cannot swap folders in one step, the old site is renamed away
    first; a kill right then leaves it in the staging folder, and the next build puts
    it back before anything else."""
    assert build(run, project).code == 0
    staging = project / ".evidencesite-site-killed"
    staging.mkdir()
    (project / "site").rename(staging / "old-site")
    assert not (project / "site").exists()
    result = build(run, project)
    assert result.code == 0 and _complete(project / "site")
    assert not staging.exists()


def test_two_builds_at_once_take_turns(project: Path) -> None:
    first, second = _build_process(project), _build_process(project)
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert _complete(project / "site")
    assert not list(project.glob(".evidencesite-*"))


def test_a_full_disk_is_a_message_and_the_old_site_stays(
    run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from evidencesite import build as build_module

    assert build(run, project).code == 0
    before = snapshot(project / "site")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(project / "site"))

    monkeypatch.setattr(build_module, "put_in_place", full)
    result = build(run, project)
    assert result.code == 1
    assert f"{project / 'site'}: error: No space left on device" in result.err
    assert "the site is as it was before this build" in result.err
    assert "Traceback" not in result.err
    assert snapshot(project / "site") == before
    assert not list(project.glob(".evidencesite-*"))


def test_the_sitemap_is_dated_by_the_review_not_the_build_day(run, project: Path) -> None:
    (project / "literature/changes.yml").write_text(
        "- date: 2026-01-03\n  summary: First version.\n  notes: all\n", encoding="utf-8"
    )
    assert build(run, project).code == 0
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)", sitemap)) == {"2026-01-03"}


def test_recovery_never_touches_another_site_folders_staging(run, project: Path) -> None:
    """site/ and site-preview/ share a parent: a build of one leaves the other's
    staging (and the copy of its site inside) alone."""
    other = project / ".evidencesite-site-preview-abcd1234"
    (other / "old-site").mkdir(parents=True)
    (other / "old-site" / "index.html").write_text("the preview's only copy")
    assert build(run, project).code == 0
    assert (other / "old-site" / "index.html").read_text() == "the preview's only copy"
