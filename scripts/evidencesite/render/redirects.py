"""Redirect pages at old URLs: a note's `aliases` and a reference's biblatex `ids`.

Static HTML files in docs/, which MkDocs (and tools after it) copy unchanged: a
meta refresh and a canonical link, so they work without JavaScript.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

from ..model import split_list
from ..slugs import (
    OLD_RESERVED_SUFFIX,
    RESERVED_SUFFIX,
    key_slug,
    keyword_slug,
    legacy_slug,
    value_slug,
)
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


def redirect_pages(site: Site, produced: Mapping[str, str]) -> dict[str, str]:
    """Every redirect page: a note's aliases, a work's old keys, merged keywords, and
    the published addresses an old slug rule made (:func:`renamed_pages`; the others
    win where both want one address). ``produced``: every other generated file."""
    pages = renamed_pages(site, produced)
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


def renamed_pages(site: Site, produced: Mapping[str, str]) -> dict[str, str]:
    """The published addresses that the slug rule before transliteration made
    (:func:`slugs.legacy_slug`) and the present rule moved: 'Øvretveit2019' was at
    /references/vretveit2019/ and is at /references/ovretveit2019/. A URL in
    published-urls.txt that nothing produces any more, whose slug is the old-rule slug
    of exactly one work, keyword or facet value, gets a redirect page to that item's
    address (its later pages and downloads too: a download is copied). Only published
    addresses: the old rule's slugs that nobody saw need no page."""
    urls = {url_of(path): path for path in produced}
    gone = [url for url in site.review.published if url not in urls]
    if not gone:  # as after every build that passed its check: no slug to work out
        return {}
    moves = _renamed_slugs(site)
    pages: dict[str, str] = {}
    for url in gone:
        moved = _moved_url(url, moves)
        if moved is None or moved[0] not in urls:
            continue
        new_url, title = moved
        new_path = urls[new_url]
        if new_path.endswith(".md"):
            depth = url.count("/") - 1
            pages[url.strip("/") + "/index.html"] = redirect_html(
                site.words, title, "../" * depth + new_url.lstrip("/")
            )
        elif not url.endswith("/"):
            pages[url.lstrip("/")] = produced[new_path]  # a download, as it is
    return pages


def _renamed_slugs(site: Site) -> dict[str, tuple[str, str] | None]:
    """Old address prefix ('references/vretveit2019') -> the new one and the item's
    title, for every work (its key and old keys), keyword and facet value whose slug
    the old rule made otherwise; None where two items had one old slug."""
    moves: dict[str, tuple[str, str] | None] = {}

    def add(old: str, new: str, title: str) -> None:
        old, new = old.removesuffix(".md"), new.removesuffix(".md")
        if old != new:
            before = moves.get(old, (new, title))
            moves[old] = before if before is not None and before[0] == new else None

    urls = site.urls
    for ref in site.review.references.values():
        for key in (ref.key, *split_list(ref.get("ids"))):
            add(urls.reference(legacy_slug(key, "key")), urls.reference(ref.slug), ref.title)
    slugs = site.index.keyword_slugs
    for word, slug in slugs.items():
        shown = site.index.keywords[slug]
        add(urls.keyword(legacy_slug(word, "keyword")), urls.keyword(slug), shown)
    for old, new in site.shape.merged_keywords.items():
        if new in slugs:
            shown = site.index.keywords[slugs[new]]
            add(urls.keyword(legacy_slug(old, "keyword")), urls.keyword(slugs[new]), shown)
    for vocabulary in site.shape.facets:
        for value, label in vocabulary.values.items():
            old, new = legacy_slug(value, "value"), value_slug(value)
            add(urls.facet(vocabulary.name, old), urls.facet(vocabulary.name, new), label)
    return moves


def _moved_url(url: str, moves: Mapping[str, tuple[str, str] | None]) -> tuple[str, str] | None:
    """``url`` under the new slug, and the item's title, when its slug is an old one:
    the slug is the second or third part (/references/x/, /browse/setting/x/), then
    '/', '.' (a download) or the end."""
    parts = url.strip("/").split("/")
    for depth in (2, 3):
        if len(parts) < depth:
            break
        prefix = "/".join([*parts[: depth - 1], parts[depth - 1].partition(".")[0]])
        move = moves.get(prefix)
        if move is not None:
            return "/" + move[0] + url[len(prefix) + 1 :], move[1]
    return None


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
