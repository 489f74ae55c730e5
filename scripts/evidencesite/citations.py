"""Pandoc citation syntax in Markdown -> CitationGroups with offsets and lines.

Read as Pandoc 3 reads it (tests/test_pandoc_citations.py compares with pandoc
itself): ``[@key]``, ``[@key, p. 12]``, ``[see @a; @b]``, author-suppressed
``[-@key]``; narrative ``@key``, with a locator in brackets after it
(``@key [p. 33]``: "Ostrom (1996, p. 33)"); braced keys (``@{10.1000/xyz}``), for keys
with characters that would otherwise end them. Code spans and fenced code blocks are
left alone, and so are e-mail addresses (``name@example.org``): as in Pandoc, an ``@``
straight after a letter, digit, '.' or '%' starts no citation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from .model import Citation, CitationGroup

# Pandoc's citeKey: a letter, digit or _, then those and single internal punctuation
# (:.#$%&-+?<>~/ before a letter, digit or _), or : and / before a / (URLs); or, in
# braces that are not part of the key, anything but spaces (balanced braces inside).
_SIMPLE_KEY = r"\w(?:\w|[:.#$%&+?<>~/-](?=\w)|[:/](?=/))*"
_BRACED_KEY = r"\{(?:[^\s{}]|\{[^\s{}]*\})+\}"
KEY = rf"(?:{_BRACED_KEY}|{_SIMPLE_KEY})"
#: Pandoc's notAfterString: no citation starts straight after a word (a@b.com, x.@a).
_NOT_AFTER_WORD = r"(?<![^\W_])(?<![.%])"
_ITEM = re.compile(
    rf"^(?P<prefix>.*?){_NOT_AFTER_WORD}(?P<minus>-)?@(?P<key>{KEY})(?P<suffix>.*)$", re.S
)
#: ``@key``, and a bracket after it (on the same line or the next) that is not a
#: link or a span: its first part is the locator ("@key [p. 33]").
_CITED = (
    rf"(?P<minus>-)?@(?P<key>{KEY})"
    r"(?P<after>[ \t]*(?:\n[ \t]*)?\[(?P<inner>[^\[\]]*\S[^\[\]]*)\](?![({]))?"
)
_NARRATIVE = re.compile(_NOT_AFTER_WORD + _CITED)
#: Straight after a citation: Pandoc reads "@a@b" as two (a citation is not a word).
_GLUED = re.compile(_CITED)
_KEY_BEFORE = re.compile(rf"{_NOT_AFTER_WORD}-?@{KEY}[ \t]*(?:\n[ \t]*)?$")
_BRACKET = re.compile(r"\[(?P<inner>[^\[\]]*@[^\[\]]*)\](?![({])")
_OPEN = re.compile(rf"\[[^\[\]\n]*-?@{KEY}")
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}).*?$", re.M)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z\"'(\[*_@])|\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.|#)\s)"
)
#: A sentence that opens with one of these leans on the one before ("It does name...");
#: a quotation of it takes that sentence too, so that the reader knows who "it" is.
_LEANS_BACK = re.compile(
    r"(?:It|Its|They|Their|Them|He|She|His|Her|This (?:is|was)|These (?:are|were))\b"
)
MAX_LEAN_BACK = 2
_LIST_OR_HEADING = re.compile(r"^(?:#+|[-*+]|\d+\.)\s+")


@dataclass(frozen=True)
class CitationSyntaxError:
    """A citation that could not be read, with its 1-based line in the body."""

    line: int
    message: str


def mask_code(text: str) -> str:
    """Blank out fenced code blocks and code spans, keeping offsets and newlines."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    lines = text.splitlines(keepends=True)
    offset = 0
    fence: str | None = None
    fence_start = 0
    for line in lines:
        match = _FENCE.match(line.rstrip("\n"))
        if fence is None and match:
            fence, fence_start = match.group("fence"), offset
        elif (
            fence is not None
            and line.strip().startswith(fence[0] * len(fence))
            and set(line.strip()) <= {fence[0]}
        ):
            blank(fence_start, offset + len(line))
            fence = None
        offset += len(line)
    if fence is not None:
        blank(fence_start, len(text))
    masked = "".join(chars)
    for span in _CODE_SPAN.finditer(masked):
        blank(span.start(), span.end())
    # Backslash-escaped @ and [ are literal text.
    for esc in re.finditer(r"\\[@\[]", masked):
        blank(esc.start(), esc.end())
    return "".join(chars)


