"""Each finding's history (issue 27, part 4): "Changes to this page" on a note, and each
released version's changed pages on What's new, read from the git tags v* of a test
repository made here (never this repository's history)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIB, NOTES, Result, make_project, write_literature
from evidencesite.history import HistoryCache, read_history, version_key
from evidencesite.pipeline import Kept, run
from helpers import article, words

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

THIRD = """
@article{boyle2010right,
  author = {Boyle, David and Harris, Michael},
  title = {The Challenge of Co-production},
  journal = {Nesta},
  year = {2010},
  annotation = {Makes the case.},
  design = {policy},
  setting = {public services},
  keywords = {policy}
}
"""

RECOMMENDATION = "recommendations/redistribute-power.md"


def git(root: Path, *args: str, day: str = "2026-01-05") -> str:
    stamp = f"{day}T12:00:00+00:00"
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "A. Author",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "A. Author",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root.parent),  # no user configuration (signing, hooks)
    }
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, env=environment
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def release(root: Path, tag: str, day: str, annotated: bool = False) -> None:
    git(root, "add", "-A", day=day)
    git(root, "commit", "-q", "-m", f"version {tag}", day=day)
    git(root, "tag", *(["-a", "-m", tag] if annotated else []), tag, day=day)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def three_versions(root: Path) -> Path:
    """v1.0; v1.1 changes the recommendation (wording, confidence level and a concern,
    strength, one work swapped for another); v1.2 only renames the theme's file."""
    notes = dict(NOTES)
    notes["themes/power.md"] = NOTES["themes/power.md"].replace(
        "people are assets.", "people are assets [@boyle2010right]."
    )
    literature = write_literature(root / "literature", BIB + THIRD, notes)
    make_project(root, literature, own_pages=False)
    git(root, "init", "-q", "-b", "main")
    release(root, "v1.0", "2026-01-05", annotated=True)
    note = literature / RECOMMENDATION
    edit(note, "Share power [@ostrom1996crossing; @cahn2000no].",
         "Share power fairly with people [@ostrom1996crossing; @boyle2010right].")  # fmt: skip
    edit(note, "level: low", "level: moderate")
    edit(note, "adequacy: {concern: serious", "adequacy: {concern: moderate")
    edit(note, "strength: conditional", "strength: strong")
    release(root, "v1.1", "2026-02-10")
    (literature / "themes/power.md").rename(literature / "themes/power-and-control.md")
    release(root, "v1.2", "2026-03-15")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return three_versions(tmp_path_factory.mktemp("history") / "project")


def build(run_cli, project: Path) -> Result:  # type: ignore[no-untyped-def]
    result = run_cli("build", "-q", "--config", project / "mkdocs.yml")
    assert result.code == 0, result.err
    return result


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    from evidencesite.cli import main

    assert main(["build", "-q", "--config", str(project / "mkdocs.yml")]) == 0
    return project / "site"


def changes(site: Path, url: str) -> list[str]:
    """The section's lines as a reader reads them: paragraphs and list items."""
    section = article(site, url).select_one("#changes")
    assert section is not None, f"no Changes to this page on {url}"
    lines = []
    for element in section.find_next_siblings():
        if element.name in ("h2", "script"):
            break
        if element.name == "ul":
            lines += [words(item) for item in element.find_all("li", recursive=False)]
        else:
            lines.append(words(element))
    return lines


def test_a_changed_recommendation_lists_each_change_of_each_version(site: Path) -> None:
    assert changes(site, "/recommendations/redistribute-power/") == [
        "What each released version of the review changed on this page, newest first.",
        "Version 1.1, 10 February 2026",
        "Wording: What to do Share power [removed: (Ostrom, 1996; Cahn, 2000)] "
        "[added: fairly with people (Ostrom, 1996; Boyle and Harris, 2010)].",
        "Confidence in the evidence: Low, now Moderate.",
        "Adequacy of data: Serious concerns, now Moderate concerns.",
        "Strength: Conditional: consider this, depending on local circumstances, now Strong: "
        "we recommend this.",
        "Works cited added: Boyle and Harris (2010).",
        "Works cited removed: Cahn (2000).",
        "Version 1.0, 5 January 2026",
        "Added in this version.",
        "No change in version 1.2.",
    ]


def test_wording_is_marked_by_element_and_by_words_and_works_link_to_their_pages(
    site: Path,
) -> None:
    section = article(site, "/recommendations/redistribute-power/")
    removed, added = section.select("del"), section.select("ins")
    assert [words(d) for d in removed] == ["(Ostrom, 1996; Cahn, 2000)"]
    assert [words(i) for i in added] == [
        "fairly with people (Ostrom, 1996; Boyle and Harris, 2010)"
    ]
    assert "[removed: " in words(removed[0].parent) and "[added: " in words(added[0].parent)
    works = [a for a in section.select("li a") if "Works cited" in words(a.parent)]
    assert [(words(a), a["href"]) for a in works] == [
        ("Boyle and Harris (2010)", "../../references/boyle2010right/"),
        ("Cahn (2000)", "../../references/cahn2000no/"),
    ]


def test_a_renamed_file_is_followed_by_its_id_and_an_untouched_note_says_no_change(
    site: Path,
) -> None:
    assert changes(site, "/themes/power/") == [
        "What each released version of the review changed on this page, newest first.",
        "Version 1.0, 5 January 2026",
        "Added in this version.",
        "No change in versions 1.1 and 1.2.",
    ]


