"""`make serve` (mkdocs serve with the evidencesite plugin): an edit to a note or to the
.bib file shows in the preview, and nothing is written into docs/ or the project.

Each wait here polls for a condition with an upper bound; none waits a fixed time."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files

import evidencesite
from conftest import (
    BARRIERS,
    BIB,
    EXAMPLE,
    ROOT,
    make_project,
    without_example_data,
    write_literature,
)
from evidencesite.pipeline import CHECK_REUSE, Kept, run
from evidencesite.preview import POLLING_INTERVAL, ThemeListing, poll_faster
from test_write import snapshot

#: The folder of the evidencesite under test, for the preview's own Python: the code this
#: test imported, not whichever copy the virtual environment installed (a git worktree's).
PACKAGE = str(Path(evidencesite.__file__).resolve().parents[1])

UPPER_BOUND = 120.0  # seconds: a busy 2-core machine, not an expected time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def status(url: str) -> int | None:
    """The HTTP status of a page; None when the server did not answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def nav_titles(html: str) -> list[str]:
    """The titles Material's navigation shows on a page."""
    return re.findall(r'class="md-ellipsis">\s*([^<]*?)\s*<', html)


def wait_until(condition: Callable[[], bool], what: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + UPPER_BOUND
    while not condition():
        assert server.poll() is None, f"mkdocs serve stopped: {server.stdout.read()}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline, f"not seen within {UPPER_BOUND} s: {what}"
        time.sleep(0.2)  # poll interval, not a wait for an outcome


def start(project: Path, *args: str, tmp: Path | None = None) -> subprocess.Popen[str]:
    """A preview server (python ARGS) in the project, its output on one pipe; with
    ``tmp``, its temporary folders (MkDocs' site folder, mkdocs_*) are made there."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1",
             CHECK_REUSE: "1",  # every reusing render is checked against a fresh one
             "PYTHONPATH": PACKAGE, **({"TMPDIR": str(tmp)} if tmp else {})},
    )  # fmt: skip


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    write_literature(tmp_path / "literature")
    project = make_project(tmp_path, tmp_path / "literature", own_pages=False)
    port = free_port()
    server = start(project, "-m", "mkdocs", "serve", "--livereload",
                   "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml"))  # fmt: skip
    try:
        yield project, f"http://127.0.0.1:{port}", server
    finally:
        server.terminate()
        server.wait(timeout=30)
        assert server.stdout is not None
        server.stdout.close()


def test_preview_follows_note_and_bib_edits_and_writes_nothing(served) -> None:
    project, url, server = served
    before = {p: v for p, v in snapshot(project).items() if not p.startswith("literature")}
    page = url + "/themes/power/"
    wait_until(lambda: "Power matters" in (fetch(page) or ""), "the first build", server)
    assert "livereload" in (fetch(page) or "")  # the preview reloads itself

    note = project / "literature/themes/power.md"
    note.write_text(note.read_text().replace("Power matters", "Power matters a great deal"))
    wait_until(lambda: "Power matters a great deal" in (fetch(page) or ""), "the note edit", server)

    bib = project / "literature/references.bib"
    bib.write_text(bib.read_text().replace("No More Throw-Away People", "No More Throwaway People"))
    ref = url + "/references/cahn2000no/"
    wait_until(lambda: "No More Throwaway People" in (fetch(ref) or ""), "the .bib edit", server)

    after = {p: v for p, v in snapshot(project).items() if not p.startswith("literature")}
    assert after == before, "mkdocs serve wrote into the project"


class Log:
    """The server's output, read as it comes (a thread drains the pipe)."""

    def __init__(self, server: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert server.stdout is not None
        self._stream = server.stdout
        self._thread = threading.Thread(target=self._drain, args=(server.stdout,), daemon=True)
        self._thread.start()

    def _drain(self, stream: Any) -> None:
        for line in stream:
            self.lines.append(line)

    def close(self) -> None:
        self._thread.join(timeout=30)
        self._stream.close()

    def rebuilt(self) -> list[int]:
        """Pages written by each build so far, from the plugin's log line."""
        found = (re.search(r"evidencesite: (\d+) page\(s\) rebuilt", line) for line in self.lines)
        return [int(m.group(1)) for m in found if m]

    def idle(self) -> bool:
        """No build under way or waiting: MkDocs' server logs each change it acts on,
        and the end of the build it makes for it."""
        lines = list(self.lines)
        ended = ("Reloading browsers", "An error happened during the rebuild")
        detected = sum("Detected file changes" in line for line in lines)
        return detected == sum(any(e in line for e in ended) for line in lines)

    def read_again(self) -> list[tuple[int, int]]:
        """(.bib files, notes) each build read and parsed again, from the same line."""
        found = (re.search(r"read again: (\d+) \.bib file\(s\), (\d+) note\(s\)", line)
                 for line in self.lines)  # fmt: skip
        return [(int(m.group(1)), int(m.group(2))) for m in found if m]


@pytest.fixture
def previewed(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[Path, str, subprocess.Popen[str], Log]]:
    write_literature(tmp_path / "literature")
    project = make_project(tmp_path, tmp_path / "literature", own_pages=False)
    for titled, untitled in getattr(request, "param", {}).items():  # mkdocs.yml's nav
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace(titled, untitled))
    with serving(project) as (url, server, log):
        yield project, url, server, log


@contextmanager
def serving(
    project: Path, tmp: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen[str], Log]]:
    """`evidencesite serve` in ``project``, once it is watching: its address, process
    and log; stopped afterwards. (``tmp``: see :func:`start`.)"""
    port = free_port()
    # mkdocs.yml as people type it, in the project: MkDocs gives each rebuild (not the
    # first build) its absolute path
    server = start(project, "-m", "evidencesite.cli", "serve", "-a", f"127.0.0.1:{port}",
                   "--config", "mkdocs.yml", tmp=tmp)  # fmt: skip
    with watched(server) as log:
        yield f"http://127.0.0.1:{port}", server, log


