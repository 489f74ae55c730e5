"""Reference pages and the bibliography."""

from __future__ import annotations

import html
from functools import partial

from ..model import Note, Reference
from ..styles import doi_url, long_date
from .common import (
    Site,
    chunks,
    external,
    front_matter,
    link,
    meta,
    page_path,
    pager_md,
    text,
    work_view,
)
from .data import downloads_md
from .facets import entry_attributes, facets, filter_form
from .notes import sentence_plain
from .reuse import piece


def reference_page(site: Site, ref: Reference) -> str:
    page = site.ref_page(ref)
    short = site.cite.item(ref)
    # The creators' names as tags: Material's search ranks a tag match first, so a
    # search for an author finds that author's works before the pages citing them
    # (the theme shows no tags without its tags plugin).
    names = sorted(
        {p.family for p in (*ref.authors, *ref.editors)} or {ref.get("institution")} - {""}
    )
    lines = [
        "---",
        f"title: {meta(f'{short}: {ref.title}')}",
        f"description: {meta(ref.annotation or ref.title)}",
        *([f"tags: [{', '.join(meta(n) for n in names)}]"] if names else []),
        "---",
        "",
        f"# {text(ref.title or ref.key)}",
        "",
        f"{text(site.cite.narrative(ref))}\n{{ .lead }}",
        "",
        "## Full reference { #full-reference }",
        "",
        site.entries[ref.key],
        "",
    ]
    lines += [downloads_md(site, ref, page), ""]
    updated = site.index.last_updated(ref.key)
    if updated:
        lines += [f"**Last updated:** {text(long_date(updated))}", ""]
    if ref.annotation:
        lines += [
            "## What it contributes to this review { #annotation }",
            "",
            text(ref.annotation),
            "",
        ]
    details = []
    if ref.design:
        details.append(("Study design or document type", text(ref.design)))
    if ref.settings:
        details.append(("Setting", text(", ".join(ref.settings))))
    if ref.keywords:
        details.append(
            ("Keywords", ", ".join(link(k, page, site.keyword_page(k)) for k in ref.keywords))
        )
    if ref.doi:
        url = doi_url(ref.doi)
        details.append(("DOI", external(url, url)))
    if ref.url:
        details.append(("Web page", external(ref.url, ref.url)))
    details.append(("Cite key", f"<code>{html.escape(ref.key)}</code>"))
    lines += ["## About this work { #details }", "", "| Detail | Information |", "|---|---|"]
    lines += [f"| {text(name)} | {value} |" for name, value in details]
    lines.append("")

    lines += profile_md(site, ref, page)
    cited = site.cited_in.get(ref.key, ())
    lines += ["## Cited in { #cited-in data-search-exclude }", ""]
    if not cited:
        lines += ["No note in this review cites this work yet.", ""]
    by_note: dict[str, list[str]] = {}
    notes = {}
    for place in cited:
        notes[place.note.id] = place.note
        by_note.setdefault(place.note.id, []).append(sentence_plain(site, place.sentence))
    for note_id in sorted(by_note, key=lambda i: site.position[i]):
        note = notes[note_id]
        lines.append(f"- {link(site.note_label(note), page, note.url_path)}")
        lines.append("")
        lines += [f"    > {text(quote)}" + "\n" for quote in by_note[note_id]]
    lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def page_inputs(site: Site, ref: Reference) -> tuple[object, ...]:
    """Everything :func:`reference_page` reads beyond the reuse epoch (the shape, the
    review's details, the site's address and the style): a preview reuses the page
    while these are equal (:mod:`.reuse`). Some follow from others (the entry from the
    work and its key); they are listed anyway, so that the list reads like the page."""
    key = ref.key
    return (
        work_view(site, ref),
        site.entries[key],
        site.index.last_updated(key),
        tuple(site.keyword_page(k) for k in ref.keywords),
        tuple(
            (kind, tuple(_note_view(site, n) for n in notes))
            for kind, notes in site.profile.get(key, {}).items()
        ),
        tuple(
            (_note_view(site, place.note), sentence_plain(site, place.sentence))
            for place in site.cited_in.get(key, ())
        ),
    )


def _note_view(site: Site, note: Note) -> tuple[object, ...]:
    """What a page shows of a note it links to, and where it puts it."""
    return (note.id, site.note_label(note), note.url_path, site.position[note.id])


