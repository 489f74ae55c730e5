"""LaTeX in BibTeX fields read as text: golden cases (issue 23, part 5).

Each case is what a reader of the page should see. Where pylatexenc, the reference
decoder, reads the same input the same way, test_properties.py checks that the fast
path agrees with it; these cases pin down what pylatexenc does not do for us.
"""

from __future__ import annotations

import pytest

from evidencesite.latex import decode

QUOTES = [
    # TeX's `x' is ‘x’: the closing ' was left straight (‘x').
    ("`x'", "‘x’"),
    ("``x''", "“x”"),
    ("`Magic' comments in 0.4", "‘Magic’ comments in 0.4"),  # tugboat.bib, Wright:TB32-1-113
    ("``She said `hi'.''", "“She said ‘hi’.”"),
    # An apostrophe inside a word is not a closing quote, in quotes or out.
    ("O'Brien", "O'Brien"),
    ("don't", "don't"),
    ("`don't' said `O'Brien'", "‘don't’ said ‘O'Brien’"),
    ("the authors' view", "the authors' view"),
    ("`x' \\emph{y}", "‘x’ y"),  # through pylatexenc, which keeps ` as it is
    ("\\`{e}t\\`e", "ètè"),  # a grave accent, not a quote
    ("\\textasciigrave{}x'", "`x'"),  # a literal backtick (the BibTeX download writes one so)
]


@pytest.mark.parametrize(("latex", "text"), QUOTES, ids=[q[0] for q in QUOTES])
def test_quotes(latex: str, text: str) -> None:
    assert decode(latex) == text
