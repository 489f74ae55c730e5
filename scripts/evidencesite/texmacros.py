r"""TeX macros in BibTeX fields: those ``@preamble`` defines, and a few every
bibliography uses, expanded before the LaTeX is decoded.

Bibliographies define their own commands in ``@preamble``: ``\noopsort`` (sorting
trick, ``{\noopsort{1973b}}1973``), ``\switchargs``, logos. Without expansion a
decoder drops an unknown command mid-word ("\bsecond" became "bSecond edition").
Here:

- ``\newcommand``, ``\renewcommand``, ``\providecommand`` (with ``[n]`` arguments) and
  ``\def\name#1#2{...}`` in ``@preamble`` are read (:func:`read_preamble`);
- a field's macros are expanded, the built-in ones too (:func:`expand`): ``\noopsort``,
  ``\href{url}{text}`` (the text), ``\url``, ``\path``, ``\doi`` and TeX's logos;
- :func:`unknown_macros` names what is left that the decoder does not know, so that
  ``check`` can say which commands were dropped.

Expansion is bounded in replacements, in the length it may reach and in the characters
it may scan (:data:`MAX_EXPANSIONS`, :data:`MAX_EXPANDED_CHARS`,
:data:`MAX_SCANNED_CHARS`), so a macro that calls or doubles itself, or a field of
unclosed braces, stops with a warning instead of hanging or filling memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

MAX_EXPANSIONS = 1000
#: An expanded field may not grow past this (a macro that doubles its argument would
#: otherwise fill memory within 30 expansions).
MAX_EXPANDED_CHARS = 100_000
#: Characters a field's expansion may scan, in all: unbalanced braces cannot make it
#: quadratic.
MAX_SCANNED_CHARS = 5_000_000

#: Logos, as TUGboat and most TeX bibliographies write them.
LOGOS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX",
    "AmSTeX": "AMS-TeX", "AMSTeX": "AMS-TeX", "AmS": "AMS", "AMS": "AMS",
    "AmSLaTeX": "AMS-LaTeX", "AMSLaTeX": "AMS-LaTeX", "METAFONT": "METAFONT",
    "MF": "METAFONT", "MP": "MetaPost", "METAPOST": "MetaPost", "MetaPost": "MetaPost",
    "ConTeXt": "ConTeXt", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "eTeX": "ε-TeX",
    "TUB": "TUGboat", "TUG": "TUG", "PiCTeX": "PiCTeX", "SliTeX": "SliTeX",
    "plainTeX": "plain TeX", "BibLaTeX": "BibLaTeX", "LAMSTeX": "LAMS-TeX",
    "WEB": "WEB", "CWEB": "CWEB", "MFB": "METAFONTbook", "TB": "TeXbook",
}  # fmt: skip


@dataclass(frozen=True)
class Macro:
    """A command: how many arguments it takes, and what it becomes (#1... replaced)."""

    args: int
    body: str


def _built_in() -> dict[str, Macro]:
    macros = {name: Macro(0, text + "{}") for name, text in LOGOS.items()}
    macros.update(
        noopsort=Macro(1, ""),  # sorts by its argument, prints nothing
        href=Macro(2, "#2"),  # the link text; the address is not a field's content
        url=Macro(1, "#1"),
        doi=Macro(1, "#1"),
        # Plain TeX's font switches, which the decoder does not know: they print nothing.
        **{switch: Macro(0, "") for switch in ("tt", "it", "bf", "sl", "sc", "rm", "sf", "em")},
        slash=Macro(0, "/"),
        Dash=Macro(0, "—"),
        thinspace=Macro(0, " "),
        hyphen=Macro(0, "-"),
        # biblatex's markup commands
        enquote=Macro(1, "“#1”"),
        mkbibquote=Macro(1, "“#1”"),
        mkbibemph=Macro(1, "#1"),
        mkbibitalic=Macro(1, "#1"),
        mkbibbold=Macro(1, "#1"),
        arabic=Macro(1, "#1"),
        # Commands whose argument the decoder would drop, though it is the text itself.
        **{name: Macro(1, "#1") for name in ("texttt", "textsf", "textup", "textmd", "mbox")},
    )
    return macros


BUILT_IN = _built_in()


@dataclass
class Preamble:
    """What one file's @preamble blocks define, and what they do that cannot be read."""

    macros: dict[str, Macro] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    """Things it does that are not definitions (\\input of a file, \\hyphenation...)."""


_NEWCOMMAND = re.compile(
    r"\\(?:re|provide)?newcommand\*?\s*(?:\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+))\s*"
    r"(?:\[(\d)\])?\s*(?:\[[^\]]*\])?\s*\{"
)
_DEF = re.compile(r"\\def\s*\\([A-Za-z]+)((?:\s*#\d)*)\s*\{")
_INPUT = re.compile(r"\\(input|include|usepackage)\s*\{?\s*([^\s{}]+)")


def read_preamble(text: str, into: Preamble) -> None:
    """Read the definitions in one @preamble's text into ``into``. Raises
    ExpansionLimit when the preamble is too long to read safely."""
    budget = _Budget()
    if len(text) > MAX_EXPANDED_CHARS:
        raise ExpansionLimit("@preamble")
    for match in _NEWCOMMAND.finditer(text):
        name = match.group(1) or match.group(2)
        body = _group(text, match.end() - 1, budget)
        if body is not None:
            into.macros[name] = Macro(int(match.group(3) or 0), body)
    for match in _DEF.finditer(text):
        body = _group(text, match.end() - 1, budget)
        if body is not None:
            into.macros[match.group(1)] = Macro(match.group(2).count("#"), body)
    for match in _INPUT.finditer(text):
        into.ignored.append(f"\\{match.group(1)} {match.group(2)}")


class _Budget:
    """How many characters brace matching has scanned for one field."""

    def __init__(self) -> None:
        self.scanned = 0

    def spend(self, characters: int, name: str) -> None:
        self.scanned += characters
        if self.scanned > MAX_SCANNED_CHARS:
            raise ExpansionLimit(name)


_BRACE = re.compile(r"(?<!\\)[{}]")  # a brace not escaped with a backslash


def group_end(text: str, start: int) -> int:
    """Index just past the brace group opening at text[start], or -1 if unbalanced."""
    depth = 0
    for brace in _BRACE.finditer(text, start):  # jumps from brace to brace
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return brace.end()
    return -1


def _group(text: str, start: int, budget: _Budget) -> str | None:
    """The text inside the brace group opening at text[start]; None if unbalanced. The
    characters scanned are charged to ``budget``."""
    end = group_end(text, start)
    budget.spend((end if end != -1 else len(text)) - start, "{")
    return text[start + 1 : end - 1] if end != -1 else None


_CALL = re.compile(r"\\([A-Za-z]+)\s*")


class ExpansionLimit(Exception):
    """A field's macros kept expanding (a macro that calls itself)."""


def expand(text: str, macros: dict[str, Macro]) -> str:
    """``text`` with every known macro replaced by its body, arguments filled in.
    Raises ExpansionLimit after MAX_EXPANSIONS replacements."""
    if "\\" not in text:
        return text
    table = {**BUILT_IN, **macros}
    budget = _Budget()
    done = 0
    pos = 0
    while True:
        match = _CALL.search(text, pos)
        if match is None:
            return text
        macro = table.get(match.group(1))
        if macro is None:
            pos = match.end()
            continue
        args, end = _arguments(text, match.end(), macro.args, budget)
        if args is None:
            pos = match.end()  # too few arguments: leave it to the decoder
            continue
        body = macro.body
        for number, value in enumerate(args, start=1):
            body = body.replace(f"#{number}", value)
        text = text[: match.start()] + body + text[end:]
        pos = match.start()
        done += 1
        if done > MAX_EXPANSIONS or len(text) > MAX_EXPANDED_CHARS:
            raise ExpansionLimit(match.group(1))


def _arguments(text: str, pos: int, count: int, budget: _Budget) -> tuple[list[str] | None, int]:
    """``count`` arguments from text[pos:], each a brace group or one character."""
    args = []
    for _ in range(count):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return None, pos
        if text[pos] == "{":
            inner = _group(text, pos, budget)
            if inner is None:
                return None, pos
            args.append(inner)
            pos += len(inner) + 2
        else:
            args.append(text[pos])
            pos += 1
    return args, pos


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Commands the decoder (pylatexenc) turns into text or knows how to skip."""
    from pylatexenc import latex2text, latexwalker

    text_db = latex2text.get_default_latex_context_db()
    walker_db = latexwalker.get_default_latex_context_db()
    names: set[str] = set()
    for db in (text_db, walker_db):
        for category in db.categories():
            for spec in db.iter_macro_specs(categories=[category]):
                names.add(spec.macroname)
    return frozenset(names)


def unknown_macros(text: str) -> list[str]:
    """Commands left in ``text`` (after expansion) that the decoder would drop."""
    known = _known()
    return [name for name in dict.fromkeys(_CALL_NAME.findall(text)) if name not in known]


_CALL_NAME = re.compile(r"\\([A-Za-z]+)")
