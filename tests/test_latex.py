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


MATHS = [
    # xampl.bib's techreport title: the dollars went and the commands stayed
    # ("O(n \log n / \! \log\log n)").
    ("An {$O(n \\log n / \\! \\log\\log n)$} Sorting Algorithm",
     "An O(n log n / log log n) Sorting Algorithm"),
    # jabref.bib, SadeghifarWiknerGustafsson2014 and GarridoGrajalMarcosEtAl2013
    ("semi-digital FIR filter and {\\(\\Sigma\\)}{\\(\\Delta\\)} modulator",
     "semi-digital FIR filter and ΣΔ modulator"),
    ("Pipelined Radix-2\\({}^{k}\\) Feedforward FFT", "Pipelined Radix-2^k Feedforward FFT"),
    ("0.35 \\(\\mathrm{\\mu}\\)m Standard CMOS", "0.35 μm Standard CMOS"),  # Gustafsson2008
    # tugboat.bib
    ("Open-belly surgery in $\\Omega_2$", "Open-belly surgery in Ω_2"),
    ("NTS \\& {$\\varepsilon$}-TeX: a status report", "NTS & ε-TeX: a status report"),  # \\TeX: texmacros.py
    ("LaTeX 2.09 $\\hookrightarrow$ LaTeX3", "LaTeX 2.09 ↪ LaTeX3"),
    # symbols keep the spaces written around them
    ("$\\alpha \\leq \\beta \\times 2$", "α ≤ β × 2"),
    ("$\\sin x\\,\\cos y\\; z\\quad w$", "sin x cos y z w"),
    ("$\\log_2 n$ and $\\log(x)$", "log_2 n and log(x)"),
    ("$\\operatorname{rank} A$", "rank A"),
    # scripts: one character as it is, more in brackets
    ("$x^2 + y_{ij}$", "x^2 + y_(ij)"),
    ("$10^{-3}$, $e^{i\\pi}$", "10^(-3), e^(iπ)"),
    ("$\\sum_{i=1}^n x_i$", "∑_(i=1)^n x_i"),
    ("$\\frac{1}{2}$ and $\\sqrt{x}$", "1/2 and √(x)"),
    ("$$E = mc^2$$ and \\[a \\neq b\\]", "E = mc^2 and a ≠ b"),
    # never half converted: a command pylatexenc does not know keeps the maths as TeX
    ("Bounds on $\\foo{x} \\leq 2$ here", "Bounds on $\\foo{x} \\leq 2$ here"),
    # dollars that are not maths
    ("costs \\$5 and \\$6", "costs $5 and $6"),
    ("a lone $ sign", "a lone $ sign"),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "text"), MATHS, ids=[m[1][:40] for m in MATHS])
def test_maths(latex: str, text: str) -> None:
    assert decode(latex) == text
