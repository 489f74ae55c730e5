"""`evidencesite init DIR` makes a repository a review team can push and publish: the
example review with a README, a .gitignore, a GitHub workflow, Dependabot and a pinned
requirements.txt, committed once; the workflow's own steps check and build it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import evidencesite
from conftest import EXAMPLE
from evidencesite import cli

HAS_GIT = shutil.which("git") is not None
needs_git = pytest.mark.skipif(not HAS_GIT and not os.environ.get("CI"), reason="no git here")

#: What init makes at the top of DIR (besides .git), and nothing else.
TOP = {"README.md", ".gitignore", ".github", "requirements.txt", "mkdocs.yml", "docs",
       "literature"}  # fmt: skip


@pytest.fixture(autouse=True)
def own_git_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """git reads a configuration of the test's own (the person running the tests has
    theirs); it names an author, as a team member's would."""
    config = tmp_path_factory.mktemp("git") / "gitconfig"
    config.write_text("[user]\n\tname = Ada Team\n\temail = ada@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
                 "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return config


def git(where: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs_git
def test_init_makes_a_committed_repository_that_checks_and_builds(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new-review"
    result = run("init", target)
    assert result.code == 0, result.err
    assert {p.name for p in target.iterdir()} == TOP | {".git"}
    for path in (".github/workflows/site.yml", ".github/dependabot.yml", "docs/index.md",
                 "literature/evidencesite.yml", "literature/references.bib"):  # fmt: skip
        assert (target / path).is_file(), path
    # Each path the message lists is there; the next commands are named
    listed = re.findall(r"^  (\S+) {2,}", result.out, re.MULTILINE)
    assert set(listed) >= {"README.md", ".github/", ".gitignore", "requirements.txt"}
    assert all((target / path).exists() for path in listed), listed
    assert f"cd {target} && evidencesite serve" in result.out
    assert "git push -u origin main" in result.out
    assert "Source: GitHub Actions" in result.out
    # requirements.txt names this generator's version, on its one line
    lines = [line for line in (target / "requirements.txt").read_text().splitlines()
             if line and not line.startswith("#")]  # fmt: skip
    assert lines == [
        f"evidencesite @ git+https://github.com/OWNER/evidencesite@v{evidencesite.__version__}"
    ]
    # One commit on main, by the configured author, of every file; nothing left over
    assert git(target, "log", "--format=%an <%ae>|%s").splitlines() == [
        "Ada Team <ada@example.org>|A new review, made by evidencesite init"
    ]
    assert git(target, "branch", "--show-current").strip() == "main"
    assert git(target, "status", "--porcelain") == ""
    tracked = set(git(target, "ls-files").split())
    assert {".gitignore", ".github/workflows/site.yml", "requirements.txt"} <= tracked
    assert tracked == {
        str(p.relative_to(target)) for p in target.rglob("*") if p.is_file() and ".git/" not in
        str(p.relative_to(target)) + "/"
    }  # fmt: skip
    # The review checks and builds strictly, and its builds stay out of git
    monkeypatch.chdir(target)
    assert run("check", "--strict").code == 0
    assert run("build", "--strict", "-q").code == 0
    assert run("generate", "-q").code == 0
    assert (target / "site/facilitators/index.html").exists()
    assert (target / "build/docs/.evidencesite-generated.json").exists()
    assert git(target, "status", "--porcelain", "--ignored=no") == ""


def test_init_refuses_a_folder_that_is_not_empty(run, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("mine")
    result = run("init", tmp_path)
    assert result.code == 1
    assert (
        result.err
        == f"evidencesite: {tmp_path}: error: the folder is not empty; choose a new one\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_init_copies_dot_files_but_no_builds_or_caches(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scaffold with a built site, a generate's state, a staging folder and caches in
    it (as a working copy of the example has) gives a review without them."""
    scaffold = tmp_path / "scaffold"
    built_here = ("site", "build", "dist", ".evidencesite*", "__pycache__", ".venv")
    shutil.copytree(EXAMPLE, scaffold, ignore=shutil.ignore_patterns(*built_here))
    junk = ["site/index.html", "build/docs/index.md", "dist/x.zip", ".evidencesite-site-ab12/x",
            "__pycache__/x.pyc", "literature/__pycache__/y.cpython-311.pyc",
            "literature/.evidencesite-pending.json", ".venv/bin/python"]  # fmt: skip
    for rel in junk:
        (scaffold / rel).parent.mkdir(parents=True, exist_ok=True)
        (scaffold / rel).write_text("junk")
    monkeypatch.setattr(cli, "SCAFFOLD", scaffold)
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))  # and no git: a note
    target = tmp_path / "review"
    result = run("init", target)
    assert result.code == 0, result.err
    assert "git not found" in result.out
    assert {p.name for p in target.iterdir()} == TOP
    made = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()}
    kept = {str(p.relative_to(scaffold)) for p in scaffold.rglob("*") if p.is_file()}
    assert made == kept - set(junk)
    assert ".github/workflows/site.yml" in made and ".gitignore" in made


def test_init_refuses_an_incomplete_scaffold(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package built without the scaffold's dot-files (setuptools' globs skip them)
    would make a review that cannot publish itself: refused, naming what is missing."""
    scaffold = tmp_path / "scaffold"
    shutil.copytree(EXAMPLE, scaffold, ignore=shutil.ignore_patterns(".*", "site"))
    monkeypatch.setattr(cli, "SCAFFOLD", scaffold)
    result = run("init", tmp_path / "review")
    assert result.code == 1
    assert result.err == (
        f"evidencesite: {scaffold}: error: this installation of evidencesite has no "
        ".gitignore, .github/workflows/site.yml, .github/dependabot.yml to copy; install "
        "it again from a complete package\n"
    )
    assert not (tmp_path / "review").exists()


@needs_git
def test_init_inside_a_repository_makes_no_nested_one(run, tmp_path: Path) -> None:
    outer = tmp_path / "project"
    outer.mkdir()
    git(outer, "init", "--quiet")
    result = run("init", outer / "review")
    assert result.code == 0, result.err
    assert f"is inside the git repository {outer}" in result.out
    assert "nothing committed" in result.out
    assert "git push" not in result.out
    assert not (outer / "review/.git").exists()
    assert git(outer, "status", "--porcelain") == "?? review/\n"


@needs_git
def test_a_neutral_author_when_git_knows_none(run, tmp_path: Path, own_git_config: Path) -> None:
    own_git_config.write_text("")
    target = tmp_path / "review"
    result = run("init", target)
    assert result.code == 0, result.err
    assert "git commit --amend --reset-author" in result.out
    assert (
        git(target, "log", "--format=%an <%ae>")
        == "evidencesite init <init@evidencesite.invalid>\n"
    )


@needs_git
def test_a_failed_commit_is_a_message(run, tmp_path: Path, own_git_config: Path) -> None:
    """A commit git refuses (here: signing, with a signing program that fails) is one
    line naming the command and git's reason, and the files stay for the team."""
    own_git_config.write_text(own_git_config.read_text() + "[commit]\n\tgpgsign = true\n"
                              "[gpg]\n\tprogram = false\n")  # fmt: skip
    target = tmp_path / "review"
    result = run("init", target)
    assert result.code == 1
    message = result.err.strip().splitlines()[-1]
    assert message.startswith(f"evidencesite: {target}: error: git commit --quiet --no-verify")
    assert "failed: " in message and "Traceback" not in result.err
    assert message.endswith(f"the review's files are in {target}: commit them yourself")
    assert (target / "literature/evidencesite.yml").exists()


WORKFLOW = EXAMPLE / ".github" / "workflows" / "site.yml"
#: What GitHub would put in the workflow's ${{ }} expressions.
CONTEXT = {
    "steps.pages.outputs.base_url": "https://example.org/review",
    "github.server_url": "https://github.com",
    "github.repository": "team/review",
    "github.token": "not-a-token",
}


def workflow_steps(job: str) -> list[dict[str, object]]:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"][job]["steps"]
    assert isinstance(steps, list)
    return steps


def run_steps(steps: list[dict[str, object]], where: Path, tmp_path: Path, **env: str) -> None:
    """Each `run:` step as the runner runs it (bash -eo pipefail), its `env:` filled in
    from CONTEXT, with this checkout's evidencesite as the `evidencesite` command."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "evidencesite"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m evidencesite.cli "$@"\n')
    shim.chmod(0o755)
    package = str(Path(evidencesite.__file__).resolve().parent.parent)
    base = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": package, "NO_MKDOCS_2_WARNING": "1", **env}  # fmt: skip
    for step in steps:
        script = step["run"]
        assert isinstance(script, str) and "${{" not in script, script  # no injection
        values = {
            name: re.sub(r"\$\{\{\s*(.+?)\s*\}\}", lambda m: CONTEXT[m.group(1)], str(value))
            for name, value in dict(step.get("env") or {}).items()  # type: ignore[call-overload]
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=where, env={**base, **values}, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, f"{step.get('name')}: {done.stdout}{done.stderr}"


def runnable(job: str) -> list[dict[str, object]]:
    """The job's `run:` steps but the install (pip, from requirements.txt: the package is
    already here) and the GitHub release (gh, which needs GitHub)."""
    steps = [step for step in workflow_steps(job) if "run" in step]
    installs = [s for s in steps if "pip install" in str(s["run"])]
    assert [s["run"] for s in installs] == ["python -m pip install -r requirements.txt"]
    return [s for s in steps if s not in installs and not str(s["run"]).startswith("gh ")]


@needs_git
def test_the_workflows_build_steps_check_and_build_a_new_review(run, tmp_path: Path) -> None:
    target = tmp_path / "review"
    assert run("init", target).code == 0
    steps = runnable("build")
    assert [str(s["run"]).split()[:2] for s in steps] == [
        ["evidencesite", "check"], ["evidencesite", "build"],
    ]  # fmt: skip
    run_steps(steps, target, tmp_path)
    home = (target / "site/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/review/">' in home
    assert "https://github.com/team/review/issues/new" in home
    assert git(target, "status", "--porcelain") == ""
    # The release job packs the snapshot its tag names, and refuses another
    release = runnable("release")
    run_steps(release, target, tmp_path, GITHUB_REF_NAME="v0.1")
    zips = [p.name for p in (target / "dist").iterdir()]
    assert zips == ["barriers-to-and-facilitators-of-co-production-0.1.zip"]
    assert (target / "dist.txt").read_text().splitlines()[-1].startswith("sha256 ")
    with pytest.raises(AssertionError, match=r"the tag 'v0\.2' is not version 0\.1"):
        run_steps(release, target, tmp_path, GITHUB_REF_NAME="v0.2")


def test_the_workflow_passes_zizmor() -> None:
    """No findings from zizmor (offline audits) on the workflow and Dependabot's file; in
    CI zizmor must be there."""
    found = shutil.which("zizmor") or shutil.which("zizmor", path=str(Path(sys.executable).parent))
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("zizmor is not installed (it is in the test extras)")
        pytest.skip("zizmor is not installed")
    done = subprocess.run(
        [found, "--offline", "--no-progress", str(EXAMPLE / ".github")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_every_action_is_pinned_by_commit() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert len(uses) == 8
    for action, comment in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), comment
    assert text.count("persist-credentials: false") == text.count("actions/checkout@") == 2