@contextmanager
def watched(server: subprocess.Popen[str]) -> Iterator[Log]:
    """A started preview server's log, once it is watching; the server stopped after."""
    log = Log(server)
    try:
        # MkDocs starts watching only after the first build has been logged: a save
        # before it starts is in its first look at the files, and is never seen.
        wait_until(lambda: any("Serving on" in line for line in log.lines), "watching", server)
        yield log
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_evidencesite_serve_rebuilds_only_what_an_edit_changed(previewed) -> None:
    project, url, server, log = previewed
    ours = ("literature", "mkdocs.yml")  # what this test edits
    before = {p: v for p, v in snapshot(project).items() if not p.startswith(ours)}
    theme, ref = url + "/themes/power/", url + "/references/cahn2000no/"
    wait_until(lambda: "Power matters" in (fetch(theme) or ""), "the first build", server)
    wait_until(lambda: len(log.rebuilt()) == 1, "the first build's log", server)
    everything = log.rebuilt()[0]
    assert everything > 30  # the first build writes every page

    # The edited sentence cites one work: the note's page and that work's page (whose
    # "Cited in" quotes the sentence) change, and only they are written again.
    note = project / "literature/themes/power.md"
    note.write_text(note.read_text().replace("Power matters", "Power matters a great deal"))
    wait_until(lambda: "Power matters a great deal" in (fetch(theme) or ""), "the edit", server)
    cited = url + "/references/ostrom1996crossing/"
    assert "Power matters a great deal" in (fetch(cited) or "")
    wait_until(lambda: len(log.rebuilt()) == 2, "the rebuild's log", server)
    assert log.rebuilt()[1] == 2, log.lines[-20:]
    notes = sum(1 for _ in (project / "literature").rglob("*.md"))
    assert log.read_again()[:2] == [(1, notes), (0, 1)]  # only the edited note was read
    assert "No More Throw-Away People" in (fetch(ref) or "")  # kept pages still served

    # A .bib edit reaches the reference's page (the bibliography is read again).
    bib = project / "literature/references.bib"
    bib.write_text(bib.read_text().replace("No More Throw-Away People", "No More Throwaway People"))
    wait_until(lambda: "No More Throwaway People" in (fetch(ref) or ""), "the .bib edit", server)
    wait_until(lambda: len(log.rebuilt()) == 3, "the rebuild's log", server)
    assert 1 < log.rebuilt()[2] < everything
    assert log.read_again()[2] == (1, 0)

    # A new note appears; removed again, its page is gone from the preview.
    new = project / "literature/drivers/peer-support.md"
    new.write_text("---\nid: peer-support\ntitle: Peer support\nsummary: Peers help.\n"
                   "themes: [power]\n---\n\nPeers help [@cahn2000no].\n")  # fmt: skip
    page = url + "/drivers/peer-support/"
    wait_until(lambda: "Peers help" in (fetch(page) or ""), "the new note", server)
    new.unlink()
    wait_until(lambda: status(page) == 404, "the removed note's page gone", server)

    # mkdocs.yml shapes every page: an unchanged page shows the new site name too.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: ", "site_name: Renamed "))
    wait_until(lambda: "Renamed " in (fetch(ref) or ""), "the configuration edit", server)
    # the page is served before its build's log line is read: wait for the line
    wait_until(lambda: log.rebuilt()[-1] >= everything - 1, "every page rebuilt", server)
    config.write_text(config.read_text().replace("site_name: Renamed ", "site_name: "))
    wait_until(lambda: "Renamed " not in (fetch(ref) or ""), "the configuration undone", server)

    after = {p: v for p, v in snapshot(project).items() if not p.startswith(ours)}
    assert after == before, "evidencesite serve wrote into the project"


