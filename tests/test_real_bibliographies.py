"""Bibliographies nobody here wrote build (issue 15): TeX Live's xampl.bib, biblatex's
biblatex-examples.bib and Beebe's tugboat.bib (4,837 entries), plus exports of the
reference managers reviewers use. Each gives 0 errors and one page per entry, with
crossref/xref/xdata resolved, @preamble macros expanded, accents decoded, unsafe keys
turned into stable slugs, and unsafe links refused."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bibtexparser import model as bm
from bibtexparser.entrypoint import parse_string

from conftest import EXAMPLE, ROOT, build_site, without_example_data
from evidencesite.bibtex import key_slug
from helpers import article, words

DATA = ROOT / "tests" / "data" / "real"
REAL = sorted(p.stem for p in DATA.glob("*.bib"))


def entries(name: str) -> list[str]:
    """The keys of the works in a file: what BibTeX itself would list (no @string,
    @preamble, @comment; no biblatex @xdata, which only holds fields for others, nor
    @set, which groups other entries)."""
    text = (DATA / f"{name}.bib").read_text(encoding="utf-8")
    library = parse_string(text, parse_stack=[])
    return [
        b.key
        for b in library.blocks
        if isinstance(b, bm.Entry | bm.DuplicateFieldKeyBlock)
        and getattr(b, "entry_type", "").lower() not in ("xdata", "set")
    ]


def literature(tmp_path: Path, name: str) -> Path:
    """The example review's shape (no notes), with this bibliography."""
    folder = tmp_path / name / "literature"
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLE / "literature" / "evidencesite.yml", folder)
    shutil.copy(DATA / f"{name}.bib", folder / "references.bib")
    return without_example_data(folder)


@pytest.fixture(scope="module")
def generate(tmp_path_factory: pytest.TempPathFactory):
    """Generate the docs tree of one real bibliography, once per file: (exit code,
    folder)."""
    from evidencesite.cli import main

    made: dict[str, tuple[int, Path]] = {}

    def _generate(name: str) -> tuple[int, Path]:
        if name not in made:
            tmp = tmp_path_factory.mktemp("real-bib")
            lit = literature(tmp, name)
            out = tmp / "docs"
            code = main(["generate", "-q", "--literature", str(lit), "--docs",
                         str(EXAMPLE / "docs"), "--out", str(out)])  # fmt: skip
            made[name] = (code, out)
        return made[name]

    return _generate


@pytest.mark.parametrize("name", REAL)
def test_builds_with_no_errors_and_a_page_per_entry(generate, name: str) -> None:
    code, out = generate(name)
    assert code == 0, name
    pages = {p.stem for p in (out / "references").glob("*.md")} - {"index"}
    pages = {p for p in pages if not re.fullmatch(r"page-\d+", p)}
    keys = entries(name)
    assert len(keys) == len(set(keys))
    assert pages == {key_slug(k) for k in keys}, name


def test_the_real_files_are_what_the_issue_names() -> None:
    assert {"xampl", "biblatex-examples", "tugboat"} <= set(REAL)
    assert {"zotero-bbt", "jabref", "mendeley", "endnote"} <= set(REAL)
    assert len(entries("tugboat")) > 4800
    assert len(entries("xampl")) == 36


def _page(out: Path, key: str) -> str:
    return (out / "references" / f"{key_slug(key)}.md").read_text(encoding="utf-8")


def test_xampl_crossref_matches_keys_whatever_their_case(generate) -> None:
    _, out = generate("xampl")
    page = _page(out, "article-crossref")  # crossref = {WHOLE-JOURNAL}
    assert "G\\-Animal's Journal" in page or "G-Animal's Journal" in page


def test_xampl_noopsort_and_preamble_macros_give_real_years(generate) -> None:
    _, out = generate("xampl")
    page = _page(out, "inbook-full")  # year = {{\noopsort{1973b}}1973}
    assert 'title: "Knuth, 1973b: Fundamental Algorithms"' in page  # b: Knuth has two 1973s
    assert "1973b1973" not in page
    assert "\\(1968–90\\)" in _page(out, "whole-set")  # \switchargs{--90}{1968}
    assert "[Untitled]" in _page(out, "misc-minimal")


