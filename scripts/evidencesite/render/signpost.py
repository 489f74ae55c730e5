"""Where to get help now (review.yml ``signpost:``): a short block at the foot of every
page, and the whole of it (with its opening text) after the home page's title. A
review without a signpost shows nothing. Its links were checked when review.yml was
read (http(s), tel: and mailto: only)."""

from __future__ import annotations

import re
from html import escape

from ..model import SIGNPOST_LINK, Signpost

_H1_END = re.compile(r"</h1>")


def _line(line: str) -> str:
    """A line of the signpost as HTML: its text escaped, its [label](address) links."""
    out, at = [], 0
    for found in SIGNPOST_LINK.finditer(line):
        out.append(escape(line[at : found.start()], quote=False))
        label, address = found.groups()
        out.append(f'<a href="{escape(address)}">{escape(label, quote=False)}</a>')
        at = found.end()
    out.append(escape(line[at:], quote=False))
    return "".join(out)


def signpost_html(signpost: Signpost, full: bool) -> str:
    """The home page's section (``full``), or the compact block at a page's foot."""
    lines = "".join(f"<li>{_line(line)}</li>" for line in signpost.lines)
    heading = escape(signpost.heading, quote=False)
    if full:
        text = f"<p>{_line(signpost.text)}</p>" if signpost.text else ""
        return (
            '<div class="need-help" role="note" aria-labelledby="signpost">'
            f'<h2 id="signpost">{heading}</h2>{text}<ul>{lines}</ul></div>'
        )
    return (
        '\n<aside class="signpost" aria-labelledby="signpost-foot" data-search-exclude>'
        f'<p id="signpost-foot" class="signpost__heading"><strong>{heading}</strong></p>'
        f"<ul>{lines}</ul></aside>\n"
    )


def with_signpost(html: str, signpost: Signpost | None, home: bool) -> str:
    """A page's article HTML with the signpost: on the home page, the whole section
    after its title (first, when it has none); on any other page, at its foot."""
    if signpost is None:
        return html
    if not home:
        return html + signpost_html(signpost, full=False)
    section = signpost_html(signpost, full=True)
    found = _H1_END.search(html)
    if found is None:
        return section + html
    return html[: found.end()] + section + html[found.end() :]