class _Sentences:
    """Where a body's sentences break, found once, so that the sentence around any
    citation is two binary searches (a note with 100,000 citations stays linear)."""

    def __init__(self, body: str) -> None:
        self.body = body
        breaks = list(_SENTENCE_END.finditer(body))
        self.starts = [m.start() for m in breaks]
        self.ends = [m.end() for m in breaks]
        self.made: dict[tuple[int, int], str] = {}
        self.in_paragraph = [
            not re.search(r"\n\s*\n|\n\s*(?:[-*+]|\d+\.|#)\s", m.group()) for m in breaks
        ]

    def around(self, start: int, end: int) -> str:
        """The sentence around body[start:end], with the one before when it opens
        with a pronoun that leans on it (within the same paragraph, at most two back)."""
        index = bisect.bisect_right(self.ends, start) - 1
        begin = self.ends[index] if index >= 0 else 0
        for _ in range(MAX_LEAN_BACK):  # "They argue... Their critics reply..."
            if index < 0 or not self.in_paragraph[index] or not _LEANS_BACK.match(self.body, begin):
                break
            index -= 1
            begin = self.ends[index] if index >= 0 else 0
        following = bisect.bisect_left(self.starts, end)
        stop = self.starts[following] if following < len(self.starts) else len(self.body)
        found = self.made.get((begin, stop))
        if found is None:  # one sentence with 400 citations is cut out once, not 400 times
            sentence = _LIST_OR_HEADING.sub("", self.body[begin:stop].strip())
            found = self.made[begin, stop] = " ".join(sentence.split())
        return found


class _Text:
    """A body with code masked, and a line index so that a line number is a binary
    search, not a count from the start."""

    def __init__(self, body: str, first_line: int) -> None:
        self.body = body
        self.masked = mask_code(body)
        self.first_line = first_line
        self.newlines = [i for i, c in enumerate(self.masked) if c == "\n"]
        self.taken = bytearray(len(self.masked) + 1)
        self.sentences = _Sentences(body)

    def line_at(self, index: int) -> int:
        return self.first_line + bisect.bisect_left(self.newlines, index)

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def group(
        self, citations: tuple[Citation, ...], narrative: bool, start: int, end: int
    ) -> CitationGroup:
        return CitationGroup(
            citations=citations,
            narrative=narrative,
            start=start,
            end=end,
            line=self.line_at(start),
            sentence=self.sentences.around(start, end),
        )


def parse_citations(
    body: str, first_line: int = 1
) -> tuple[list[CitationGroup], list[CitationSyntaxError]]:
    """Find every citation in a Markdown body: bracketed groups, then brackets never
    closed, then narrative citations outside both.

    ``first_line`` is the file line of the body's first line, so that groups and
    errors carry file line numbers.
    """
    text = _Text(body, first_line)
    groups, errors = _bracketed(text)
    errors += _unclosed(text)
    groups += _narrative(text)
    groups.sort(key=lambda g: g.start)
    return groups, errors


