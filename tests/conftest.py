"""Shared fixtures: small literature folders, the CLI, and built sites."""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

from evidencesite.cli import main

ROOT = Path(__file__).resolve().parent.parent
#: The generator's own fixture reviews (tests/fixtures/README.md); literature/ is the
#: real review, and only test_literature.py reads it.
FIXTURES = ROOT / "tests" / "fixtures"
COPRODUCTION = FIXTURES / "coproduction"
BARRIERS = FIXTURES / "barriers"

# Shared, noisy machines: no per-example deadline. In CI the examples are derived from
# the test names, so a red build can be reproduced; locally they vary run to run.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the CLI in-process; returns exit code, stdout and stderr."""

    def _run(*args: str | Path) -> Result:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


BIB = textwrap.dedent(
    """\
    @article{ostrom1996crossing,
      author = {Ostrom, Elinor},
      title = {Crossing the great divide: coproduction, synergy, and development},
      journal = {World Development},
      year = {1996},
      volume = {24},
      number = {6},
      pages = {1073--1087},
      annotation = {Names co-production.},
      design = {theory},
      setting = {public services},
      keywords = {theory; origins}
    }

    @book{cahn2000no,
      author = {Cahn, Edgar S.},
      title = {No More Throw-Away People},
      publisher = {Essential Books},
      address = {Washington, DC},
      year = {2000},
      annotation = {Core values.},
      design = {theory},
      setting = {public services},
      keywords = {theory}
    }
    """
)

NOTES = {
    "themes/power.md": """\
        ---
        id: power
        title: Power
        summary: Who decides.
        keywords: [power]
        ---

        Power matters [@ostrom1996crossing]. As @cahn2000no argued, people are assets.
        """,
    "drivers/public-service-reform.md": """\
        ---
        id: public-service-reform
        title: Public service reform
        summary: Reform pushes co-production.
        themes: [power]
        ---

        Reformers drew on theory [@ostrom1996crossing; @cahn2000no, p. 24].
        """,
    "challenges/unequal-power.md": """\
        ---
        id: unequal-power
        title: Unequal power
        summary: Staff hold more power.
        themes: [power]
        drivers: [public-service-reform]
        ---

        Power is unequal [-@cahn2000no]. See also [@ostrom1996crossing].
        """,
    "recommendations/redistribute-power.md": """\
        ---
        id: redistribute-power
        title: Redistribute power
        summary: Share decisions.
        order: 1
        audience: [trust-boards, managers]
        strength: conditional
        addresses: [unequal-power]
        themes: [power]
        drivers: [public-service-reform]
        confidence:
          level: low
          explanation: One study.
          methodological-limitations: {concern: moderate, explanation: Single site.}
          coherence: {concern: minor, explanation: Sources agree.}
          adequacy: {concern: serious, explanation: Thin data.}
          relevance: {concern: minor, explanation: NHS setting.}
        ---

        ## What to do

        Share power [@ostrom1996crossing; @cahn2000no].
        """,
}


#: The fixture review's shape (a frozen copy of this review's), without its
#: plain-language summaries (the small fixture's notes are a line or two;
#: test_plain_language.py puts them back).
SHAPE = re.sub(
    r"\nplain_language:\n(?:  .*\n)+",
    "\n",
    (COPRODUCTION / "literature" / "evidencesite.yml").read_text(encoding="utf-8"),
)
assert "\nplain_language:" not in SHAPE