def test_a_mistake_holds_the_preview_until_fixed_then_only_changes_are_rebuilt(
    previewed,
) -> None:
    project, url, server, log = previewed
    theme = url + "/themes/power/"
    wait_until(lambda: len(log.rebuilt()) == 1, "the first build", server)
    everything = log.rebuilt()[0]
    note = project / "literature/themes/power.md"
    good = note.read_text()
    note.write_text(good.replace("[@ostrom1996crossing]", "[@ostrom1996crosing]"))
    wait_until(lambda: any("did you mean" in line for line in log.lines), "the error", server)
    assert "ostrom1996crosing" in "".join(log.lines)
    note.write_text(good.replace("Power matters", "Power matters, fixed"))
    wait_until(lambda: "Power matters, fixed" in (fetch(theme) or ""), "the fix", server)
    wait_until(lambda: len(log.rebuilt()) == 2, "the rebuild's log", server)
    assert log.rebuilt()[1] < everything  # nothing was written by the failed build

    # A hand-written page added, moved to where it writes the same file, then deleted.
    extra = project / "docs/extra.md"
    extra.write_text("# Extra\n\nAn extra page.\n")
    wait_until(lambda: "An extra page" in (fetch(url + "/extra/") or ""), "the new page", server)
    moved = project / "docs/extra/index.md"
    moved.parent.mkdir()
    moved.write_text("# Extra\n\nAn extra page, moved.\n")
    extra.unlink()
    wait_until(lambda: "page, moved" in (fetch(url + "/extra/") or ""), "the moved page", server)
    builds = len(log.rebuilt())
    note.write_text(good)  # one more build: the moved page is still there after it
    wait_until(lambda: len(log.rebuilt()) > builds, "the next build", server)
    assert "page, moved" in (fetch(url + "/extra/") or "")
    moved.unlink()
    wait_until(lambda: status(url + "/extra/") == 404, "the deleted page gone", server)

    # A mistake in mkdocs.yml saved while previewing: one line, then the fix is served.
    config = project / "mkdocs.yml"
    fine = config.read_text()
    config.write_text(fine + "\nnav: [unclosed\n")
    wait_until(lambda: "mkdocs.yml: error:" in "".join(log.lines), "the error", server)
    assert not any("Traceback" in line for line in log.lines), "".join(log.lines[-30:])
    config.write_text(fine.replace("site_name: ", "site_name: Fixed "))
    wait_until(lambda: "Fixed " in (fetch(theme) or ""), "the fixed configuration", server)