def bibliography_pages(site: Site) -> dict[str, str]:
    """The bibliography, a page of PAGE_SIZE works at a time, with an A-Z jump."""
    refs = site.sorted_refs
    pages = chunks(refs)
    letters = {ref.key: site.cite.letter(ref) for ref in refs}
    first_page: dict[str, int] = {}
    for number, chunk in enumerate(pages, start=1):
        for ref in chunk:
            first_page.setdefault(letters[ref.key], number)
    whole: tuple[object, ...] = (
        len(refs),
        len(pages),
        tuple(first_page.items()),
        tuple(facets(site)),
    )
    if len(pages) == 1:  # the page holds the combining filter, made from everything
        whole += (filter_form(site),)
    out: dict[str, str] = {}
    for number, chunk in enumerate(pages, start=1):
        page = page_path(site.urls.bibliography(), number)

        def inputs(chunk: list[Reference] = chunk) -> tuple[object, ...]:
            return (whole, tuple(_listed(site, ref) for ref in chunk))

        make = partial(_bibliography_page, site, number, chunk, len(pages), first_page, letters)
        out[page] = piece(site.reuse, "bibliography page", number, inputs, make)
    return out


def _listed(site: Site, ref: Reference) -> tuple[object, ...]:
    """What a list shows of a work: its entry, its page, its facet values."""
    return (work_view(site, ref), tuple(site.index.ref_facets[ref.key].items()))


def _bibliography_page(
    site: Site, number: int, chunk: list[Reference], total: int, first_page: dict[str, int],
    letters: dict[str, str],
) -> str:  # fmt: skip
    refs = site.sorted_refs
    page = page_path(site.urls.bibliography(), number)
    title = "References" if number == 1 else f"References, page {number}"
    lines = [
        *front_matter(
            title,
            "Every work in the review, in Cite Them Right Harvard style.",
            searchable=False,
        ),
        f"# {text(title)}",
        "",
        f"All {len(refs)} works in the review, sorted by author and year, in the Cite "
        "Them Right Harvard style. Each links to a page with the review's notes on the "
        "work and the places it is cited. The whole list can be downloaded as "
        f"{link('BibTeX', page, site.urls.data('references.bib'))} or "
        f"{link('RIS', page, site.urls.data('references.ris'))}.",
        "",
    ]
    jump = " · ".join(
        link(letter, page, page_path(site.urls.bibliography(), n) + "#" + _anchor(letter))
        if n != number
        else f"[{text(letter)}](#{_anchor(letter)})"
        for letter, n in first_page.items()
    )
    lines += [f"**Jump to:** {jump}\n{{ .az }}", ""]
    ways = list(facets(site))
    browse = f"{', '.join(ways[:-1])} or {ways[-1]}" if len(ways) > 1 else ways[0]
    lines += [
        f"**Browse by:** {link(browse, page, site.urls.browse())}, "
        f"or by {link('keyword', page, site.urls.keywords())}.",
        "",
    ]
    if total == 1:  # the combining filter works on a list it can see whole
        lines += [filter_form(site), ""]
    pager = pager_md(site.urls.bibliography(), number, total)
    if pager:
        lines += [pager, ""]
    current = None
    for ref in chunk:
        letter = letters[ref.key]
        if letter != current:
            lines += ["", f"## {text(letter)} {{ #{_anchor(letter)} }}", ""]
            current = letter
        lines.append(
            f"- {site.entries[ref.key]} {link('About this work', page, site.ref_page(ref))}"
        )
        lines.append(f"    {entry_attributes(site, ref)}")
    if pager:
        lines += ["", pager]
    return "\n".join(lines).rstrip() + "\n"


def _anchor(letter: str) -> str:
    return "letter-other" if letter == "#" else f"letter-{letter.lower()}"


def profile_md(site: Site, ref: Reference, page: str) -> list[str]:
    """Which notes of each kind the work informs."""
    profile = site.profile.get(ref.key)
    if not profile or not any(profile.values()):
        return []
    lines = [
        "## Evidence profile { #profile data-search-exclude }",
        "",
        "| This work informs | Notes |",
        "|---|---|",
    ]
    for kind in site.shape.kinds:
        notes = profile.get(kind.name, ())
        value = ", ".join(link(site.note_label(n), page, n.url_path) for n in notes) or "none"
        lines.append(f"| {text(kind.title)} ({len(notes)}) | {value} |")
    lines.append("")
    return lines
