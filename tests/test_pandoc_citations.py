"""Notes' citations read as Pandoc 3 reads them (issue 23, part 5).

Every case of tests/data/citations/pandoc-corpus.yml goes through ``pandoc -f markdown
-t json`` (the binary that PyPI's pypandoc-binary ships) and through our parser; the
citations found must agree one for one: key, mode (NormalCitation, AuthorInText,
SuppressAuthor), prefix and suffix (our locator is the suffix without its comma).
Then a narrative citation with a locator is rendered through the styles:
"Ostrom (1996, p. 33)".
"""

from __future__ import annotations

import json
import subprocess
from types import SimpleNamespace
from typing import Any

import pypandoc
import pytest
import yaml

from conftest import ROOT
from evidencesite.bibtex import parse_names
from evidencesite.citations import parse_citations
from evidencesite.model import Location, Reference
from evidencesite.render.notes import citation_md, citation_plain
from evidencesite.styles import find_csl
from evidencesite.styles.csl import CSLStyle
from evidencesite.styles.harvard_ctr import HarvardCTR

CORPUS = yaml.safe_load((ROOT / "tests" / "data" / "citations" / "pandoc-corpus.yml").read_text())
#: Between cases: one pandoc run reads them all, and the HTML comment marks where
#: each ends.
SEPARATOR = "<!-- case -->"

Found = tuple[str, str, str, str]
"""(key, mode, prefix, suffix) of one cited work."""


def _words(inlines: list[dict[str, Any]]) -> str:
    """Pandoc inlines as plain text (what a prefix or suffix says)."""
    out = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps"):
            out.append(_words(content))
        elif kind in ("Cite", "Link", "Span", "Quoted"):
            out.append(_words(content[-1] if kind != "Link" else content[1]))
        elif kind == "Code":
            out.append(content[1])
    return "".join(out)


def _suffix(text: str) -> str:
    text = " ".join(text.replace("\xa0", " ").split())
    return " ".join(text.removeprefix(",").split())


def _cites(node: Any, found: list[Found]) -> list[Found]:
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            for c in node["c"][0]:
                mode = c["citationMode"]["t"]
                prefix = " ".join(_words(c["citationPrefix"]).replace("\xa0", " ").split())
                found.append((c["citationId"], mode, prefix, _suffix(_words(c["citationSuffix"]))))
        for value in node.values():
            _cites(value, found)
    elif isinstance(node, list):
        for value in node:
            _cites(value, found)
    return found


@pytest.fixture(scope="module")
def pandoc_reads() -> dict[str, list[Found]]:
    """What pandoc finds in each case, from one run over all of them."""
    document = f"\n\n{SEPARATOR}\n\n".join(case["md"] for case in CORPUS) + "\n"
    pandoc = pypandoc.get_pandoc_path()
    run = subprocess.run(
        [pandoc, "-f", "markdown", "-t", "json"],
        input=document, capture_output=True, text=True, check=True, encoding="utf-8",
    )  # fmt: skip
    cases: list[list[Any]] = [[]]
    for block in json.loads(run.stdout)["blocks"]:
        if block["t"] == "RawBlock" and block["c"][1].strip() == SEPARATOR:
            cases.append([])
        else:
            cases[-1].append(block)
    assert len(cases) == len(CORPUS)
    return {case["id"]: _cites(blocks, []) for case, blocks in zip(CORPUS, cases, strict=True)}


def _ours(markdown: str) -> list[Found]:
    groups, _ = parse_citations(markdown)
    found = []
    for group in groups:
        for i, c in enumerate(group.citations):
            if c.suppress_author:
                mode = "SuppressAuthor"
            else:
                mode = "AuthorInText" if group.narrative and i == 0 else "NormalCitation"
            found.append((c.key, mode, c.prefix, c.locator))
    return found


def test_the_corpus_is_large_and_pandoc_finds_citations_in_it(pandoc_reads) -> None:
    assert len(CORPUS) >= 40 and len({case["id"] for case in CORPUS}) == len(CORPUS)
    assert sum(map(len, pandoc_reads.values())) >= 60
    assert pandoc_reads["narrative-locator"] == [("ostrom1990", "AuthorInText", "", "p. 33")]
    assert pandoc_reads["braced-key"] == [("10.1000/xyz", "AuthorInText", "", "")]