@pytest.mark.parametrize(
    "previewed", [{"- Themes: themes/index.md": "- themes/index.md"}], indirect=True
)
def test_a_nav_title_taken_from_a_page_rebuilds_every_page_when_it_changes(previewed) -> None:
    """Every page shows the navigation; with no title in mkdocs.yml, the themes index
    gives its own, so an edit that changes that title rebuilds them all (and one that
    changes the page but not its title, only the pages it changed)."""
    project, url, server, log = previewed
    wait_until(lambda: len(log.rebuilt()) == 1, "the first build's log", server)
    everything = log.rebuilt()[0]
    note = project / "literature/themes/power.md"

    # The themes index is not changed by this edit, so it is neither read nor written
    # again; the rebuilt pages show its title, kept from the last build, in their
    # navigation.
    note.write_text(note.read_text().replace("Power matters", "Power matters a lot"))
    wait_until(lambda: len(log.rebuilt()) == 2, "the rebuild's log", server)
    assert log.rebuilt()[1] == 2  # the note, the work it cites
    titles = nav_titles(fetch(url + "/themes/power/") or "")
    assert "Themes" in titles and "None" not in titles, titles

    # The note's title changes the themes index (which lists it), not its title: only
    # the pages that show the note's title are rebuilt.
    note.write_text(note.read_text().replace("title: Power", "title: Power and control"))
    wait_until(lambda: len(log.rebuilt()) == 3, "the rebuild's log", server)
    assert 2 < log.rebuilt()[2] < everything

    # The themes index's own title changes: every page is rebuilt, and shows it.
    shape = project / "literature/evidencesite.yml"
    shape.write_text(shape.read_text().replace("title: Themes", "title: Topics", 1))
    wait_until(lambda: len(log.rebuilt()) == 4, "the rebuild's log", server)
    assert log.rebuilt()[3] == everything
    assert "Topics" in nav_titles(fetch(url + "/references/cahn2000no/") or "")


#: A full build as `mkdocs serve` makes its first one (and `evidencesite serve` with
#: nothing kept): the same address for the site, every page built. Run as
#: ``python -c FULL_BUILD SITE_DIR URL`` in the project.
FULL_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir=sys.argv[1], strict=False)
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = sys.argv[2]
build(config, serve_url=sys.argv[2])
"""


def full_build(project: Path, site: Path, url: str) -> dict[str, bytes]:
    """Every file of a full build of ``project`` for a preview at ``url``."""
    proc = subprocess.run(
        [sys.executable, "-c", FULL_BUILD, str(site), url + "/"],
        cwd=project, capture_output=True, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": PACKAGE},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {str(f.relative_to(site)): f.read_bytes() for f in site.rglob("*") if f.is_file()}


def pages(files: dict[str, Any]) -> set[str]:
    """The pages among a site's files (not MkDocs' 404 page, which every build writes)."""
    return {path for path in files if path.endswith(".html") and path != "404.html"}


def real_export(project: Path) -> Path:
    """A project made with ``init`` (the example review) whose bibliography is a real
    Zotero export (Better BibTeX, 117 entries) and whose notes cite some of it."""
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site", ".*"))
    lit = project / "literature"
    shutil.copy(ROOT / "tests/data/real/zotero-bbt.bib", lit / "references.bib")
    without_example_data(lit)
    for note in lit.rglob("*.md"):
        text = note.read_text(encoding="utf-8")
        for old, new in (("arnstein1969ladder", "omeara_past_2016"),
                         ("ostrom1996crossing", "paradis_analysis_2011"),
                         ("needham2009coproduction", "felsenstein_inferring_2004")):  # fmt: skip
            text = text.replace(old, new)
        note.write_text(text, encoding="utf-8")
    return project


def barriers_with_search(project: Path) -> Path:
    """The second fixture review, with MkDocs' search plugin on, as a team may turn it on
    (it indexes only the pages a build builds)."""
    shutil.copytree(BARRIERS, project, ignore=shutil.ignore_patterns("site", ".*"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n"))
    return project


def barriers_without_nav(project: Path) -> Path:
    """The same without a nav in mkdocs.yml: every page is in the navigation, titled by
    itself, so a page's new title changes every page."""
    barriers_with_search(project)
    config = project / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text[: text.index("\nnav:")] + "\n")
    return project


#: Issue 24's four kinds of save, for each project: (file in literature/, old, new).
SAVES: dict[str, dict[str, tuple[str, str, str]]] = {
    "barriers": {
        "a note's wording": ("barriers/mistrust.md", "followed trust", "closely followed trust"),
        "a note's title": ("barriers/mistrust.md", "title: Mistrust of", "title: Distrust of"),
        "a work's title in the .bib": ("references.bib", "title = {", "title = {Revisited: "),
        "a citation added": ("barriers/mistrust.md", "[@garcia2020trust]",
                             "[@garcia2020trust; @adams2019reminders]"),
    },
    "real export": {
        "a note's wording": ("outcomes/synergy.md", "discusses when", "discusses, in detail, when"),
        "a note's title": ("outcomes/synergy.md", "title: ", "title: Renamed "),
        "a work's title in the .bib": ("references.bib", "title = {Inferring Phylogenies}",
                                       "title = {Inferring Phylogenies, again}"),
        "a citation added": ("outcomes/synergy.md", "discusses, in detail, when",
                             "discusses, in detail [@beaulieu_detecting_2016], when"),
    },
}  # fmt: skip
SAVES["barriers, no nav"] = SAVES["barriers"]

