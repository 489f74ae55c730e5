"""LaTeX in BibTeX fields -> plain Unicode text.

Most fields hold no LaTeX at all and are returned as they are. The LaTeX that
reference managers export is nearly always accents, special letters, escaped
characters, dashes and protective braces: a small table-driven decoder handles those
quickly. Maths is read as text first (latexmath.py); anything else (a macro such as
\\emph) goes to pylatexenc, a maintained LaTeX-to-text converter, so that nothing is
silently mangled.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import get_default_latex_context_db
from pylatexenc.macrospec import LatexContextDb

from .latexmath import replace_math

_LATEX_CHARS = re.compile(r"[\\{}$~`]|--|''")
_SPACES = re.compile(r"\s+")
_HAS_MATH = re.compile(r"\$|\\[(\[]")
#: Where a maths segment, already text, waits while the rest is decoded.
_MATH_PLACE = re.compile("\x02(\\d+)\x03")

#: Accent macros -> Unicode combining characters.
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
#: Letter macros -> characters.
_LETTERS = {
    "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}  # fmt: skip
_ESCAPED = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " "}

# {\"u}, \"{u}, \"u, {\'\i}, \c{c}, \c c  (a symbol accent may take a letter or \i/\j)
_ACCENT = re.compile(
    r"""\{?\\(['`^"~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij]|[A-Za-z]))\}?"""
    r"""|\{?\\([uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+(\\[ij]|[A-Za-z]))\}?"""
)
_LETTER = re.compile(r"\{?\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])\s*(?:\{\})?\}?")
_ESCAPE = re.compile(r"\\([&%$#_{} ])")
#: TeX's opening quotes (not the grave accent \`).
_OPENING_QUOTES = re.compile(r"(?<!\\)``?")
#: An opening single quote, then to the first ' that is not an apostrophe inside a word
#: (O'Brien, don't): that one closes it.
_SINGLE_QUOTED = re.compile(r"‘((?:[^'‘]|(?<=\w)'(?=\w))*)'")


def _accent(match: re.Match[str]) -> str:
    accent = match.group(1) or match.group(4)
    letter = match.group(2) or match.group(3) or match.group(5) or match.group(6)
    if letter in ("\\i", "\\j"):
        letter = letter[1]
    return unicodedata.normalize("NFC", letter + _ACCENTS[accent])


def _fast(text: str) -> str | None:
    """Decode the common cases; None when something needs the full decoder."""
    text = _ACCENT.sub(_accent, text)
    text = _LETTER.sub(lambda m: _LETTERS[m.group(1)], text)
    placeholders: list[str] = []

    def keep(m: re.Match[str]) -> str:
        placeholders.append(_ESCAPED[m.group(1)])
        return f"\x00{len(placeholders) - 1}\x00"

    text = _ESCAPE.sub(keep, text)
    if "\\" in text or "$" in text:
        return None
    # Ligatures first: a brace between two dashes keeps them apart, as in TeX.
    text = text.replace("---", "—").replace("--", "–").replace("~", " ")
    text = _opening_quotes(text).replace("''", "”")
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\x00(\d+)\x00", lambda m: placeholders[int(m.group(1))], text)


@lru_cache(maxsize=1)
def _decoder() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=False)


@lru_cache(maxsize=1)
def _macros() -> LatexContextDb:
    """pylatexenc's known macros, built once: its walker builds them again for every
    field it reads otherwise (0.4 s of tugboat.bib's 786 hard fields)."""
    return get_default_latex_context_db()


def _opening_quotes(text: str) -> str:
    return _OPENING_QUOTES.sub(lambda m: "“" if len(m.group()) == 2 else "‘", text)


def _closing_quotes(text: str) -> str:
    """`x' is TeX for ‘x’: the ' that closes an opening quote becomes ’ (an apostrophe
    stays as written)."""
    return _SINGLE_QUOTED.sub(r"‘\1’", text) if "‘" in text else text


def _full(text: str) -> str:
    try:
        # pylatexenc keeps ` as it is: TeX reads it as an opening quote.
        out: str = _decoder().latex_to_text(_opening_quotes(text), latex_context=_macros())
    except (RecursionError, IndexError, ValueError):
        # pylatexenc gives up on some malformed input (macros nested hundreds deep,
        # a command missing its arguments): keep the words, drop the markup.
        return _stripped(text)
    # math_mode="verbatim" keeps the dollar signs; drop them for readers.
    return out.replace("$", "") if out.count("$") % 2 == 0 else out


def _stripped(text: str) -> str:
    """Plain words from LaTeX the decoder could not read: commands and braces gone."""
    text = re.sub(r"\\[A-Za-z]+\*?\s*|\\.", " ", text)
    return re.sub(r"[{}$]", "", text)


@lru_cache(maxsize=65536)
def decode(text: str) -> str:
    """Decode LaTeX markup to plain text and collapse whitespace.

    Never raises on malformed LaTeX: pylatexenc parses tolerantly, so a stray brace
    loses the brace, not the field.
    """
    if _LATEX_CHARS.search(text):
        maths: list[str] = []
        if _HAS_MATH.search(text):
            text = replace_math(text, lambda done: _set_aside(done, maths))
        fast = _fast(text)
        text = _closing_quotes(fast if fast is not None else _full(text))
        text = text.replace("\xa0", " ")
        if maths:
            text = _MATH_PLACE.sub(lambda m: maths[int(m.group(1))], text)
    return _SPACES.sub(" ", text).strip()


def _set_aside(done: str, store: list[str]) -> str:
    store.append(done)
    return f"\x02{len(store) - 1}\x03"


def decode_verbatim(text: str) -> str:
    r"""Decode a DOI or eprint: only braces and escaped characters (\_ \% \& \#)."""
    return _SPACES.sub("", _unescaped(text))


_DOI_IN = re.compile(r"10\.\d{4,9}/\S+")


def decode_doi(text: str) -> str:
    """A DOI as reference managers write it: 'doi:10.1/x', 'Doi 10.1/x',
    'https://doi.org/10.1/x', or with an article number before it (EndNote's
    'ARTN R1 10.1/x'), read as the bare DOI; anything else is kept for validation."""
    plain = _SPACES.sub(" ", _unescaped(text)).strip()
    found = _DOI_IN.findall(plain)
    return found[0].rstrip(".,;") if len(found) == 1 else _SPACES.sub("", plain)


def decode_url(text: str) -> str:
    r"""Decode a URL: escapes and braces as for a DOI; in a web address, what may not
    stand in one percent-encoded (a space is %20), so a link is never cut short."""
    text = _SPACES.sub(" ", _unescaped(text)).strip()
    parts = text.split(" ")
    if len(parts) > 1 and sum("://" in part for part in parts) > 1:
        # several addresses in one field (Mendeley, EndNote): the first web one
        web = [p for p in parts if p.lower().startswith(("http://", "https://"))]
        text = web[0] if web else parts[0]
    if not text.lower().startswith(("http://", "https://")):
        return text  # never linked: shown as written ('<Go to ISI>://WOS:...')
    return re.sub(r"[ \"<>`^|\\]", lambda m: f"%{ord(m.group()):02X}", text)


def _unescaped(text: str) -> str:
    text = re.sub(r"\\([_%&#$~])", r"\1", text.strip())
    if text.startswith("\\url"):
        text = text[4:]
    return text.replace("{", "").replace("}", "")
