"""TeX maths in a BibTeX field -> text a reader can read, or the TeX kept whole.

A title such as xampl.bib's ``$O(n \\log n / \\! \\log\\log n)$`` reads as
"O(n log n / log log n)": symbols become Unicode (``\\alpha`` α, ``\\leq`` ≤, ``\\times``
×) through pylatexenc's table; operator names (``\\log``) keep a space from what
follows; spacing commands (``\\!`` ``\\,``) go; ``x^2`` and ``y_{ij}`` stay ASCII,
bracketed when longer than one character (``y_(ij)``). Maths holding a command
pylatexenc does not know would come out half converted (it drops the command and
keeps its argument), so such a segment is kept whole, as TeX, instead.

Only maths takes this path; the rest of a field goes through latex.py's fast decoder
as before (it is 2x faster than pylatexenc, and most fields hold no maths).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

#: $...$, $$...$$, \(...\), \[...\]; an escaped \$ is a dollar sign, not maths.
MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$|(?<!\\)\$(?P<inline>.+?)(?<!\\)\$"
    r"|\\\((?P<paren>.+?)\\\)|\\\[(?P<bracket>.+?)\\\]",
    re.S,
)
_SPACING = re.compile(r"\\[,;:> ]|\\q?quad(?![A-Za-z])|~")
_OPERATORNAME = re.compile(r"\\operatorname\*?\s*\{([^{}]*)\}")
_OPERATOR = re.compile(
    r"\\(log|lg|ln|exp|sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|coth|arcsin|arccos|arctan"
    r"|max|min|sup|inf|lim|limsup|liminf|det|dim|ker|deg|arg|gcd|hom|Pr|bmod|mod)"
    r"(?![A-Za-z])\s*"
)
#: ^ or _ (not the accent \^) and its argument: a group, a command or one character.
_SCRIPT = re.compile(r"(?<!\\)([\^_])\s*(?:\{([^{}]*)\}|(\\[A-Za-z]+)|([^\s\\{}]))")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
#: A replacement holding one of these is a template or would be read as TeX again.
_TEX_SPECIAL = re.compile(r"[%\\{}$&#_^~]")


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """The commands pylatexenc turns into text."""
    specs = get_default_latex_context_db().iter_macro_specs()
    return frozenset(spec.macroname for spec in specs)


@lru_cache(maxsize=1)
def _symbols() -> dict[str, str]:
    """pylatexenc's commands that stand for one fixed text (\\alpha α, \\leq ≤): replaced
    here, so that the spaces around them stay ("α ≤ β", where pylatexenc gives "α≤β")."""
    specs = get_default_latex_context_db().iter_macro_specs()
    return {
        spec.macroname: spec.simplify_repl
        for spec in specs
        if isinstance(spec.simplify_repl, str) and not _TEX_SPECIAL.search(spec.simplify_repl)
    }


def _symbol(match: re.Match[str]) -> str:
    return _symbols().get(match.group(1), match.group())


@lru_cache(maxsize=1)
def _decoder() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def _operator(match: re.Match[str]) -> str:
    """``\\log`` -> "log", with a space when a word or command follows (``\\log\\log n``
    -> "log log n", not "loglog n")."""
    rest = match.string[match.end() : match.end() + 1]
    return match.group(1) + (" " if rest.isalnum() or rest == "\\" else "")


def _script(to_text: Callable[[str], str]) -> Callable[[re.Match[str]], str]:
    def script(match: re.Match[str]) -> str:
        mark, group, command, char = match.groups()
        argument = to_text(group if group is not None else command or char).strip()
        return f"{mark}{argument}" if len(argument) <= 1 else f"{mark}({argument})"

    return script


def math_text(tex: str) -> str | None:
    """The text of one maths segment (without its delimiters); None when it holds a
    command pylatexenc does not know, so that the caller keeps the TeX."""
    tex = _SPACING.sub(" ", tex.replace("\\!", ""))
    tex = _OPERATORNAME.sub(r"\1 ", tex)
    if any(name not in _known() for name in _COMMAND.findall(tex)):
        return None
    tex = _OPERATOR.sub(_operator, tex)
    tex = _COMMAND.sub(_symbol, tex)
    tex = _SCRIPT.sub(_script(_plain), tex)
    return " ".join(_plain(tex).split())


def _plain(tex: str) -> str:
    try:
        out: str = _decoder().latex_to_text("$" + tex + "$")
    except (RecursionError, IndexError, ValueError):
        return tex
    return out.replace("\xa0", " ")


def replace_math(text: str, keep: Callable[[str], str]) -> str:
    """Each maths segment of a field replaced by ``keep(its text)``, or by
    ``keep(the segment as written)`` when it cannot be read as text."""

    def segment(match: re.Match[str]) -> str:
        inner = next(group for group in match.groups() if group is not None)
        converted = math_text(inner)
        return keep(match.group() if converted is None else converted)

    return MATH.sub(segment, text)