#: A wording edit of one note's body: the pages that show its text, and no other.
SHOWN_IN = {
    # the note's page; the cited work's page, whose "Cited in" quotes the sentence
    "barriers": {"barriers/mistrust/index.html", "references/garcia2020trust/index.html"},
    "barriers, no nav": {"barriers/mistrust/index.html", "references/garcia2020trust/index.html"},
    "real export": {
        "outcomes/synergy/index.html",
        "references/paradis-analysis-2011/index.html",
    },
}


@pytest.mark.parametrize("name", list(SAVES))
def test_a_save_rebuilds_exactly_the_pages_whose_html_it_changed(tmp_path: Path, name: str) -> None:
    """After each kind of save, the pages the preview wrote are exactly those whose HTML
    a full build of the edited review makes differently, and the preview's whole site
    (the search plugin's index too) is what a full build makes: none left stale."""
    make = {"barriers": barriers_with_search, "barriers, no nav": barriers_without_nav,
            "real export": real_export}[name]  # fmt: skip
    project = make(tmp_path / "project")
    # The fixture with MkDocs' search plugin, as a team may turn it on; init's scaffold
    # searches with Pagefind only
    assert ("- search" in (project / "mkdocs.yml").read_text()) == (name != "real export")
    (tmp_path / "tmp").mkdir()
    with serving(project, tmp=tmp_path / "tmp") as (url, server, log):
        wait_until(lambda: len(log.rebuilt()) == 1, "the first build's log", server)
        site = next((tmp_path / "tmp").glob("mkdocs_*"))
        fresh = full_build(project, tmp_path / "fresh-0", url)
        assert log.rebuilt()[0] == len(pages(fresh))  # the first build writes every page
        for step, (save, (path, old, new)) in enumerate(SAVES[name].items(), start=1):
            served = {p: Path(site, p).stat().st_mtime_ns for p in pages(fresh)}
            note = project / "literature" / path
            text = note.read_text(encoding="utf-8")
            assert old in text, (save, old)
            builds = len(log.rebuilt())
            note.write_text(text.replace(old, new, 1), encoding="utf-8")
            wait_until(lambda n=builds: len(log.rebuilt()) > n, f"the build after {save}", server)
            before, fresh = fresh, full_build(project, tmp_path / f"fresh-{step}", url)
            # The server may see one save as two changes, and build twice (the second
            # writes nothing): every build it started for this save has ended.
            wait_until(log.idle, f"the builds after {save} to end", server)
            changed = {p for p in pages(fresh) | pages(before) if fresh.get(p) != before.get(p)}
            written = {p for p in pages(fresh) if p not in served
                       or Path(site, p).stat().st_mtime_ns != served[p]}  # fmt: skip
            assert written == changed, (save, sorted(written ^ changed)[:10])
            wrote = [n for n in log.rebuilt()[builds:] if n]
            assert wrote == [len(changed)], (save, log.rebuilt()[builds:])
            if save == "a note's wording":
                assert changed == SHOWN_IN[name]
            now = {str(f.relative_to(site)): f.read_bytes() for f in site.rglob("*") if f.is_file()}
            stale = sorted(p for p in now.keys() | fresh.keys() if now.get(p) != fresh.get(p))
            assert not stale, (save, stale[:10])


def test_evidencesite_serve_reports_a_missing_configuration(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "evidencesite.cli", "serve", "--config", str(tmp_path / "no.yml")],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1
    assert f"{tmp_path / 'no.yml'}: error: MkDocs configuration not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_bibliography_cache_is_never_changed_by_keyword_merging(tmp_path: Path) -> None:
    """The preview reuses the loaded .bib between builds; merging keywords (a setting
    in evidencesite.yml) must not change the cached entries, or removing the setting
    would not show."""
    bib = BIB.replace("keywords = {theory; origins}", "keywords = {theory; front line}")
    literature = write_literature(tmp_path / "literature", bib=bib)
    kept = Kept()

    def keywords() -> str:
        outcome = run(literature, kept)
        assert outcome.pages is not None, [str(p) for p in outcome.problems]
        return outcome.review.references["ostrom1996crossing"].fields["keywords"]

    assert keywords() == "theory; front-line staff"  # merged, as evidencesite.yml says
    shape = literature / "evidencesite.yml"
    shape.write_text(shape.read_text().replace("front line: front-line staff", ""))
    assert keywords() == "theory; front line"


