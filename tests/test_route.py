"""A new team's whole route, as README tells it: build the wheel, install it into a new
virtual environment, `evidencesite init`, replace the bibliography with a reference
manager's real export, declare the team's own kind and vocabulary by editing YAML only,
then `check`, `build`, and `serve` with one edit seen in the served page.

Nothing here imports the package under test: every step runs the installed command, as a
team would. The wheel is built from a copy of the working tree, so the source is never
written into (tests/test_packaging.py checks that on its own)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import without_example_data
from test_serve import Log, fetch, free_port, wait_until, watched

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "tests/data/real/zotero-bbt.bib"  # Better BibTeX for Zotero, 117 works
#: The scaffold's keys -> works of the export, for the notes the team rewrites.
CITED = {
    "ostrom1996crossing": "omeara_past_2016",
    "arnstein1969ladder": "paradis_analysis_2011",
    "needham2009coproduction": "felsenstein_inferring_2004",
}


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command as a user would; its output, or a failure that shows it."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{command} -> {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def working_tree(dest: Path) -> Path:
    """A copy of the files git would commit (tracked, and new ones not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    for name in filter(None, listed.split("\0")):
        source, target = ROOT / name, dest / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    return dest


def clean_env() -> dict[str, str]:
    """No PYTHONPATH and no virtual environment of ours: only the new one is used."""
    keep = ("HOME", "LANG", "LC_ALL", "TMPDIR", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL",
            "PIP_CACHE_DIR", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "HTTPS_PROXY", "HTTP_PROXY")  # fmt: skip
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(PATH="/usr/bin:/bin", NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin/` of a new virtual environment with the wheel installed, pinned."""
    root = tmp_path_factory.mktemp("route")
    source = working_tree(root / "source")
    env = clean_env()
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
        root / "dist", source, cwd=root, env=env)  # fmt: skip
    (wheel,) = (root / "dist").glob("evidencesite-*.whl")
    run(sys.executable, "-m", "venv", root / "venv", cwd=root, env=env)
    run(root / "venv/bin/python", "-m", "pip", "install", "--quiet", "--constraint",
        source / "constraints.txt", wheel, cwd=root, env=env)  # fmt: skip
    return root / "venv/bin"


def team_review(project: Path) -> None:
    """What a team does by hand: its export, its notes' citations, its own kind and
    vocabulary, declared in evidencesite.yml and mkdocs.yml."""
    literature = project / "literature"
    shutil.copyfile(EXPORT, literature / "references.bib")
    # The example's flow diagram, search, characteristics and appraisal describe its own
    # three works: their blocks (and nav entries) go, as the scaffold's README says
    without_example_data(literature)
    for note in literature.glob("*/*.md"):
        text = note.read_text(encoding="utf-8")
        for old, new in CITED.items():
            text = text.replace(f"@{old}", f"@{new}")
        note.write_text(text, encoding="utf-8")
    config = literature / "evidencesite.yml"
    text = config.read_text(encoding="utf-8")
    # A kind of the team's own, with a vocabulary on it; the export's works carry none of
    # the scaffold's fields, and the team maps only some of them (YAML only).
    text = text.replace(
        "\nrelations:",
        "  - name: questions\n    singular: question\n    title: Open questions\n"
        "    prefix: Q\n    intro: What the works leave open.\n\nrelations:",
        1,
    )
    text = text.replace("    expected: true\n", "", 1)
    text = text.replace(
        "\nmap:",
        "\n  - name: urgency\n    on: [questions]\n    label: How urgent\n"
        "    values:\n      now: needed now\n      later: can wait\n\nmap:",
        1,
    )
    config.write_text(text + "\nworks:\n  expect: [title]\n", encoding="utf-8")
    (literature / "questions").mkdir()
    (literature / "questions/dating-methods.md").write_text(
        "---\nid: dating-methods\ntitle: Which dating methods agree\n"
        "summary: Whether the dating methods agree is open.\nurgency: now\n---\n\n"
        "Whether the methods that @omeara_past_2016 reviews agree is left open.\n",
        encoding="utf-8",
    )
    mkdocs = project / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    text = text.replace("  - Outcomes: outcomes/index.md\n",
                        "  - Outcomes: outcomes/index.md\n  - Open questions: questions/index.md\n")  # fmt: skip
    mkdocs.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("team")
    run(installed / "evidencesite", "init", "our-review", cwd=root, env=clean_env())
    team_review(root / "our-review")
    return root / "our-review"


def test_a_new_team_checks_and_builds_its_review_from_the_installed_wheel(
    installed: Path, project: Path
) -> None:
    env = clean_env()
    # The export's one address that is not a web address stays a warning (it is shown
    # as text), as a reference manager would have it: the team's YAML left no other.
    checked = run(installed / "evidencesite", "check", cwd=project, env=env)
    assert checked.strip().splitlines()[-1] == "0 errors, 1 warning", checked
    assert "'RN31' is not a web (http or https) address" in checked
    run(installed / "evidencesite", "build", cwd=project, env=env)
    site = project / "site"
    question = (site / "questions/dating-methods/index.html").read_text(encoding="utf-8")
    assert "Which dating methods agree" in question and "needed now" in question
    work = (site / "references/omeara-past-2016/index.html").read_text(encoding="utf-8")
    assert "Which dating methods agree" in work  # cited in: the team's own note
    assert (site / "pagefind/pagefind.js").is_file()  # its search, Pagefind's


@pytest.fixture
def serving(installed: Path, project: Path) -> Iterator[tuple[str, subprocess.Popen[str], Log]]:
    port = free_port()
    server = subprocess.Popen(
        [installed / "evidencesite", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=clean_env(),
    )  # fmt: skip
    with watched(server) as log:
        yield f"http://127.0.0.1:{port}", server, log


def test_a_new_team_sees_its_edit_in_the_preview(project: Path, serving) -> None:
    url, server, log = serving
    page = url + "/questions/dating-methods/"
    wait_until(lambda: "Which dating methods agree" in (fetch(page) or ""), "first build", server)
    note = project / "literature/questions/dating-methods.md"
    note.write_text(note.read_text(encoding="utf-8").replace("is left open", "is still open"))
    wait_until(lambda: "is still open" in (fetch(page) or ""), "the edit", server)
    assert not re.search(r"Traceback|Aborted", "".join(log.lines)), log.lines[-20:]