def _bracketed(text: _Text) -> tuple[list[CitationGroup], list[CitationSyntaxError]]:
    groups: list[CitationGroup] = []
    errors: list[CitationSyntaxError] = []
    for match in _BRACKET.finditer(text.masked):
        items = match.group("inner").split(";")
        citations = [_item(item) for item in items]
        if None in citations:
            # Not every [...] holding an @ is a citation (e.g. "[email me@x.org]"), and
            # "@a [p. 3; @b]" is a narrative citation's locator and more works.
            if any(citations) and not _after_key(text.masked, match.start(), citations):
                errors.append(
                    CitationSyntaxError(
                        text.line_at(match.start()),
                        f"cannot read citation '{match.group(0)}': separate works with ';' "
                        "and write each as @key, e.g. [@smith2020; @jones2021, p. 4]",
                    )
                )
            continue
        text.take(match.start(), match.end())
        found = tuple(c for c in citations if c is not None)
        groups.append(text.group(found, False, match.start(), match.end()))
    return groups, errors


def _after_key(masked: str, start: int, citations: list[Citation | None]) -> bool:
    """True for the bracket of ``@a [p. 3; @b]``: after a key, a first part with no key."""
    before = masked[max(0, start - 1000) : start]
    return citations[0] is None and None not in citations[1:] and bool(_KEY_BEFORE.search(before))


def _item(item: str) -> Citation | None:
    """One work in a bracketed citation: 'see @key, p. 4'."""
    match = _ITEM.match(item.strip())
    if not match:
        return None
    return Citation(
        key=_key(match.group("key")),
        prefix=" ".join(match.group("prefix").split()),
        locator=_locator(match.group("suffix")),
        suppress_author=bool(match.group("minus")),
    )


def _key(written: str) -> str:
    """The key of ``@key`` or ``@{key}``: the braces are not part of it."""
    return written[1:-1] if written.startswith("{") else written


def _locator(suffix: str) -> str:
    """What follows a key, without the comma that separates it: 'p. 4'."""
    suffix = suffix.strip()
    return " ".join((suffix[1:] if suffix.startswith(",") else suffix).split())


def _unclosed(text: _Text) -> list[CitationSyntaxError]:
    errors = []
    masked = text.masked
    for match in _OPEN.finditer(masked):
        if text.taken[match.start()]:
            continue
        close = masked.find("]", match.end())
        newline = masked.find("\n\n", match.end())
        if close == -1 or (newline != -1 and close > newline) or "[" in masked[match.end() : close]:
            errors.append(
                CitationSyntaxError(
                    text.line_at(match.start()),
                    f"citation bracket opened here is never closed: "
                    f"'{masked[match.start() : match.end()]}' needs a ']'",
                )
            )
            text.take(match.start(), match.end())
    return errors


def _narrative(text: _Text) -> list[CitationGroup]:
    groups = []
    pos = 0
    while (found := _NARRATIVE.search(text.masked, pos)) is not None:
        match: re.Match[str] | None = found
        while match is not None:
            pos = match.end("key")  # a key inside a bracketed citation: on after it
            if not text.taken[match.start()]:
                first = Citation(_key(match.group("key")), suppress_author=bool(match["minus"]))
                citations, pos = _bracket_after(text, match, first)
                groups.append(text.group(citations, True, match.start(), pos))
            glued = text.masked.startswith(("@", "-@"), pos)
            match = _GLUED.match(text.masked, pos) if glued else None
    return groups


def _bracket_after(
    text: _Text, match: re.Match[str], first: Citation
) -> tuple[tuple[Citation, ...], int]:
    """A narrative citation with the bracket after it, as Pandoc reads ``@a [p. 3]``
    and ``@a [p. 3; @b]``: the bracket's first part is the locator, any further parts
    are works cited after it. A bracket that is a citation of its own (``@a [@b]``) has
    been read already, and one that cannot be read is left as text."""
    end = match.end("key")
    if match.group("after") is None or text.taken[match.start("inner") - 1]:
        return (first,), end
    locator, *rest = match.group("inner").split(";")
    if _ITEM.match(locator.strip()):
        return (first,), end
    others = [_item(item) for item in rest]
    if None in others:
        return (first,), end
    found = (replace(first, locator=_locator(locator)), *(c for c in others if c is not None))
    return found, match.end()