def test_the_theme_listing_is_kept_until_an_override_folder_changes(tmp_path: Path) -> None:
    """The preview lists the theme's files once, not on every build; the list is what
    MkDocs itself finds, and a file added to the override folder is in the next."""
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text('{% extends "base.html" %}\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  custom_dir: overrides\n"
    )

    def theme_files(kept: ThemeListing | None) -> list[str]:
        config = load_config(str(tmp_path / "mkdocs.yml"))
        if kept is not None:
            kept.attach(config.theme)
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return sorted(f.src_uri for f in files)

    kept = ThemeListing()
    first = theme_files(kept)
    assert first == theme_files(None)
    assert "assets/images/favicon.png" in first
    assert len(kept.listed) == 1
    assert theme_files(kept) == first
    assert len(kept.listed) == 1  # listed once
    (overrides / "extra.css").write_text("p { color: black }\n")
    assert theme_files(kept) == sorted([*first, "extra.css"])
    assert theme_files(kept) == theme_files(None)


def test_the_preview_watches_the_same_paths_more_often(tmp_path: Path) -> None:
    for folder in ("notes", "docs"):
        (tmp_path / folder).mkdir()
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path)
    )
    server.watch(str(tmp_path / "notes"))
    server.watch(str(tmp_path / "notes"))  # two plugins may watch one folder
    server.watch(str(tmp_path / "docs"), recursive=False)
    assert poll_faster(server, theme_dirs=[str(tmp_path / "elsewhere")])
    assert server.observer.timeout == POLLING_INTERVAL < 0.5
    assert server._watched_paths == {str(tmp_path / "notes"): 2, str(tmp_path / "docs"): 1}
    assert not server._watch_refs[str(tmp_path / "docs")].is_recursive
    assert server._watch_refs[str(tmp_path / "notes")].is_recursive
    server.observer.start()
    try:
        (tmp_path / "notes" / "power.md").write_text("Saved.\n")
        deadline = time.monotonic() + UPPER_BOUND
        while not server._want_rebuild:
            assert time.monotonic() < deadline, "the save was not seen"
            time.sleep(0.05)  # poll interval, not a wait for an outcome
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_an_installed_theme_watched_keeps_mkdocs_interval(tmp_path: Path) -> None:
    """Looking at Material's 14,500 files ten times a second would slow every build."""
    (tmp_path / "theme").mkdir()
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path)
    )
    server.watch(str(tmp_path / "theme"))
    observer = server.observer
    assert not poll_faster(server, theme_dirs=[str(tmp_path / "theme")])
    assert server.observer is observer and observer.timeout == 0.5
    server.server_close()


def test_generated_files_have_the_addresses_mkdocs_would_give_them() -> None:
    """GeneratedFile stores a plain path as it is, skipping MkDocs' normalisation:
    every page and asset of the fixture review, and paths that are not plain (set by another
    plugin, say), get the same source, destination and URL as with MkDocs' own File."""
    from mkdocs.structure.files import File

    from conftest import COPRODUCTION
    from evidencesite.pipeline import assets
    from evidencesite.preview import GeneratedFile

    config = load_config(str(COPRODUCTION / "mkdocs.yml"))
    config.plugins._current_plugin = "evidencesite"  # as while MkDocs runs a plugin
    pages = run(COPRODUCTION / "literature").pages
    assert pages is not None
    odd = ["themes//power.md", "./themes/power.md", "themes/./power.md", "themes/", "a/../b.md"]
    for rel in [*pages, *assets(), *odd]:
        ours = GeneratedFile.generated(config, rel, content="x")
        theirs = File.generated(config, rel, content="x")
        assert (ours.src_uri, ours.src_path, ours.dest_uri, ours.url) == (
            theirs.src_uri, theirs.src_path, theirs.dest_uri, theirs.url,
        ), rel  # fmt: skip
        ours.src_path = theirs.src_path = rel.replace("/", "//")  # set again, not plain
        assert ours.src_uri == theirs.src_uri, rel


