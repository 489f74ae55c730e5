"""Redirect pages at old URLs: a note's `aliases` and a reference's biblatex `ids`.

Static HTML files in docs/, which MkDocs (and tools after it) copy unchanged: a
meta refresh and a canonical link, so they work without JavaScript.
"""

from __future__ import annotations

import html
import json

from ..bibtex import key_slug
from ..derive import OLD_RESERVED_SUFFIX, RESERVED_SUFFIX, keyword_slug
from ..model import split_list
from ..urls import Urls, url_of
from ..wording import Wording
from .common import Site


def _escape(value: str) -> str:
    return html.escape(value, quote=False)


def redirect_html(words: Wording, title: str, target: str) -> str:
    """A page at an old address: a script that keeps the #fragment (a link to a section
    still lands on it), then a meta refresh and a plain link for readers without it."""
    href = html.escape(target, quote=True)
    name = _escape(title)
    # JSON, with '<' escaped, so no target can end the script element.
    script_target = json.dumps(target).replace("<", "\\u003c")
    moved = words.fill("redirect.moved", _escape, link=f'<a href="{href}">{name}</a>')
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(words.theme)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{words.fill('redirect.title', _escape, title=name)}</title>\n"
        f'<link rel="canonical" href="{href}">\n'
        f"<script>location.replace({script_target} + location.hash)</script>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f"<p>{moved}</p>\n"
        "</body>\n</html>\n"
    )


def redirect_pages(site: Site) -> dict[str, str]:
    pages: dict[str, str] = {}
    for note in site.review.all_notes():
        for alias in note.aliases:
            path = site.urls.note_redirect(note.kind, alias)
            pages[path] = redirect_html(site.words, note.title, f"../{note.id}/")
    for ref in site.review.references.values():
        for old in split_list(ref.get("ids")):
            slug = key_slug(old)
            if slug != ref.slug:
                path = site.urls.reference_redirect(slug)
                pages[path] = redirect_html(site.words, ref.title, f"../{ref.slug}/")
    pages.update(merged_keyword_pages(site))
    return pages


def merged_keyword_pages(site: Site) -> dict[str, str]:
    """A merged keyword's old page redirects to the keyword it is now shown as; so does
    the old address of a keyword whose slug the site needs ('index-keyword', now
    'index--keyword'), unless another keyword has it."""
    pages: dict[str, str] = {}
    slugs = site.index.keyword_slugs
    moves = {keyword_slug(old): new for old, new in site.shape.merged_keywords.items()}
    for word, slug in slugs.items():
        if slug.endswith(RESERVED_SUFFIX):
            moves.setdefault(slug.removesuffix(RESERVED_SUFFIX) + OLD_RESERVED_SUFFIX, word)
    taken = set(slugs.values())
    for old_slug, new in moves.items():
        if new not in slugs or old_slug in taken:
            continue  # nothing to go to, or the old address is a keyword page itself
        pages[site.urls.keyword_redirect(old_slug)] = redirect_html(
            site.words, new, f"../{slugs[new]}/"
        )
    return pages


def moved_pages(urls: Urls, pages: dict[str, str], words: Wording) -> dict[str, str]:
    """For each folder that moved, the old address of every page now in the new
    folder: a redirect page for a page, the same content for a download."""
    out: dict[str, str] = {}
    for old, family in urls.moved.items():
        prefix = urls.folders[family] + "/"
        for path, content in pages.items():
            if not path.startswith(prefix):
                continue
            old_path = old + "/" + path[len(prefix) :]
            if path.endswith(".md"):
                target = url_of(path)
                depth = url_of(old_path).count("/") - 1
                out[url_of(old_path).lstrip("/") + "index.html"] = redirect_html(
                    words, target, "../" * depth + target.lstrip("/")
                )
            else:
                out[old_path] = content  # downloads and redirect pages, as they are
    return out