def test_whats_new_lists_each_release_and_what_it_changed(site: Path) -> None:
    page = article(site, "/whats-new/")
    heading = page.select_one("#versions")
    assert heading is not None and words(heading) == "Changes in each released version¶"
    found = {}
    for h3 in page.select("h3[id^=version-]"):
        following = h3.find_next_sibling()
        found[words(h3).rstrip("¶")] = words(following)
    assert found == {
        "Version 1.2, 15 March 2026": "No page changed in this version.",
        "Version 1.1, 10 February 2026": (
            "R1. Redistribute power: wording, confidence, strength and works cited"
        ),
        "Version 1.0, 5 January 2026": "The first released version, with 4 pages.",
    }
    link = page.select_one("#version-1-1 + ul a")
    assert link is not None and link["href"] == "../recommendations/redistribute-power/#changes"


def test_the_same_tags_give_the_same_pages_and_a_preview_reads_them_once(project: Path) -> None:
    kept = Kept()
    first, second = run(project / "literature", kept), run(project / "literature", kept)
    plain = run(project / "literature")
    assert first.pages is not None and first.pages == second.pages == plain.pages
    assert kept.history.reads == 1  # the second build asked git only for the tags


def test_a_note_new_since_the_last_release_says_so(tmp_path: Path) -> None:
    root = three_versions(tmp_path / "project")
    note = root / "literature" / "themes" / "trust.md"
    note.write_text("---\nid: trust\ntitle: Trust\nsummary: Trust.\n---\n\nTrust.\n")
    outcome = run(root / "literature")
    assert outcome.pages is not None
    assert (
        "This page is new since version 1\\.2, the latest released version\\."
        in (outcome.pages["themes/trust.md"])
    )


def test_a_shallow_clone_says_so_once_and_shows_no_history(
    run, project: Path, tmp_path: Path, site: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project}", str(clone))
    result = build(run, clone)
    said = [line for line in result.err.splitlines() if "histor" in line]
    assert said == [
        f"{clone / 'literature'}:0: info: git history is shallow: page histories not shown; "
        "fetch with fetch-depth: 0 (actions/checkout), or run `git fetch --unshallow --tags`"
    ]
    assert article(clone / "site", "/themes/power/").select_one("#changes") is None
    assert article(clone / "site", "/whats-new/").select_one("#versions") is None


def test_without_tags_there_is_no_history_and_nothing_said(run, tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_project(root, write_literature(root / "literature"), own_pages=False)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "unreleased")
    git(root, "tag", "draft")  # not a version tag
    result = build(run, root)
    assert "histor" not in result.err
    assert "Changes to this page" not in (root / "site/themes/power/index.html").read_text()
    assert article(root / "site", "/whats-new/").select_one("#versions") is None


def test_outside_a_repository_one_line_says_why(run, tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_project(root, write_literature(root / "literature"), own_pages=False)
    result = build(run, root)
    said = [line for line in result.err.splitlines() if "histor" in line]
    assert len(said) == 1 and said[0].endswith(
        "info: not in a git repository: page histories ('Changes to this page') not shown; "
        "they are read from the repository's version tags (v*), so build from a clone"
    )
    assert article(root / "site", "/themes/power/").select_one("#changes") is None


def test_an_older_version_without_confidence_is_compared_on_what_both_have(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    literature = write_literature(root / "literature")
    note = literature / RECOMMENDATION
    text = note.read_text(encoding="utf-8")
    start, end = text.index("confidence:"), text.index("---\n\n## What to do")
    note.write_text(text[:start] + text[end:], encoding="utf-8")
    git(root, "init", "-q")
    release(root, "v0.9", "2026-01-01")
    note.write_text(text, encoding="utf-8")
    release(root, "v1.0", "2026-01-02")
    outcome = run(literature)
    assert outcome.pages is not None
    page = outcome.pages[RECOMMENDATION]
    assert (
        "Version 0\\.9 recorded no confidence assessment, so confidence is not compared\\." in page
    )
    whats_new = outcome.pages["whats-new/index.md"]
    assert (
        "Redistribute power](<../recommendations/redistribute-power.md#changes>): confidence"
        in (whats_new)
    )


def test_versions_are_ordered_by_number() -> None:
    tags = ["1.10", "1.9", "2.0", "1.0-rc1", "1.0", "1.0.1"]
    assert sorted(tags, key=version_key) == ["1.0-rc1", "1.0", "1.0.1", "1.9", "1.10", "2.0"]


def test_reading_the_history_twice_reads_git_once(project: Path) -> None:
    cache = HistoryCache()
    shape = run(project / "literature").review.shape
    assert shape is not None
    first = read_history(project / "literature", shape, cache)
    assert [r.version for r in first.releases] == ["1.0", "1.1", "1.2"]
    assert read_history(project / "literature", shape, cache) is first
    assert cache.reads == 1


def test_ci_and_the_scaffold_fetch_every_tag_where_they_build_the_site() -> None:
    import yaml

    from conftest import EXAMPLE, ROOT

    def checkouts(path: Path) -> dict[str, dict[str, object]]:
        jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
        return {
            name: step.get("with", {})
            for name, job in jobs.items()
            for step in job["steps"]
            if str(step.get("uses", "")).startswith("actions/checkout@")
        }

    ci = checkouts(ROOT / ".github/workflows/ci.yml")
    site = checkouts(EXAMPLE / ".github/workflows/site.yml")
    for name, options in [*((n, ci[n]) for n in ("test", "deploy", "release")), *site.items()]:
        assert options.get("fetch-depth") == 0, name
        assert options.get("persist-credentials") is False, name