def test_evidencesite_serve_previews_a_review_with_warnings(tmp_path: Path) -> None:
    """A strict mkdocs.yml is for builds: the preview starts, serves the pages and
    prints the warnings (it used to stop with 'Aborted with N warnings')."""
    lit = write_literature(tmp_path / "literature")
    note = lit / "themes" / "power.md"
    note.write_text(note.read_text().replace("keywords: [power]", "keyword: [power]"))
    project = make_project(tmp_path, lit, own_pages=False)
    assert "strict: true" in (project / "mkdocs.yml").read_text()
    with serving(project) as (url, _, log):
        page = fetch(f"{url}/themes/power/") or ""
        assert "Power matters" in page
        assert any("unknown key 'keyword'" in line for line in log.lines)


def _site_files(site: Path) -> dict[str, bytes]:
    return {str(f.relative_to(site)): f.read_bytes() for f in site.rglob("*") if f.is_file()}


def _served_pages(url: str, files: dict[str, bytes]) -> dict[str, str | None]:
    """Every page of a site as the preview's server answers for it now."""
    return {p: fetch(f"{url}/{p.removesuffix('index.html')}") for p in sorted(pages(files))}


def _strip_reload(html: str | None) -> str | None:
    """A served page without the live-reload script MkDocs' server adds."""
    return html and re.sub(r"<script>\s*var livereload.*?</script>", "", html, flags=re.DOTALL)


def test_every_served_page_is_a_fresh_builds_after_edits_renames_and_deletions(
    tmp_path: Path,
) -> None:
    """A note edited, renamed (its address moves), added and deleted under the preview:
    after each, every page the server answers with, and every file of its site (the
    search index, the sitemap), is what a full build of the review makes, and a page
    that no longer exists is gone."""
    project = barriers_with_search(tmp_path / "project")
    notes = project / "literature"
    added = notes / "barriers" / "waiting.md"

    def edit() -> None:
        note = notes / "barriers" / "mistrust.md"
        note.write_text(note.read_text().replace("followed trust", "closely followed trust"))

    def rename() -> None:  # the same note, from another file: the same pages
        (notes / "barriers" / "mistrust.md").rename(notes / "barriers" / "distrust.md")

    def move() -> None:  # a new id: the note's page moves
        note = notes / "barriers" / "distrust.md"
        note.write_text(note.read_text().replace("id: mistrust", "id: distrust", 1))

    def add() -> None:
        text = (notes / "barriers" / "distrust.md").read_text()
        added.write_text(text.replace("id: distrust", "id: waiting", 1)
                         .replace("title: Mistrust of", "title: Waiting for", 1))  # fmt: skip

    steps = {"a note edited": edit, "a note's file renamed": rename, "a note's id changed": move,
             "a note added": add, "a note deleted": added.unlink}  # fmt: skip
    moves = {"a note's id changed", "a note added", "a note deleted"}
    (tmp_path / "tmp").mkdir()
    with serving(project, tmp=tmp_path / "tmp") as (url, server, log):
        wait_until(lambda: len(log.rebuilt()) == 1, "the first build's log", server)
        site = next((tmp_path / "tmp").glob("mkdocs_*"))
        before = _site_files(site)
        for step, (name, change) in enumerate(steps.items(), start=1):
            builds = len(log.rebuilt())
            change()
            wait_until(lambda n=builds: len(log.rebuilt()) > n, f"the build after {name}", server)
            fresh = full_build(project, tmp_path / f"fresh-{step}", url)
            wait_until(log.idle, f"the builds after {name} to end", server)
            now = _site_files(site)
            stale = sorted(p for p in now.keys() | fresh.keys() if now.get(p) != fresh.get(p))
            assert not stale, (name, stale[:10])
            assert (pages(now) != pages(before)) == (name in moves), name
            served = _served_pages(url, fresh)
            wrong = [p for p, html in served.items()
                     if _strip_reload(html) != fresh[p].decode("utf-8")]  # fmt: skip
            assert not wrong, (name, wrong[:10])
            for gone in pages(before) - pages(fresh):
                assert status(f"{url}/{gone.removesuffix('index.html')}") == 404, (name, gone)
            before = now