def write_literature(
    folder: Path, bib: str | None = BIB, notes: dict[str, str] | None = None
) -> Path:
    """A small valid literature folder, with the fixture review's shape (evidencesite.yml);
    pass overrides to break one file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evidencesite.yml").write_text(SHAPE, encoding="utf-8")
    if bib is not None:
        (folder / "references.bib").write_text(bib, encoding="utf-8")
    for rel, text in (NOTES if notes is None else notes).items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def literature(tmp_path: Path) -> Path:
    return write_literature(tmp_path / "literature")


def make_project(root: Path, literature: Path, own_pages: bool = True) -> Path:
    """The fixture MkDocs project (tests/fixtures/coproduction: mkdocs.yml and its
    hand-written docs/) around a literature folder.

    With ``own_pages=False`` the hand-written pages (which link into generated folders)
    are replaced by a one-line home page.
    """
    docs = root / "docs"
    shutil.copytree(COPRODUCTION / "docs", docs, ignore=shutil.ignore_patterns(".*"))
    config = (COPRODUCTION / "mkdocs.yml").read_text(encoding="utf-8")
    if not own_pages:
        for page in docs.glob("*.md"):
            page.unlink()
        (docs / "index.md").write_text("# Test review\n", encoding="utf-8")
        # evidencesite.yml's strength label links here
        (docs / "methods.md").write_text(
            "# Methods\n\n## How strength was judged { #how-strength-was-judged }\n",
            encoding="utf-8",
        )
        config = re.sub(r"\n  - How this review was done: methods.md", "", config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    if literature != root / "literature":
        shutil.copytree(literature, root / "literature")
    return root


def build_site(project: Path) -> Path:
    """`evidencesite build` (MkDocs, strict, with the plugin); returns the site folder."""
    site = project / "site"
    code = main(["build", "-q", "--config", str(project / "mkdocs.yml"), "--site-dir", str(site)])
    assert code == 0
    return site


def build_fixture(root: Path, fixture: Path) -> Path:
    """A fixture project (mkdocs.yml, docs/, literature/) copied under ``root``, checked
    strictly and built strictly; returns the site folder."""
    project = root / fixture.name
    shutil.copytree(fixture, project, ignore=shutil.ignore_patterns("site", ".*"))
    assert main(["check", "--strict", "--literature", str(project / "literature")]) == 0
    site = project / "site"
    args = ["build", "--strict", "-q", "--config", str(project / "mkdocs.yml")]
    assert main([*args, "--site-dir", str(site)]) == 0
    return site


@pytest.fixture(scope="session")
def review_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture review (tests/fixtures/coproduction), every kind and page family of
    the real review's shape, built in its own project."""
    return build_fixture(tmp_path_factory.mktemp("review"), COPRODUCTION)


@pytest.fixture(scope="session")
def barriers_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second fixture review (tests/fixtures/barriers): other kinds, relations and
    vocabularies, no confidence framework."""
    return build_fixture(tmp_path_factory.mktemp("barriers"), BARRIERS)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real review (literature/, mkdocs.yml, docs/) built in a throwaway copy of the
    project: for test_literature.py, which checks the review's content."""
    root = tmp_path_factory.mktemp("real") / "project"
    root.mkdir()
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns(".*"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "literature", root / "literature")
    return build_site(root)


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture literature built into a copy of the project."""
    root = tmp_path_factory.mktemp("small")
    write_literature(root / "literature")
    return build_site(make_project(root, root / "literature", own_pages=False))


EXAMPLE = ROOT / "examples" / "barriers-facilitators"

#: The example's blocks whose data (made-up numbers and judgements, marked as an example
#: on the page) describe the example's own works: a team with its own bibliography
#: removes them, as the scaffold's README says.
EXAMPLE_ONLY = ("flow", "search_strategy", "characteristics", "appraisal")
EXAMPLE_PAGES = ("flow/index.md", "search-strategy/index.md", "studies/index.md",
                 "appraisal/index.md")  # fmt: skip


def without_example_data(literature: Path) -> Path:
    """The review's evidencesite.yml without EXAMPLE_ONLY's blocks, edited as a team
    would (YAML only); returns the folder."""
    config = literature / "evidencesite.yml"
    text = config.read_text(encoding="utf-8")
    for key in EXAMPLE_ONLY:
        text = re.sub(rf"(?m)^{key}:\n(?:(?:[ #].*)?\n)*", "", text)
    config.write_text(text, encoding="utf-8")
    mkdocs = literature.parent / "mkdocs.yml"  # and their pages' places in the nav
    if mkdocs.is_file():
        nav = mkdocs.read_text(encoding="utf-8")
        for page in EXAMPLE_PAGES:
            nav = re.sub(rf"(?m)^  - [^\n]*: {page}\n", "", nav)
        mkdocs.write_text(nav, encoding="utf-8")
    return literature


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("example"), EXAMPLE)


#: Debian's Chromium (tools/ensure-browser.sh); Playwright cannot download its own here.
CHROMIUM = "/usr/bin/chromium"


# One browser for the whole session, here so that every browser test module shares it:
# a second sync Playwright in the same process fails ("Sync API inside the asyncio loop").
@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:

    assert Path(CHROMIUM).exists(), "Chromium is missing: run tools/ensure-browser.sh"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