@pytest.mark.parametrize("case", CORPUS, ids=[case["id"] for case in CORPUS])
def test_we_read_citations_as_pandoc_does(case: dict[str, str], pandoc_reads) -> None:
    assert _ours(case["md"]) == pandoc_reads[case["id"]]


def _work(key: str, author: str, year: str) -> Reference:
    fields = {"title": f"A work by {author}", "journal": "World Development", "year": year}
    return Reference(
        key=key, slug=key, entry_type="article", fields=fields, authors=parse_names(author),
        editors=[], location=Location("x.bib", 1),
    )  # fmt: skip


WORKS = [_work("ostrom1996", "Ostrom, Elinor", "1996"), _work("cahn2000", "Cahn, Edgar S.", "2000")]


def _site(style: Any) -> Any:
    return SimpleNamespace(
        review=SimpleNamespace(references={w.key: w for w in WORKS}),
        cite=style,
        ref_page=lambda ref: f"references/{ref.slug}/index.md",
        hover={w.key: w.title for w in WORKS},
    )


def _rendered(style: Any, markdown: str) -> str:
    """The first citation of ``markdown`` as a note page's plain text gives it."""
    groups, errors = parse_citations(markdown)
    assert not errors
    return citation_plain(_site(style), groups[0])


def _csl(name: str) -> CSLStyle:
    path, why = find_csl(name, ROOT)
    assert path is not None, why
    return CSLStyle(path, WORKS, [("ostrom1996", "p. 33"), ("cahn2000", "p. 4")])


def test_a_narrative_citation_with_a_locator_in_harvard() -> None:
    harvard = HarvardCTR(WORKS)
    assert _rendered(harvard, "@ostrom1996 [p. 33]") == "Ostrom (1996, p. 33)"
    assert _rendered(harvard, "@ostrom1996") == "Ostrom (1996)"
    assert _rendered(harvard, "@{ostrom1996}[p. 33]") == "Ostrom (1996, p. 33)"
    # Pandoc's other works after the locator, and a narrative -@key (the year only)
    assert _rendered(harvard, "@ostrom1996 [p. 33; @cahn2000, p. 4]") == (
        "Ostrom (1996, p. 33) (Cahn, 2000, p. 4)"
    )
    assert _rendered(harvard, "-@ostrom1996 [p. 33]") == "(1996, p. 33)"


def test_a_narrative_citation_with_a_locator_in_csl_styles() -> None:
    assert _rendered(_csl("apa"), "@ostrom1996 [p. 33]") == "Ostrom (1996, p. 33)"
    assert _rendered(_csl("apa"), "@ostrom1996") == "Ostrom (1996)"
    # Chicago author-date writes a page without "p.": the processor says how.
    chicago = _csl("chicago-author-date")
    assert _rendered(chicago, "[@ostrom1996, p. 33]") == "(Ostrom 1996, 33)"
    assert _rendered(chicago, "@ostrom1996 [p. 33]") == "Ostrom (1996, 33)"
    # A numeric style: the number with the locator, as the style writes it in brackets
    # (Elsevier Vancouver shows no locators at all, there or here).
    ieee = _csl("ieee")
    assert _rendered(ieee, "[@ostrom1996, p. 33]") == "[2, p. 33]"
    assert _rendered(ieee, "@ostrom1996 [p. 33]") == "Ostrom [2, p. 33]"


def test_a_narrative_citation_with_a_locator_on_the_page() -> None:
    """The Markdown a note page gets: the named work linked, with its locator."""
    groups, _ = parse_citations("As @ostrom1996 [p. 33] says.")
    shown = citation_md(_site(HarvardCTR(WORKS)), groups[0], "themes/power/index.md")
    assert shown == (
        "[Ostrom \\(1996, p\\. 33\\)](<../../references/ostrom1996/index.md>"
        ' "A work by Ostrom, Elinor"){ .citation }'
    )
