"""citeproc-js (styles/citeproc_js_engine.py): 'Cite this page' is made on the engine
that rendered the works, not on a second one (which compiled the style again, about
1.5 s for APA), and gives, byte for byte, what an engine of its own gives; the works
render as before afterwards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from evidencesite.bibtex import load_bibliography
from evidencesite.styles import WebPage, find_csl
from evidencesite.styles.citeproc_js_engine import CiteprocJS
from evidencesite.styles.csl import CSLStyle, _text, csl_item, page_item

# Works a style must tell apart: et al. expanded (Smith, Jones & Brown / & Green), a
# year suffix (two by J. Smith alone in 2019), initials (J. and K. Smith), and a group
# author the pages share.
BIB = r"""
@article{smith2019alpha, author = {Smith, John and Jones, Ann and Brown, Bo},
  title = {Alpha}, journal = {Journal}, year = {2019}}
@article{smith2019beta, author = {Smith, John and Jones, Ann and Green, Cy},
  title = {Beta}, journal = {Journal}, year = {2019}}
@article{smith2019gamma, author = {Smith, John}, title = {Gamma}, journal = {Journal},
  year = {2019}}
@article{smith2019delta, author = {Smith, John}, title = {Delta}, journal = {Journal},
  year = {2019}}
@book{smith2020epsilon, author = {Smith, Kate}, title = {Epsilon}, publisher = {Press},
  year = {2020}}
@misc{group2024, author = {{Example Review Group}}, title = {Evidence review}, year = {2024}}
"""
DAY = dt.date(2024, 5, 1)
PAGES = [
    WebPage(["Smith, J."], "Gamma", "Theme T1", "Evidence review", "1.2", DAY, "https://e.org/t1/"),
    WebPage(["Example Review Group"], "Evidence review", "", "", "1.2", DAY, "https://e.org/"),
    WebPage(["Smith, J."], "Gamma", "Theme T1", "Evidence review", "1.2", DAY, "https://e.org/t1/"),
    WebPage([], "Delta", "Driver D2", "Evidence review", "", None, "https://e.org/d2/", "Press"),
]


@pytest.mark.parametrize("name", ["apa", "ieee", "chicago-author-date"])
def test_cite_this_page_on_the_works_engine_is_what_an_engine_of_its_own_makes(
    tmp_path: Path, name: str
) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    references, problems = load_bibliography([(bib, "references.bib")])
    assert not problems
    path, _ = find_csl(name, tmp_path)
    assert path is not None
    items = {key: csl_item(ref) for key, ref in references.items()}
    modes = ["", "suppress-author", "author-only"]
    cites = [(key, "", "", mode) for key in items for mode in modes]
    cites += [("smith2019gamma", "page", "3", "")]

    engine = CiteprocJS(path, None, items)
    engine.context.eval("var made = 0, make = ES.make; ES.make = function () { made += 1; return make(); };")  # fmt: skip
    first = engine.render(list(items), cites)
    if name == "apa":  # the works are told apart, so the test means something
        assert "(J. Smith, 2019a)" in first[2]  # a year suffix and initials
        assert "(J. Smith, Jones, &#38; Brown, 2019)" in first[2]  # et al. expanded
    shared = [engine.web_page(page_item(page)) for page in PAGES]
    again = engine.render(list(items), cites)
    assert engine.context.eval("made") == 1  # one CSL.Engine: the style compiled once
    assert again == first

    alone = CiteprocJS(path, None, {})
    assert [alone.web_page(page_item(page)) for page in PAGES] == shared
    assert shared[0] == shared[2] and shared[0] != shared[1]

    # And CSLStyle asks the engine that rendered its works.
    style = CSLStyle(path, list(references.values()), [])
    assert style.web_page(PAGES[3]) == _text(shared[3])
