"""LaTeX in BibTeX fields -> plain Unicode text.

Most fields hold no LaTeX at all, so the decoder (pylatexenc, which knows the
accents, dashes and symbols that Zotero, JabRef and Mendeley export) runs only where
a LaTeX character is present.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text

_LATEX_CHARS = re.compile(r"[\\{}$~`]|--|''")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _decoder() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=False)


def decode(text: str) -> str:
    """Decode LaTeX markup to plain text and collapse whitespace.

    Never raises on malformed LaTeX: pylatexenc parses tolerantly, so a stray brace
    loses the brace, not the field.
    """
    if _LATEX_CHARS.search(text):
        text = _decoder().latex_to_text(text)
        # math_mode="verbatim" keeps the dollar signs; drop them for readers.
        text = text.replace("$", "") if text.count("$") % 2 == 0 else text
        text = text.replace("\xa0", " ")
    return _SPACES.sub(" ", text).strip()


def decode_verbatim(text: str) -> str:
    r"""Decode a URL or DOI: only braces and escaped characters (\_ \% \& \#)."""
    text = re.sub(r"\\([_%&#$~])", r"\1", text)
    text = text.replace("{", "").replace("}", "")
    if text.startswith("\\url"):
        text = text[4:]
    return _SPACES.sub("", text)
