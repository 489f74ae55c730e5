"""Markup in a note body that must never reach readers: raw HTML beyond a few inert
inline tags, links that are not web addresses, and attribute lists that set anything
but an id, class, title or language.

Notes come from contributors, and Markdown passes raw HTML, link targets and
``{ attr=value }`` lists straight into the page, so ``<iframe>``, ``<img onerror=…>``
or ``[x](javascript:…)`` would run in every reader's browser. Rather than rewrite a
contributor's text silently, each one is refused with its line and the fix; code spans
and fenced code blocks are left alone (they are shown as text).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from .citations import mask_code

#: Inline tags with no behaviour, allowed with no attributes but these.
INERT_TAGS = frozenset({
    "abbr", "b", "br", "cite", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
    "small", "strong", "sub", "sup", "u", "var", "wbr",
})  # fmt: skip
INERT_ATTRIBUTES = frozenset({"title", "lang"})
LINK_SCHEMES = ("http", "https", "mailto")

# As Python-Markdown reads them (markdown.inlinepatterns): autolinks and e-mail links
# first, then anything else in angle brackets that starts like a tag is raw HTML.
_AUTOLINK = re.compile(r"<(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*>|<[^<> !]+@[^@<> ]+>")
_RAW_HTML = re.compile(
    r"<(?:!--(?:(?!<!--|-->).)*--|[!?][^<>]*|/?[a-zA-Z][^<>@ ]*(?: [^<>]*)?)>", re.S
)
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)(.*?)/?>\Z", re.S)
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)")
_REFERENCE_TARGET = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.M)
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTR_KEY = re.compile(r"([^\s=#.{}:][^\s=]*)\s*=")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def unsafe_markup(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for each piece of active markup in a note body, once per line."""
    return list(dict.fromkeys(_unsafe_markup(body, first_line)))


def _unsafe_markup(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    text = mask_code(body)

    def line_of(offset: int) -> int:
        return first_line + text.count("\n", 0, offset)

    linked = {m.start() for m in _AUTOLINK.finditer(text)}
    for match in _RAW_HTML.finditer(text):
        if match.start() not in linked:
            problem = _html_problem(match.group(0))
            if problem:
                yield line_of(match.start()), problem
    for pattern in (_LINK_TARGET, _REFERENCE_TARGET):
        for match in pattern.finditer(text):
            problem = _link_problem(match.group(1))
            if problem:
                yield line_of(match.start()), problem
    for match in _ATTR_LIST.finditer(text):
        keys = [k for k in _ATTR_KEY.findall(match.group(1)) if k.lower() not in INERT_ATTRIBUTES]
        if keys:
            yield (
                line_of(match.start()),
                f"attribute '{keys[0]}' in {{ ... }} is not allowed in a note: an "
                "attribute list may set only an #id, a .class, title= or lang=",
            )


def _html_problem(raw: str) -> str | None:
    if raw.startswith("<!--"):
        return None  # a comment: not shown, not run
    tag = _TAG.match(raw)
    name = tag.group(2).lower() if tag else raw[1:].split()[0].rstrip(">")
    shown = f"<{name}>"
    allowed = ", ".join(f"<{t}>" for t in sorted(INERT_TAGS))
    if tag is None or name not in INERT_TAGS:
        return (
            f"raw HTML {shown} is not allowed in a note: write Markdown instead (inline "
            f"tags allowed: {allowed})"
        )
    for attribute in _ATTRIBUTE.findall(tag.group(3)):
        if attribute.lower() not in INERT_ATTRIBUTES:
            return (
                f"attribute '{attribute}' on {shown} is not allowed in a note: tags may "
                "carry only title= and lang="
            )
    return None


def _link_problem(target: str) -> str | None:
    """Links may go to web pages, e-mail addresses or other pages of the site."""
    decoded = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(target))
    scheme = _SCHEME.match(decoded)
    if scheme is None or scheme.group(1).lower() in LINK_SCHEMES:
        return None
    return (
        f"link to '{target}' is not allowed: a link in a note must be an http(s) or "
        "mailto: address, or a path to a page of this site"
    )
