"""`make serve` (mkdocs serve with the evidencesite plugin): an edit to a note or to the
.bib file shows in the preview, and nothing is written into docs/ or the project.

Each wait here polls for a condition with an upper bound; none waits a fixed time."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import make_project, write_literature
from test_write import snapshot

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


def wait_until(condition: Callable[[], bool], what: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + UPPER_BOUND
    while not condition():
        assert server.poll() is None, f"mkdocs serve stopped: {server.stdout.read()}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline, f"not seen within {UPPER_BOUND} s: {what}"
        time.sleep(0.2)  # poll interval, not a wait for an outcome


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    write_literature(tmp_path / "literature")
    project = make_project(tmp_path, tmp_path / "literature", own_pages=False)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload",
         "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
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