def test_biblatex_types_read_as_the_closest_kind(generate) -> None:
    _, out = generate("biblatex-examples")
    knuth = _page(out, "knuth:ct")  # @mvbook
    assert "*Computers &amp; Typesetting*. Reading, Mass" in knuth.replace("\\", "")


def test_a_set_is_read_as_its_members_with_a_warning(tmp_path: Path) -> None:
    """biblatex's @set groups entries cited together: it is not a work, so it has no
    page (it had one, titled [Untitled]), and the warning names its members."""
    from evidencesite.cli import main

    lit = literature(tmp_path, "biblatex-examples")
    result = subprocess.run(
        [sys.executable, "-m", "evidencesite.cli", "check", "--literature", str(lit)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    line = (DATA / "biblatex-examples.bib").read_text(encoding="utf-8").splitlines().index(
        "@set{stdmodel,"
    ) + 1
    assert (
        f"references.bib:{line}: warning: @set 'stdmodel' groups other entries and is not "
        "a work, so it gets no page: cite its members (glashow, weinberg, salam)"
    ) in result.stderr
    out = tmp_path / "docs"
    assert main(["generate", "-q", "--literature", str(lit), "--docs", str(EXAMPLE / "docs"),
                 "--out", str(out)]) == 0  # fmt: skip
    assert not (out / "references" / "stdmodel.md").exists()
    assert (out / "references" / "glashow.md").is_file()


def test_a_key_that_is_not_url_safe_gets_a_stable_slug(generate) -> None:
    _, out = generate("biblatex-examples")
    assert key_slug("baez/article") == "baez-article"
    assert (out / "references" / "baez-article.md").is_file()
    assert "Higher\\-Dimensional Algebra V" in _page(out, "baez/article")
    # no key ever becomes a path: nothing was written outside references/
    assert not list(out.glob("references/*/**/*.md"))


def test_accents_and_markup_are_decoded(generate) -> None:
    _, out = generate("biblatex-examples")
    aksin = _page(out, "aksin")
    assert "Aksın, Ö\\." in aksin and "Türkmen" in aksin
    assert "“Intention” und “Intentionalität”" in _page(out, "spiegelberg")  # \mkbibquote
    annotation = _page(out, "baez/article")
    assert "An article with eprint and eprinttype fields" in annotation.replace("\\", "")


def test_tugboat_links_only_web_addresses_and_titles_the_untitled(generate) -> None:
    _, out = generate("tugboat")
    rahtz = _page(out, "Rahtz:TB18-2-81")
    assert "ftp://tug.org/historic/systems/texlive/1997/tb55tlguide2.pdf" in rahtz.replace("\\", "")
    assert "(<ftp:" not in rahtz  # shown, never a link
    assert "[Untitled]" in _page(out, "Casares:TB23-3-313").replace("\\", "")


def test_a_real_bibliography_builds_with_mkdocs(tmp_path: Path) -> None:
    """The generated pages of the most unusual file pass MkDocs in strict mode."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site", ".*"))
    shutil.copy(DATA / "biblatex-examples.bib", project / "literature" / "references.bib")
    without_example_data(project / "literature")
    for folder in ("barriers", "facilitators", "outcomes"):
        shutil.rmtree(project / "literature" / folder)
        (project / "literature" / folder).mkdir()
    site = build_site(project)
    body = article(site, "/references/baez-article/")
    assert "Higher-Dimensional Algebra V: 2-Groups" in words(body)


@pytest.mark.parametrize(
    ("name", "key", "text"),
    [
        ("jabref", "KhalafKoppLeymann2007", "Krämer"),  # Kr{\"{a}}mer
        ("zotero-bbt", "hailer_nuclear_2012", "Hallström"),  # UTF-8 as exported
        ("mendeley", "Noguera2012", "Etude du rôle de la protéine VASP"),  # r\^{o}le
        ("endnote", "RN1044", "Modulation of near\\-wall turbulence"),
    ],
)
def test_reference_manager_exports_decode_names_and_titles(
    generate, name: str, key: str, text: str
) -> None:
    _, out = generate(name)
    assert text in _page(out, key)


def test_endnote_isi_addresses_are_shown_not_linked_and_dois_are_bare(generate) -> None:
    _, out = generate("endnote")
    page = _page(out, "RN1044")
    assert "https://doi.org/10.1017/jfm.2019.41" in page
    assert "Go to ISI" in page and "(<<Go to ISI" not in page and "](<%3CGo" not in page
